import type {
  Baselines,
  ClassInfo,
  CreateClass,
  CreateOrganization,
  CreatePersonRequest,
  CreatePosition,
  Guardianship,
  GuardianRelation,
  ImportKind,
  ImportPlan,
  ImportRun,
  Me,
  OrganizationDetails,
  OrganizationEntry,
  Organization,
  PeopleRoleFilter,
  Person,
  PersonDetails,
  PersonListItem,
  PersonView,
  Position,
  SetBaseline,
  UpdateOrganization,
  UpdatePerson,
  Enrolment,
  GuardianLinks,
  OrgKind,
  UpdateClass,
} from '@parta/shared';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../api/client';

/**
 * The administration's API calls and query hooks: organisations, people,
 * classes and roster imports. Every query key starts with `admin`, so one
 * invalidation after a change refreshes whatever screen is open.
 */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Rows per page of the people and pupils lists. */
export const PAGE_SIZE = 50;
/** The server's largest page; lists read whole are fetched page by page. */
const MAX_PAGE = 200;
/** Stops a runaway loop: no municipality has this many organisations or classes. */
const MAX_ROWS = 5_000;

/** Reads every page of a paged list. */
async function readAll<T>(path: string, params: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < MAX_ROWS; offset += MAX_PAGE) {
    const query = new URLSearchParams({
      ...params,
      limit: String(MAX_PAGE),
      offset: String(offset),
    });
    const page = await api.get<Page<T>>(`${path}?${query}`);
    items.push(...page.items);
    if (page.items.length < MAX_PAGE || items.length >= page.total) break;
  }
  return items;
}

export const adminKeys = {
  all: ['admin'] as const,
  orgs: (includeArchived: boolean) => ['admin', 'orgs', includeArchived] as const,
  orgSearch: (q: OrgSearchQuery) => ['admin', 'org-search', q] as const,
  org: (orgId: number) => ['admin', 'org', orgId] as const,
  baselines: (orgId: number) => ['admin', 'baselines', orgId] as const,
  people: (q: PeopleListQuery) => ['admin', 'people', q] as const,
  person: (personId: number) => ['admin', 'person', personId] as const,
  family: (personId: number) => ['admin', 'family', personId] as const,
  staff: (orgId: number) => ['admin', 'staff', orgId] as const,
  classes: (orgId: number) => ['admin', 'classes', orgId] as const,
  class: (classId: number) => ['admin', 'class', classId] as const,
  pupils: (classId: number, offset: number) => ['admin', 'pupils', classId, offset] as const,
  imports: (orgId: number) => ['admin', 'imports', orgId] as const,
};

/** After any change: every administration list and card is read again. */
export function useInvalidateAdmin(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: adminKeys.all });
}

// ---------------------------------------------------------------------------
// Who administers what

/**
 * What the signed-in person may manage, as far as the client can tell (the
 * server decides every request): a municipal (or platform) administrator
 * manages every organisation; an organisation administrator theirs; heads and
 * deputies without a grant see their organisation and its classes.
 */
export interface AdminScope {
  municipal: boolean;
  adminOrgIds: ReadonlySet<number>;
  leadOrgIds: ReadonlySet<number>;
}

export function adminScope(me: Me): AdminScope {
  return {
    municipal: me.adminRoles.some(
      (r) => r.role === 'platform_admin' || r.role === 'municipal_admin',
    ),
    adminOrgIds: new Set(
      me.adminRoles.flatMap((r) =>
        r.role === 'org_admin' && r.organizationId !== null ? [r.organizationId] : [],
      ),
    ),
    leadOrgIds: new Set(
      me.person.positions
        .filter((p) => p.role === 'head' || p.role === 'deputy')
        .map((p) => p.organizationId),
    ),
  };
}

export const canManageOrg = (scope: AdminScope, orgId: number): boolean =>
  scope.municipal || scope.adminOrgIds.has(orgId);

export const isAnyAdmin = (scope: AdminScope): boolean =>
  scope.municipal || scope.adminOrgIds.size > 0;

/** Organisations shown in the administration: all for municipal administrators. */
export const seesOrg = (scope: AdminScope, orgId: number): boolean =>
  scope.municipal || scope.adminOrgIds.has(orgId) || scope.leadOrgIds.has(orgId);

// ---------------------------------------------------------------------------
// Organisations

export function useOrganizations(includeArchived = false) {
  return useQuery({
    queryKey: adminKeys.orgs(includeArchived),
    queryFn: () =>
      readAll<OrganizationEntry>(
        '/api/v1/organizations',
        includeArchived ? { includeArchived: 'true' } : {},
      ),
  });
}

export interface OrgSearchQuery {
  /** Words of the full or short name or the external id (the server matches every word, any case). */
  q: string;
  kind: OrgKind | null;
  includeArchived: boolean;
}

