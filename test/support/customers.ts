import type { SignedIn } from './factories';
import type { TestServer } from './platform';

/** Request helper of the customer tests: JSON in, the signed-in user's cookie and CSRF headers. */
export function requester(server: () => TestServer) {
  return (
    who: SignedIn,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    server().app.inject({
      method,
      url,
      headers: { ...who.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

/** `?filter=` for a filter tree. */
export const filterParam = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;
