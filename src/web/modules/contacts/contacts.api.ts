import type { QueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { Contact } from '../../api/types';
import { recordKeys, refreshLists as refresh } from '../customers/records.api';

/** Query keys of contacts (lists and records), for modules that change contacts. */
export const contactKeys = {
  all: recordKeys.all('contact'),
  lists: () => recordKeys.lists('contact'),
  detail: (id: string) => [...recordKeys.all('contact'), 'detail', id] as const,
};

/** A contact as last read, with the ETag to send back as If-Match. */
export interface VersionedContact {
  contact: Contact;
  etag: string;
}

/** Reads one contact with its ETag. */
export async function fetchContact(id: string, signal?: AbortSignal): Promise<VersionedContact> {
  const res = await request<Contact>(`/contacts/${encodeURIComponent(id)}`, { signal });
  return { contact: res.data, etag: res.etag ?? `W/"${res.data.version}"` };
}

/** After a write, contact lists start again from their first page. */
export function refreshLists(client: QueryClient): Promise<void> {
  return refresh(client, 'contact');
}
