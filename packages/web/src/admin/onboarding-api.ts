import type {
  ClassInfo,
  ClassOnboarding,
  Community,
  CommunityMember,
  CommunityRole,
  CommunityRule,
  CreateCommunity,
  CreatedInvitation,
  CreateInvitation,
  Invitation,
  InvitationKind,
  InvitationStatus,
  JoinRequest,
  Me,
  MunicipalOnboarding,
  OrganizationEntry,
  OrgOnboarding,
  OutboxEntry,
  Person,
  PersonListItem,
  RuleSpec,
  SheetPrepared,
  SyncResult,
  UpdateCommunity,
} from '@parta/shared';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { api, ApiError } from '../api/client';

/** The kinds of community (declared in the monitoring schema as a zod enum only). */
export type CommunityKind = Community['kind'];

/**
 * The endpoints of the invitations, communities and outbox sections
 * (invitations.routes.ts, communities.routes.ts) and the queries over them.
 * Every key starts with `onboarding` so one invalidation refreshes the
 * counts after anything here changes.
 */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const ROOT = 'onboarding';

export const keys = {
  all: [ROOT] as const,
  orgs: () => [ROOT, 'orgs'] as const,
  orgOnboarding: (orgId: number) => [ROOT, 'org', orgId] as const,
  municipal: () => [ROOT, 'municipal'] as const,
  classes: (orgId: number) => [ROOT, 'classes', orgId] as const,
  classInfo: (classId: number) => [ROOT, 'class', classId] as const,
  classOnboarding: (classId: number) => [ROOT, 'class-onboarding', classId] as const,
  pupils: (classId: number) => [ROOT, 'pupils', classId] as const,
  invitations: (filter: InvitationFilter) => [ROOT, 'invitations', filter] as const,
  communities: (filter: CommunityFilter) => [ROOT, 'communities', filter] as const,
  community: (id: number) => [ROOT, 'community', id] as const,
  rules: (id: number) => [ROOT, 'rules', id] as const,
  members: (id: number, offset: number) => [ROOT, 'members', id, offset] as const,
  requests: (id: number) => [ROOT, 'requests', id] as const,
  people: (q: string) => [ROOT, 'people', q] as const,
  outbox: (filter: OutboxFilter) => [ROOT, 'outbox', filter] as const,
};

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/* ---------------- who manages what ---------------- */

/** Municipal (or platform) administrators manage every organisation and the municipality's communities. */
export function isMunicipalAdmin(me: Me): boolean {
  return me.adminRoles.some((r) => r.role === 'municipal_admin' || r.role === 'platform_admin');
}

/**
 * Who sees the whole municipality's counts (`GET /api/v1/onboarding`):
 * municipal administrators and the education authority's staff
 * (invitations.policy.ts, people.service.ts).
 */
export function seesMunicipality(me: Me): boolean {
  return (
    isMunicipalAdmin(me) ||
    me.person.positions.some(
      (p) => p.role === 'authority_staff' || p.organizationKind === 'authority',
    )
  );
}

/** Organisations the person administers or leads: the ones offered in the pickers. */
export function managedOrgIds(me: Me): Set<number> {
  const ids = new Set<number>();
  for (const r of me.adminRoles) if (r.organizationId !== null) ids.add(r.organizationId);
  for (const p of me.person.positions) {
    if (p.role === 'head' || p.role === 'deputy') ids.add(p.organizationId);
  }
  return ids;
}

/* ---------------- organisations and classes ---------------- */

const collator = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });

/** «1А» before «10А», kinds in the directory's order, then by name. */
export function byClassName(a: { name: string }, b: { name: string }): number {
  return collator.compare(a.name, b.name);
}

const KIND_ORDER = ['authority', 'general', 'additional', 'preschool'];

export function byOrgKindAndName(a: OrganizationEntry, b: OrganizationEntry): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    collator.compare(a.shortName ?? a.name, b.shortName ?? b.name)
  );
}

