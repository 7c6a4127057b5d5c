import { createHash } from 'node:crypto';
import {
  pluralRu,
  type AdminRole,
  type ImportKind,
  type ImportPlan,
  type ImportRun,
  type JobTitle,
  type JobTitles,
  type OrgKind,
  type SetJobTitle,
} from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toBool, toIso } from '../../db/values';
import { AppError, notFound } from '../../platform/errors';
import { personTopic, type EventSink } from '../../platform/events';
import { audit } from '../audit';
import { revokeAllSessionsOf } from '../auth';
import { syncRosters } from '../chats';
import { localDateIn } from '../people';
import { mapColumns, type ColumnMap, type Field } from './imports.columns';
import {
  BUILTIN_RULES,
  JobTitleDictionary,
  titleKey,
  type JobTitleRule,
} from './imports.job-titles';
import {
  planImport,
  type ExistingPerson,
  type Plan,
  type PlanOps,
  type PlanState,
} from './imports.planner';
import { readSheet, tooManyRows, type Sheet } from './imports.reader';
import { Findings, readRecords, type PersonInput, type ReadRecords } from './imports.records';
import * as repo from './imports.repository';
import { academicYearOf, classKey } from './imports.values';

/**
 * Roster imports: a file → a plan (dry run, nothing written) → the same plan
 * written in one transaction, logged and audited; class and staff chats
 * follow after commit. A re-import of the same file plans no change.
 */

export interface ImportDeps {
  events: EventSink;
  now: () => Date;
  maxRows: number;
}

/** Who imports: a signed-in administrator, or the console (`parta import`). */
export interface Importer {
  /** null: the command line, acting for the whole municipality. */
  personId: number | null;
  municipalityId: number;
  grants: { role: AdminRole; municipalityId: number | null; organizationId: number | null }[];
  /** Municipal (or platform) administrator, or the console. */
  municipalScope: boolean;
  ip: string | null;
}

export interface ImportOrg {
  id: number;
  municipalityId: number;
  kind: OrgKind;
  name: string;
  shortName: string | null;
  archived: boolean;
  timeZone: string;
}

export interface ImportRequest {
  kind: ImportKind;
  file: Buffer;
  fileName: string | null;
  dryRun: boolean;
  deactivateMissing: boolean;
  planDigest?: string | undefined;
}

/** The organisation an import goes to, or null. */
export async function loadImportOrg(
  db: DbOrTrx,
  organizationId: number,
): Promise<ImportOrg | null> {
  const o = await repo.selectOrganization(db, organizationId);
  if (!o) return null;
  return {
    id: o.id,
    municipalityId: o.municipality_id,
    kind: o.kind as OrgKind,
    name: o.name,
    shortName: o.short_name,
    archived: o.archived_at !== null,
    timeZone: o.time_zone,
  };
}

/** Organisations named on the command line (id, external id, exact short or full name). */
export async function findImportOrgs(db: DbOrTrx, ref: string) {
  return repo.findOrganizations(db, ref.trim());
}

/** Refuses imports the organisation cannot take, before the file is read. */
export function checkImportable(org: ImportOrg, kind: ImportKind): void {
  if (org.archived)
    throw new AppError('CONFLICT', 'Организация в архиве: импорт в неё невозможен.');
  if (org.kind === 'authority' && kind !== 'staff') {
    throw new AppError(
      'VALIDATION_FAILED',
      'params.kind: в управление образования загружают только сотрудников',
      { details: [{ path: 'params.kind', message: 'only staff for the education authority' }] },
    );
  }
}

// ---------------------------------------------------------------------------
// The dictionary of job titles

function ruleOf(r: Awaited<ReturnType<typeof repo.selectJobTitles>>[number]): JobTitleRule {
  return {
    id: r.id,
    title: r.title,
    pattern: r.pattern,
    match: r.match_kind as JobTitleRule['match'],
    role: r.role as JobTitleRule['role'],
    pedagogical: toBool(r.pedagogical),
    source: 'municipality',
  };
}

