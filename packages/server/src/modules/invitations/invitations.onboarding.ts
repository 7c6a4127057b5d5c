import {
  ORG_KINDS,
  type ClassOnboarding,
  type MunicipalOnboarding,
  type OnboardingTotals,
  type OrgKind,
  type OrgOnboarding,
} from '@parta/shared';
import type { DbOrTrx } from '../../db/database';
import { toBool } from '../../db/values';
import { notFound } from '../../platform/errors';
import { authorize, type PersonFacts } from '../people';
import {
  canViewClassOnboarding,
  canViewMunicipalOnboarding,
  canViewOnboarding,
} from './invitations.policy';
import * as repo from './invitations.repository';

/**
 * Who is connected (DOMAIN: "pupils with at least one connected parent,
 * staff who accepted"): counts only, no names. A parent is connected when
 * they have an active account; a person counts once per class and once per
 * organisation. Monitoring reads the same numbers (`onboardingOf`).
 */

function countClasses(
  classes: { id: number; name: string; organization_id: number }[],
  pupils: Awaited<ReturnType<typeof repo.pupilFacts>>,
  parents: Awaited<ReturnType<typeof repo.parentFacts>>,
  invitations: Awaited<ReturnType<typeof repo.parentInvitationFacts>>,
): ClassOnboarding[] {
  return classes.map((c) => {
    const ps = pupils.filter((p) => p.class_id === c.id);
    const parentIds = new Map<number, boolean>();
    for (const g of parents.filter((g) => g.class_id === c.id))
      parentIds.set(g.parent_id, toBool(g.has_account));
    const inv = invitations.filter((i) => i.class_id === c.id);
    return {
      classId: c.id,
      name: c.name,
      pupils: ps.length,
      pupilsWithAccount: ps.filter((p) => toBool(p.has_account)).length,
      pupilsWithConnectedParent: ps.filter((p) => toBool(p.parent_connected)).length,
      parents: parentIds.size,
      parentsWithAccount: [...parentIds.values()].filter(Boolean).length,
      parentInvitations: inv.length,
      parentInvitationsAccepted: inv.filter((i) => Number(i.use_count) > 0).length,
    };
  });
}

type OrgRef = { id: number; name: string; short_name: string | null; kind: string };

/** Everything the counts are made of, for these organisations, in five queries. */
async function factsOf(db: DbOrTrx, orgs: readonly OrgRef[]) {
  const orgIds = orgs.map((o) => o.id);
  const classes = (await Promise.all(orgIds.map((id) => repo.classesOf(db, { orgId: id })))).flat();
  const classIds = classes.map((c) => c.id);
  const [pupils, parents, invitations, staff] = await Promise.all([
    repo.pupilFacts(db, classIds),
    repo.parentFacts(db, classIds),
    repo.parentInvitationFacts(db, classIds),
    repo.staffFacts(db, orgIds),
  ]);
  return { classes, pupils, parents, invitations, staff };
}
type Facts = Awaited<ReturnType<typeof factsOf>>;

/**
 * Counts over the given organisations, each person once: a teacher with
 * positions in two of them is one member of staff, a pupil in a school and
 * in a centre of additional education is one pupil.
 */
function totalsOver(facts: Facts, orgIds: ReadonlySet<number>): OnboardingTotals {
  const classIds = new Set(
    facts.classes.filter((c) => orgIds.has(c.organization_id)).map((c) => c.id),
  );
  const staff = new Map<number, { account: boolean; accepted: boolean }>();
  for (const s of facts.staff) {
    if (!orgIds.has(s.organization_id)) continue;
    const prev = staff.get(s.person_id);
    staff.set(s.person_id, {
      account: (prev?.account ?? false) || toBool(s.has_account),
      accepted: (prev?.accepted ?? false) || toBool(s.accepted),
    });
  }
  const pupils = new Map<number, boolean>();
  for (const p of facts.pupils) {
    if (!classIds.has(p.class_id)) continue;
    pupils.set(p.pupil_id, (pupils.get(p.pupil_id) ?? false) || toBool(p.parent_connected));
  }
  const parents = new Map<number, boolean>();
  for (const g of facts.parents) {
    if (!classIds.has(g.class_id)) continue;
    parents.set(g.parent_id, toBool(g.has_account));
  }
  const count = <T>(m: Map<number, T>, f: (v: T) => boolean) => [...m.values()].filter(f).length;
  return {
    organizations: orgIds.size,
    staff: staff.size,
    staffWithAccount: count(staff, (s) => s.account),
    staffAccepted: count(staff, (s) => s.accepted),
    pupils: pupils.size,
    pupilsWithConnectedParent: count(pupils, Boolean),
    parents: parents.size,
    parentsWithAccount: count(parents, Boolean),
  };
}