/** The whole directory (a district has tens of organisations; pages of 200 until the end). */
async function allOrganizations(): Promise<OrganizationEntry[]> {
  const out: OrganizationEntry[] = [];
  for (let offset = 0; offset < 10_000; offset += 200) {
    const page = await api.get<Page<OrganizationEntry>>(
      `/api/v1/organizations${query({ limit: 200, offset })}`,
    );
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) break;
  }
  return out.sort(byOrgKindAndName);
}

export function useOrganizations() {
  return useQuery({ queryKey: keys.orgs(), queryFn: allOrganizations, staleTime: 5 * 60_000 });
}

/** The organisations of the directory this person manages (all of them for municipal administrators). */
export function useManagedOrganizations(me: Me) {
  const orgs = useOrganizations();
  const all = isMunicipalAdmin(me);
  const mine = managedOrgIds(me);
  return {
    ...orgs,
    data: orgs.data?.filter((o) => !o.archived && (all || mine.has(o.id))),
  };
}

export const orgLabel = (o: { name: string; shortName: string | null }) => o.shortName ?? o.name;

export function useOrgOnboarding(orgId: number | null) {
  return useQuery({
    queryKey: keys.orgOnboarding(orgId ?? 0),
    queryFn: () => api.get<OrgOnboarding>(`/api/v1/organizations/${orgId}/onboarding`),
    enabled: orgId !== null,
  });
}

/** Every organisation of the municipality with the district's and each kind's totals. */
export function useMunicipalOnboarding(enabled: boolean) {
  return useQuery({
    queryKey: keys.municipal(),
    queryFn: () => api.get<MunicipalOnboarding>('/api/v1/onboarding'),
    enabled,
  });
}

export function useClasses(orgId: number | null) {
  return useQuery({
    queryKey: keys.classes(orgId ?? 0),
    queryFn: async () => {
      const page = await api.get<Page<ClassInfo>>(
        `/api/v1/organizations/${orgId}/classes?limit=200`,
      );
      return [...page.items].sort(byClassName);
    },
    enabled: orgId !== null,
  });
}

export function useClassInfo(classId: number | null) {
  return useQuery({
    queryKey: keys.classInfo(classId ?? 0),
    queryFn: () => api.get<ClassInfo>(`/api/v1/classes/${classId}`),
    enabled: classId !== null,
    staleTime: 5 * 60_000,
  });
}

export function useClassOnboarding(classId: number | null) {
  return useQuery({
    queryKey: keys.classOnboarding(classId ?? 0),
    queryFn: () => api.get<ClassOnboarding>(`/api/v1/classes/${classId}/onboarding`),
    enabled: classId !== null,
  });
}

export function usePupils(classId: number | null) {
  return useQuery({
    queryKey: keys.pupils(classId ?? 0),
    queryFn: async () => {
      // A class holds at most a few dozen pupils; one page of 200 is all of them.
      const page = await api.get<Page<Person>>(`/api/v1/classes/${classId}/pupils?limit=200`);
      return page.items;
    },
    enabled: classId !== null,
  });
}

/* ---------------- invitations ---------------- */

export interface InvitationFilter {
  organizationId?: number;
  classId?: number;
  communityId?: number;
  kind?: InvitationKind;
  status?: InvitationStatus;
  limit: number;
  offset: number;
}

export const listInvitations = (filter: InvitationFilter) =>
  api.get<Page<Invitation>>(`/api/v1/invitations${query({ ...filter })}`);

export function useInvitations(filter: InvitationFilter | null) {
  return useQuery({
    queryKey: keys.invitations(filter ?? { limit: 0, offset: 0 }),
    queryFn: () => listInvitations(filter ?? { limit: 0, offset: 0 }),
    enabled: filter !== null,
    placeholderData: keepPreviousData,
  });
}

