import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database';
import type { DialectName } from '../../db/connect';
import { MARK_END, MARK_START, rankByBm25 } from './search.text';

/**
 * All SQL of search. The message index differs by dialect (migration 0006):
 * PostgreSQL's generated `messages.search_tsv` (configuration `russian`) and
 * SQLite's FTS5 table `messages_search` of stems computed in JS; the two
 * named helpers below hide that, and `matchMessages` picks one.
 */

/** Chats the person is a member of now (the only ones whose messages they may find). */
export async function memberChatIds(db: DbOrTrx, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('chat_members')
    .select('chat_id')
    .where('person_id', '=', personId)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => Number(r.chat_id));
}

export interface MessageMatch {
  /** PostgreSQL: `websearch_to_tsquery('russian', text)`. */
  text: string;
  /** SQLite: the FTS5 expression over `body` built from the same query (`toFtsMatch`). */
  fts: string;
  /** SQLite: the query's positive terms, to rank by. */
  terms: ReadonlySet<string>;
  /** Chats to search in: the reader's current chats (or the one asked for). */
  chatIds: number[];
  authorId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  hasAttachment?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface MessageMatchRow {
  id: number;
  chat_id: number;
  seq: number | string;
  author_id: number | null;
  created_at: Date | string;
  edited_at: Date | string | null;
  /** PostgreSQL: a `ts_headline` with MARK_START/MARK_END; SQLite: the body (fragments are cut in JS). */
  excerpt: string;
  excerpt_marked: boolean;
}

/**
 * Matches are ranked among the newest `RANK_WINDOW` of them (after the
 * access and other filters): the index walks matches newest first and stops
 * there, so a word in every third message costs the same as a rare one.
 * Chats are conversations; what is older than that many matches is found
 * with a narrower query (a chat, an author, a date range, another word).
 */
export const RANK_WINDOW = 500;

/** Best first (rank), then newest; one page. */
export function matchMessages(
  db: DbOrTrx,
  dialect: DialectName,
  m: MessageMatch,
): Promise<MessageMatchRow[]> {
  return dialect === 'postgres' ? matchMessagesPostgres(db, m) : matchMessagesSqlite(db, m);
}

function commonFilters(m: MessageMatch): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`m.deleted_at IS NULL`];
  if (m.authorId !== undefined) where.push(sql`m.author_id = ${m.authorId}`);
  if (m.from !== undefined) where.push(sql`m.created_at >= ${m.from}`);
  if (m.to !== undefined) where.push(sql`m.created_at < ${m.to}`);
  if (m.hasAttachment !== undefined) {
    const exists = sql`EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id)`;
    where.push(m.hasAttachment ? exists : sql`NOT ${exists}`);
  }
  return where;
}