function rowsOf(
  orgs: readonly OrgRef[],
  facts: Facts,
  opts: { classes: boolean },
): OrgOnboarding[] {
  const perClass = opts.classes
    ? countClasses(facts.classes, facts.pupils, facts.parents, facts.invitations)
    : [];
  return orgs.map((o) => {
    const { organizations: _one, ...counts } = totalsOver(facts, new Set([o.id]));
    const mine = new Set(facts.classes.filter((c) => c.organization_id === o.id).map((c) => c.id));
    return {
      organizationId: o.id,
      name: o.short_name ?? o.name,
      kind: o.kind as OrgKind,
      ...counts,
      classes: perClass.filter((c) => mine.has(c.classId)),
    };
  });
}

/** The numbers of these organisations (no authorization: for monitoring and the routes below). */
export async function onboardingOf(
  db: DbOrTrx,
  orgs: OrgRef[],
  opts: { classes: boolean } = { classes: true },
): Promise<OrgOnboarding[]> {
  return rowsOf(orgs, await factsOf(db, orgs), opts);
}

export async function orgOnboarding(
  db: DbOrTrx,
  viewer: PersonFacts,
  orgId: number,
): Promise<OrgOnboarding> {
  const org = await repo.selectOrg(db, orgId);
  if (!org || org.municipality_id !== viewer.municipalityId)
    throw notFound('No such organisation.');
  authorize(canViewOnboarding(viewer, { id: org.id, municipalityId: org.municipality_id }));
  const [row] = await onboardingOf(db, [org]);
  if (!row) throw notFound('No such organisation.');
  return row;
}

export async function classOnboarding(
  db: DbOrTrx,
  viewer: PersonFacts,
  classId: number,
): Promise<ClassOnboarding> {
  const cls = await repo.selectClass(db, classId);
  if (!cls || cls.municipality_id !== viewer.municipalityId) throw notFound('No such class.');
  authorize(
    canViewClassOnboarding(viewer, {
      organizationId: cls.organization_id,
      municipalityId: cls.municipality_id,
      classTeacherId: cls.class_teacher_id,
    }),
  );
  const classes = [{ id: cls.id, name: cls.name, organization_id: cls.organization_id }];
  const [pupils, parents, invitations] = await Promise.all([
    repo.pupilFacts(db, [cls.id]),
    repo.parentFacts(db, [cls.id]),
    repo.parentInvitationFacts(db, [cls.id]),
  ]);
  const [row] = countClasses(classes, pupils, parents, invitations);
  if (!row) throw notFound('No such class.');
  return row;
}

/**
 * Every organisation of the viewer's municipality (without the per-class
 * rows), the district's totals and each kind's, a person counted once.
 */
export async function municipalOnboarding(
  db: DbOrTrx,
  viewer: PersonFacts,
): Promise<MunicipalOnboarding> {
  authorize(canViewMunicipalOnboarding(viewer));
  const orgs = await repo.orgsOfMunicipality(db, viewer.municipalityId);
  const facts = await factsOf(db, orgs);
  const idsOf = (kind?: OrgKind) =>
    new Set(orgs.filter((o) => kind === undefined || o.kind === kind).map((o) => o.id));
  return {
    items: rowsOf(orgs, facts, { classes: false }),
    totals: totalsOver(facts, idsOf()),
    kinds: ORG_KINDS.filter((kind) => orgs.some((o) => o.kind === kind)).map((kind) => ({
      kind,
      ...totalsOver(facts, idsOf(kind)),
    })),
  };
}