const toJobTitle = (r: JobTitleRule): JobTitle => ({
  id: r.id,
  title: r.title,
  pattern: r.pattern,
  match: r.match,
  role: r.role,
  pedagogical: r.pedagogical,
  source: r.source,
});

export async function loadDictionary(db: DbOrTrx, municipalityId: number) {
  const rows = await repo.selectJobTitles(db, municipalityId);
  return new JobTitleDictionary(rows.map(ruleOf));
}

export async function listJobTitles(db: DbOrTrx, municipalityId: number): Promise<JobTitles> {
  const rows = await repo.selectJobTitles(db, municipalityId);
  return { overrides: rows.map(ruleOf).map(toJobTitle), builtin: BUILTIN_RULES.map(toJobTitle) };
}

interface AdminContext {
  actorPersonId: number | null;
  municipalityId: number;
  ip: string | null;
  now: Date;
}

/** Adds or replaces the municipality's rule for a title (same pattern and match). */
export async function setJobTitle(
  db: Db,
  ctx: AdminContext,
  input: SetJobTitle,
): Promise<{ rule: JobTitle; created: boolean }> {
  const pattern = titleKey(input.title);
  if (pattern.length < 2)
    throw new AppError('VALIDATION_FAILED', 'body.title: too short after normalisation', {
      details: [{ path: 'body.title', message: 'too short after normalisation' }],
    });
  return db.transaction().execute(async (trx) => {
    const before = await repo.selectJobTitles(trx, ctx.municipalityId);
    const existed = before.some((r) => r.pattern === pattern && r.match_kind === input.match);
    const id = await repo.upsertJobTitle(trx, {
      municipality_id: ctx.municipalityId,
      title: input.title,
      pattern,
      match_kind: input.match,
      role: input.role,
      pedagogical: input.pedagogical,
      created_by: ctx.actorPersonId,
      updated_at: ctx.now,
    });
    await audit(
      trx,
      {
        actorPersonId: ctx.actorPersonId,
        action: existed ? 'job_title.updated' : 'job_title.created',
        targetType: 'job_title',
        targetId: id,
        municipalityId: ctx.municipalityId,
        ip: ctx.ip,
        details: { ...input, pattern },
      },
      ctx.now,
    );
    const row = await repo.selectJobTitle(trx, id);
    if (!row) throw new AppError('INTERNAL');
    return { rule: toJobTitle(ruleOf(row)), created: !existed };
  });
}

export async function deleteJobTitle(db: Db, ctx: AdminContext, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.selectJobTitle(trx, id);
    if (!row || row.municipality_id !== ctx.municipalityId) throw notFound('No such job title.');
    await repo.deleteJobTitle(trx, id);
    await audit(
      trx,
      {
        actorPersonId: ctx.actorPersonId,
        action: 'job_title.deleted',
        targetType: 'job_title',
        targetId: id,
        municipalityId: ctx.municipalityId,
        ip: ctx.ip,
        details: { title: row.title, match: row.match_kind, role: row.role },
      },
      ctx.now,
    );
  });
}

// ---------------------------------------------------------------------------
// The import log

export async function listImportRuns(
  db: DbOrTrx,
  organizationId: number,
  page: { limit: number; offset: number },
): Promise<{ items: ImportRun[]; total: number; limit: number; offset: number }> {
  const { rows, total } = await repo.listImportRuns(db, organizationId, page);
  return {
    items: rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      kind: r.kind as ImportKind,
      fileName: r.file_name,
      format: r.format as ImportRun['format'],
      fileSha256: r.file_sha256,
      actorPersonId: r.actor_person_id,
      actorName:
        r.last_name !== null && r.first_name !== null
          ? [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ')
          : null,
      at: toIso(r.at),
      deactivateMissing: toBool(r.deactivate_missing),
      dataRows: r.data_rows,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      removed: r.removed,
      deactivated: r.deactivated,
      classesCreated: r.classes_created,
    })),
    total,
    limit: page.limit,
    offset: page.offset,
  };
}

