import type { Db } from '../../db/database';
import { AppError, notFound } from '../../platform/errors';
import { audit } from '../audit';
import { authorize, displayName, type ChangeContext, type PersonFacts } from '../people';
import { formatCode } from './invitations.codes';
import { renderSheet, type Slip } from './invitations.pdf';
import { canInviteForClass, canInviteStaffPersonal } from './invitations.policy';
import * as repo from './invitations.repository';
import { DEFAULT_MAX_USES, insertPlanned, localDay, shortLink } from './invitations.service';

/**
 * Printable sheets. Printing issues what is missing and reuses what is
 * still usable, so printing a class twice gives the same slips (and a slip
 * handed out yesterday stays valid).
 */

const PARENT_LINES: [string, string, string] = [
  'Наведите камеру телефона на QR-код или откройте ссылку.',
  'Укажите ФИО, телефон или e-mail, придумайте логин и пароль.',
  'Вы попадёте в чат родителей класса и будете связаны с ребёнком.',
];

const STAFF_LINES: [string, string, string] = [
  'Наведите камеру телефона на QR-код или откройте ссылку.',
  'Придумайте логин и пароль (не короче 8 символов).',
  'Вы попадёте в чат сотрудников и в чаты своих классов.',
];

export interface Sheet {
  pdf: Buffer;
  filename: string;
  slips: { personId: number; invitationId: number; code: string; link: string }[];
  issued: number;
  reused: number;
}

/**
 * The class's parents' sheet: one slip per current pupil with the personal
 * parent invitation for that pupil (issued now when none is usable).
 * Class teacher and the school's administrators. One transaction with its
 * audit entry.
 */
export async function classSheet(
  db: Db,
  viewer: PersonFacts,
  classId: number,
  ctx: ChangeContext,
  base: string,
): Promise<Sheet> {
  const cls = await repo.selectClass(db, classId);
  if (!cls || cls.municipality_id !== viewer.municipalityId) throw notFound('No such class.');
  authorize(
    canInviteForClass(viewer, {
      organizationId: cls.organization_id,
      municipalityId: cls.municipality_id,
      classTeacherId: cls.class_teacher_id,
    }),
    'Only the class teacher and the school’s administrators print invitations.',
  );
  return buildClassSheet(db, cls, ctx, base);
}

/** The same sheet printed by the system (`parta invitations sheet`): no issuing person. */
export async function systemClassSheet(
  db: Db,
  classId: number,
  base: string,
  now: Date,
): Promise<Sheet> {
  const cls = await repo.selectClass(db, classId);
  if (!cls) throw notFound('No such class.');
  return buildClassSheet(
    db,
    cls,
    { actorPersonId: null, municipalityId: cls.municipality_id, ip: null, now },
    base,
  );
}

async function buildClassSheet(
  db: Db,
  cls: NonNullable<Awaited<ReturnType<typeof repo.selectClass>>>,
  ctx: Omit<ChangeContext, 'actorPersonId'> & { actorPersonId: number | null },
  base: string,
): Promise<Sheet> {
  if (cls.archived_at !== null) throw new AppError('CONFLICT', 'The class is archived.');
  const muni = await repo.selectMunicipality(db, cls.municipality_id);
  const pupils = await repo.pupilsOfClass(db, cls.id);
  let issued = 0;
  const ids = await db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const p of pupils) {
      const found = await repo.reusablePersonal(trx, p.id, cls.id, ctx.now);
      if (found) {
        ids.push(found.id);
        continue;
      }
      const made = await insertPlanned(
        trx,
        {
          kind: 'parent_personal',
          role: 'parent',
          organizationId: cls.organization_id,
          classId: cls.id,
          pupilId: p.id,
          personId: null,
          communityId: null,
          positionTitle: null,
          pedagogical: null,
        },
        {
          municipalityId: cls.municipality_id,
          maxUses: DEFAULT_MAX_USES.parent_personal,
          expiresInDays: 30,
          note: null,
          createdBy: ctx.actorPersonId,
          now: ctx.now,
        },
      );
      ids.push(made.id);
      issued += 1;
    }
    await audit(
      trx,
      {
        actorPersonId: ctx.actorPersonId,
        action: 'invitation.class_sheet_printed',
        targetType: 'class',
        targetId: cls.id,
        municipalityId: ctx.municipalityId,
        ip: ctx.ip,
        details: { pupils: pupils.length, issued },
      },
      ctx.now,
    );
    return ids;
  });
  const rows = await repo.selectInvitations(db, ids);
  const byPupil = new Map(rows.map((r) => [r.pupil_id, r]));
  const org = cls.org_short_name ?? cls.org_name;
  const tz = muni?.time_zone ?? 'Asia/Yekaterinburg';
  const slips: (Slip & { personId: number; invitationId: number; rawCode: string })[] = [];
  for (const p of pupils) {
    const r = byPupil.get(p.id);
    if (!r) continue;
    const link = shortLink(base, r.code);
    slips.push({
      personId: p.id,
      invitationId: r.id,
      rawCode: r.code,
      heading: 'Приглашение для родителей',
      name: displayName(p),
      place: `${cls.name} · ${org}`,
      link,
      code: formatCode(r.code),
      validity: `Действует до ${localDay(r.expires_at, tz)}`,
      instructions: PARENT_LINES,
    });
  }
  const pdf = await renderSheet({
    title: `Приглашения для родителей: ${cls.name}, ${org}`,
    subtitle: `Разрежьте лист по пунктиру и передайте каждому ученику его полоску · ${localDay(ctx.now, tz)}`,
    slips,
    emptyText: 'В классе нет учеников.',
  });
  return {
    pdf,
    filename: `invitations-class-${cls.id}.pdf`,
    slips: slips.map((s) => ({
      personId: s.personId,
      invitationId: s.invitationId,
      code: s.rawCode,
      link: s.link,
    })),
    issued,
    reused: slips.length - issued,
  };
}

