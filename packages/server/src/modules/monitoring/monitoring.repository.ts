import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database';
import { dialectOf } from '../../db/dialect';
import { toBool, toInt } from '../../db/values';

/**
 * All SQL of monitoring. Weekly indicators read `activity_weekly` (one row
 * per person and week), never `messages`; only the rebuild reads messages.
 *
 * Time scoping, so a week computed later gives the numbers it gave then
 * (docs/monitoring.md): positions and enrolments count when their
 * `started_on … ended_on` overlaps the week; accounts when created before
 * the week ended; people unless deactivated before it began; organisations
 * and classes unless archived before it began; baselines valid on its Sunday.
 */

/** One week of one municipality, with the instants that bound it. */
export interface WeekScope {
  municipalityId: number;
  /** Monday and Sunday, local dates. */
  from: string;
  to: string;
  /** The first instant of Monday and of the next Monday, local. */
  startsAt: Date;
  endsAt: Date;
}

const num = (v: unknown) => toInt(v as number | string | null);

/* ------------------------------------------------------------------ */
/* Municipality, settings                                              */

export function municipality(db: DbOrTrx, id: number) {
  return db
    .selectFrom('municipalities')
    .select(['id', 'name', 'time_zone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function municipalities(db: DbOrTrx) {
  return db
    .selectFrom('municipalities')
    .select(['id', 'name', 'time_zone'])
    .orderBy('id')
    .execute();
}

export function settingsOf(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('monitoring_settings')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
}

/**
 * The start of the latest week in which anyone of the municipality wrote
 * (native counters or imported counts); null: nobody yet. Both reads walk an
 * index from the newest week and stop at the first row.
 */
export async function lastActiveWeekStart(
  db: DbOrTrx,
  municipalityId: number,
): Promise<string | null> {
  const [native, imported] = await Promise.all([
    db
      .selectFrom('activity_weekly as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select('a.week_start')
      .where('p.municipality_id', '=', municipalityId)
      .where('a.messages', '>', 0)
      .orderBy('a.week_start', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('activity_imported')
      .select('week_start')
      .where('municipality_id', '=', municipalityId)
      .where('messages', '>', 0)
      .orderBy('week_start', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const weeks = [native?.week_start, imported?.week_start].filter(
    (w): w is string => typeof w === 'string',
  );
  return weeks.length === 0 ? null : weeks.sort().at(-1)!;
}

export async function upsertSettings(
  db: DbOrTrx,
  row: Insertable<Database['monitoring_settings']>,
): Promise<void> {
  const { municipality_id: _m, ...rest } = row;
  await db
    .insertInto('monitoring_settings')
    .values(row)
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet(rest))
    .execute();
}

/* ------------------------------------------------------------------ */
/* Weekly indicators                                                   */

export interface OrgInfo {
  id: number;
  name: string;
  shortName: string | null;
  kind: string;
}

/** Organisations not archived before the week began. */
export async function organizationsOf(db: DbOrTrx, w: WeekScope): Promise<OrgInfo[]> {
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'short_name', 'kind'])
    .where('municipality_id', '=', w.municipalityId)
    .where((eb) => eb.or([eb('archived_at', 'is', null), eb('archived_at', '>', w.startsAt)]))
    .orderBy('kind')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, shortName: r.short_name, kind: r.kind }));
}

/** Headcounts of every organisation and category, as valid on the week's Sunday. */
export async function baselinesOf(db: DbOrTrx, w: WeekScope) {
  const rows = await db
    .selectFrom('org_baselines as b')
    .innerJoin('organizations as o', 'o.id', 'b.organization_id')
    .select(['b.organization_id', 'b.category', 'b.headcount'])
    .where('o.municipality_id', '=', w.municipalityId)
    .where('b.valid_from', '<=', w.to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('org_baselines as b2')
            .select('b2.id')
            .whereRef('b2.organization_id', '=', 'b.organization_id')
            .whereRef('b2.category', '=', 'b.category')
            .where('b2.valid_from', '<=', w.to)
            .whereRef('b2.valid_from', '>', 'b.valid_from'),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({
    organizationId: r.organization_id,
    category: r.category,
    headcount: num(r.headcount),
  }));
}

/** Counters of staff rows: each row is one eligible position (not yet one person). */
export interface StaffCounters {
  rows: number;
  registered: number;
  active: number;
  zero: number;
  from1to4: number;
  from5to9: number;
  from10to19: number;
  from20: number;
  messages: number;
  substantive: number;
  replies: number;
  parentConversation: number;
  importedPeople: number;
  importedActive: number;
  importedMessages: number;
}

/**
 * The positions monitoring counts in a week: every position of an authority,
 * pedagogical positions elsewhere (`p`, `o` in scope). People deactivated before the week
 * and accounts are tested by membership in small sets the database builds
 * once per query (not a lookup per position): what keeps a region's week
 * under 100 ms on SQLite.
 */
function eligibleWhere(w: WeekScope): RawBuilder<unknown> {
  return sql`o.municipality_id = ${w.municipalityId}
      AND (o.archived_at IS NULL OR o.archived_at > ${w.startsAt})
      AND (o.kind = 'authority' OR p.pedagogical = ${true})
      AND (p.started_on IS NULL OR p.started_on <= ${w.to})
      AND (p.ended_on IS NULL OR p.ended_on >= ${w.from})
      AND p.person_id NOT IN (
        SELECT id FROM people WHERE deactivated_at IS NOT NULL AND deactivated_at <= ${w.startsAt}
      )`;
}

/** True when anything was imported for the week (the imported joins are skipped otherwise). */
export async function hasImported(db: DbOrTrx, w: WeekScope): Promise<boolean> {
  const r = await db
    .selectFrom('activity_imported')
    .select('person_id')
    .where('week_start', '=', w.from)
    .where('municipality_id', '=', w.municipalityId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The position's holder had an account before the week ended: membership in a set built once. */
const registeredInSet = (w: WeekScope) =>
  sql`p.person_id IN (SELECT person_id FROM accounts WHERE created_at < ${w.endsAt})`;

/** The same test as a lookup per row: cheaper for a few rows. */
/**
 * The same test as a lookup per row: cheaper for a few rows. A scalar
 * subquery with LIMIT, which PostgreSQL cannot turn into a hash of every
 * account (it does an EXISTS when it misjudges the rows).
 */
const registeredLookup = (w: WeekScope) =>
  sql`(SELECT 1 FROM accounts acc WHERE acc.person_id = p.person_id AND acc.created_at < ${w.endsAt} LIMIT 1) IS NOT NULL`;

function toCounters(r: Record<string, unknown>): StaffCounters {
  const rows = num(r.rows_n);
  return {
    rows,
    registered: num(r.registered),
    active: num(r.active),
    zero: rows - num(r.b1) - num(r.b5) - num(r.b10) - num(r.b20),
    from1to4: num(r.b1),
    from5to9: num(r.b5),
    from10to19: num(r.b10),
    from20: num(r.b20),
    messages: num(r.messages),
    substantive: num(r.substantive),
    replies: num(r.replies),
    parentConversation: num(r.parent_conversation),
    importedPeople: num(r.imported_people),
    importedActive: num(r.imported_active),
    importedMessages: num(r.imported_messages),
  };
}

/**
 * Per-row facts of a few positions (`p` in scope): messages (m, s, r, pc),
 * account (reg), imported messages (im) — each a lookup by primary key.
 */
function weekFacts(w: WeekScope, withImported: boolean): RawBuilder<unknown> {
  return sql`
      COALESCE(a.messages, 0) AS m,
      COALESCE(a.substantive, 0) AS s,
      COALESCE(a.replies_received, 0) AS r,
      COALESCE(a.parent_conversation, 0) AS pc,
      CASE WHEN ${registeredLookup(w)} THEN 1 ELSE 0 END AS reg,
      ${withImported ? sql`ai.messages` : sql`CAST(NULL AS integer)`} AS im`;
}

/**
 * The week's rollups of the few positions' holders. PostgreSQL takes them
 * through LATERAL, a lookup per row (`OFFSET 0` keeps its planner from
 * pulling the subquery up into a hash of the whole week's rollup, which it
 * does when it overestimates the rows). SQLite always joins by lookup.
 */
function weekJoins(db: DbOrTrx, w: WeekScope, withImported: boolean): RawBuilder<unknown> {
  const join = (table: string, alias: string) =>
    dialectOf<Database>(db) === 'postgres'
      ? sql`LEFT JOIN LATERAL (SELECT * FROM ${sql.table(table)} x WHERE x.week_start = ${w.from} AND x.person_id = p.person_id OFFSET 0) ${sql.raw(alias)} ON true`
      : sql`LEFT JOIN ${sql.table(table)} ${sql.raw(alias)} ON ${sql.raw(alias)}.week_start = ${w.from} AND ${sql.raw(alias)}.person_id = p.person_id`;
  return sql`
    ${join('activity_weekly', 'a')}
    ${withImported ? join('activity_imported', 'ai') : sql``}`;
}

/**
 * Counters per organisation over eligible positions — one pass over the
 * positions with a primary-key lookup of each holder's weekly rollup, every
 * counter an aggregate with a FILTER (cheaper than `sum(CASE …)` on both
 * dialects); `zero` is what the four buckets leave. A person holding two
 * eligible positions is counted twice here; `multiPositionPeople` returns
 * exactly those people so the service can count each person once.
 */
export async function staffCountersByOrg(
  db: DbOrTrx,
  w: WeekScope,
  threshold: number,
  withImported: boolean,
): Promise<Map<number, StaffCounters>> {
  const imported = withImported
    ? sql`count(ai.messages) AS imported_people,
        count(*) FILTER (WHERE ai.messages >= ${threshold}) AS imported_active,
        sum(ai.messages) AS imported_messages`
    : sql`0 AS imported_people, 0 AS imported_active, 0 AS imported_messages`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT p.organization_id AS org_id,
      count(*) AS rows_n,
      count(*) FILTER (WHERE ${registeredInSet(w)}) AS registered,
      count(*) FILTER (WHERE a.messages >= ${threshold}) AS active,
      count(*) FILTER (WHERE a.messages BETWEEN 1 AND 4) AS b1,
      count(*) FILTER (WHERE a.messages BETWEEN 5 AND 9) AS b5,
      count(*) FILTER (WHERE a.messages BETWEEN 10 AND 19) AS b10,
      count(*) FILTER (WHERE a.messages >= 20) AS b20,
      sum(a.messages) AS messages,
      sum(a.substantive) AS substantive,
      sum(a.replies_received) AS replies,
      sum(a.parent_conversation) AS parent_conversation,
      ${imported}
    FROM organizations o
    JOIN positions p ON p.organization_id = o.id
    LEFT JOIN activity_weekly a ON a.week_start = ${w.from} AND a.person_id = p.person_id
    ${withImported ? sql`LEFT JOIN activity_imported ai ON ai.week_start = ${w.from} AND ai.person_id = p.person_id` : sql``}
    WHERE ${eligibleWhere(w)}
    GROUP BY p.organization_id`.execute(db);
  return new Map(rows.map((r) => [num(r.org_id), toCounters(r)]));
}

export interface PositionFacts {
  personId: number;
  organizationId: number;
  kind: string;
  messages: number;
  substantive: number;
  replies: number;
  parentConversation: number;
  registered: boolean;
  imported: number | null;
}

/**
 * People holding more than one position of any kind (usually few). In
 * person order, which both dialects read straight off `positions_person_idx`
 * (PostgreSQL would otherwise hash every position).
 */
async function peopleWithSeveralPositions(db: DbOrTrx): Promise<number[]> {
  const { rows } = await sql<{ person_id: number | string }>`
    SELECT person_id FROM positions GROUP BY person_id HAVING count(*) > 1
    ORDER BY person_id`.execute(db);
  return rows.map((r) => num(r.person_id));
}

/** People asked about at once: well below either dialect's bound on parameters. */
const PEOPLE_CHUNK = 2000;

/**
 * Every eligible position of the people holding more than one position of
 * any kind: a cheap superset; the service corrects only those with two
 * eligible ones. The people are found first, so the planner knows how few
 * rows it completes by lookups (guessing, PostgreSQL would hash the whole
 * week's rollup and all accounts, and compile the plan).
 */
export async function multiPositionPeople(
  db: DbOrTrx,
  w: WeekScope,
  withImported: boolean,
): Promise<PositionFacts[]> {
  const people = await peopleWithSeveralPositions(db);
  const out: PositionFacts[] = [];
  for (let i = 0; i < people.length; i += PEOPLE_CHUNK) {
    const chunk = people.slice(i, i + PEOPLE_CHUNK);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT p.person_id, p.organization_id, o.kind, ${weekFacts(w, withImported)}
      FROM positions p
      JOIN organizations o ON o.id = p.organization_id
      ${weekJoins(db, w, withImported)}
      WHERE p.person_id IN (${sql.join(chunk)}) AND ${eligibleWhere(w)}`.execute(db);
    for (const r of rows) {
      out.push({
        personId: num(r.person_id),
        organizationId: num(r.organization_id),
        kind: String(r.kind),
        messages: num(r.m),
        substantive: num(r.s),
        replies: num(r.r),
        parentConversation: num(r.pc),
        registered: num(r.reg) === 1,
        imported: r.im === null || r.im === undefined ? null : num(r.im),
      });
    }
  }
  return out;
}

export interface PupilFacts {
  pupilId: number;
  organizationId: number;
  kind: string;
  connected: boolean;
  active: boolean;
}

export interface ParentFacts {
  parentId: number;
  pupilId: number;
  organizationId: number;
  kind: string;
  active: boolean;
}

/** Pupils enrolled in the week, `e`, `c`, `o`, `pe` in scope. */
function enrolledPupils(): RawBuilder<unknown> {
  return sql`
    FROM enrolments e
    JOIN classes c ON c.id = e.class_id
    JOIN organizations o ON o.id = c.organization_id
    JOIN people pe ON pe.id = e.pupil_id`;
}

function enrolledWhere(w: WeekScope): RawBuilder<unknown> {
  return sql`
    WHERE o.municipality_id = ${w.municipalityId}
      AND (o.archived_at IS NULL OR o.archived_at > ${w.startsAt})
      AND (c.archived_at IS NULL OR c.archived_at > ${w.startsAt})
      AND (e.started_on IS NULL OR e.started_on <= ${w.to})
      AND (e.ended_on IS NULL OR e.ended_on >= ${w.from})
      AND (pe.deactivated_at IS NULL OR pe.deactivated_at > ${w.startsAt})`;
}

/**
 * Pupils enrolled in the week (one row per enrolment) and their connected
 * parents (one row per parent with an account × child): the service counts
 * distinct people per organisation, type and municipality from these.
 */
export async function familyFacts(
  db: DbOrTrx,
  w: WeekScope,
): Promise<{ pupils: PupilFacts[]; parents: ParentFacts[] }> {
  const pupils = await sql<Record<string, unknown>>`
    SELECT e.pupil_id, c.organization_id, o.kind,
      CASE WHEN pacc.person_id IS NULL THEN 0 ELSE 1 END AS connected,
      CASE WHEN pa.messages > 0 THEN 1 ELSE 0 END AS active
    ${enrolledPupils()}
    LEFT JOIN accounts pacc ON pacc.person_id = e.pupil_id AND pacc.created_at < ${w.endsAt}
    LEFT JOIN activity_weekly pa ON pa.week_start = ${w.from} AND pa.person_id = e.pupil_id
    ${enrolledWhere(w)}`.execute(db);
  const parents = await sql<Record<string, unknown>>`
    SELECT g.parent_id, e.pupil_id, c.organization_id, o.kind,
      CASE WHEN ga.messages > 0 THEN 1 ELSE 0 END AS active
    ${enrolledPupils()}
    JOIN guardianships g ON g.pupil_id = e.pupil_id
    JOIN accounts acc ON acc.person_id = g.parent_id AND acc.created_at < ${w.endsAt}
    LEFT JOIN activity_weekly ga ON ga.week_start = ${w.from} AND ga.person_id = g.parent_id
    ${enrolledWhere(w)}`.execute(db);
  return {
    pupils: pupils.rows.map((r) => ({
      pupilId: num(r.pupil_id),
      organizationId: num(r.organization_id),
      kind: String(r.kind),
      connected: num(r.connected) === 1,
      active: num(r.active) === 1,
    })),
    parents: parents.rows.map((r) => ({
      parentId: num(r.parent_id),
      pupilId: num(r.pupil_id),
      organizationId: num(r.organization_id),
      kind: String(r.kind),
      active: num(r.active) === 1,
    })),
  };
}

/* ------------------------------------------------------------------ */
/* Communities (tables of the communities module, read loosely)        */

/** "No such table": the communities module's tables are not there (yet). */
function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '42P01' || /no such table/i.test(e?.message ?? '');
}

/**
 * Runs a read of another module's tables; `fallback` when they do not
 * exist. Never call inside a transaction (a failed statement aborts a
 * PostgreSQL transaction).
 */
async function ifTablesExist<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isMissingTable(err)) return fallback;
    throw err;
  }
}

