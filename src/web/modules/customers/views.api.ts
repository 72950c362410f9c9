import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { FilterNode } from './filter-model';
import type { ObjectType } from './metadata.api';

/** A saved list view: filter, sort and columns, personal or shared with the workspace. */
export interface SavedView {
  id: string;
  objectType: ObjectType;
  name: string;
  visibility: 'personal' | 'shared';
  ownerId: string;
  filter: FilterNode | null;
  sort: string | null;
  columns: string[] | null;
  abilities: { update: boolean; delete: boolean };
  version: number;
}

export interface ViewInput {
  name?: string;
  visibility?: 'personal' | 'shared';
  filter?: FilterNode | null;
  sort?: string | null;
  columns?: string[] | null;
}

export const viewKeys = { list: (o: ObjectType) => ['views', o] as const };

/** My views and the shared ones of an object. */
export function useViews(objectType: ObjectType) {
  return useQuery({
    queryKey: viewKeys.list(objectType),
    queryFn: ({ signal }) => api.get<{ data: SavedView[] }>(`/views?objectType=${objectType}`, { signal }),
    select: (res) => res.data,
  });
}

export function createView(objectType: ObjectType, input: ViewInput & { name: string }) {
  return api.post<SavedView>('/views', { objectType, visibility: 'personal', ...input });
}

export function updateView(view: SavedView, input: ViewInput) {
  return api.patch<SavedView>(`/views/${view.id}`, input, { headers: { 'if-match': `W/"${view.version}"` } });
}

export function deleteView(view: SavedView) {
  return api.delete(`/views/${view.id}`);
}