// ---------------------------------------------------------------------------
// Reading the file

interface ReadFile {
  sheet: Sheet;
  map: ColumnMap;
  records: ReadRecords;
  findings: Findings;
}

async function readFile(
  db: DbOrTrx,
  org: ImportOrg,
  req: ImportRequest,
  deps: ImportDeps,
  today: string,
): Promise<ReadFile> {
  const sheet = await readSheet(req.file, { maxRows: deps.maxRows });
  const map = mapColumns(sheet, req.kind);
  const findings = new Findings();
  for (const w of map.warnings)
    findings.warning({ row: w.row, column: { letter: w.column, header: w.header } }, w.message);
  const dictionary =
    req.kind === 'staff'
      ? await loadDictionary(db, org.municipalityId)
      : new JobTitleDictionary([], []);
  const records = readRecords(
    sheet,
    map,
    { kind: req.kind, orgKind: org.kind, dictionary, today },
    findings,
  );
  if (records.dataRows > deps.maxRows) throw tooManyRows(deps.maxRows);
  if (records.dataRows === 0) {
    throw new AppError(
      'IMPORT_EMPTY',
      `Под строкой заголовков (строка ${map.headerRow}) нет ни одной строки с данными.`,
    );
  }
  return { sheet, map, records, findings };
}

// ---------------------------------------------------------------------------
// Loading what the plan needs

/**
 * Surname forms as they may be stored (SQL compares case-sensitively in both
 * dialects): as written, capitalised, upper case, and with «е» for «ё».
 */
function surnameForms(last: string): string[] {
  const capital = last
    .toLowerCase()
    .replace(/(^|[-\s])(\p{L})/gu, (_m, s: string, c: string) => s + c.toUpperCase());
  const forms = [last, capital, last.toUpperCase()];
  if (capital.includes('ё')) forms.push(capital.replace(/ё/g, 'е'));
  return [...new Set(forms)];
}

function inputsOf(kind: ImportKind, r: ReadRecords): PersonInput[] {
  return kind === 'staff' ? r.staff : kind === 'pupils' ? r.pupils : r.parents;
}

function existing(row: repo.PersonRow): ExistingPerson {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    phone: row.phone,
    email: row.email,
    birthDate: row.birth_date,
    externalId: row.external_id,
    active: row.deactivated_at === null,
  };
}

/** May the importer change this person, given the powers each holds? */
function covers(importer: Importer, grants: Importer['grants']): boolean {
  if (importer.personId === null) return true;
  const platform = importer.grants.some((g) => g.role === 'platform_admin');
  if (platform) return true;
  const municipal = importer.grants.some(
    (g) => g.role === 'municipal_admin' && g.municipalityId === importer.municipalityId,
  );
  return grants.every((g) => {
    if (g.role === 'platform_admin') return false;
    if (g.role === 'municipal_admin') return municipal;
    return (
      municipal ||
      importer.grants.some((m) => m.role === 'org_admin' && m.organizationId === g.organizationId)
    );
  });
}

