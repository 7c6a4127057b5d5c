import type {
  Baseline,
  BaselineCategory,
  Baselines,
  ClassInfo,
  CreateClass,
  CreateOrganization,
  Municipality,
  Organization,
  OrganizationDetails,
  OrganizationEntry,
  OrganizationQuery,
  SetBaseline,
  UpdateClass,
  UpdateOrganization,
} from '@parta/shared';
import type { Updateable } from 'kysely';
import type { Database, Db, DbOrTrx, Row } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import { toIso, toIsoOrNull } from '../../db/values';
import { AppError, notFound } from '../../platform/errors';
import { audit } from '../audit';
import {
  invalid,
  type ChangeContext,
  type ClassRef,
  type OrgRef,
  type Paged,
  type PersonFacts,
} from '../people';
import { canViewOrgCounts } from './orgs.policy';
import * as repo from './orgs.repository';

type OrgRow = Row<'organizations'>;
type ClassRow = NonNullable<Awaited<ReturnType<typeof repo.selectClass>>>;

/** An organisation as the policy sees it, with its stored row. */
export type LoadedOrg = OrgRef & { row: OrgRow };
/** A class as the policy sees it, with its stored row. */
export type LoadedClass = ClassRef & { row: ClassRow };

function toOrganization(r: OrgRow): Organization {
  return {
    id: r.id,
    municipalityId: r.municipality_id,
    kind: r.kind as Organization['kind'],
    name: r.name,
    shortName: r.short_name,
    externalId: r.external_id,
    createdAt: toIso(r.created_at),
    archivedAt: toIsoOrNull(r.archived_at),
  };
}

function toClassInfo(r: ClassRow, pupilCount: number): ClassInfo {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    kind: r.kind as ClassInfo['kind'],
    grade: r.grade,
    academicYear: r.academic_year,
    classTeacherId: r.class_teacher_id,
    pupilCount,
    archived: r.archived_at !== null,
  };
}

function auditEntry(
  ctx: ChangeContext,
  action: string,
  target: { type: string; id: number },
  details?: Record<string, unknown>,
) {
  return {
    actorPersonId: ctx.actorPersonId,
    action,
    targetType: target.type,
    targetId: target.id,
    municipalityId: ctx.municipalityId,
    ip: ctx.ip,
    details: details ?? null,
  };
}

export async function getMunicipality(db: DbOrTrx, viewer: PersonFacts): Promise<Municipality> {
  const m = await repo.selectMunicipality(db, viewer.municipalityId);
  if (!m) throw notFound('No such municipality.');
  return { id: m.id, name: m.name, shortName: m.short_name, timeZone: m.time_zone };
}

/** An organisation of the viewer's municipality, or 404: foreign organisations do not exist for them. */
export async function requireOrganization(
  db: DbOrTrx,
  viewer: PersonFacts,
  orgId: number,
): Promise<LoadedOrg> {
  const row = await repo.selectOrganization(db, orgId);
  if (!row || row.municipality_id !== viewer.municipalityId)
    throw notFound('No such organisation.');
  return { id: row.id, municipalityId: row.municipality_id, row };
}

/** A class of the viewer's municipality, or 404. */
export async function requireClass(
  db: DbOrTrx,
  viewer: PersonFacts,
  classId: number,
): Promise<LoadedClass> {
  const row = await repo.selectClass(db, classId);
  if (!row || row.municipality_id !== viewer.municipalityId) throw notFound('No such class.');
  return {
    id: row.id,
    organizationId: row.organization_id,
    municipalityId: row.municipality_id,
    row,
  };
}

/**
 * The words of a name search: quotes and «№» only separate («СОШ №3» finds
 * «МАОУ СОШ № 3»); at most five words.
 */