const HEADLINE_OPTIONS =
  `StartSel="${MARK_START}", StopSel="${MARK_END}", MaxWords=24, MinWords=10, ShortWord=2, ` +
  `MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * PostgreSQL: the GIN index on `search_tsv` (or, for a frequent word, the
 * primary key walked newest first) finds the matches, ranked by `ts_rank`;
 * `ts_headline` runs on the page only (the outer query).
 */
async function matchMessagesPostgres(db: DbOrTrx, m: MessageMatch): Promise<MessageMatchRow[]> {
  const where = [
    sql`m.search_tsv @@ q.query`,
    m.chatIds.length === 1
      ? sql`m.chat_id = ${m.chatIds[0]}`
      : sql`m.chat_id = ANY(${m.chatIds}::bigint[])`,
    ...commonFilters(m),
  ];
  const query = sql`(SELECT websearch_to_tsquery('russian', ${m.text}) AS query)`;
  // In one chat, seq orders as id does, and the (chat_id, seq) index walks it newest first
  // (an equality, not `= ANY`, lets the planner use the index order).
  const newest = m.chatIds.length === 1 ? sql`m.seq DESC` : sql`m.id DESC`;
  const r = await sql<MessageMatchRow>`
    SELECT h.id, h.chat_id, h.seq, h.author_id, h.created_at, h.edited_at, true AS excerpt_marked,
           ts_headline('russian', translate(h.body, ${MARK_START + MARK_END}, ''), q.query,
                       ${HEADLINE_OPTIONS}) AS excerpt
    FROM (
      SELECT c.id, c.chat_id, c.seq, c.author_id, c.created_at, c.edited_at, c.body,
             ts_rank(c.search_tsv, q.query) AS rank
      FROM (
        SELECT m.id, m.chat_id, m.seq, m.author_id, m.created_at, m.edited_at, m.body,
               m.search_tsv
        FROM messages m, ${query} q
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY ${newest}
        LIMIT ${RANK_WINDOW}
      ) c, ${query} q
      ORDER BY rank DESC, c.id DESC
      LIMIT ${m.limit} OFFSET ${m.offset}
    ) h, ${query} q
    ORDER BY h.rank DESC, h.id DESC`.execute(db);
  return r.rows;
}

/**
 * Up to this many chats, the reader's chats are `c<id>` tokens of the FTS5
 * `tags` column and the index intersects them before any message row is
 * read; above it (a chat share large enough that most matches are theirs
 * anyway), the index walks the matches and the join keeps the reader's.
 */
const FTS_CHAT_TOKENS_MAX = 100;

/**
 * SQLite: FTS5 walks the matches newest first (the access filter inside the
 * index or in the join), stops at the window, and the window is ranked in
 * JS (`rankByBm25`) — FTS5's `bm25()` costs a second index read per row.
 */
async function matchMessagesSqlite(db: DbOrTrx, m: MessageMatch): Promise<MessageMatchRow[]> {
  const tags: string[] = [];
  const where = commonFilters(m);
  if (m.chatIds.length <= FTS_CHAT_TOKENS_MAX) {
    tags.push(`(tags : (${m.chatIds.map((id) => `c${id}`).join(' OR ')}))`);
  } else {
    where.push(sql`m.chat_id IN (${sql.join(m.chatIds)})`);
  }
  if (m.authorId !== undefined) tags.push(`(tags : a${m.authorId})`);
  const match = [m.fts, ...tags].join(' AND ');
  const r = await sql<MessageMatchRow>`
    SELECT m.id, m.chat_id, m.seq, m.author_id, m.created_at, m.edited_at, m.body AS excerpt,
           0 AS excerpt_marked
    FROM messages_search s JOIN messages m ON m.id = s.rowid
    WHERE messages_search MATCH ${match} AND ${sql.join(where, sql` AND `)}
    ORDER BY s.rowid DESC
    LIMIT ${RANK_WINDOW}`.execute(db);
  return rankByBm25(r.rows, (row) => row.excerpt, m.terms).slice(m.offset, m.offset + m.limit);
}

/** SQLite: rebuilds the FTS5 index from `messages` (after a stemmer change); PostgreSQL needs none. */
export async function rebuildSqliteIndex(db: DbOrTrx): Promise<number> {
  await sql`INSERT INTO messages_search (messages_search) VALUES ('delete-all')`.execute(db);
  const r = await sql`
    INSERT INTO messages_search (rowid, body, tags)
    SELECT id, parta_search_text(body), 'c' || chat_id || ' a' || coalesce(author_id, 0)
    FROM messages WHERE deleted_at IS NULL AND kind <> 'system'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Which of these messages carry files. */
export async function messagesWithAttachments(
  db: DbOrTrx,
  messageIds: number[],
): Promise<Set<number>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('message_id')
    .distinct()
    .where('message_id', 'in', messageIds)
    .execute();
  return new Set(rows.map((r) => Number(r.message_id)));
}

export function peopleNames(db: DbOrTrx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .select(['id', 'last_name', 'first_name', 'middle_name'])
    .where('id', 'in', ids)
    .execute();
}

/* ---------------- names ---------------- */

/** LIKE pattern matching `s` literally anywhere (`\` escapes % and _). */
function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Case variants of a word: SQLite folds case only for ASCII and PostgreSQL's
 * LIKE not at all, so Cyrillic names are matched as typed, in lower case,
 * capitalised and in upper case — portable without dialect code.
 */
function caseVariants(word: string): string[] {
  const lower = word.toLocaleLowerCase('ru');
  const capital = lower.charAt(0).toLocaleUpperCase('ru') + lower.slice(1);
  return [...new Set([word, lower, capital, word.toLocaleUpperCase('ru')])];
}

function anyLike<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  columns: string[],
  word: string,
) {
  return eb.or(
    caseVariants(word).flatMap((v) =>
      columns.map((col) => sql<SqlBool>`${sql.ref(col)} like ${containsPattern(v)} escape '\\'`),
    ),
  );
}

export interface PeopleScope {
  /** Only people linked to these organisations (position, enrolment, a child's enrolment)… */
  orgIds: number[];
  /** …or holding a position anywhere (authority staff see all staff). */
  staffAnywhere: boolean;
}

