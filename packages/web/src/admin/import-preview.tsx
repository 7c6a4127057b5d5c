import {
  IMPORT_ACTIONS,
  type ImportAction,
  type ImportItem,
  type ImportPlan,
  type ImportProblem,
} from '@parta/shared';
import { useId, useMemo, useState } from 'react';
import { useAdminT } from './messages';

/**
 * The dry run, as a secretary reads it: what the file is, what will happen to
 * how many people, every problem by row and column (sortable), every person
 * with their changes. Long lists come in portions.
 */

const PROBLEMS_PAGE = 100;
const ITEMS_PAGE = 50;

/** Column letters sort as a spreadsheet shows them: A … Z, AA …; none last. */
function columnRank(column: string | null): number {
  if (!column) return Number.MAX_SAFE_INTEGER;
  return [...column].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
}

type SortKey = 'row' | 'column' | 'message';

export function sortProblems(
  list: readonly ImportProblem[],
  key: SortKey,
  ascending: boolean,
): ImportProblem[] {
  const byRow = (a: ImportProblem, b: ImportProblem) =>
    (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER);
  const byColumn = (a: ImportProblem, b: ImportProblem) =>
    columnRank(a.column) - columnRank(b.column);
  const compare = (a: ImportProblem, b: ImportProblem) =>
    key === 'row'
      ? byRow(a, b) || byColumn(a, b)
      : key === 'column'
        ? byColumn(a, b) || byRow(a, b)
        : a.message.localeCompare(b.message, 'ru') || byRow(a, b);
  const sorted = [...list].sort(compare);
  return ascending ? sorted : sorted.reverse();
}

