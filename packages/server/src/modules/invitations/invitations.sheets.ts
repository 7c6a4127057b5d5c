import { pluralRu, type SheetPrepared } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { AppError, notFound } from '../../platform/errors';
import { audit } from '../audit';
import { authorize, displayName, type ChangeContext, type PersonFacts } from '../people';
import { formatCode } from './invitations.codes';
import { renderSheet, type Slip } from './invitations.pdf';
import { canInviteForClass, canInviteStaffPersonal } from './invitations.policy';
import * as repo from './invitations.repository';
import {
  DEFAULT_MAX_USES,
  insertPlanned,
  localDay,
  shortLink,
  type Plan,
} from './invitations.service';

/**
 * Printable sheets, in two explicit steps:
 * - **prepare** (`POST`, a write: CSRF-protected for cookies, audited) issues
 *   the personal invitations that are missing and keeps the usable ones, so
 *   preparing a class twice gives the same slips and a slip handed out
 *   yesterday stays valid;
 * - **print** (`GET`) renders the PDF of the usable personal invitations and
 *   writes nothing — a link prefetcher or a foreign `<img>` cannot issue
 *   anything. A pupil (staff member) with no usable invitation gets no slip;
 *   the sheet and the `X-Parta-Missing` header say how many are left out.
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

/** Personal invitations stay valid this long after a sheet issues them. */
const SHEET_VALID_DAYS = 30;

export interface Sheet {
  pdf: Buffer;
  filename: string;
  slips: { personId: number; invitationId: number; code: string; link: string }[];
  /** People the sheet is for who have no usable invitation (prepare the sheet to issue them). */
  missing: number;
}

/** A ChangeContext whose actor may be the system (`parta invitations …`). */
type SheetContext = Omit<ChangeContext, 'actorPersonId'> & { actorPersonId: number | null };

type ClassRow = NonNullable<Awaited<ReturnType<typeof repo.selectClass>>>;
type OrgRow = NonNullable<Awaited<ReturnType<typeof repo.selectOrg>>>;

/** The newest usable invitation per key (the rows come newest first). */
function newestBy<R, K>(rows: readonly R[], key: (r: R) => K | null): Map<K, R> {
  const out = new Map<K, R>();
  for (const r of rows) {
    const k = key(r);
    if (k !== null && !out.has(k)) out.set(k, r);
  }
  return out;
}

/**
 * Issues a personal invitation to each of `people` who has no usable one,
 * writes the audit entry and says what was done. Runs inside the caller's
 * transaction, after it has locked the class or organisation.
 */
async function issueMissing<P extends { id: number }>(
  trx: DbOrTrx,
  ctx: SheetContext,
  people: readonly P[],
  usable: ReadonlyMap<number, unknown>,
  invitation: { municipalityId: number; maxUses: number; plan: (person: P) => Plan },
  done: {
    action: string;
    targetType: string;
    targetId: number;
    /** The audit detail that counts the people: `pupils`, `staff`. */
    counted: string;
    sheetUrl: string;
  },
): Promise<SheetPrepared> {
  let issued = 0;
  for (const person of people) {
    if (usable.has(person.id)) continue;
    await insertPlanned(trx, invitation.plan(person), {
      municipalityId: invitation.municipalityId,
      maxUses: invitation.maxUses,
      expiresInDays: SHEET_VALID_DAYS,
      note: null,
      createdBy: ctx.actorPersonId,
      now: ctx.now,
    });
    issued += 1;
  }
  await audit(
    trx,
    {
      actorPersonId: ctx.actorPersonId,
      action: done.action,
      targetType: done.targetType,
      targetId: done.targetId,
      municipalityId: ctx.municipalityId,
      ip: ctx.ip,
      details: { [done.counted]: people.length, issued },
    },
    ctx.now,
  );
  return {
    slips: people.length,
    issued,
    reused: people.length - issued,
    sheetUrl: done.sheetUrl,
  };
}

