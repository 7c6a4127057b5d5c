import { RuleSpec, type OrgKind, type PositionRole, type SyncResult } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import type { EventSink } from '../../platform/events';
import {
  dropMember,
  publishChatChanges,
  putMember,
  type ChatChange,
} from './communities.membership';
import * as repo from './communities.repository';

/**
 * Rule-based membership: "all heads of general schools", "parents of 5А".
 * A rule is data (`RuleSpec`, JSON in `community_rules.spec`); what it
 * matches is computed from the rosters every time, so membership follows
 * positions, enrolments and guardianships as they change.
 */

export interface RulesDeps {
  events: EventSink;
  now: () => Date;
}

export function parseSpec(text: string): RuleSpec | null {
  try {
    const r = RuleSpec.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** People the rule matches now, in the community's municipality. */
export async function matchRule(
  db: DbOrTrx,
  municipalityId: number,
  spec: RuleSpec,
): Promise<number[]> {
  if ('parentsOfClass' in spec) {
    const cls = await repo.selectClass(db, spec.parentsOfClass);
    if (!cls || cls.municipality_id !== municipalityId) return [];
    return repo.parentsOfClass(db, spec.parentsOfClass);
  }
  if ('staffOfOrg' in spec) {
    return repo.peopleByPositions(db, {
      municipalityId,
      roles: spec.roles ?? ['head', 'deputy', 'teacher', 'authority_staff', 'staff'],
      orgIds: [spec.staffOfOrg],
    });
  }
  return repo.peopleByPositions(db, {
    municipalityId,
    roles: spec.roles,
    orgKinds: spec.orgKinds,
    orgIds: spec.orgIds,
  });
}

const ROLE_WORDS: Record<PositionRole, string> = {
  head: 'руководители',
  deputy: 'заместители руководителей',
  teacher: 'педагоги',
  authority_staff: 'специалисты Управления образования',
  staff: 'прочие сотрудники',
};

const KIND_WORDS: Record<OrgKind, string> = {
  authority: 'Управление образования',
  general: 'общеобразовательные организации',
  additional: 'организации дополнительного образования',
  preschool: 'дошкольные образовательные организации',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The rule in Russian, for people: «Руководители: общеобразовательные организации». */
export async function describeRule(db: DbOrTrx, spec: RuleSpec): Promise<string> {
  if ('parentsOfClass' in spec) {
    const cls = await repo.selectClass(db, spec.parentsOfClass);
    return cls
      ? `Родители учащихся ${cls.name} (${cls.short_name ?? cls.org_name})`
      : 'Родители учащихся класса (класс удалён)';
  }
  const roles = (spec.roles ?? []).map((r) => ROLE_WORDS[r]).join(', ');
  if ('staffOfOrg' in spec) {
    const org = await repo.selectOrg(db, spec.staffOfOrg);
    const name = org ? (org.short_name ?? org.name) : 'организация удалена';
    return `${capital(roles || 'все сотрудники')}: ${name}`;
  }
  const where: string[] = [];
  if (spec.orgKinds) where.push(...spec.orgKinds.map((k) => KIND_WORDS[k]));
  if (spec.orgIds) {
    const orgs = await repo.selectOrgs(db, spec.orgIds);
    where.push(...orgs.map((o) => o.short_name ?? o.name));
  }
  return `${capital(roles)}: ${where.length ? where.join(', ') : 'все организации'}`;
}

/**
 * Brings rule-based membership in step with the rosters: adds everyone a
 * rule of the community matches (unless they left or were removed — see
 * `community_exclusions`), and removes plain `rule` members no rule matches
 * any more. Members who came in by hand, by invitation or by request, and
 * members given a higher role, are never removed here. Archived communities
 * stay as they are.
 *
 * Idempotent; one transaction for the whole scope; membership events are
 * published after commit unless `silent` (bulk loads with nobody connected).
 * Call it after any roster change (positions, enrolments, guardianships,
 * deactivation, archiving an organisation or a class); it is also run on an
 * interval and on demand (`POST /api/v1/communities/sync`).
 */
export async function syncCommunityRules(
  db: Db,
  deps: RulesDeps,
  scope: { municipalityId?: number; communityId?: number } = {},
  opts: { silent?: boolean } = {},
): Promise<SyncResult> {
  const changes: ChatChange[] = [];
  const result = await db
    .transaction()
    .execute((trx) => syncRulesIn(trx, scope, deps.now(), changes));
  if (!opts.silent) await publishChatChanges(deps.events, changes);
  return result;
}

/** `syncCommunityRules` inside the caller's transaction; the caller publishes `changes` after commit. */
export async function syncRulesIn(
  trx: DbOrTrx,
  scope: { municipalityId?: number | undefined; communityId?: number | undefined },
  now: Date,
  changes: ChatChange[],
): Promise<SyncResult> {
  let added = 0;
  let removed = 0;
  let communities = 0;
  const list = await repo.communitiesWithRules(trx, scope);
  const extra =
    scope.communityId !== undefined && !list.some((c) => c.id === scope.communityId)
      ? [scope.communityId]
      : [];
  for (const id of [...list.map((c) => c.id), ...extra]) {
    const c = await repo.selectCommunity(trx, id);
    if (!c || c.archived_at !== null) continue;
    communities += 1;
    const desired = new Set<number>();
    for (const rule of await repo.listRules(trx, c.id)) {
      const spec = parseSpec(rule.spec);
      if (spec) for (const p of await matchRule(trx, c.municipality_id, spec)) desired.add(p);
    }
    const excluded = await repo.exclusionsOf(trx, c.id);
    const current = await repo.currentMembers(trx, c.id);
    const currentIds = new Set(current.map((m) => m.person_id));
    for (const personId of desired) {
      if (excluded.has(personId) || currentIds.has(personId)) continue;
      await putMember(trx, c, { personId, role: 'member', source: 'rule' }, now, changes);
      added += 1;
    }
    for (const m of current) {
      if (m.source !== 'rule' || m.role !== 'member' || desired.has(m.person_id)) continue;
      await dropMember(trx, c.id, m.person_id, now, changes);
      removed += 1;
    }
  }
  return { communities, added, removed };
}