/** Communities alive at the end of the week, by kind; null when there are no community tables. */
export function communitiesByKind(db: DbOrTrx, w: WeekScope): Promise<Map<string, number> | null> {
  return ifTablesExist(async () => {
    const { rows } = await sql<{ kind: string; n: number | string }>`
      SELECT kind, count(*) AS n FROM communities
      WHERE municipality_id = ${w.municipalityId}
        AND created_at < ${w.endsAt}
        AND (archived_at IS NULL OR archived_at >= ${w.endsAt})
      GROUP BY kind`.execute(db);
    return new Map(rows.map((r) => [r.kind, num(r.n)]));
  }, null);
}

/**
 * People connected to the authority's communities of a kind (`heads`,
 * `deputies`) at the end of the week: distinct members of the communities
 * of that kind owned by the authority (or by the municipality itself) — the
 * roadmap's "users connected to the authority's community".
 */
export function connectedToAuthority(
  db: DbOrTrx,
  w: WeekScope,
  kind: 'heads' | 'deputies',
): Promise<number> {
  return ifTablesExist(async () => {
    const { rows } = await sql<{ n: number | string }>`
      SELECT count(DISTINCT cm.person_id) AS n
      FROM community_members cm
      JOIN communities c ON c.id = cm.community_id
      LEFT JOIN organizations ow ON ow.id = c.owner_org_id
      WHERE c.municipality_id = ${w.municipalityId}
        AND c.kind = ${kind}
        AND (c.owner_org_id IS NULL OR ow.kind = 'authority')
        AND c.created_at < ${w.endsAt}
        AND (c.archived_at IS NULL OR c.archived_at >= ${w.endsAt})
        AND cm.joined_at < ${w.endsAt}
        AND (cm.left_at IS NULL OR cm.left_at >= ${w.endsAt})`.execute(db);
    return num(rows[0]?.n ?? 0);
  }, 0);
}

