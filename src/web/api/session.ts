import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { queryClient } from '../app/query-client';
import { applyLocale, currentLocale } from '../i18n';
import { ApiError, api, setCsrfToken } from './client';
import type { Locale, Session } from './types';

export const sessionKey = ['session'] as const;

const SIGNED_IN_HINT = 'guanxi.signedIn';

/**
 * Whether this browser was signed in last time we looked. Signed-out pages use it to skip the
 * session probe (a 401 the browser would log) when nobody is likely signed in.
 */
export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return true;
  }
}

function rememberSessionHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // without storage the signed-out pages simply always probe
  }
}

/** Makes a session current: remembers its CSRF token, caches it and shows the user's language. */
export function adoptSession(session: Session | null): Session | null {
  setCsrfToken(session?.csrfToken ?? null);
  rememberSessionHint(session !== null);
  queryClient.setQueryData(sessionKey, session);
  if (session?.user.locale && session.user.locale !== currentLocale()) void applyLocale(session.user.locale);
  return session;
}

/** Reads the current session; resolves to null when nobody is signed in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/auth/session', { redirectOn401: false });
    return adoptSession(session);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return adoptSession(null);
    throw err;
  }
}

/** The session query (null = signed out); `enabled: false` reads only what is already cached. */
export function useSessionQuery(enabled = true) {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000, enabled });
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; only valid inside the signed-in shell. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() used outside the signed-in shell');
  return session;
}

export interface SignUpInput {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
}

export interface SignInInput {
  email: string;
  password: string;
}

export interface AcceptInvitationInput {
  token: string;
  name?: string;
  password?: string;
}

export function useSignUp() {
  return useMutation({
    mutationFn: (input: SignUpInput) =>
      api.post<Session>('/auth/signup', { ...input, locale: currentLocale() }, { redirectOn401: false }),
    onSuccess: (session) => {
      queryClient.clear();
      adoptSession(session);
    },
  });
}

export function useSignIn() {
  return useMutation({
    mutationFn: (input: SignInInput) => api.post<Session>('/auth/login', input, { redirectOn401: false }),
    onSuccess: (session) => {
      queryClient.clear();
      adoptSession(session);
    },
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (input: AcceptInvitationInput) =>
      api.post<Session>('/auth/accept-invitation', input, { redirectOn401: false }),
    onSuccess: (session) => {
      queryClient.clear();
      adoptSession(session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout', undefined, { redirectOn401: false }),
    onSettled: () => {
      client.clear();
      adoptSession(null);
    },
  });
}

/** Switches workspace; every cached record belonged to the old one, so the cache is emptied. */
export function useSwitchWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => api.post<Session>('/auth/switch-workspace', { workspaceId }),
    onSuccess: (session) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      adoptSession(session);
    },
  });
}

/** Shows another language now, remembers it here and, when signed in, on the user's profile. */
export async function changeLocale(locale: Locale, signedIn: boolean): Promise<void> {
  await applyLocale(locale);
  if (!signedIn) return;
  const session = await api.patch<Session>('/auth/me', { locale });
  adoptSession(session);
}
