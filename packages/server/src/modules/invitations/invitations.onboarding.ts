import type { ClassOnboarding, OrgKind, OrgOnboarding } from '@parta/shared';
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

/** The numbers of these organisations (no authorization: for monitoring and the routes below). */
export async function onboardingOf(
  db: DbOrTrx,
  orgs: { id: number; name: string; short_name: string | null; kind: string }[],
  opts: { classes: boolean } = { classes: true },
): Promise<OrgOnboarding[]> {
  const orgIds = orgs.map((o) => o.id);
  const classes = (await Promise.all(orgIds.map((id) => repo.classesOf(db, { orgId: id })))).flat();
  const classIds = classes.map((c) => c.id);
  const [pupils, parents, invitations, staff] = await Promise.all([
    repo.pupilFacts(db, classIds),
    repo.parentFacts(db, classIds),
    repo.parentInvitationFacts(db, classIds),
    repo.staffFacts(db, orgIds),
  ]);
  const perClass = countClasses(classes, pupils, parents, invitations);
  return orgs.map((o) => {
    const mine = new Set(classes.filter((c) => c.organization_id === o.id).map((c) => c.id));
    const staffOf = new Map<number, { account: boolean; accepted: boolean }>();
    for (const s of staff.filter((s) => s.organization_id === o.id)) {
      const prev = staffOf.get(s.person_id);
      staffOf.set(s.person_id, {
        account: (prev?.account ?? false) || toBool(s.has_account),
        accepted: (prev?.accepted ?? false) || toBool(s.accepted),
      });
    }
    const ps = new Map<number, boolean>();
    for (const p of pupils.filter((p) => mine.has(p.class_id)))
      ps.set(p.pupil_id, (ps.get(p.pupil_id) ?? false) || toBool(p.parent_connected));
    const gs = new Map<number, boolean>();
    for (const g of parents.filter((g) => mine.has(g.class_id)))
      gs.set(g.parent_id, toBool(g.has_account));
    return {
      organizationId: o.id,
      name: o.short_name ?? o.name,
      kind: o.kind as OrgKind,
      staff: staffOf.size,
      staffWithAccount: [...staffOf.values()].filter((s) => s.account).length,
      staffAccepted: [...staffOf.values()].filter((s) => s.accepted).length,
      pupils: ps.size,
      pupilsWithConnectedParent: [...ps.values()].filter(Boolean).length,
      parents: gs.size,
      parentsWithAccount: [...gs.values()].filter(Boolean).length,
      classes: opts.classes ? perClass.filter((c) => mine.has(c.classId)) : [],
    };
  });
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

/** Every organisation of the viewer's municipality, without the per-class rows. */
export async function municipalOnboarding(
  db: DbOrTrx,
  viewer: PersonFacts,
): Promise<OrgOnboarding[]> {
  authorize(canViewMunicipalOnboarding(viewer));
  const orgs = await repo.orgsOfMunicipality(db, viewer.municipalityId);
  return onboardingOf(db, orgs, { classes: false });
}
