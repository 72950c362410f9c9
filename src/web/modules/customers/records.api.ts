import { infiniteQueryOptions, type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { FILTER_LIMITS } from '../../../shared/filter/operators';
import { api, downloadPost, query, request } from '../../api/client';
import type { Page } from '../../api/types';
import type { FilterNode } from './filter-model';
import type { ObjectType } from './metadata.api';

/** A contact or company as the API returns it; fields vary per object and custom fields live in `custom`. */
export interface CustomerRecord {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  custom?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A record as last read, with the ETag to send back as If-Match. */
export interface Versioned<T = CustomerRecord> {
  record: T;
  etag: string;
}

/** Rows fetched per page of a list. */
export const PAGE_SIZE = 100;

/** `/contacts` or `/companies`. */
export function basePath(objectType: ObjectType): string {
  return objectType === 'contact' ? '/contacts' : '/companies';
}

/** Query keys; contacts keep the `['contacts']` root other modules invalidate. */
export const recordKeys = {
  all: (o: ObjectType) => [o === 'contact' ? 'contacts' : 'companies'] as const,
  lists: (o: ObjectType) => [...recordKeys.all(o), 'list'] as const,
  list: (o: ObjectType, params: ListParams) => [...recordKeys.lists(o), params] as const,
  detail: (o: ObjectType, id: string) => [...recordKeys.all(o), 'record', id] as const,
  overview: (o: ObjectType, id: string) => [...recordKeys.all(o), 'overview', id] as const,
};

export interface ListParams {
  sort: string;
  q: string;
  filter: FilterNode | null;
}

function listQuery(params: ListParams, defaultSort: string) {
  return {
    sort: params.sort === defaultSort ? undefined : params.sort,
    q: params.q,
    filter: params.filter ? JSON.stringify(params.filter) : undefined,
  };
}

function recordListOptions(objectType: ObjectType, params: ListParams, defaultSort: string) {
  return infiniteQueryOptions({
    queryKey: recordKeys.list(objectType, params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<CustomerRecord>>(
        `${basePath(objectType)}${query({ limit: PAGE_SIZE, ...listQuery(params, defaultSort), cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Records in `sort` order matching the search and filter, page by page (cursor pagination, no total). */
export function useRecordList(objectType: ObjectType, params: ListParams, defaultSort: string) {
  return useInfiniteQuery(recordListOptions(objectType, params, defaultSort));
}

/**
 * Starts loading the first page of the plain list (no search, filter or view, default sort) when
 * the app opens on it, so the rows travel while the session is checked and the page's code runs.
 * `defaultSort` must be what the page uses before the metadata arrives, or the page asks again.
 */
export function prefetchPlainList(client: QueryClient, objectType: ObjectType, defaultSort: string): void {
  if (window.location.pathname !== basePath(objectType) || window.location.search) return;
  const params: ListParams = { sort: defaultSort, q: '', filter: null };
  void client.prefetchInfiniteQuery(recordListOptions(objectType, params, defaultSort));
}

/** The export download address of the list as it is filtered and sorted now. */
export function exportUrl(objectType: ObjectType, params: ListParams, columns: string[], locale: string) {
  return `/api/v1${basePath(objectType)}/export${query({
    format: 'csv',
    ...listQuery(params, ''),
    columns: columns.join(','),
    locale,
  })}`;
}

/** The most records one export of a selection can name (an OR of `id in` lists). */
export const MAX_EXPORT_SELECTION = FILTER_LIMITS.maxConditions * FILTER_LIMITS.maxListValues;

/** The filter that matches exactly these records: `id in […]`, in lists of at most 200 ids. */
export function selectionFilter(ids: string[]): FilterNode {
  const size = FILTER_LIMITS.maxListValues;
  const chunks: FilterNode[] = [];
  for (let i = 0; i < ids.length; i += size) {
    chunks.push({ field: 'id', op: 'in', value: ids.slice(i, i + size) });
  }
  return chunks.length === 1 ? chunks[0] : { or: chunks };
}

/**
 * Downloads the selected records as CSV, in the list's order and columns. The ids go in a POST
 * body: a selection of thousands would not fit in an address.
 */
export function exportSelection(
  objectType: ObjectType,
  ids: string[],
  options: { sort: string; columns: string[]; locale: string },
): Promise<void> {
  return downloadPost(
    `${basePath(objectType)}/export`,
    {
      format: 'csv',
      filter: selectionFilter(ids),
      sort: options.sort,
      columns: options.columns.join(','),
      locale: options.locale,
    },
    `${basePath(objectType).slice(1)}.csv`,
  );
}

/**
 * After a write, lists start again from their first page: refetching every page a user had
 * scrolled through could mean hundreds of requests.
 */
export function refreshLists(client: QueryClient, objectType: ObjectType): Promise<void> {
  return client.resetQueries({ queryKey: recordKeys.lists(objectType) });
}

function versioned<T extends CustomerRecord>(record: T, etag: string | null): Versioned<T> {
  return { record, etag: etag ?? `W/"${record.version}"` };
}

/** The ETag of a record read from a list (the list carries the version). */
export function etagOf(record: Pick<CustomerRecord, 'version'>): string {
  return `W/"${record.version}"`;
}

export async function fetchRecord(objectType: ObjectType, id: string, signal?: AbortSignal) {
  const res = await request<CustomerRecord>(`${basePath(objectType)}/${encodeURIComponent(id)}`, { signal });
  return versioned(res.data, res.etag);
}

export function useRecord(objectType: ObjectType, id: string) {
  return useQuery({
    queryKey: recordKeys.detail(objectType, id),
    queryFn: ({ signal }) => fetchRecord(objectType, id, signal),
  });
}

/** Creates a record; the idempotency key makes a retried submit return the first result. */
export async function createRecord(
  objectType: ObjectType,
  input: Record<string, unknown>,
  idempotencyKey: string,
) {
  const res = await request<CustomerRecord>(basePath(objectType), {
    method: 'POST',
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
  });
  return versioned(res.data, res.etag);
}

/** Changes some fields, only if nobody changed the record since `etag` (else ApiError 412). */
export async function updateRecord(
  objectType: ObjectType,
  id: string,
  changes: Record<string, unknown>,
  etag?: string,
) {
  const res = await request<CustomerRecord>(`${basePath(objectType)}/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: changes,
    headers: etag ? { 'if-match': etag } : {},
  });
  return versioned(res.data, res.etag);
}

export async function deleteRecord(objectType: ObjectType, id: string): Promise<void> {
  await api.delete(`${basePath(objectType)}/${encodeURIComponent(id)}`);
}

export async function restoreRecord(objectType: ObjectType, id: string): Promise<void> {
  await api.post(`${basePath(objectType)}/${encodeURIComponent(id)}/restore`);
}

/** A company or contact linked to the record shown. */
export interface LinkedRecord {
  id: string;
  name: string;
  role: string | null;
  isPrimary: boolean;
}

/** One thing that happened to the customer (audit changes now; activities later). */
export interface TimelineEntry {
  id: string;
  at: string;
  source: string;
  kind: string;
  actorId: string | null;
  data: { changes?: { field: string; from: unknown; to: unknown }[]; [key: string]: unknown };
}

export interface Overview {
  profile: CustomerRecord;
  mergedInto: string | null;
  companies?: LinkedRecord[];
  contacts?: { data: LinkedRecord[]; total: number };
  timeline: Page<TimelineEntry>;
  /** Possible duplicates, when the server reports them. */
  duplicates?: { id: string; name: string; reasons?: string[] }[];
}

export function useOverview(objectType: ObjectType, id: string) {
  return useQuery({
    queryKey: recordKeys.overview(objectType, id),
    queryFn: ({ signal }) =>
      api.get<Overview>(`${basePath(objectType)}/${encodeURIComponent(id)}/overview?limit=1`, { signal }),
  });
}

/** The timeline of a record, newest first, page by page. */
export function useTimeline(objectType: ObjectType, id: string) {
  return useInfiniteQuery({
    queryKey: [...recordKeys.overview(objectType, id), 'timeline'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TimelineEntry>>(
        `${basePath(objectType)}/${encodeURIComponent(id)}/timeline${query({ limit: 30, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * Runs `task` for every id with at most `concurrency` in flight (the API has no bulk endpoint),
 * reporting progress; returns the ids that failed with their errors.
 */
export async function runBulk(
  ids: string[],
  task: (id: string) => Promise<unknown>,
  onProgress: (done: number) => void,
  concurrency = 4,
): Promise<{ id: string; error: unknown }[]> {
  const failed: { id: string; error: unknown }[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      try {
        await task(id);
      } catch (error) {
        failed.push({ id, error });
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return failed;
}

/** The PATCH body that sets one field (custom fields under `custom`; empty clears). */
export function patchFor(field: { key: string; source: string; type: string }, value: unknown) {
  let v = value;
  if (v === '' || v === undefined) v = null;
  if (field.type === 'number' && typeof v === 'string') v = Number(v);
  if (field.type === 'multi_select' && v === null) v = [];
  return field.source === 'custom' ? { custom: { [field.key]: v } } : { [field.key]: v };
}
