import { ApiError, api, query } from './client';
import type { Contact, Page, SearchHit } from './types';

let searchEndpointMissing = false;

/**
 * Global search for the command palette. Uses `GET /search`; while the server has no such
 * endpoint (404), it searches contacts by `q` instead.
 */
export async function searchRecords(q: string, signal?: AbortSignal): Promise<SearchHit[]> {
  if (!searchEndpointMissing) {
    try {
      const res = await api.get<{ data: SearchHit[] }>(`/search${query({ q, limit: 10 })}`, { signal });
      return res.data;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      searchEndpointMissing = true;
    }
  }
  const page = await api.get<Page<Contact>>(`/contacts${query({ q, limit: 10 })}`, { signal });
  return page.data.map((c) => ({ type: 'contact', id: c.id, title: c.name, subtitle: c.email ?? c.phone }));
}

/** Where a search hit opens, or null for record types without a page yet. */
export function hitPath(hit: SearchHit): string | null {
  return hit.type === 'contact' ? `/contacts/${hit.id}` : null;
}
