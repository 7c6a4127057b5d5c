import type { LoginRequest, Me } from '@parta/shared';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, isApiError } from './client';

/** The cache key of the signed-in person; `null` in the cache means "signed out". */
export const ME_KEY = ['me'] as const;

/** GET /api/v1/me: the person, or `null` when there is no session (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/v1/me');
    api.setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      api.setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(request: LoginRequest): Promise<Me> {
  const me = await api.post<Me>('/api/v1/auth/login', request);
  api.setCsrfToken(me.csrfToken);
  return me;
}

/** Ends the session. A 401 means it had already ended, which is what was asked. */
export async function logout(): Promise<void> {
  try {
    await api.post<undefined>('/api/v1/auth/logout');
  } catch (error) {
    if (!(isApiError(error) && error.status === 401)) throw error;
  }
  api.setCsrfToken(null);
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: () => fetchMe() });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      forgetAllButMe(queryClient);
      queryClient.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => markSignedOut(queryClient),
  });
}

/** Drops everything cached for the person and shows the login page. */
export function markSignedOut(queryClient: QueryClient): void {
  api.setCsrfToken(null);
  forgetAllButMe(queryClient);
  queryClient.setQueryData(ME_KEY, null);
}

/**
 * Nothing cached may outlive the person it was fetched for on a shared device.
 * The `me` query stays: its observer keeps the app on the right screen
 * (`clear()` would detach it and leave the shell showing).
 */
function forgetAllButMe(queryClient: QueryClient): void {
  const notMe = {
    predicate: (query: { queryKey: readonly unknown[] }) => query.queryKey[0] !== ME_KEY[0],
  };
  void queryClient.cancelQueries(notMe);
  queryClient.removeQueries(notMe);
  // Finished mutations keep their variables — the login one holds the password.
  queryClient.getMutationCache().clear();
}
