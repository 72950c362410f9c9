import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { WorkspaceUser } from '../../api/types';

/** The customer objects the web app lists and edits. */
export type ObjectType = 'contact' | 'company';

/** Field types of `GET /metadata` (docs/filters.md). */
export type FieldType =
  | 'text'
  | 'number'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multi_select'
  | 'boolean'
  | 'phone'
  | 'email'
  | 'url'
  | 'user'
  | 'lookup';

export interface FieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

/** One field of an object as the server describes it: drives columns, filters and forms. */
export interface FieldMeta {
  key: string;
  type: FieldType;
  labelZh: string;
  labelEn: string;
  source: 'standard' | 'custom';
  required: boolean;
  unique: boolean;
  readOnly: boolean;
  options: FieldOption[] | null;
  lookupTarget: ObjectType | null;
  filterable: boolean;
  sortable: boolean;
  operators: string[];
  customFieldId: string | null;
}

export interface ObjectMeta {
  objectType: ObjectType;
  labelZh: string;
  labelEn: string;
  defaultSort: string;
  fields: FieldMeta[];
}

export interface Metadata {
  objects: ObjectMeta[];
  filterLimits: { maxDepth: number; maxConditions: number; maxListValues: number };
}

export const metadataKey = ['metadata'] as const;

/** Objects and fields of the workspace (standard + custom), cached for the session. */
export function useMetadata() {
  return useQuery({
    queryKey: metadataKey,
    queryFn: ({ signal }) => api.get<Metadata>('/metadata', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The metadata of one object, or undefined while loading. */
export function useObjectMeta(objectType: ObjectType): ObjectMeta | undefined {
  const { data } = useMetadata();
  return data?.objects.find((o) => o.objectType === objectType);
}

/** Members of the workspace, for owner pickers and showing who did what. */
export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    // Same key and shape as the settings module's list, so both share one cache entry.
    queryFn: async ({ signal }) => (await api.get<{ data: WorkspaceUser[] }>('/users', { signal })).data,
    staleTime: 5 * 60_000,
  });
}

/** A user's name by id ('' while unknown). */
export function useUserName(): (id: string | null | undefined) => string {
  const { data } = useUsers();
  return useCallback((id) => (id && data?.find((u) => u.id === id)?.name) || '', [data]);
}

/**
 * Field and option labels in the language shown. Standard fields the app already names
 * (`fields.<key>`) use the app's wording so a field reads the same everywhere.
 */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const field = useCallback(
    (f: Pick<FieldMeta, 'key' | 'source' | 'labelZh' | 'labelEn'>) =>
      f.source === 'standard' && i18n.exists(`fields.${f.key}`)
        ? t(`fields.${f.key}`)
        : zh
          ? f.labelZh
          : f.labelEn,
    [t, i18n, zh],
  );
  const option = useCallback(
    (f: Pick<FieldMeta, 'options'>, value: string) => {
      const o = f.options?.find((x) => x.value === value);
      return o ? (zh ? o.labelZh : o.labelEn) : value;
    },
    [zh],
  );
  // One object while the language stays, so callers can memoize on it.
  return useMemo(() => ({ field, option, zh }), [field, option, zh]);
}

/** One province, city or district (GB/T 2260). */
export interface Region {
  code: string;
  name: string;
  hasChildren: boolean;
}

/** Provinces (no parent), or the cities / districts under `parent`. */
export function useRegions(parent: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['regions', parent ?? ''],
    queryFn: ({ signal }) =>
      api.get<{ data: Region[] }>(`/regions${parent ? `?parent=${encodeURIComponent(parent)}` : ''}`, {
        signal,
      }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    select: (res) => res.data,
  });
}
