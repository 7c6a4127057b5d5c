import type { OrganizationRow, Zone } from '@parta/shared';
import { ORG_TYPES, zoneOrder, type MonitoringState, type SortDir, type SortKey } from './params';

/**
 * Filtering and sorting of the per-organisation table. Pure, so the rules a
 * specialist relies on («red first», «empty values last») are tested apart
 * from the screen.
 */

/** Lower case, «ё» as «е», quotes and extra spaces ignored: «сош №5» finds «МАОУ СОШ № 5». */
export function normalizeName(text: string): string {
  return text
    .toLocaleLowerCase('ru-RU')
    .replace(/ё/g, 'е')
    .replace(/[«»"'„“”]/g, '')
    .replace(/№\s*/g, '№')
    .replace(/\s+/g, ' ')
    .trim();
}

export function matchesSearch(row: OrganizationRow, q: string): boolean {
  const needle = normalizeName(q);
  if (!needle) return true;
  return (
    normalizeName(row.name).includes(needle) || normalizeName(row.shortName ?? '').includes(needle)
  );
}

type Filter = Pick<MonitoringState, 'type' | 'zone' | 'q'>;

export function filterRows(rows: readonly OrganizationRow[], filter: Filter): OrganizationRow[] {
  return rows.filter(
    (row) =>
      (filter.type === null || row.type === filter.type) &&
      (filter.zone === null || (row.zone ?? 'none') === filter.zone) &&
      matchesSearch(row, filter.q),
  );
}

/** The value a column sorts by; null sorts last in both directions. */
function sortValue(row: OrganizationRow, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return row.shortName ?? row.name;
    case 'type':
      return ORG_TYPES.indexOf(row.type);
    case 'baseline':
      return row.baseline;
    case 'registered':
      return row.registered;
    case 'active':
      return row.active;
    case 'share':
      return row.share;
    case 'change':
      return row.activeChange;
    case 'substantive':
      return row.substantiveShare;
    case 'zone':
      return row.zone === null ? null : zoneOrder[row.zone];
  }
}

const collator = new Intl.Collator('ru-RU', { numeric: true, sensitivity: 'base' });

/** A stable sort by one column; ties are broken by name so the order never jumps. */
export function sortRows(
  rows: readonly OrganizationRow[],
  key: SortKey,
  dir: SortDir,
): OrganizationRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: OrganizationRow, b: OrganizationRow) =>
    collator.compare(a.shortName ?? a.name, b.shortName ?? b.name);
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va === vb) return byName(a, b);
      return va === null ? 1 : -1;
    }
    const c =
      typeof va === 'string' && typeof vb === 'string'
        ? collator.compare(va, vb)
        : (va as number) - (vb as number);
    return c !== 0 ? c * sign : byName(a, b);
  });
}

/**
 * The zone of a share against the target, by the report's thresholds — the
 * same rule the server applies to each organisation, used for the totals.
 */
export function zoneOf(
  share: number | null,
  zones: { targetShare: number; redBelow: number; yellowBelow: number },
): Zone | null {
  if (share === null || zones.targetShare <= 0) return null;
  const ofTarget = share / zones.targetShare;
  if (ofTarget < zones.redBelow) return 'red';
  if (ofTarget < zones.yellowBelow) return 'yellow';
  return 'green';
}