/**
 * People of a municipality whose names contain every word, active only and
 * never a system sender, ordered by name. `scope` narrows the candidates to those the viewer could
 * possibly see (null: everyone); the policy decides each one after this.
 */
export async function peopleByName(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    viewerId: number;
    words: string[];
    scope: PeopleScope | null;
    limit: number;
    offset: number;
  },
): Promise<number[]> {
  const rows = await db
    .selectFrom('people as pe')
    .select('pe.id')
    .where((eb) => {
      const conds = [
        eb('pe.municipality_id', '=', f.municipalityId),
        eb('pe.deactivated_at', 'is', null),
        eb('pe.system_sender', '=', false),
        ...f.words.map((w) => anyLike(eb, ['pe.last_name', 'pe.first_name', 'pe.middle_name'], w)),
      ];
      if (f.scope) {
        const orgIds = f.scope.orgIds;
        const inScope = [eb('pe.id', '=', f.viewerId)];
        if (orgIds.length > 0) {
          inScope.push(
            eb.exists(
              eb
                .selectFrom('positions as ps')
                .select('ps.id')
                .whereRef('ps.person_id', '=', 'pe.id')
                .where('ps.ended_on', 'is', null)
                .where('ps.organization_id', 'in', orgIds),
            ),
            eb.exists(
              eb
                .selectFrom('enrolments as en')
                .innerJoin('classes as cl', 'cl.id', 'en.class_id')
                .select('en.id')
                .whereRef('en.pupil_id', '=', 'pe.id')
                .where('en.ended_on', 'is', null)
                .where('cl.archived_at', 'is', null)
                .where('cl.organization_id', 'in', orgIds),
            ),
            eb.exists(
              eb
                .selectFrom('guardianships as gu')
                .innerJoin('enrolments as en', 'en.pupil_id', 'gu.pupil_id')
                .innerJoin('classes as cl', 'cl.id', 'en.class_id')
                .select('gu.id')
                .whereRef('gu.parent_id', '=', 'pe.id')
                .where('en.ended_on', 'is', null)
                .where('cl.archived_at', 'is', null)
                .where('cl.organization_id', 'in', orgIds),
            ),
          );
        }
        if (f.scope.staffAnywhere) {
          inScope.push(
            eb.exists(
              eb
                .selectFrom('positions as ps')
                .select('ps.id')
                .whereRef('ps.person_id', '=', 'pe.id')
                .where('ps.ended_on', 'is', null),
            ),
          );
        }
        conds.push(eb.or(inScope));
      }
      return eb.and(conds);
    })
    .orderBy('pe.last_name')
    .orderBy('pe.first_name')
    .orderBy('pe.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return rows.map((r) => Number(r.id));
}

type ChatsQuery = ReturnType<typeof chatsOf>;

/** The person's current chats, with the other member of each direct chat (its title). */
function chatsOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('chat_members as cm')
    .innerJoin('chats as c', 'c.id', 'cm.chat_id')
    .leftJoin('chat_members as om', (j) =>
      j
        .onRef('om.chat_id', '=', 'c.id')
        .on('c.kind', '=', 'direct')
        .on('om.person_id', '!=', personId),
    )
    .leftJoin('people as p', 'p.id', 'om.person_id')
    .select([
      'c.id',
      'c.kind',
      'c.title',
      'c.archived_at',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
    ])
    .where('cm.person_id', '=', personId)
    .where('cm.left_at', 'is', null);
}

export type ChatTitleRow = Awaited<ReturnType<ChatsQuery['execute']>>[number];

/** Chats by id among the person's current chats (titles of search hits). */
export function chatTitles(db: DbOrTrx, personId: number, chatIds: number[]) {
  if (chatIds.length === 0) return Promise.resolve([] as ChatTitleRow[]);
  return chatsOf(db, personId).where('c.id', 'in', chatIds).execute();
}

/**
 * The person's current chats whose title (direct chats: the other person's
 * name) contains every word; most recently active first.
 */
export function chatsByName(db: DbOrTrx, personId: number, words: string[], limit: number) {
  return chatsOf(db, personId)
    .where((eb) =>
      eb.and(
        words.map((w) =>
          anyLike(eb, ['c.title', 'p.last_name', 'p.first_name', 'p.middle_name'], w),
        ),
      ),
    )
    .orderBy((eb) => eb.fn.coalesce('c.last_message_at', 'c.created_at'), 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}