function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .split(/[\s«»"“”„№]+/)
    .filter(Boolean)
    .slice(0, 5);
}

/** The directory of the viewer's municipality; counts where `canViewOrgCounts` allows. */
export async function listDirectory(
  db: DbOrTrx,
  viewer: PersonFacts,
  query: OrganizationQuery,
): Promise<Paged<OrganizationEntry>> {
  const { rows, total } = await repo.listOrganizations(db, {
    municipalityId: viewer.municipalityId,
    kind: query.kind,
    words: searchWords(query.q),
    includeArchived: query.includeArchived ?? false,
    limit: query.limit,
    offset: query.offset,
  });
  const countable = rows.filter((r) =>
    canViewOrgCounts(viewer, { id: r.id, municipalityId: r.municipality_id }),
  );
  const counts = await repo.selectCounts(
    db,
    countable.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as OrganizationEntry['kind'],
      name: r.name,
      shortName: r.short_name,
      archived: r.archived_at !== null,
      counts: counts.get(r.id) ?? null,
    })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

export async function getOrganization(
  db: DbOrTrx,
  viewer: PersonFacts,
  org: LoadedOrg,
): Promise<OrganizationDetails> {
  const counts = canViewOrgCounts(viewer, org)
    ? ((await repo.selectCounts(db, [org.id])).get(org.id) ?? null)
    : null;
  return { ...toOrganization(org.row), counts };
}

async function ensureExternalIdFree(
  db: DbOrTrx,
  municipalityId: number,
  externalId: string,
  except?: number,
) {
  const other = await repo.selectOrgByExternalId(db, municipalityId, externalId);
  if (other && other.id !== except) {
    throw new AppError('ALREADY_EXISTS', `Another organisation has the external id ${externalId}.`);
  }
}

export async function createOrganization(
  db: Db,
  input: CreateOrganization,
  ctx: ChangeContext,
): Promise<Organization> {
  return db.transaction().execute(async (trx) => {
    if (input.externalId) await ensureExternalIdFree(trx, ctx.municipalityId, input.externalId);
    const id = await repo.insertOrganization(trx, {
      municipalityId: ctx.municipalityId,
      kind: input.kind,
      name: input.name,
      shortName: input.shortName ?? null,
      externalId: input.externalId ?? null,
      at: ctx.now,
    });
    await audit(
      trx,
      auditEntry(
        ctx,
        'organization.created',
        { type: 'organization', id },
        { kind: input.kind, name: input.name },
      ),
      ctx.now,
    );
    const row = await repo.selectOrganization(trx, id);
    if (!row) throw new AppError('INTERNAL');
    return toOrganization(row);
  });
}

/** Applies the change (authorize `canUpdateOrganization` first); an empty change writes nothing. */
export async function updateOrganization(
  db: Db,
  viewer: PersonFacts,
  org: LoadedOrg,
  input: UpdateOrganization,
  ctx: ChangeContext,
): Promise<OrganizationDetails> {
  const patch: Updateable<Database['organizations']> = {};
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.name !== undefined) patch.name = input.name;
  if (input.shortName !== undefined) patch.short_name = input.shortName;
  if (input.externalId !== undefined) patch.external_id = input.externalId;
  const wasArchived = org.row.archived_at !== null;
  if (input.archived !== undefined && input.archived !== wasArchived) {
    patch.archived_at = input.archived ? ctx.now : null;
  }
  const fields = Object.keys(input);
  const row = await db.transaction().execute(async (trx) => {
    if (Object.keys(patch).length > 0) {
      if (input.externalId)
        await ensureExternalIdFree(trx, org.municipalityId, input.externalId, org.id);
      await repo.updateOrganization(trx, org.id, patch);
      await audit(
        trx,
        auditEntry(ctx, 'organization.updated', { type: 'organization', id: org.id }, { fields }),
        ctx.now,
      );
    }
    return repo.selectOrganization(trx, org.id);
  });
  if (!row) throw notFound('No such organisation.');
  return getOrganization(db, viewer, { ...org, row });
}

function toBaselines(
  rows: Awaited<ReturnType<typeof repo.selectBaselines>>,
  today: string,
): Baselines {
  const history: Baseline[] = rows.map((r) => ({
    organizationId: r.organization_id,
    category: r.category as BaselineCategory,
    headcount: r.headcount,
    validFrom: r.valid_from,
  }));
  const current = new Map<string, Baseline>();
  // Rows come per category newest first: the first one in force today wins.
  for (const b of history) {
    if (b.validFrom <= today && !current.has(b.category)) current.set(b.category, b);
  }
  return { current: [...current.values()], history };
}