/**
 * Dates the demo's communities of a kind (created now by the communities
 * module's demo loader) back to when the roadmap had them made, members
 * joining over the following days. Demo only; no-op without the tables.
 */
export async function backdateDemoCommunities(
  db: DbOrTrx,
  municipalityId: number,
  kind: string,
  createdAt: Date,
  joinSpreadDays: number,
): Promise<void> {
  await ifTablesExist(async () => {
    const { rows } = await sql<{ id: number | string }>`
      SELECT id FROM communities WHERE municipality_id = ${municipalityId} AND kind = ${kind}
      ORDER BY id`.execute(db);
    for (const [i, r] of rows.entries()) {
      const created = new Date(createdAt.getTime() + i * 86_400_000);
      await sql`UPDATE communities SET created_at = ${created} WHERE id = ${num(r.id)}`.execute(db);
      const members = await sql<{ person_id: number | string }>`
        SELECT person_id FROM community_members WHERE community_id = ${num(r.id)} ORDER BY person_id`.execute(
        db,
      );
      for (const [k, mb] of members.rows.entries()) {
        const joined = new Date(
          created.getTime() + ((k * 7919) % (joinSpreadDays * 24)) * 3_600_000,
        );
        await sql`UPDATE community_members SET joined_at = ${joined}
          WHERE community_id = ${num(r.id)} AND person_id = ${num(mb.person_id)}`.execute(db);
      }
    }
    return true;
  }, false);
}