export function FileSummary({ plan }: { plan: ImportPlan }) {
  const t = useAdminT();
  const parts = [
    plan.format === 'xlsx'
      ? t.import.formatXlsx(plan.sheet)
      : t.import.formatCsv(plan.encoding, plan.delimiter),
    t.import.headerRow(plan.headerRow),
    t.import.dataRows(plan.dataRows),
  ];
  if (plan.emptyRows > 0) parts.push(t.import.emptyRows(plan.emptyRows));
  if (plan.summary.skipped > 0) parts.push(t.import.skippedRows(plan.summary.skipped));
  return (
    <div className="import-file-summary">
      <p>{parts.join(' · ')}</p>
      <details className="admin-details">
        <summary>{t.import.columnsTitle}</summary>
        <ul className="column-list">
          {plan.columns.map((c) => (
            <li key={c.column} className={c.field ? undefined : 'is-muted'}>
              <span className="column-list__letter">{c.column}</span> «{c.header}» →{' '}
              {c.field
                ? (t.import.fields[c.field as keyof typeof t.import.fields] ?? c.field)
                : t.import.columnSkipped}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

export function SummaryTiles({ plan, done }: { plan: ImportPlan; done: boolean }) {
  const t = useAdminT();
  const s = plan.summary;
  const labels = done ? t.import.doneLabels : t.import.planLabels;
  const tiles: { key: ImportAction; n: number }[] = [
    { key: 'create', n: s.create },
    { key: 'update', n: s.update },
    { key: 'unchanged', n: s.unchanged },
  ];
  if (s.remove > 0 || plan.deactivateMissing) tiles.push({ key: 'remove', n: s.remove });
  if (s.deactivate > 0 || plan.deactivateMissing)
    tiles.push({ key: 'deactivate', n: s.deactivate });
  return (
    <dl className="stat-tiles import-tiles">
      {tiles.map(({ key, n }) => (
        <div key={key} className={`stat-tile stat-tile--${key}`}>
          <dt>{labels[key]}</dt>
          <dd>
            <span className="stat-tile__n">{n}</span> {t.import.peopleNoun(n)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Problems (they block the import) or warnings (they do not), by row and column. */
export function ProblemsTable({
  problems,
  kind,
}: {
  problems: readonly ImportProblem[];
  kind: 'problems' | 'warnings';
}) {
  const t = useAdminT();
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'row',
    ascending: true,
  });
  const [shown, setShown] = useState(PROBLEMS_PAGE);
  const sorted = useMemo(() => sortProblems(problems, sort.key, sort.ascending), [problems, sort]);
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="admin-sort"
          onClick={() =>
            setSort(active ? { key, ascending: !sort.ascending } : { key, ascending: true })
          }
        >
          {label}
          <span aria-hidden="true" className="admin-sort__mark">
            {active ? (sort.ascending ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <>
      <table className={`admin-table problem-table problem-table--${kind}`}>
        <caption className="visually-hidden">
          {kind === 'problems'
            ? t.import.problemsTitle(problems.length)
            : t.import.warningsTitle(problems.length)}
        </caption>
        <thead>
          <tr>
            {header('row', t.import.row)}
            {header('column', t.import.column)}
            {header('message', kind === 'problems' ? t.import.problem : t.import.warning)}
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, shown).map((p, i) => (
            <tr key={`${p.row}-${p.column}-${i}`}>
              <td data-label={t.import.row} className="num">
                {p.row ?? t.common.none}
              </td>
              <td data-label={t.import.column}>
                {p.column ? (
                  <span>
                    <span className="column-list__letter">{p.column}</span>
                    {p.header ? ` «${p.header}»` : ''}
                  </span>
                ) : (
                  t.common.none
                )}
              </td>
              <td data-label={kind === 'problems' ? t.import.problem : t.import.warning}>
                {p.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > shown ? (
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setShown(shown + PROBLEMS_PAGE)}
        >
          {t.common.showMore(Math.min(PROBLEMS_PAGE, sorted.length - shown), sorted.length - shown)}
        </button>
      ) : null}
    </>
  );
}

/** Every person the import touches, filtered by what happens to them. */
export function ItemsTable({ items, done }: { items: readonly ImportItem[]; done: boolean }) {
  const t = useAdminT();
  const id = useId();
  const [filter, setFilter] = useState<ImportAction | 'all'>('all');
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(ITEMS_PAGE);
  const counts = useMemo(() => {
    const c = new Map<ImportAction, number>();
    for (const i of items) c.set(i.action, (c.get(i.action) ?? 0) + 1);
    return c;
  }, [items]);
  const words = search.toLowerCase().replace(/ё/g, 'е').split(/\s+/).filter(Boolean);
  const filtered = items.filter(
    (i) =>
      (filter === 'all' || i.action === filter) &&
      words.every((w) => i.name.toLowerCase().replace(/ё/g, 'е').includes(w)),
  );
  const labels = done ? t.import.doneActions : t.import.actions;

  return (
    <div className="import-items">
      <div className="import-items__tools">
        <div className="segmented segmented--wrap" role="group" aria-label={t.import.filterLabel}>
          <button
            type="button"
            aria-pressed={filter === 'all'}
            onClick={() => {
              setFilter('all');
              setShown(ITEMS_PAGE);
            }}
          >
            {t.import.all} ({items.length})
          </button>
          {IMPORT_ACTIONS.filter((a) => (counts.get(a) ?? 0) > 0).map((a) => (
            <button
              key={a}
              type="button"
              aria-pressed={filter === a}
              onClick={() => {
                setFilter(a);
                setShown(ITEMS_PAGE);
              }}
            >
              {labels[a]} ({counts.get(a)})
            </button>
          ))}
        </div>
        <div className="field import-items__search">
          <label htmlFor={id} className="visually-hidden">
            {t.import.searchName}
          </label>
          <input
            id={id}
            type="search"
            value={search}
            placeholder={t.import.searchName}
            onChange={(e) => {
              setSearch(e.target.value);
              setShown(ITEMS_PAGE);
            }}
          />
        </div>
      </div>
      {filtered.length === 0 ? (
        <p className="muted">{t.import.nothingHere}</p>
      ) : (
        <table className="admin-table import-items__table">
          <caption className="visually-hidden">{t.import.itemsTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t.import.rows}</th>
              <th scope="col">{t.people.name}</th>
              <th scope="col">{t.import.action}</th>
              <th scope="col">{t.import.changes}</th>
            </tr>
          </thead>
          <tbody>
            {filtered.slice(0, shown).map((i, n) => (
              <tr key={`${i.personId ?? 'new'}-${i.rows.join(',')}-${n}`}>
                <td data-label={t.import.rows} className="num">
                  {i.rows.length > 0 ? i.rows.join(', ') : t.import.notInFile}
                </td>
                <th scope="row" className="admin-table__main">
                  {i.name}
                </th>
                <td data-label={t.import.action}>
                  <span className={`tag tag--${i.action}`}>{labels[i.action]}</span>
                </td>
                <td data-label={t.import.changes}>
                  {i.changes.length === 0 ? (
                    <span className="muted">{t.common.none}</span>
                  ) : (
                    <ul className="plain-list change-list">
                      {i.changes.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {filtered.length > shown ? (
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setShown(shown + ITEMS_PAGE)}
        >
          {t.common.showMore(
            Math.min(ITEMS_PAGE, filtered.length - shown),
            filtered.length - shown,
          )}
        </button>
      ) : null}
    </div>
  );
}