/** One slip per person with a usable invitation, the PDF, and who was left out. */
async function printSheet<P extends { id: number }>(sheet: {
  people: readonly P[];
  usable: ReadonlyMap<number, { id: number | string; code: string; expires_at: Date | string }>;
  base: string;
  tz: string;
  slip: (person: P) => Pick<Slip, 'heading' | 'name' | 'place' | 'instructions'>;
  title: string;
  subtitle: string;
  /** «ученик, ученика, учеников»: who is without a slip. */
  missingForms: [string, string, string];
  emptyText: string;
  filename: string;
}): Promise<Sheet> {
  const slips: (Slip & { personId: number; invitationId: number; rawCode: string })[] = [];
  for (const person of sheet.people) {
    const r = sheet.usable.get(person.id);
    if (!r) continue;
    slips.push({
      ...sheet.slip(person),
      personId: person.id,
      invitationId: Number(r.id),
      rawCode: r.code,
      link: shortLink(sheet.base, r.code),
      code: formatCode(r.code),
      validity: `Действует до ${localDay(r.expires_at, sheet.tz)}`,
    });
  }
  const missing = sheet.people.length - slips.length;
  const pdf = await renderSheet({
    title: sheet.title,
    subtitle: sheet.subtitle,
    warning:
      missing > 0 && slips.length > 0
        ? `Без полоски: ${missing} ${pluralRu(missing, sheet.missingForms)} — у них нет действующего приглашения. Подготовьте лист заново.`
        : undefined,
    slips,
    emptyText: sheet.emptyText,
  });
  return {
    pdf,
    filename: sheet.filename,
    slips: slips.map((s) => ({
      personId: s.personId,
      invitationId: s.invitationId,
      code: s.rawCode,
      link: s.link,
    })),
    missing,
  };
}

/* ---------------- a class's parents ---------------- */

/** The class, if the viewer may print its parents' invitations (its teacher, the school's administrators). */
async function classFor(db: DbOrTrx, viewer: PersonFacts | null, classId: number) {
  const cls = await repo.selectClass(db, classId);
  if (!cls || (viewer && cls.municipality_id !== viewer.municipalityId))
    throw notFound('No such class.');
  if (viewer)
    authorize(
      canInviteForClass(viewer, {
        organizationId: cls.organization_id,
        municipalityId: cls.municipality_id,
        classTeacherId: cls.class_teacher_id,
      }),
      'Only the class teacher and the school’s administrators print invitations.',
    );
  if (cls.archived_at !== null) throw new AppError('CONFLICT', 'The class is archived.');
  return cls;
}

export const classSheetPath = (classId: number) =>
  `/api/v1/classes/${classId}/invitation-sheet.pdf`;

/**
 * Issues the personal parent invitation of every current pupil of the class
 * who has no usable one. One transaction with its audit entry; concurrent
 * preparations of the same class are serialised.
 */
async function prepareClass(db: Db, cls: ClassRow, ctx: SheetContext): Promise<SheetPrepared> {
  return db.transaction().execute(async (trx) => {
    await repo.lockClass(trx, cls.id);
    const pupils = await repo.pupilsOfClass(trx, cls.id);
    const usable = newestBy(await repo.usableParentPersonal(trx, cls.id, ctx.now), (r) =>
      r.pupil_id === null ? null : Number(r.pupil_id),
    );
    return issueMissing(
      trx,
      ctx,
      pupils,
      usable,
      {
        municipalityId: cls.municipality_id,
        maxUses: DEFAULT_MAX_USES.parent_personal,
        plan: (p) => ({
          kind: 'parent_personal',
          role: 'parent',
          organizationId: cls.organization_id,
          classId: cls.id,
          pupilId: p.id,
          personId: null,
          communityId: null,
          positionTitle: null,
          pedagogical: null,
        }),
      },
      {
        action: 'invitation.class_sheet_prepared',
        targetType: 'class',
        targetId: cls.id,
        counted: 'pupils',
        sheetUrl: classSheetPath(cls.id),
      },
    );
  });
}

