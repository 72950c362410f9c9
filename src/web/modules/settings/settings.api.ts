import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { sessionKey } from '../../api/session';
import type { ApiKey, Invitation, Locale, Role, Team, Workspace, WorkspaceUser } from '../../api/types';

export const settingsKeys = {
  workspace: ['workspace'] as const,
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  teams: ['teams'] as const,
  apiKeys: ['api-keys'] as const,
};

type List<T> = { data: T[] };

export function useWorkspace() {
  return useQuery({ queryKey: settingsKeys.workspace, queryFn: () => api.get<Workspace>('/workspace') });
}

export function useUpdateWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; defaultRegion?: string | null; defaultLocale?: Locale | null }) =>
      api.patch<Workspace>('/workspace', input),
    onSuccess: (ws) => {
      client.setQueryData(settingsKeys.workspace, ws);
      // The shell shows the workspace name from the session.
      void client.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

export function useUsers() {
  return useQuery({
    queryKey: settingsKeys.users,
    queryFn: async () => (await api.get<List<WorkspaceUser>>('/users')).data,
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; role?: Role; teamId?: string | null }) =>
      api.patch<WorkspaceUser>(`/users/${encodeURIComponent(id)}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.users }),
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: settingsKeys.invitations,
    queryFn: async () => (await api.get<List<Invitation>>('/invitations')).data,
  });
}

export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.post<Invitation>('/invitations', input),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/invitations/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

export function useTeams() {
  return useQuery({
    queryKey: settingsKeys.teams,
    queryFn: async () => (await api.get<List<Team>>('/teams')).data,
  });
}

export function useSaveTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id?: string; name: string; parentId?: string | null }) =>
      id ? api.patch<Team>(`/teams/${encodeURIComponent(id)}`, input) : api.post<Team>('/teams', input),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.teams }),
  });
}

export function useDeleteTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/teams/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.teams }),
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: async () => (await api.get<List<ApiKey>>('/api-keys')).data,
  });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<{ id: string; name: string; key: string }>('/api-keys', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}
