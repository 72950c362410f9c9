import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, query } from '../../api/client';
import type { Contact, Page } from '../../api/types';
import { contactKeys, fetchContact, refreshLists } from '../contacts/contacts.api';

/** Why records were grouped. */
export type ClusterReason = 'same_phone' | 'same_email' | 'similar_name_company';

/** Key fields of one record of a cluster. */
export interface ClusterRecord {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  ownerId: string | null;
  createdAt: string;
}

/** A group of records that look like one customer. */
export interface DuplicateCluster {
  id: string;
  reasons: ClusterReason[];
  /** 0–100. */
  score: number;
  status: string;
  records: ClusterRecord[];
  createdAt: string;
}

/** A background job (the duplicate scan) and how far it got. */
export interface Job {
  id: string;
  kind: string;
  /** queued, running, done, failed, stale. */
  status: string;
  total: number | null;
  done: number;
  error: string | null;
}

/** A contact as the merge screen reads it: every field the API gives, plus its version. */
export type FullContact = Contact & Record<string, unknown>;

export interface MergeInput {
  survivorId: string;
  mergedIds: string[];
  /** Field → id of the record whose value wins. */
  fields: Record<string, string>;
  /** Expected versions; a record changed meanwhile answers 412. */
  versions: Record<string, number>;
}

export interface MergeResult {
  survivor: FullContact;
  mergedIds: string[];
  relinked: number;
}

export const duplicateKeys = {
  all: ['duplicates'] as const,
  clusters: () => [...duplicateKeys.all, 'clusters'] as const,
};

export const isJobFinished = (job: Job) =>
  job.status === 'done' || job.status === 'failed' || job.status === 'stale';

/** Open duplicate clusters of contacts, highest score first. */
export function useClusters() {
  return useQuery({
    queryKey: duplicateKeys.clusters(),
    queryFn: ({ signal }) =>
      api.get<Page<DuplicateCluster>>(`/duplicates${query({ objectType: 'contact', limit: 100 })}`, {
        signal,
      }),
  });
}

export function useStartScan() {
  return useMutation({
    mutationFn: () => api.post<{ jobId: string }>('/duplicates/scan', { objectType: 'contact' }),
  });
}

export function useDismissCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/duplicates/${encodeURIComponent(id)}/dismiss`),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.clusters() }),
  });
}

export function useMergeContacts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeInput) => api.post<MergeResult>('/contacts/merge', input),
    onSuccess: (result) => {
      for (const id of result.mergedIds) client.removeQueries({ queryKey: contactKeys.detail(id) });
      void client.invalidateQueries({ queryKey: contactKeys.detail(result.survivor.id) });
      void client.invalidateQueries({ queryKey: duplicateKeys.clusters() });
      void refreshLists(client);
    },
  });
}

/** The full records to compare, each with its version for the merge's concurrency check. */
export function useContactsToCompare(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: contactKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchContact(id, signal),
    })),
  });
}

/** How often a scan is polled when server-sent events are not available. */
const POLL_MS = 1000;

/**
 * Follows a job live over server-sent events (`/jobs/:id/events`), polling `GET /jobs/:id` when
 * the stream cannot be used; `onFinished` runs once when it ends.
 */
export function useJobProgress(jobId: string | null, onFinished: (job: Job) => void): Job | null {
  const [job, setJob] = useState<Job | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: one subscription per job; onFinished is read when it ends
  useEffect(() => {
    if (!jobId) return;
    setJob(null);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const stop = () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
    const accept = (next: Job) => {
      if (stopped) return;
      setJob(next);
      if (isJobFinished(next)) {
        stop();
        onFinished(next);
      }
    };
    const poll = async () => {
      try {
        accept(await api.get<Job>(`/jobs/${encodeURIComponent(jobId)}`));
      } catch {
        // retried below
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
      source = new EventSource(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`);
      source.addEventListener('progress', (e: MessageEvent<string>) => accept(JSON.parse(e.data) as Job));
      source.addEventListener('error', fallBack);
    }
    return stop;
  }, [jobId]);

  return job;
}