async function loadState(
  db: DbOrTrx,
  org: ImportOrg,
  importer: Importer,
  req: ImportRequest,
  records: ReadRecords,
  today: string,
): Promise<PlanState> {
  const kind = req.kind;
  const [classes, positions, enrolments, guardianships, formerIds] = await Promise.all([
    repo.selectClasses(db, org.id),
    kind === 'staff' ? repo.selectPositions(db, org.id) : Promise.resolve([]),
    kind === 'staff' ? Promise.resolve([]) : repo.selectEnrolments(db, org.id),
    kind === 'parents' ? repo.selectGuardianships(db, org.id) : Promise.resolve([]),
    kind === 'parents' ? Promise.resolve([]) : repo.selectFormerMembers(db, org.id, kind),
  ]);
  const rosterIds = new Set<number>([
    ...positions.map((p) => p.person_id),
    ...enrolments.map((e) => e.pupil_id),
    ...guardianships.map((g) => g.parent_id),
  ]);
  const inputs = inputsOf(kind, records);
  const scopeOrgIds = importer.municipalScope
    ? null
    : [
        ...new Set([
          org.id,
          ...importer.grants.flatMap((g) =>
            g.role === 'org_admin' && g.organizationId !== null ? [g.organizationId] : [],
          ),
        ]),
      ];
  const current = classes.filter((c) => c.archived_at === null);
  const teacherIds = current.flatMap((c) =>
    c.class_teacher_id === null ? [] : [c.class_teacher_id],
  );
  const [rosterPeople, candidates] = await Promise.all([
    repo.selectPeople(db, [...rosterIds, ...formerIds, ...teacherIds]),
    repo.selectCandidates(db, {
      municipalityId: org.municipalityId,
      scopeOrgIds,
      externalIds: inputs.flatMap((r) => (r.externalId ? [r.externalId] : [])),
      phones: inputs.flatMap((r) => (r.phone ? [r.phone] : [])),
      emails: inputs.flatMap((r) => (r.email ? [r.email] : [])),
      lastNames: inputs.flatMap((r) => surnameForms(r.lastName)),
    }),
  ]);
  const people = new Map<number, ExistingPerson>();
  for (const row of [...rosterPeople, ...candidates]) people.set(row.id, existing(row));
  const grants = await repo.selectGrants(db, [...people.keys()]);
  const byPerson = new Map<number, Importer['grants']>();
  for (const g of grants) {
    const list = byPerson.get(g.person_id) ?? [];
    list.push({
      role: g.role as AdminRole,
      municipalityId: g.municipality_id,
      organizationId: g.organization_id,
    });
    byPerson.set(g.person_id, list);
  }
  const protectedIds = new Set<number>();
  for (const [id, list] of byPerson) if (!covers(importer, list)) protectedIds.add(id);
  const links: PlanState['links'] = new Map();
  if (req.deactivateMissing) {
    const leaving = kind === 'parents' ? new Set(guardianships.map((g) => g.parent_id)) : rosterIds;
    const l = await repo.selectLinks(db, [...leaving]);
    const entry = (id: number) => {
      let e = links.get(id);
      if (!e) {
        e = { positions: [], enrolments: [], guardianships: [] };
        links.set(id, e);
      }
      return e;
    };
    for (const p of l.positions) entry(p.person_id).positions.push(p.id);
    for (const e of l.enrolments) entry(e.pupil_id).enrolments.push(e.id);
    for (const g of l.guardianships) entry(g.parent_id).guardianships.push(g.id);
  }
  const years = current.map((c) => c.academic_year);
  const academicYear = years.length > 0 ? Math.max(...years) : academicYearOf(today);
  return {
    kind,
    orgKind: org.kind,
    academicYear,
    deactivateMissing: req.deactivateMissing,
    people,
    classes: current.map((c) => ({
      id: c.id,
      name: c.name,
      key: classKey(c.name),
      teacherId: c.class_teacher_id,
    })),
    archivedClassKeys: new Set(
      classes
        .filter((c) => c.archived_at !== null && c.academic_year === academicYear)
        .map((c) => classKey(c.name)),
    ),
    positions: positions.map((p) => ({
      id: p.id,
      personId: p.person_id,
      role: p.role,
      title: p.title,
      pedagogical: toBool(p.pedagogical),
    })),
    enrolments: enrolments.map((e) => ({ id: e.id, pupilId: e.pupil_id, classId: e.class_id })),
    formerIds: new Set(formerIds),
    guardianships: guardianships.map((g) => ({
      id: g.id,
      parentId: g.parent_id,
      pupilId: g.pupil_id,
      relation: g.relation,
    })),
    links,
    protectedIds,
    selfId: importer.personId,
  };
}

// ---------------------------------------------------------------------------
// Presenting

