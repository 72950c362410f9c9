import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, api, type FieldError, query } from '../../api/client';
import type { Page } from '../../api/types';
import { contactKeys } from '../contacts/contacts.api';

/** What the import does with a row whose phone or e-mail matches a contact or an earlier row. */
export type DedupPolicy = 'skip' | 'update' | 'create';

export const DEDUP_POLICIES: readonly DedupPolicy[] = ['skip', 'update', 'create'];

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'undone';

/** Column number (`"0"`, …) → field key; a missing or empty entry ignores the column. */
export type ColumnMapping = Record<string, string>;

/** An import as the API shows it. */
export interface ImportBatch {
  id: string;
  filename: string;
  status: ImportStatus;
  dedupPolicy: DedupPolicy;
  mapping: ColumnMapping;
  totalRows: number | null;
  processedRows: number;
  /** 0–100. */
  progress: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  undoneAt: string | null;
}

export interface ImportColumn {
  index: number;
  header: string;
  field: string | null;
}

export interface ImportableField {
  key: string;
  labelZh: string;
  labelEn: string;
  /** Several columns may fill it. */
  multiple: boolean;
}

/** Answer of the upload: the import, its columns with the proposed mapping, the first rows as read. */
export interface UploadedImport extends ImportBatch {
  columns: ImportColumn[];
  preview: string[][];
  fields: ImportableField[];
}

export interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

export interface DryRun {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicatesInFile: number;
  matchesInDatabase: number;
  errors: RowError[];
  errorsTruncated: boolean;
}

export interface UndoResult extends ImportBatch {
  deletedCount: number;
  revertedCount: number;
}

/** The file row number of the first data row (the header is row 1). */
export const FIRST_DATA_ROW = 2;

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  detail: (id: string) => [...importKeys.all, 'detail', id] as const,
};

const path = (id: string, rest = '') => `/imports/${encodeURIComponent(id)}${rest}`;

/** Where the rejected rows of an import download from (CSV with a reason column). */
export const rejectionsUrl = (id: string) => `/api/v1${path(id, '/rejections.csv')}`;

/** True once an import will not change by itself any more. */
export const isSettled = (status: ImportStatus) => status !== 'queued' && status !== 'running';

/**
 * Uploads a file as multipart/form-data (the JSON client cannot send files). Errors come back as
 * `ApiError`, like every other call.
 */
export async function uploadImport(file: File, csrfToken: string, language: string): Promise<UploadedImport> {
  const form = new FormData();
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch('/api/v1/imports', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': language, 'x-csrf-token': csrfToken },
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      String(body.code ?? ''),
      String(body.detail ?? body.title ?? ''),
      Array.isArray(body.errors) ? (body.errors as FieldError[]) : [],
      body,
    );
  }
  return body as unknown as UploadedImport;
}

export function dryRunImport(id: string, mapping: ColumnMapping, dedupPolicy: DedupPolicy): Promise<DryRun> {
  return api.post<DryRun>(path(id, '/dry-run'), { mapping, dedupPolicy });
}

export function useRunImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; mapping: ColumnMapping; dedupPolicy: DedupPolicy }) =>
      api.post<ImportBatch>(path(input.id, '/run'), {
        mapping: input.mapping,
        dedupPolicy: input.dedupPolicy,
      }),
    onSuccess: (batch) => {
      client.setQueryData(importKeys.detail(batch.id), batch);
      void client.invalidateQueries({ queryKey: importKeys.list() });
    },
  });
}

export function useUndoImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<UndoResult>(path(id, '/undo')),
    onSuccess: (batch) => {
      client.setQueryData(importKeys.detail(batch.id), batch);
      void client.invalidateQueries({ queryKey: importKeys.list() });
      void client.resetQueries({ queryKey: contactKeys.lists() });
    },
  });
}

export function useImport(id: string) {
  return useQuery({
    queryKey: importKeys.detail(id),
    queryFn: ({ signal }) => api.get<ImportBatch>(path(id), { signal }),
  });
}

/** Imports, newest first, page by page. */
export function useImportList() {
  return useInfiniteQuery({
    queryKey: importKeys.list(),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ImportBatch>>(`/imports${query({ limit: 50, cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** How often progress is polled when server-sent events are not available. */
const POLL_MS = 1000;

/**
 * Follows a running import live: server-sent events from `/imports/:id/events`, falling back to
 * polling `GET /imports/:id` when the stream cannot be opened or breaks. The latest state also
 * lands in the query cache, so other screens see it.
 */
export function useImportProgress(initial: ImportBatch): ImportBatch {
  const client = useQueryClient();
  const [batch, setBatch] = useState(initial);
  const id = initial.id;
  const settled = isSettled(initial.status);

  useEffect(() => {
    if (settled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const accept = (next: ImportBatch) => {
      if (stopped) return;
      setBatch(next);
      client.setQueryData(importKeys.detail(id), next);
      if (isSettled(next.status)) {
        stop();
        void client.invalidateQueries({ queryKey: importKeys.list() });
        void client.resetQueries({ queryKey: contactKeys.lists() });
      }
    };
    const stop = () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
    const poll = async () => {
      try {
        accept(await api.get<ImportBatch>(path(id)));
      } catch {
        // a failed poll is retried below; the last known state stays on screen
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    const fallBack = () => {
      source?.close();
      source = undefined;
      if (!stopped && timer === undefined) void poll();
    };
    if (typeof EventSource === 'undefined') fallBack();
    else {
      source = new EventSource(`/api/v1${path(id, '/events')}`);
      const onMessage = (e: MessageEvent<string>) => accept(JSON.parse(e.data) as ImportBatch);
      source.addEventListener('progress', onMessage);
      source.addEventListener('done', onMessage);
      // The server's own "stream failed" event, or the browser losing the connection.
      source.addEventListener('error', fallBack);
    }
    return stop;
  }, [id, settled, client]);

  return batch;
}