/** Refreshes counts, lists and sheets after anything in these sections changes. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.all });
}

export function useCreateInvitation() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: CreateInvitation) =>
      api.post<CreatedInvitation>('/api/v1/invitations', body),
    onSuccess: () => void invalidate(),
  });
}

export function useRevokeInvitation() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (id: number) => api.post<Invitation>(`/api/v1/invitations/${id}/revoke`),
    onSuccess: () => void invalidate(),
  });
}

export function useSendInvitation() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ id, channel, to }: { id: number; channel: 'email' | 'sms'; to: string }) =>
      api.post<OutboxEntry>(`/api/v1/invitations/${id}/send`, { channel, to }),
    onSuccess: () => void invalidate(),
  });
}

export const qrUrl = (id: number, format: 'svg' | 'png') =>
  `/api/v1/invitations/${id}/qr.${format}`;

/**
 * Where a printable sheet is prepared (`POST`: issues the missing personal
 * invitations, so it is a CSRF-protected write); the answer names the PDF,
 * which a `GET` then prints without writing anything.
 */
export const classSheetPath = (classId: number) => `/api/v1/classes/${classId}/invitation-sheet`;
export const staffSheetPath = (orgId: number) =>
  `/api/v1/organizations/${orgId}/staff-invitation-sheet`;

export interface DownloadedFile {
  blob: Blob;
  filename: string;
  /** Slips printed, and people left without one (`X-Parta-Slips`, `X-Parta-Missing`). */
  slips: number | null;
  missing: number | null;
}

function headerNumber(response: Response, name: string): number | null {
  const value = response.headers.get(name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match?.[1] ?? fallback;
}

/**
 * A binary download (the PDF sheets) through `fetch`, so failures become an
 * `ApiError` shown on the page instead of a downloaded error document.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: '*/*' } });
  } catch (cause) {
    throw new ApiError(
      {
        code: 'NETWORK_ERROR',
        status: 0,
        message: 'No response from the server.',
        retriable: true,
      },
      { cause },
    );
  }
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ApiError({
      code: typeof error?.code === 'string' ? error.code : 'BAD_RESPONSE',
      status: response.status,
      message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      retriable: response.status >= 500,
    });
  }
  return {
    blob: await response.blob(),
    filename: filenameOf(response, fallbackName),
    slips: headerNumber(response, 'X-Parta-Slips'),
    missing: headerNumber(response, 'X-Parta-Missing'),
  };
}

/** Hands a downloaded file to the browser as a download with its name. */
export function saveFile(file: { blob: Blob; filename: string }): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL may go after the current task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface PreparedSheet {
  prepared: SheetPrepared;
  /** Null when there is nobody to print a slip for: no empty PDF is downloaded. */
  file: DownloadedFile | null;
}

/**
 * Prepares a sheet (the POST issues what is missing), then downloads its PDF
 * (a GET that only prints) and hands it to the browser — unless the sheet
 * would have no slips. The counts and lists refresh afterwards even when the
 * download fails: the invitations exist.
 */
export function usePrintSheet() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: async ({
      path,
      fallbackName,
    }: {
      path: string;
      fallbackName: string;
    }): Promise<PreparedSheet> => {
      const prepared = await api.post<SheetPrepared>(path);
      if (prepared.slips === 0) return { prepared, file: null };
      return { prepared, file: await downloadFile(prepared.sheetUrl, fallbackName) };
    },
    onSuccess: ({ file }) => {
      if (file) saveFile(file);
    },
    onSettled: () => void invalidate(),
  });
}

/* ---------------- communities ---------------- */

export interface CommunityFilter {
  kind?: CommunityKind;
  includeArchived?: '1';
  limit: number;
  offset: number;
}