function present(
  org: ImportOrg,
  req: ImportRequest,
  file: ReadFile,
  plan: Plan,
  extra: { committed: boolean; importId: number | null },
): ImportPlan {
  const { sheet, map, records, findings } = file;
  findings.sort();
  const count = (a: string) => plan.items.filter((i) => i.action === a).length;
  return {
    kind: req.kind,
    organizationId: org.id,
    fileName: req.fileName,
    format: sheet.format,
    encoding: sheet.encoding,
    delimiter: sheet.delimiter,
    sheet: sheet.sheetName,
    headerRow: map.headerRow,
    columns: map.columns,
    dataRows: records.dataRows,
    emptyRows: records.emptyRows,
    deactivateMissing: req.deactivateMissing,
    summary: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      remove: count('remove'),
      deactivate: count('deactivate'),
      missing: plan.missing,
      skipped: records.skipped,
      classesToCreate: plan.classesToCreate.length,
      problems: findings.problems.length,
      warnings: findings.warnings.length,
    },
    classesToCreate: plan.classesToCreate,
    items: plan.items,
    problems: findings.problems,
    warnings: findings.warnings,
    canCommit: findings.problems.length === 0,
    digest: plan.digest,
    dryRun: !extra.committed,
    committed: extra.committed,
    importId: extra.importId,
  };
}

/** A field's column; for a full name given as separate columns, the surname's. */
const FALLBACK: Partial<Record<Field, Field>> = {
  fullName: 'lastName',
  childFullName: 'childLastName',
};

const placeOf = (map: ColumnMap) => (row: number, field?: Field) => {
  const f = field && !map.fields.has(field) ? FALLBACK[field] : field;
  const c = f ? map.fields.get(f) : undefined;
  return { row, column: c ? { letter: c.letter, header: c.header } : undefined };
};

// ---------------------------------------------------------------------------
// Writing

async function apply(
  trx: DbOrTrx,
  org: ImportOrg,
  academicYear: number,
  ops: PlanOps,
  now: Date,
  today: string,
): Promise<void> {
  const classIds = await repo.insertClasses(
    trx,
    ops.newClasses.map((c) => ({
      organization_id: org.id,
      name: c.name,
      kind: c.kind,
      grade: c.grade,
      academic_year: academicYear,
      class_teacher_id: null,
      created_at: now,
    })),
  );
  const personIds = await repo.insertPeople(
    trx,
    ops.newPeople.map(({ input: p }) => ({
      municipality_id: org.municipalityId,
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName,
      phone: p.phone,
      email: p.email,
      birth_date: p.birthDate,
      external_id: p.externalId,
      created_at: now,
    })),
  );
  const person = (ref: { id: number } | { created: number }) => {
    const id = 'id' in ref ? ref.id : personIds[ref.created];
    if (id === undefined) throw new Error('unresolved person reference');
    return id;
  };
  const cls = (ref: { id: number } | { created: number }) => {
    const id = 'id' in ref ? ref.id : classIds[ref.created];
    if (id === undefined) throw new Error('unresolved class reference');
    return id;
  };
  for (const u of ops.updates) await repo.updatePerson(trx, u.personId, u.patch);
  await repo.endPositions(trx, ops.endPositions, today);
  await repo.insertPositions(
    trx,
    ops.addPositions.map((p) => ({
      person_id: person(p.person),
      organization_id: org.id,
      role: p.role,
      title: p.title,
      pedagogical: p.pedagogical,
      started_on: today,
      created_at: now,
    })),
  );
  await repo.endEnrolments(trx, ops.endEnrolments, today);
  await repo.insertEnrolments(
    trx,
    ops.addEnrolments.map((e) => ({
      pupil_id: person(e.person),
      class_id: cls(e.cls),
      started_on: today,
    })),
  );
  await repo.deleteGuardianships(trx, ops.deleteGuardianships);
  for (const r of ops.relationUpdates) await repo.setGuardianshipRelation(trx, r.id, r.relation);
  await repo.insertGuardianships(
    trx,
    ops.addGuardianships.map((g) => ({
      parent_id: person(g.parent),
      pupil_id: g.pupilId,
      relation: g.relation,
      created_at: now,
    })),
  );
  for (const c of ops.classTeachers)
    await repo.setClassTeacher(trx, c.classId, c.person === null ? null : person(c.person));
  await repo.deactivatePeople(trx, ops.deactivate, now);
  for (const id of ops.deactivate) await revokeAllSessionsOf(trx, id, now);
}