/**
 * The organisation's staff sheet: one slip per active staff member without
 * an account, with their personal invitation (the account is made for the
 * roster person, so no duplicate appears). The organisation's administrators.
 */
export async function staffSheet(
  db: Db,
  viewer: PersonFacts,
  orgId: number,
  ctx: ChangeContext,
  base: string,
): Promise<Sheet> {
  const org = await repo.selectOrg(db, orgId);
  if (!org || org.municipality_id !== viewer.municipalityId)
    throw notFound('No such organisation.');
  authorize(
    canInviteStaffPersonal(viewer, {
      id: org.id,
      municipalityId: org.municipality_id,
      kind: org.kind,
    }),
    'Only the organisation’s administrators print staff invitations.',
  );
  if (org.archived_at !== null) throw new AppError('CONFLICT', 'The organisation is archived.');
  const muni = await repo.selectMunicipality(db, org.municipality_id);
  const staff = await repo.staffWithoutAccount(db, org.id);
  let issued = 0;
  const ids = await db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const s of staff) {
      const found = await repo.reusableStaffPersonal(trx, s.id, org.id, ctx.now);
      if (found) {
        ids.push(found.id);
        continue;
      }
      const made = await insertPlanned(
        trx,
        {
          kind: 'staff_personal',
          role: s.role as 'teacher',
          organizationId: org.id,
          classId: null,
          pupilId: null,
          personId: s.id,
          communityId: null,
          positionTitle: null,
          pedagogical: null,
        },
        {
          municipalityId: org.municipality_id,
          maxUses: DEFAULT_MAX_USES.staff_personal,
          expiresInDays: 30,
          note: null,
          createdBy: viewer.personId,
          now: ctx.now,
        },
      );
      ids.push(made.id);
      issued += 1;
    }
    await audit(
      trx,
      {
        actorPersonId: ctx.actorPersonId,
        action: 'invitation.staff_sheet_printed',
        targetType: 'organization',
        targetId: org.id,
        municipalityId: ctx.municipalityId,
        ip: ctx.ip,
        details: { staff: staff.length, issued },
      },
      ctx.now,
    );
    return ids;
  });
  const rows = await repo.selectInvitations(db, ids);
  const byPerson = new Map(rows.map((r) => [r.person_id, r]));
  const name = org.short_name ?? org.name;
  const tz = muni?.time_zone ?? 'Asia/Yekaterinburg';
  const slips: (Slip & { personId: number; invitationId: number; rawCode: string })[] = [];
  for (const s of staff) {
    const r = byPerson.get(s.id);
    if (!r) continue;
    const link = shortLink(base, r.code);
    slips.push({
      personId: s.id,
      invitationId: r.id,
      rawCode: r.code,
      heading: 'Приглашение для сотрудника',
      name: displayName(s),
      place: `${s.title ?? ''}${s.title ? ' · ' : ''}${name}`,
      link,
      code: formatCode(r.code),
      validity: `Действует до ${localDay(r.expires_at, tz)}`,
      instructions: STAFF_LINES,
    });
  }
  const pdf = await renderSheet({
    title: `Приглашения для сотрудников: ${name}`,
    subtitle: `Только для сотрудников без учётной записи · ${localDay(ctx.now, tz)}`,
    slips,
    emptyText: 'Все сотрудники уже подключены.',
  });
  return {
    pdf,
    filename: `invitations-staff-${org.id}.pdf`,
    slips: slips.map((s) => ({
      personId: s.personId,
      invitationId: s.invitationId,
      code: s.rawCode,
      link: s.link,
    })),
    issued,
    reused: slips.length - issued,
  };
}