/** Renders the class's sheet from the usable invitations; reads only. */
async function printClass(db: DbOrTrx, cls: ClassRow, base: string, now: Date): Promise<Sheet> {
  const [muni, pupils, rows] = await Promise.all([
    repo.selectMunicipality(db, cls.municipality_id),
    repo.pupilsOfClass(db, cls.id),
    repo.usableParentPersonal(db, cls.id, now),
  ]);
  const org = cls.org_short_name ?? cls.org_name;
  const tz = muni?.time_zone ?? 'Asia/Yekaterinburg';
  return printSheet({
    people: pupils,
    usable: newestBy(rows, (r) => (r.pupil_id === null ? null : Number(r.pupil_id))),
    base,
    tz,
    slip: (p) => ({
      heading: 'Приглашение для родителей',
      name: displayName(p),
      place: `${cls.name} · ${org}`,
      instructions: PARENT_LINES,
    }),
    title: `Приглашения для родителей: ${cls.name}, ${org}`,
    subtitle: `Разрежьте лист по пунктиру и передайте каждому ученику его полоску · ${localDay(now, tz)}`,
    missingForms: ['ученик', 'ученика', 'учеников'],
    emptyText:
      pupils.length === 0
        ? 'В классе нет учеников.'
        : 'Личные приглашения для родителей этого класса ещё не выпущены: подготовьте лист в Парте (Управление → Приглашения).',
    filename: `invitations-class-${cls.id}.pdf`,
  });
}

/** `POST /api/v1/classes/:id/invitation-sheet`: the class teacher and the school’s administrators. */
export async function prepareClassSheet(
  db: Db,
  viewer: PersonFacts,
  classId: number,
  ctx: ChangeContext,
): Promise<SheetPrepared> {
  return prepareClass(db, await classFor(db, viewer, classId), ctx);
}

/** `GET /api/v1/classes/:id/invitation-sheet.pdf`: the same people; writes nothing. */
export async function classSheet(
  db: DbOrTrx,
  viewer: PersonFacts,
  classId: number,
  base: string,
  now: Date,
): Promise<Sheet> {
  return printClass(db, await classFor(db, viewer, classId), base, now);
}

/**
 * The sheet printed by the system (`parta invitations sheet`): no issuing
 * person. With `issue`, prepares it first (issuing what is missing).
 */
export async function systemClassSheet(
  db: Db,
  classId: number,
  base: string,
  now: Date,
  opts: { issue: boolean },
): Promise<Sheet & { prepared: SheetPrepared | null }> {
  const cls = await classFor(db, null, classId);
  const prepared = opts.issue
    ? await prepareClass(db, cls, {
        actorPersonId: null,
        municipalityId: cls.municipality_id,
        ip: null,
        now,
      })
    : null;
  return { ...(await printClass(db, cls, base, now)), prepared };
}

/* ---------------- an organisation's staff ---------------- */

/** The organisation, if the viewer administers it. */
async function orgFor(db: DbOrTrx, viewer: PersonFacts | null, orgId: number) {
  const org = await repo.selectOrg(db, orgId);
  if (!org || (viewer && org.municipality_id !== viewer.municipalityId))
    throw notFound('No such organisation.');
  if (viewer)
    authorize(
      canInviteStaffPersonal(viewer, {
        id: org.id,
        municipalityId: org.municipality_id,
        kind: org.kind,
      }),
      'Only the organisation’s administrators print staff invitations.',
    );
  if (org.archived_at !== null) throw new AppError('CONFLICT', 'The organisation is archived.');
  return org;
}

export const staffSheetPath = (orgId: number) =>
  `/api/v1/organizations/${orgId}/staff-invitation-sheet.pdf`;

/**
 * Issues the personal invitation of every active staff member without an
 * account who has no usable one (the account is made for the roster person,
 * so no duplicate appears). One transaction with its audit entry.
 */