/** The organisation directory as the server searches it (`?q=`, `?kind=`): every match. */
export function useOrganizationSearch(query: OrgSearchQuery, enabled = true) {
  return useQuery({
    queryKey: adminKeys.orgSearch(query),
    queryFn: () => {
      const params: Record<string, string> = {};
      if (query.q.trim()) params.q = query.q.trim();
      if (query.kind) params.kind = query.kind;
      if (query.includeArchived) params.includeArchived = 'true';
      return readAll<OrganizationEntry>('/api/v1/organizations', params);
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useOrganization(orgId: number | null) {
  return useQuery({
    queryKey: adminKeys.org(orgId ?? 0),
    queryFn: () => api.get<OrganizationDetails>(`/api/v1/organizations/${orgId}`),
    enabled: orgId !== null,
  });
}

export const createOrganization = (body: CreateOrganization) =>
  api.post<Organization>('/api/v1/organizations', body);

export const updateOrganization = (orgId: number, body: UpdateOrganization) =>
  api.patch<OrganizationDetails>(`/api/v1/organizations/${orgId}`, body);

export function useBaselines(orgId: number, enabled: boolean) {
  return useQuery({
    queryKey: adminKeys.baselines(orgId),
    queryFn: () => api.get<Baselines>(`/api/v1/organizations/${orgId}/baselines`),
    enabled,
    // A head without an administrator's grant may not read them: no retries for a 403.
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export const setBaselines = (orgId: number, items: SetBaseline[]) =>
  api.put<Baselines>(`/api/v1/organizations/${orgId}/baselines`, { items });

// ---------------------------------------------------------------------------
// People

export interface PeopleListQuery {
  orgId: number | null;
  q: string;
  role: PeopleRoleFilter | null;
  offset: number;
}

export function usePeople(query: PeopleListQuery, enabled = true) {
  return useQuery({
    queryKey: adminKeys.people(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({
        limit: String(PAGE_SIZE),
        offset: String(query.offset),
      });
      if (query.orgId !== null) params.set('orgId', String(query.orgId));
      if (query.q.trim()) params.set('q', query.q.trim());
      if (query.role) params.set('role', query.role);
      return api.get<Page<PersonListItem>>(`/api/v1/people?${params}`, { signal });
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** People matching a name, for pickers (a parent, a pupil to enrol). */
export function searchPeople(
  q: string,
  orgId: number | null,
  role: PeopleRoleFilter | null,
  signal?: AbortSignal,
): Promise<Page<PersonListItem>> {
  const params = new URLSearchParams({ q: q.trim(), limit: '20' });
  if (orgId !== null) params.set('orgId', String(orgId));
  if (role) params.set('role', role);
  return api.get<Page<PersonListItem>>(`/api/v1/people?${params}`, signal ? { signal } : {});
}

export function usePerson(personId: number) {
  return useQuery({
    queryKey: adminKeys.person(personId),
    queryFn: () => api.get<PersonView>(`/api/v1/people/${personId}`),
  });
}

export const isPersonDetails = (p: PersonView): p is PersonDetails => 'hasAccount' in p;

export const createPerson = (body: CreatePersonRequest) =>
  api.post<PersonDetails>('/api/v1/people', body);

export const updatePerson = (personId: number, body: UpdatePerson) =>
  api.patch<PersonDetails>(`/api/v1/people/${personId}`, body);

export const addPosition = (personId: number, body: CreatePosition) =>
  api.post<Position>(`/api/v1/people/${personId}/positions`, body);

export const endPosition = (positionId: number) =>
  api.delete<undefined>(`/api/v1/positions/${positionId}`);

export const linkGuardian = (pupilId: number, parentId: number, relation: GuardianRelation) =>
  api.post<Guardianship>(`/api/v1/people/${pupilId}/guardianships`, { parentId, relation });

export const unlinkGuardian = (pupilId: number, parentId: number) =>
  api.delete<undefined>(`/api/v1/people/${pupilId}/guardianships/${parentId}`);

/** The person's parents and children that the administrator may see. */
export function useGuardianLinks(personId: number, enabled = true) {
  return useQuery({
    queryKey: adminKeys.family(personId),
    queryFn: () => api.get<GuardianLinks>(`/api/v1/people/${personId}/guardianships`),
    enabled,
  });
}

/** Everyone with a position in the organisation: class teachers are chosen among them. */
export function useStaff(orgId: number | null) {
  return useQuery({
    queryKey: adminKeys.staff(orgId ?? 0),
    queryFn: () => readAll<Person>(`/api/v1/organizations/${orgId}/staff`),
    enabled: orgId !== null,
  });
}

// ---------------------------------------------------------------------------
// Classes

/** «5А» before «10Б», then by name; groups by name. */
export function compareClasses(a: ClassInfo, b: ClassInfo): number {
  return (
    b.academicYear - a.academicYear ||
    (a.grade ?? 99) - (b.grade ?? 99) ||
    a.name.localeCompare(b.name, 'ru', { numeric: true })
  );
}

export function useClasses(orgId: number | null) {
  return useQuery({
    queryKey: adminKeys.classes(orgId ?? 0),
    queryFn: async () =>
      (await readAll<ClassInfo>(`/api/v1/organizations/${orgId}/classes`)).sort(compareClasses),
    enabled: orgId !== null,
  });
}

export function useClass(classId: number) {
  return useQuery({
    queryKey: adminKeys.class(classId),
    queryFn: () => api.get<ClassInfo>(`/api/v1/classes/${classId}`),
  });
}

export function useClassPupils(classId: number, offset: number) {
  return useQuery({
    queryKey: adminKeys.pupils(classId, offset),
    queryFn: () =>
      api.get<Page<Person>>(
        `/api/v1/classes/${classId}/pupils?limit=${PAGE_SIZE}&offset=${offset}`,
      ),
    placeholderData: keepPreviousData,
  });
}

export const createClass = (orgId: number, body: CreateClass) =>
  api.post<ClassInfo>(`/api/v1/organizations/${orgId}/classes`, body);

export const updateClass = (classId: number, body: UpdateClass) =>
  api.patch<ClassInfo>(`/api/v1/classes/${classId}`, body);

export const enrolPupil = (classId: number, pupilId: number) =>
  api.post<Enrolment>(`/api/v1/classes/${classId}/enrolments`, { pupilId });

export const endEnrolment = (classId: number, pupilId: number) =>
  api.delete<undefined>(`/api/v1/classes/${classId}/enrolments/${pupilId}`);

/** The academic year a date falls in: 2024 for 2024/25, which starts in August. */
export function academicYearOf(date: Date): number {
  return date.getMonth() >= 7 ? date.getFullYear() : date.getFullYear() - 1;
}

// ---------------------------------------------------------------------------
// Roster import

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const templateUrl = (kind: ImportKind, ext: 'xlsx' | 'csv') =>
  `/api/v1/imports/templates/${kind}.${ext}`;

/**
 * Why a chosen file cannot be a roster, before sending it; null when it may
 * be (the server decides by the content: a CSV may come as `.txt`).
 */
export type FileRefusal = 'empty' | 'oldExcel' | 'openDocument' | 'notSpreadsheet';

const NOT_SPREADSHEETS =
  /\.(pdf|docx?|odt|rtf|jpe?g|png|gif|webp|heic|bmp|tiff?|zip|rar|7z|gz|mp3|mp4|mov|avi|exe)$/i;

export function refuseFile(file: File): FileRefusal | null {
  const name = file.name.toLowerCase();
  if (file.size === 0) return 'empty';
  if (name.endsWith('.xls')) return 'oldExcel';
  if (name.endsWith('.ods')) return 'openDocument';
  if (NOT_SPREADSHEETS.test(name)) return 'notSpreadsheet';
  return null;
}

/** The Content-Type the import endpoint takes for this file; it reads the format from the bytes. */
export function importContentType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'text/csv';
  return 'application/octet-stream';
}

export interface ImportRequest {
  orgId: number;
  kind: ImportKind;
  file: File;
  dryRun: boolean;
  deactivateMissing: boolean;
  /** The dry run's `digest`: the import is refused (409) if the plan changed since. */
  planDigest?: string;
}

/**
 * Sends the file itself as the body (the endpoint takes no JSON and no
 * multipart). A dry run writes nothing; `dryRun: false` imports in one
 * transaction or fails with IMPORT_HAS_PROBLEMS / IMPORT_PLAN_CHANGED.
 */
export function runImport(req: ImportRequest, signal?: AbortSignal): Promise<ImportPlan> {
  const params = new URLSearchParams({
    dryRun: req.dryRun ? '1' : '0',
    deactivateMissing: req.deactivateMissing ? '1' : '0',
  });
  const fileName = req.file.name.trim().slice(0, 255);
  if (fileName) params.set('fileName', fileName);
  if (req.planDigest) params.set('planDigest', req.planDigest);
  return api.request<ImportPlan>(
    `/api/v1/organizations/${req.orgId}/imports/${req.kind}?${params}`,
    {
      method: 'POST',
      raw: { body: req.file, contentType: importContentType(req.file) },
      ...(signal ? { signal } : {}),
    },
  );
}

export function useImportRuns(orgId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: adminKeys.imports(orgId ?? 0),
    queryFn: () => api.get<Page<ImportRun>>(`/api/v1/organizations/${orgId}/imports?limit=10`),
    enabled: orgId !== null && enabled,
  });
}

// ---------------------------------------------------------------------------
// Validation errors by field

/**
 * `VALIDATION_FAILED` details by field: `body.phone` → `phone`,
 * `body.position.title` → `position.title`. Empty for other errors.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED' || !error.details) return {};
  const out: Record<string, string> = {};
  for (const d of error.details) {
    const field = d.path.replace(/^body\./, '');
    out[field] ??= d.message;
  }
  return out;
}
