import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** The app's single query cache. Client errors (4xx) are not retried: asking again will not help. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});
