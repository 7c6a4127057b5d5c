import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';
import { markSignedOut } from './session';

/**
 * One QueryClient per app. Any query answered with 401 means the session ended
 * (expired, revoked, or the account was disabled elsewhere): show the login page.
 * Only retriable failures are retried; a 4xx will not change by asking again.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isApiError(error) && error.status === 401) markSignedOut(queryClient);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => isApiError(error) && error.retriable && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
