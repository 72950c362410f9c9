import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, query, request } from '../../api/client';
import type { Contact, ContactField, Page } from '../../api/types';

/** A contact as last read, with the ETag to send back as If-Match. */
export interface VersionedContact {
  contact: Contact;
  etag: string;
}

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

/** The server's own order (newest first); not sent, so servers without sorting still answer. */
export const DEFAULT_SORT = '-createdAt';

/** Rows fetched per page of the list. */
export const PAGE_SIZE = 100;

export const contactKeys = {
  all: ['contacts'] as const,
  lists: () => [...contactKeys.all, 'list'] as const,
  list: (sort: string, q: string) => [...contactKeys.lists(), { sort, q }] as const,
  detail: (id: string) => [...contactKeys.all, 'detail', id] as const,
};

function versioned(contact: Contact, etag: string | null): VersionedContact {
  return { contact, etag: etag ?? `W/"${contact.version}"` };
}

/** Contacts in `sort` order matching `q`, page by page (cursor pagination, no total count). */
export function useContactList(sort: string, q: string) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(sort, q),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Contact>>(
        `/contacts${query({ limit: PAGE_SIZE, sort: sort === DEFAULT_SORT ? undefined : sort, q, cursor: pageParam })}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * After a write, lists start again from their first page: refetching every page a user had
 * scrolled through could mean hundreds of requests.
 */
export function refreshLists(client: QueryClient): Promise<void> {
  return client.resetQueries({ queryKey: contactKeys.lists() });
}

/** Reads one contact with its ETag. */
export async function fetchContact(id: string, signal?: AbortSignal): Promise<VersionedContact> {
  const res = await request<Contact>(`/contacts/${encodeURIComponent(id)}`, { signal });
  return versioned(res.data, res.etag);
}

export function useContact(id: string) {
  return useQuery({ queryKey: contactKeys.detail(id), queryFn: ({ signal }) => fetchContact(id, signal) });
}

/** Creates a contact; `idempotencyKey` makes a retried submit return the first result instead of a duplicate. */
export function useCreateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, idempotencyKey }: { input: ContactInput; idempotencyKey: string }) => {
      const res = await request<Contact>('/contacts', {
        method: 'POST',
        body: input,
        headers: { 'idempotency-key': idempotencyKey },
      });
      return versioned(res.data, res.etag);
    },
    onSuccess: (created) => {
      client.setQueryData(contactKeys.detail(created.contact.id), created);
      void refreshLists(client);
    },
  });
}

/** Changes some fields, only if nobody changed the contact since `etag` (else ApiError 412). */
export async function updateContact(
  id: string,
  changes: Partial<Record<ContactField, string | null>>,
  etag: string,
): Promise<VersionedContact> {
  const res = await request<Contact>(`/contacts/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: changes,
    headers: { 'if-match': etag },
  });
  return versioned(res.data, res.etag);
}

export async function deleteContact(id: string): Promise<void> {
  await api.delete(`/contacts/${encodeURIComponent(id)}`);
}

export async function restoreContact(id: string): Promise<void> {
  await api.post(`/contacts/${encodeURIComponent(id)}/restore`);
}
