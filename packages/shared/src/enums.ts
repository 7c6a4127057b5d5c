import { z } from 'zod';

export const ORG_KINDS = ['authority', 'general', 'additional', 'preschool'] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;

export const POSITION_ROLES = ['head', 'deputy', 'teacher', 'authority_staff', 'staff'] as const;
export const PositionRole = z.enum(POSITION_ROLES);
export type PositionRole = z.infer<typeof PositionRole>;

/** Administrative grants, separate from positions: who may manage what. */
export const ADMIN_ROLES = ['platform_admin', 'municipal_admin', 'org_admin'] as const;
export const AdminRole = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof AdminRole>;

/** Headcount categories of `org_baselines`: the denominators of every share. */
export const BASELINE_CATEGORIES = ['pedagogical', 'authority_staff', 'pupils'] as const;
export const BaselineCategory = z.enum(BASELINE_CATEGORIES);
export type BaselineCategory = z.infer<typeof BaselineCategory>;

export const CLASS_KINDS = ['class', 'group'] as const;
export const ClassKind = z.enum(CLASS_KINDS);
export type ClassKind = z.infer<typeof ClassKind>;

export const GUARDIAN_RELATIONS = ['mother', 'father', 'guardian', 'other'] as const;
export const GuardianRelation = z.enum(GUARDIAN_RELATIONS);
export type GuardianRelation = z.infer<typeof GuardianRelation>;