async function prepareStaff(db: Db, org: OrgRow, ctx: SheetContext): Promise<SheetPrepared> {
  return db.transaction().execute(async (trx) => {
    await repo.lockOrg(trx, org.id);
    const staff = await repo.staffWithoutAccount(trx, org.id);
    const usable = newestBy(await repo.usableStaffPersonal(trx, org.id, ctx.now), (r) =>
      r.person_id === null ? null : Number(r.person_id),
    );
    return issueMissing(
      trx,
      ctx,
      staff,
      usable,
      {
        municipalityId: org.municipality_id,
        maxUses: DEFAULT_MAX_USES.staff_personal,
        plan: (s) => ({
          kind: 'staff_personal',
          role: s.role as 'teacher',
          organizationId: org.id,
          classId: null,
          pupilId: null,
          personId: s.id,
          communityId: null,
          positionTitle: null,
          pedagogical: null,
        }),
      },
      {
        action: 'invitation.staff_sheet_prepared',
        targetType: 'organization',
        targetId: org.id,
        counted: 'staff',
        sheetUrl: staffSheetPath(org.id),
      },
    );
  });
}

async function printStaff(db: DbOrTrx, org: OrgRow, base: string, now: Date): Promise<Sheet> {
  const [muni, staff, rows] = await Promise.all([
    repo.selectMunicipality(db, org.municipality_id),
    repo.staffWithoutAccount(db, org.id),
    repo.usableStaffPersonal(db, org.id, now),
  ]);
  const name = org.short_name ?? org.name;
  const tz = muni?.time_zone ?? 'Asia/Yekaterinburg';
  return printSheet({
    people: staff,
    usable: newestBy(rows, (r) => (r.person_id === null ? null : Number(r.person_id))),
    base,
    tz,
    slip: (s) => ({
      heading: 'Приглашение для сотрудника',
      name: displayName(s),
      place: `${s.title ?? ''}${s.title ? ' · ' : ''}${name}`,
      instructions: STAFF_LINES,
    }),
    title: `Приглашения для сотрудников: ${name}`,
    subtitle: `Только для сотрудников без учётной записи · ${localDay(now, tz)}`,
    missingForms: ['сотрудник', 'сотрудника', 'сотрудников'],
    emptyText:
      staff.length === 0
        ? 'Все сотрудники уже подключены.'
        : 'Личные приглашения для сотрудников ещё не выпущены: подготовьте лист в Парте (Управление → Приглашения).',
    filename: `invitations-staff-${org.id}.pdf`,
  });
}

/** `POST /api/v1/organizations/:id/staff-invitation-sheet`: the organisation's administrators. */
export async function prepareStaffSheet(
  db: Db,
  viewer: PersonFacts,
  orgId: number,
  ctx: ChangeContext,
): Promise<SheetPrepared> {
  return prepareStaff(db, await orgFor(db, viewer, orgId), ctx);
}

/** `GET /api/v1/organizations/:id/staff-invitation-sheet.pdf`: the same people; writes nothing. */
export async function staffSheet(
  db: DbOrTrx,
  viewer: PersonFacts,
  orgId: number,
  base: string,
  now: Date,
): Promise<Sheet> {
  return printStaff(db, await orgFor(db, viewer, orgId), base, now);
}

/** The staff sheet printed by the system (`parta invitations staff-sheet`). */
export async function systemStaffSheet(
  db: Db,
  orgId: number,
  base: string,
  now: Date,
  opts: { issue: boolean },
): Promise<Sheet & { prepared: SheetPrepared | null }> {
  const org = await orgFor(db, null, orgId);
  const prepared = opts.issue
    ? await prepareStaff(db, org, {
        actorPersonId: null,
        municipalityId: org.municipality_id,
        ip: null,
        now,
      })
    : null;
  return { ...(await printStaff(db, org, base, now)), prepared };
}
