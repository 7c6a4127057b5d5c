import type { Community, JoinRequest, OrganizationEntry, Person, PersonView } from '@parta/shared';
import { api } from './client';

/** A page of a listing endpoint (`paged()` on the server). */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DIRECTORY_PAGE = 100;

/** Communities the person may see: the municipality's directory for staff, own ones for others. */
export const listCommunities = (offset: number) =>
  api.get<Page<Community>>(
    `/api/v1/communities?scope=all&limit=${DIRECTORY_PAGE}&offset=${offset}`,
  );

export const requestToJoin = (communityId: number, message: string | null) =>
  api.post<JoinRequest>(`/api/v1/communities/${communityId}/requests`, {
    ...(message ? { message } : {}),
  });

export const leaveCommunity = (communityId: number) =>
  api.post<undefined>(`/api/v1/communities/${communityId}/leave`);

export const listOrganizations = (offset: number) =>
  api.get<Page<OrganizationEntry>>(
    `/api/v1/organizations?limit=${DIRECTORY_PAGE}&offset=${offset}`,
  );

/** The staff list, as the closed environment allows (403 for pupils and parents of other schools). */
export const listOrgStaff = (orgId: number, offset: number) =>
  api.get<Page<Person>>(
    `/api/v1/organizations/${orgId}/staff?limit=${DIRECTORY_PAGE}&offset=${offset}`,
  );

/** One person: with contacts for oneself and administrators, without for everyone else. */
export const getPerson = (personId: number) => api.get<PersonView>(`/api/v1/people/${personId}`);