/* ------------------------------------------------------------------ */
/* Drill-down                                                          */

export async function organization(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'name', 'short_name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Eligible staff of one organisation with their week's messages (names, titles; no content). */
export async function staffOfOrganization(db: DbOrTrx, w: WeekScope, organizationId: number) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT p.person_id, pe.last_name, pe.first_name, pe.middle_name, p.title, ${weekFacts(w, false)}
    FROM organizations o
    JOIN positions p ON p.organization_id = o.id
    JOIN people pe ON pe.id = p.person_id
    ${weekJoins(db, w, false)}
    WHERE ${eligibleWhere(w)}
      AND o.id = ${organizationId}
    ORDER BY p.person_id`.execute(db);
  return rows.map((r) => ({
    personId: num(r.person_id),
    lastName: String(r.last_name),
    firstName: String(r.first_name),
    middleName: r.middle_name === null ? null : String(r.middle_name),
    title: r.title === null ? null : String(r.title),
    messages: num(r.m),
    registered: num(r.reg) === 1,
  }));
}

/* ------------------------------------------------------------------ */
/* Frozen weeks                                                        */

export function frozenWeek(db: DbOrTrx, municipalityId: number, week: string, threshold: number) {
  return db
    .selectFrom('monitoring_weeks')
    .select(['payload', 'frozen_at', 'format'])
    .where('municipality_id', '=', municipalityId)
    .where('week', '=', week)
    .where('threshold', '=', threshold)
    .executeTakeFirst();
}

/** The stored JSON of a week frozen as served (format 2); undefined otherwise. */
export async function servedPayload(
  db: DbOrTrx,
  municipalityId: number,
  week: string,
  threshold: number,
): Promise<string | undefined> {
  const r = await db
    .selectFrom('monitoring_weeks')
    .select('payload')
    .where('municipality_id', '=', municipalityId)
    .where('week', '=', week)
    .where('threshold', '=', threshold)
    .where('format', '=', 2)
    .executeTakeFirst();
  return r?.payload;
}

/**
 * Frozen weeks among `weeks`: the summary of those frozen as served
 * (format 2), the whole payload of older ones (`body`; SQLite evaluates
 * COALESCE and CASE lazily, so a summary's row never reads its payload).
 */
export async function frozenSummaries(
  db: DbOrTrx,
  municipalityId: number,
  threshold: number,
  weeks: string[],
) {
  if (weeks.length === 0) return [];
  const rows = await db
    .selectFrom('monitoring_weeks as w')
    .leftJoin('monitoring_week_summaries as s', (j) =>
      j
        .onRef('s.municipality_id', '=', 'w.municipality_id')
        .onRef('s.week', '=', 'w.week')
        .onRef('s.threshold', '=', 'w.threshold'),
    )
    // SQLite reads a row's columns in order: `frozen_at` and `payload` lie
    // behind the payload's overflow pages, so they are read for old rows only.
    .select((eb) => [
      'w.week',
      eb.case().when('s.summary', 'is', null).then(eb.ref('w.frozen_at')).end().as('frozen_at'),
      's.summary',
      eb.fn.coalesce('s.summary', 'w.payload').as('body'),
    ])
    .where('w.municipality_id', '=', municipalityId)
    .where('w.threshold', '=', threshold)
    .where('w.week', 'in', weeks)
    .execute();
  return rows.map((r) => ({
    week: r.week,
    /** Read for old rows only: a summary carries its `frozenAt`. */
    frozen_at: r.frozen_at,
    format: r.summary === null ? 1 : 2,
    body: r.body,
  }));
}

/** Every week frozen at a threshold. */
export async function frozenWeekLabels(
  db: DbOrTrx,
  municipalityId: number,
  threshold: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('monitoring_weeks')
    .select('week')
    .where('municipality_id', '=', municipalityId)
    .where('threshold', '=', threshold)
    .execute();
  return rows.map((r) => r.week);
}

/** Weeks frozen (any threshold) among `weeks`, with their thresholds. */
export function frozenKeys(db: DbOrTrx, municipalityId: number, weeks: string[]) {
  if (weeks.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('monitoring_weeks')
    .select(['week', 'threshold'])
    .where('municipality_id', '=', municipalityId)
    .where('week', 'in', weeks)
    .execute();
}

/** Stores a week frozen as served (format 2) with its summary; call it in a transaction. */
export async function saveFrozenWeek(
  db: DbOrTrx,
  row: {
    municipalityId: number;
    week: string;
    threshold: number;
    payload: string;
    summary: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('monitoring_weeks')
    .values({
      municipality_id: row.municipalityId,
      week: row.week,
      threshold: row.threshold,
      payload: row.payload,
      format: 2,
      frozen_at: row.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['municipality_id', 'week', 'threshold'])
        .doUpdateSet({ payload: row.payload, format: 2, frozen_at: row.at }),
    )
    .execute();
  await saveSummary(db, row);
}

async function saveSummary(
  db: DbOrTrx,
  row: { municipalityId: number; week: string; threshold: number; summary: string },
): Promise<void> {
  await db
    .insertInto('monitoring_week_summaries')
    .values({
      municipality_id: row.municipalityId,
      week: row.week,
      threshold: row.threshold,
      summary: row.summary,
    })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'week', 'threshold']).doUpdateSet({ summary: row.summary }),
    )
    .execute();
}

/**
 * Replaces the payload and summary of a week frozen as served, keeping when
 * it was frozen; call it in a transaction.
 */
export async function updateFrozenPayload(
  db: DbOrTrx,
  row: {
    municipalityId: number;
    week: string;
    threshold: number;
    payload: string;
    summary: string;
  },
): Promise<void> {
  await db
    .updateTable('monitoring_weeks')
    .set({ payload: row.payload })
    .where('municipality_id', '=', row.municipalityId)
    .where('week', '=', row.week)
    .where('threshold', '=', row.threshold)
    .execute();
  await saveSummary(db, row);
}

/* ------------------------------------------------------------------ */
/* Rebuild from messages                                               */

/** Counted messages (text, polls; deleted too) of a municipality written in [start, end). */
export async function countedMessages(db: DbOrTrx, municipalityId: number, start: Date, end: Date) {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('chats as c', 'c.id', 'm.chat_id')
    .select([
      'm.id',
      'm.chat_id',
      'm.author_id',
      'm.created_at',
      'm.substantive',
      'm.reply_to_seq',
      'c.kind as chat_kind',
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('m.created_at', '>=', start)
    .where('m.created_at', '<', end)
    .where('m.kind', 'in', ['text', 'poll'])
    .where('m.author_id', 'is not', null)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    chatId: r.chat_id,
    authorId: r.author_id as number,
    createdAt: r.created_at,
    substantive: toBool(r.substantive),
    replyToSeq: r.reply_to_seq === null ? null : Number(r.reply_to_seq),
    chatKind: r.chat_kind,
  }));
}

/** The text each edited message had when it was sent: the oldest kept version. */
export async function originalBodies(db: DbOrTrx, messageIds: number[]) {
  const out = new Map<number, string>();
  for (let i = 0; i < messageIds.length; i += 5000) {
    const chunk = messageIds.slice(i, i + 5000);
    const rows = await db
      .selectFrom('message_edits')
      .select(['message_id', 'body', 'id'])
      .where('message_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of rows) if (!out.has(r.message_id)) out.set(r.message_id, r.body);
  }
  return out;
}

/** Authors of the messages replied to: `chatId:seq` → author. */
export async function authorsBySeq(db: DbOrTrx, refs: { chatId: number; seq: number }[]) {
  const out = new Map<string, number | null>();
  const byChat = new Map<number, number[]>();
  for (const r of refs) byChat.set(r.chatId, [...(byChat.get(r.chatId) ?? []), r.seq]);
  for (const [chatId, seqs] of byChat) {
    for (let i = 0; i < seqs.length; i += 5000) {
      const rows = await db
        .selectFrom('messages')
        .select(['seq', 'author_id'])
        .where('chat_id', '=', chatId)
        .where('seq', 'in', seqs.slice(i, i + 5000))
        .execute();
      for (const r of rows) out.set(`${chatId}:${Number(r.seq)}`, r.author_id);
    }
  }
  return out;
}

/** People holding an open position now (the send path's "staff" test). */
export async function staffPeople(db: DbOrTrx, municipalityId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('positions as p')
    .innerJoin('people as pe', 'pe.id', 'p.person_id')
    .select('p.person_id')
    .distinct()
    .where('pe.municipality_id', '=', municipalityId)
    .where('p.ended_on', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

/** Guardians of any pupil (the send path's "parent" test). */
export async function guardianPeople(db: DbOrTrx, municipalityId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('guardianships as g')
    .innerJoin('people as pe', 'pe.id', 'g.parent_id')
    .select('g.parent_id')
    .distinct()
    .where('pe.municipality_id', '=', municipalityId)
    .execute();
  return new Set(rows.map((r) => r.parent_id));
}

/** Members of the municipality's direct chats: chat → people. */
export async function directMembers(db: DbOrTrx, municipalityId: number) {
  const rows = await db
    .selectFrom('chat_members as cm')
    .innerJoin('chats as c', 'c.id', 'cm.chat_id')
    .select(['cm.chat_id', 'cm.person_id'])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.kind', '=', 'direct')
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.chat_id, [...(out.get(r.chat_id) ?? []), r.person_id]);
  return out;
}

const inMunicipality = (municipalityId: number) =>
  sql<boolean>`person_id IN (SELECT id FROM people WHERE municipality_id = ${municipalityId})`;

/** Removes the municipality's daily and weekly activity of a range of days / weeks. */
export async function deleteActivity(
  db: DbOrTrx,
  municipalityId: number,
  days: { from: string; to: string },
): Promise<void> {
  await db
    .deleteFrom('activity_daily')
    .where('day', '>=', days.from)
    .where('day', '<=', days.to)
    .where(inMunicipality(municipalityId))
    .execute();
  await db
    .deleteFrom('activity_weekly')
    .where('week_start', '>=', days.from)
    .where('week_start', '<=', days.to)
    .where(inMunicipality(municipalityId))
    .execute();
}

export interface ActivityRow {
  person_id: number;
  messages: number;
  substantive: number;
  replies_received: number;
  parent_conversation: number;
}

/** Rows per insert: 5000 × 6 columns stays below SQLite's 32766 bound parameters. */
const CHUNK = 5000;

export async function insertDaily(
  db: DbOrTrx,
  rows: (ActivityRow & { day: string })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('activity_daily')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export async function insertWeekly(
  db: DbOrTrx,
  rows: (ActivityRow & { week_start: string })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('activity_weekly')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/* ------------------------------------------------------------------ */
/* Imports                                                             */

export async function peopleForMatching(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('people')
    .select(['id', 'phone', 'email', 'external_id'])
    .where('municipality_id', '=', municipalityId)
    .execute();
}

export async function insertImport(
  db: DbOrTrx,
  row: Insertable<Database['monitoring_imports']>,
): Promise<number> {
  const r = await db
    .insertInto('monitoring_imports')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function upsertImported(
  db: DbOrTrx,
  rows: Insertable<Database['activity_imported']>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('activity_imported')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['week_start', 'person_id']).doUpdateSet((eb) => ({
          messages: eb.ref('excluded.messages'),
          import_id: eb.ref('excluded.import_id'),
        })),
      )
      .execute();
  }
}

/* ------------------------------------------------------------------ */
/* Weekly post, leases                                                 */

/** The authority's staff chat: where the weekly report is posted. */
export async function authorityStaffChat(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('chats as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id'])
    .where('o.municipality_id', '=', municipalityId)
    .where('o.kind', '=', 'authority')
    .where('c.kind', '=', 'org_staff')
    .where('c.archived_at', 'is', null)
    .orderBy('c.id')
    .executeTakeFirst();
}

/** The week's post, when made. */
export function postOf(db: DbOrTrx, municipalityId: number, week: string) {
  return db
    .selectFrom('monitoring_posts')
    .select(['chat_id', 'message_seq'])
    .where('municipality_id', '=', municipalityId)
    .where('week', '=', week)
    .executeTakeFirst();
}

/** The person the municipality's weekly post is written by. */
export async function botPerson(db: DbOrTrx, municipalityId: number): Promise<number | null> {
  const r = await db
    .selectFrom('monitoring_bots')
    .select('person_id')
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  return r ? r.person_id : null;
}

/**
 * Creates the municipality's system sender: a person without account or
 * position (so never counted, never signed in), named as the chat shows it,
 * and flagged `system_sender` (so never listed, found or written to).
 */
export async function createBotPerson(
  db: DbOrTrx,
  municipalityId: number,
  name: { lastName: string; firstName: string },
  at: Date,
): Promise<number> {
  const person = await db
    .insertInto('people')
    .values({
      municipality_id: municipalityId,
      last_name: name.lastName,
      first_name: name.firstName,
      system_sender: true,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('monitoring_bots')
    .values({ municipality_id: municipalityId, person_id: Number(person.id) })
    .execute();
  return Number(person.id);
}

/** The id of a chat's message by its seq. */
export async function messageIdAt(db: DbOrTrx, chatId: number, seq: number): Promise<number> {
  const r = await db
    .selectFrom('messages')
    .select('id')
    .where('chat_id', '=', chatId)
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Claims the week's post; false when another node (or an earlier run) did. */
export async function claimPost(
  db: DbOrTrx,
  municipalityId: number,
  week: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .insertInto('monitoring_posts')
    .values({ municipality_id: municipalityId, week, posted_at: at })
    .onConflict((oc) => oc.columns(['municipality_id', 'week']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function recordPost(
  db: DbOrTrx,
  municipalityId: number,
  week: string,
  chatId: number | null,
  seq: number | null,
): Promise<void> {
  await db
    .updateTable('monitoring_posts')
    .set({ chat_id: chatId, message_seq: seq })
    .where('municipality_id', '=', municipalityId)
    .where('week', '=', week)
    .execute();
}

/**
 * Takes or renews the named lease until `until`: true when this holder has
 * it. Portable leader election for scheduled jobs (docs/monitoring.md).
 */
export async function takeLease(
  db: DbOrTrx,
  name: string,
  holder: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  await db
    .insertInto('monitoring_job_leases')
    .values({ name, holder, expires_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('monitoring_job_leases')
    .set({ holder, expires_at: until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The earliest week with native or imported activity of the municipality, as its Monday. */
export async function firstActivityWeek(
  db: DbOrTrx,
  municipalityId: number,
): Promise<string | null> {
  const r = await db
    .selectFrom('activity_weekly')
    .select((eb) => eb.fn.min('week_start').as('w'))
    .where(inMunicipality(municipalityId))
    .executeTakeFirst();
  return r?.w ?? null;
}

/* ------------------------------------------------------------------ */
/* Demo history                                                        */

/** Every position of the municipality with its organisation kind and the holder's account. */
export async function demoPositions(db: DbOrTrx, municipalityId: number) {
  const rows = await db
    .selectFrom('positions as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('accounts as a', 'a.person_id', 'p.person_id')
    .select([
      'p.person_id',
      'p.organization_id',
      'o.kind as org_kind',
      'p.role',
      'p.pedagogical',
      'a.id as account_id',
    ])
    .where('o.municipality_id', '=', municipalityId)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    organizationId: r.organization_id,
    orgKind: r.org_kind,
    role: r.role,
    pedagogical: toBool(r.pedagogical),
    accountId: r.account_id,
  }));
}

/** Accounts of people who are not staff (the demo's parent and pupil). */
export async function nonStaffAccounts(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('people as pe', 'pe.id', 'a.person_id')
    .select(['a.id', 'a.person_id'])
    .where('pe.municipality_id', '=', municipalityId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('positions as p').select('p.id').whereRef('p.person_id', '=', 'a.person_id'),
        ),
      ),
    )
    .execute();
}

/** Sets the creation time of accounts: the demo's registration history. */
export async function setAccountsCreated(
  db: DbOrTrx,
  at: Date,
  accountIds: number[],
): Promise<void> {
  for (let i = 0; i < accountIds.length; i += 1000) {
    await db
      .updateTable('accounts')
      .set({ created_at: at })
      .where('id', 'in', accountIds.slice(i, i + 1000))
      .execute();
  }
}