export function useCommunities(filter: CommunityFilter) {
  return useQuery({
    queryKey: keys.communities(filter),
    queryFn: () => api.get<Page<Community>>(`/api/v1/communities${query({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

/** Communities whose invitations, members and rules the person may manage (for pickers). */
export function useManageableCommunities() {
  return useQuery({
    queryKey: [...keys.all, 'communities-manageable'] as QueryKey,
    queryFn: async () => {
      const page = await api.get<Page<Community>>('/api/v1/communities?limit=200');
      return page.items.filter((c) => c.canManage && c.archivedAt === null);
    },
  });
}

export function useCommunity(id: number | null) {
  return useQuery({
    queryKey: keys.community(id ?? 0),
    queryFn: () => api.get<Community>(`/api/v1/communities/${id}`),
    enabled: id !== null,
  });
}

export function useSaveCommunity() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (
      input: { id: null; body: CreateCommunity } | { id: number; body: UpdateCommunity },
    ) =>
      input.id === null
        ? api.post<Community>('/api/v1/communities', input.body)
        : api.patch<Community>(`/api/v1/communities/${input.id}`, input.body),
    onSuccess: () => void invalidate(),
  });
}

export function useArchiveCommunity() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ id, archived }: { id: number; archived: boolean }) =>
      api.post<Community>(`/api/v1/communities/${id}/${archived ? 'archive' : 'unarchive'}`),
    onSuccess: () => void invalidate(),
  });
}

export function useRules(communityId: number) {
  return useQuery({
    queryKey: keys.rules(communityId),
    queryFn: () =>
      api
        .get<{ items: CommunityRule[] }>(`/api/v1/communities/${communityId}/rules`)
        .then((r) => r.items),
  });
}

export function useAddRule(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (spec: RuleSpec) =>
      api.post<{ rule: CommunityRule; sync: SyncResult }>(
        `/api/v1/communities/${communityId}/rules`,
        { spec },
      ),
    onSuccess: () => void invalidate(),
  });
}

export function useDeleteRule(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (ruleId: number) =>
      api.delete<SyncResult>(`/api/v1/communities/${communityId}/rules/${ruleId}`),
    onSuccess: () => void invalidate(),
  });
}

export function useSyncCommunity(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: () => api.post<SyncResult>(`/api/v1/communities/${communityId}/sync`),
    onSuccess: () => void invalidate(),
  });
}

export const MEMBERS_PAGE = 50;

export function useMembers(communityId: number, offset: number) {
  return useQuery({
    queryKey: keys.members(communityId, offset),
    queryFn: () =>
      api.get<Page<CommunityMember>>(
        `/api/v1/communities/${communityId}/members${query({ limit: MEMBERS_PAGE, offset })}`,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useSetMemberRole(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ personId, role }: { personId: number; role: CommunityRole }) =>
      api.put<undefined>(`/api/v1/communities/${communityId}/members/${personId}/role`, { role }),
    onSuccess: () => void invalidate(),
  });
}

export function useRemoveMember(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (personId: number) =>
      api.delete<undefined>(`/api/v1/communities/${communityId}/members/${personId}`),
    onSuccess: () => void invalidate(),
  });
}

export function useAddMembers(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: { personIds: number[]; role: Exclude<CommunityRole, 'owner'> }) =>
      api.post<{ added: number }>(`/api/v1/communities/${communityId}/members`, body),
    onSuccess: () => void invalidate(),
  });
}

export function useJoinRequests(communityId: number) {
  return useQuery({
    queryKey: keys.requests(communityId),
    queryFn: () =>
      api
        .get<{
          items: JoinRequest[];
        }>(`/api/v1/communities/${communityId}/requests?status=pending`)
        .then((r) => r.items),
  });
}

export function useDecideRequest(communityId: number) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ requestId, approve }: { requestId: number; approve: boolean }) =>
      api.post<JoinRequest>(
        `/api/v1/communities/${communityId}/requests/${requestId}/${approve ? 'approve' : 'reject'}`,
      ),
    onSuccess: () => void invalidate(),
  });
}

/** The administrators' people directory, by part of a name (for adding members by hand). */
export function usePeopleSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: keys.people(text),
    queryFn: () =>
      api
        .get<Page<PersonListItem>>(`/api/v1/people${query({ q: text, limit: 20 })}`)
        .then((r) => r.items),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/* ---------------- outbox ---------------- */

export interface OutboxFilter {
  status?: OutboxEntry['status'];
  organizationId?: number;
  limit: number;
  offset: number;
}

export function useOutbox(filter: OutboxFilter) {
  return useQuery({
    queryKey: keys.outbox(filter),
    queryFn: () => api.get<Page<OutboxEntry>>(`/api/v1/outbox${query({ ...filter })}`),
    placeholderData: keepPreviousData,
  });
}