export async function getBaselines(db: DbOrTrx, org: OrgRef, today: string): Promise<Baselines> {
  return toBaselines(await repo.selectBaselines(db, org.id), today);
}

/** Sets headcounts from their dates (authorize `canWriteBaselines` first); earlier rows stay as history. */
export async function setBaselines(
  db: Db,
  org: OrgRef,
  items: SetBaseline[],
  ctx: ChangeContext,
  today: string,
): Promise<Baselines> {
  return db.transaction().execute(async (trx) => {
    for (const item of items) {
      await repo.upsertBaseline(trx, {
        organizationId: org.id,
        category: item.category,
        headcount: item.headcount,
        validFrom: item.validFrom,
      });
    }
    await audit(
      trx,
      auditEntry(
        ctx,
        'organization.baselines_set',
        { type: 'organization', id: org.id },
        { items },
      ),
      ctx.now,
    );
    return toBaselines(await repo.selectBaselines(trx, org.id), today);
  });
}

export async function listClasses(
  db: DbOrTrx,
  org: OrgRef,
  query: { academicYear?: number | undefined; limit: number; offset: number },
): Promise<Paged<ClassInfo>> {
  const { rows, total } = await repo.listClasses(db, { organizationId: org.id, ...query });
  const counts = await repo.selectPupilCounts(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toClassInfo(r, counts.get(r.id) ?? 0)),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

export async function getClassInfo(db: DbOrTrx, cls: LoadedClass): Promise<ClassInfo> {
  const counts = await repo.selectPupilCounts(db, [cls.id]);
  return toClassInfo(cls.row, counts.get(cls.id) ?? 0);
}

const orgRefOf = (cls: ClassRef): OrgRef => ({
  id: cls.organizationId,
  municipalityId: cls.municipalityId,
});

const yearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

function classExists(name: string, academicYear: number): AppError {
  return new AppError(
    'ALREADY_EXISTS',
    `The organisation already has a class ${name} in ${yearLabel(academicYear)}.`,
  );
}

/**
 * A class teacher is a current staff member of the class's organisation
 * with a pedagogical position, and an active person; 400 naming the field
 * otherwise.
 */
async function checkClassTeacher(db: DbOrTrx, org: OrgRef, personId: number): Promise<void> {
  const field = 'body.classTeacherId';
  const s = await repo.selectTeacherStanding(db, {
    personId,
    organizationId: org.id,
    municipalityId: org.municipalityId,
  });
  if (!s.exists) throw invalid(field, 'no such person');
  if (!s.active) throw invalid(field, 'the person is deactivated');
  if (!s.staff) throw invalid(field, 'not a staff member of this organisation');
  if (!s.pedagogical) throw invalid(field, 'holds no pedagogical position in this organisation');
}

/**
 * Creates a class (authorize `canManageClasses` first). The class teacher
 * must be a pedagogical staff member of the organisation; names are unique
 * per year.
 */
export async function createClass(
  db: Db,
  org: LoadedOrg,
  input: CreateClass,
  ctx: ChangeContext,
): Promise<ClassInfo> {
  if (org.row.archived_at !== null) throw new AppError('CONFLICT', 'The organisation is archived.');
  return db.transaction().execute(async (trx) => {
    if (input.classTeacherId != null) await checkClassTeacher(trx, org, input.classTeacherId);
    if (
      await repo.selectClassByName(trx, {
        organizationId: org.id,
        academicYear: input.academicYear,
        name: input.name,
      })
    ) {
      throw classExists(input.name, input.academicYear);
    }
    const id = await repo.insertClass(trx, {
      organizationId: org.id,
      name: input.name,
      kind: input.kind,
      grade: input.grade ?? null,
      academicYear: input.academicYear,
      classTeacherId: input.classTeacherId ?? null,
      at: ctx.now,
    });
    await audit(
      trx,
      auditEntry(
        ctx,
        'class.created',
        { type: 'class', id },
        { organizationId: org.id, name: input.name },
      ),
      ctx.now,
    );
    const row = await repo.selectClass(trx, id);
    if (!row) throw new AppError('INTERNAL');
    return toClassInfo(row, 0);
  });
}

/** What a class change did, so the routes bring chats and communities in step after commit. */
export interface ClassChange {
  info: ClassInfo;
  renamed: { from: string; to: string } | null;
  teacher: { from: number | null; to: number | null } | null;
  archivedChanged: boolean;
  kindChanged: boolean;
  /** Pupils with an open enrolment, when their class chat may change (`kindChanged`). */
  pupilIds: number[];
}

/**
 * Changes a class (authorize `canManageClasses` first). Only fields that
 * differ are written and audited; an unchanged request writes nothing. The
 * name stays unique per organisation and year (409), the class teacher is
 * checked as on creation, and an archived organisation's classes may only be
 * archived.
 */
export async function updateClass(
  db: Db,
  cls: LoadedClass,
  input: UpdateClass,
  ctx: ChangeContext,
): Promise<ClassChange> {
  const cur = cls.row;
  const patch: Updateable<Database['classes']> = {};
  const details: Record<string, unknown> = {};
  const name = input.name ?? cur.name;
  const year = input.academicYear ?? cur.academic_year;
  if (name !== cur.name) {
    patch.name = name;
    details.name = { from: cur.name, to: name };
  }
  if (year !== cur.academic_year) {
    patch.academic_year = year;
    details.academicYear = { from: cur.academic_year, to: year };
  }
  if (input.kind !== undefined && input.kind !== cur.kind) {
    patch.kind = input.kind;
    details.kind = { from: cur.kind, to: input.kind };
  }
  if (input.grade !== undefined && input.grade !== cur.grade) {
    patch.grade = input.grade;
    details.grade = { from: cur.grade, to: input.grade };
  }
  const teacher =
    input.classTeacherId !== undefined && input.classTeacherId !== cur.class_teacher_id
      ? { from: cur.class_teacher_id, to: input.classTeacherId }
      : null;
  if (teacher) {
    patch.class_teacher_id = teacher.to;
    details.classTeacherId = teacher;
  }
  const wasArchived = cur.archived_at !== null;
  const archivedChanged = input.archived !== undefined && input.archived !== wasArchived;
  if (archivedChanged) {
    patch.archived_at = input.archived ? ctx.now : null;
    details.archived = input.archived;
  }
  const fields = Object.keys(details);

  const row = await db.transaction().execute(async (trx) => {
    if (fields.length > 0) {
      const org = await repo.selectOrganization(trx, cls.organizationId);
      if (org?.archived_at != null && !(fields.length === 1 && input.archived === true)) {
        throw new AppError(
          'CONFLICT',
          'The organisation is archived; its classes may only be archived.',
        );
      }
      if (teacher?.to != null) await checkClassTeacher(trx, orgRefOf(cls), teacher.to);
      if (patch.name !== undefined || patch.academic_year !== undefined) {
        const other = await repo.selectClassByName(trx, {
          organizationId: cls.organizationId,
          academicYear: year,
          name,
        });
        if (other && other.id !== cls.id) throw classExists(name, year);
      }
      try {
        await repo.updateClass(trx, cls.id, patch);
      } catch (err) {
        // Another request took the name between the check and the write.
        if (isUniqueViolation(err)) throw classExists(name, year);
        throw err;
      }
      await audit(
        trx,
        auditEntry(
          ctx,
          'class.updated',
          { type: 'class', id: cls.id },
          { organizationId: cls.organizationId, fields, ...details },
        ),
        ctx.now,
      );
    }
    return repo.selectClass(trx, cls.id);
  });
  if (!row) throw notFound('No such class.');
  const kindChanged = patch.kind !== undefined;
  const [counts, pupilIds] = await Promise.all([
    repo.selectPupilCounts(db, [cls.id]),
    kindChanged ? repo.selectEnrolledPupilIds(db, cls.id) : Promise.resolve([]),
  ]);
  return {
    info: toClassInfo(row, counts.get(cls.id) ?? 0),
    renamed: patch.name !== undefined ? { from: cur.name, to: name } : null,
    teacher,
    archivedChanged,
    kindChanged,
    pupilIds,
  };
}