/** At most this many problems travel in an IMPORT_HAS_PROBLEMS error's details. */
const MAX_DETAILS = 100;

function problemsError(findings: Findings): AppError {
  findings.sort();
  const n = findings.problems.length;
  return new AppError(
    'IMPORT_HAS_PROBLEMS',
    `В файле ${n} ${pluralRu(n, ['ошибка', 'ошибки', 'ошибок'])}; ничего не записано. ${findings.problems[0]?.text ?? ''}`,
    {
      details: findings.problems.slice(0, MAX_DETAILS).map((p) => ({
        path: `row.${p.row ?? 0}${p.column ? `.${p.column}` : ''}`,
        message: p.text,
      })),
    },
  );
}

/**
 * Reads the file and plans the import; unless `dryRun`, writes the plan in
 * one transaction (under the organisation's lock, re-planned there, refused
 * when it has problems or differs from `planDigest`), logs and audits it,
 * then brings class and staff chats in step. Authorize first.
 */
export async function runImport(
  db: Db,
  deps: ImportDeps,
  importer: Importer,
  org: ImportOrg,
  req: ImportRequest,
): Promise<ImportPlan> {
  checkImportable(org, req.kind);
  const now = deps.now();
  const today = localDateIn(org.timeZone, now);
  const file = await readFile(db, org, req, deps, today);
  const sha256 = createHash('sha256').update(req.file).digest('hex');
  const auditEntry = (action: string, details: Record<string, unknown>) => ({
    actorPersonId: importer.personId,
    action,
    targetType: 'organization',
    targetId: org.id,
    municipalityId: org.municipalityId,
    ip: importer.ip,
    details: { kind: req.kind, fileName: req.fileName, sha256, ...details },
  });

  if (req.dryRun) {
    const state = await loadState(db, org, importer, req, file.records, today);
    const plan = planImport(state, file.records, file.findings, placeOf(file.map));
    const out = present(org, req, file, plan, { committed: false, importId: null });
    await audit(db, auditEntry('import.previewed', { summary: out.summary }), now);
    return out;
  }

  const result = await db.transaction().execute(async (trx) => {
    await repo.lockOrganization(trx, org.id);
    const state = await loadState(trx, org, importer, req, file.records, today);
    const plan = planImport(state, file.records, file.findings, placeOf(file.map));
    if (file.findings.problems.length > 0) throw problemsError(file.findings);
    if (req.planDigest && req.planDigest !== plan.digest) throw new AppError('IMPORT_PLAN_CHANGED');
    await apply(trx, org, state.academicYear, plan.ops, now, today);
    const draft = present(org, req, file, plan, { committed: true, importId: null });
    const s = draft.summary;
    const importId = await repo.insertImportRun(trx, {
      municipality_id: org.municipalityId,
      organization_id: org.id,
      kind: req.kind,
      file_name: req.fileName,
      file_sha256: sha256,
      format: file.sheet.format,
      actor_person_id: importer.personId,
      at: now,
      deactivate_missing: req.deactivateMissing,
      data_rows: file.records.dataRows,
      created: s.create,
      updated: s.update,
      unchanged: s.unchanged,
      removed: s.remove,
      deactivated: s.deactivate,
      classes_created: s.classesToCreate,
    });
    await audit(
      trx,
      auditEntry('import.committed', {
        importId,
        deactivateMissing: req.deactivateMissing,
        summary: s,
        deactivatedIds: plan.ops.deactivate,
      }),
      now,
    );
    return { out: { ...draft, importId }, deactivated: plan.ops.deactivate };
  });

  for (const personId of result.deactivated)
    await deps.events.publish(personTopic(personId), { type: 'person.deactivated', personId });
  await syncRosters(db, { events: deps.events, now: deps.now }, { organizationId: org.id });
  return result.out;
}
