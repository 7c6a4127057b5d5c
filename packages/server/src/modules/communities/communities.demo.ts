import type { Community, RuleSpec } from '@parta/shared';

type CommunityKind = Community['kind'];
import type { Db } from '../../db/database';
import { ensureCommunityChats, putMember, type ChatChange } from './communities.membership';
import * as repo from './communities.repository';
import { syncRulesIn } from './communities.rules';

export interface DemoCommunity {
  id: number;
  kind: CommunityKind;
  title: string;
  members: number;
}

interface Planned {
  kind: CommunityKind;
  title: string;
  description: string;
  ownerOrgId: number;
  owners: number[];
  admins: number[];
  rules: RuleSpec[];
}

const SCHOOL_KINDS = ['general', 'additional', 'preschool'] as const;

/**
 * The network communities the roadmap names (DOMAIN: items 1, 2, 4, 5, 7),
 * for every municipality that has none yet: heads of general, preschool and
 * additional education (3 of kind `heads`), the authority's «Руководители ОО
 * — УО» with every head and the authority's staff, deputies of general
 * schools and the authority's deputies community, and parents' communities
 * of a few classes. Membership comes from rules, so it follows the rosters.
 * One transaction; no events (nobody is connected during a demo load); the
 * demo load's own audit entry covers it.
 */
export async function loadDemoCommunities(
  db: Db,
  opts: { now?: Date } = {},
): Promise<DemoCommunity[]> {
  const now = opts.now ?? new Date();
  const created: DemoCommunity[] = [];
  await db.transaction().execute(async (trx) => {
    for (const m of await repo.municipalities(trx)) {
      if ((await repo.countCommunities(trx, m.id)) > 0) continue;
      const authority = await repo.selectAuthority(trx, m.id);
      if (!authority) continue;
      const chief = await repo.holdersOf(trx, authority.id, 'head');
      const admins = await repo.grantHolders(trx, m.id, 'municipal_admin');
      const byAuthority = (
        kind: CommunityKind,
        title: string,
        description: string,
        rules: RuleSpec[],
      ): Planned => ({
        kind,
        title,
        description,
        ownerOrgId: authority.id,
        owners: chief.slice(0, 1),
        admins,
        rules,
      });
      const plans: Planned[] = [
        byAuthority(
          'heads',
          'Руководители общеобразовательных организаций',
          'Сетевое сообщество директоров школ округа.',
          [{ roles: ['head'], orgKinds: ['general'] }],
        ),
        byAuthority(
          'heads',
          'Руководители дошкольных образовательных организаций',
          'Сетевое сообщество заведующих детскими садами округа.',
          [{ roles: ['head'], orgKinds: ['preschool'] }],
        ),
        byAuthority(
          'heads',
          'Руководители организаций дополнительного образования',
          'Сетевое сообщество руководителей учреждений дополнительного образования.',
          [{ roles: ['head'], orgKinds: ['additional'] }],
        ),
        byAuthority(
          'heads',
          'Руководители ОО — УО',
          'Управление образования и руководители всех образовательных организаций округа.',
          [{ roles: ['head'], orgKinds: [...SCHOOL_KINDS] }, { staffOfOrg: authority.id }],
        ),
        byAuthority(
          'deputies',
          'Заместители руководителей общеобразовательных организаций',
          'Сетевое сообщество заместителей директоров школ.',
          [{ roles: ['deputy'], orgKinds: ['general'] }],
        ),
        byAuthority(
          'deputies',
          'Заместители руководителей ОО — УО',
          'Управление образования и заместители директоров школ.',
          [{ roles: ['deputy'], orgKinds: ['general'] }, { staffOfOrg: authority.id }],
        ),
      ];
      // Parents' communities: the demo pupil's class first, then the first classes of that school.
      const pupilClass = (await repo.classesOfPupilsWithAccounts(trx, m.id))[0];
      const school =
        pupilClass?.organization_id ?? (await repo.orgsOfKind(trx, m.id, 'general'))[0]?.id;
      if (school !== undefined) {
        const org = await repo.selectOrg(trx, school);
        const classes = (await repo.classesOfOrg(trx, school)).filter((c) => c.kind === 'class');
        const picked = [
          ...classes.filter((c) => c.id === pupilClass?.id),
          ...classes.filter((c) => c.id !== pupilClass?.id),
        ].slice(0, 3);
        for (const cls of picked)
          plans.push({
            kind: 'parents',
            title: `Родители ${cls.name} — ${org?.short_name ?? org?.name ?? ''}`.trim(),
            description: 'Родительское сообщество класса: объявления и обсуждения.',
            ownerOrgId: school,
            owners: cls.class_teacher_id === null ? [] : [cls.class_teacher_id],
            admins: [],
            rules: [{ parentsOfClass: cls.id }],
          });
      }
      const changes: ChatChange[] = [];
      for (const p of plans) {
        const id = await repo.insertCommunity(trx, {
          municipalityId: m.id,
          kind: p.kind,
          title: p.title,
          description: p.description,
          ownerOrgId: p.ownerOrgId,
          createdBy: null,
          at: now,
        });
        const spec = {
          id,
          municipality_id: m.id,
          title: p.title,
          description: p.description,
          created_by: null,
        };
        await ensureCommunityChats(trx, spec, now);
        for (const personId of p.owners)
          await putMember(trx, spec, { personId, role: 'owner', source: 'manual' }, now, changes);
        for (const personId of p.admins)
          await putMember(trx, spec, { personId, role: 'admin', source: 'manual' }, now, changes);
        for (const rule of p.rules)
          await repo.insertRule(trx, {
            communityId: id,
            spec: JSON.stringify(rule),
            createdBy: null,
            at: now,
          });
        await syncRulesIn(trx, { communityId: id }, now, changes);
        const [count] = await repo.memberCounts(trx, [id]);
        created.push({ id, kind: p.kind, title: p.title, members: Number(count?.n ?? 0) });
      }
    }
  });
  return created;
}
