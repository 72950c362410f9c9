import { randomUUID } from 'node:crypto';
import type { App } from '../../src/server/app';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
  /** Headers for a cookie-authenticated request (with CSRF). */
  headers: Record<string, string>;
  /** Headers for a Bearer request with a fresh API key of this user (created on first use). */
  bearer(): Promise<Record<string, string>>;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

export function cookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const c = all.find((s) => s.startsWith('gx_session='));
  if (!c) throw new Error('no session cookie set');
  return c.split(';')[0];
}

function signedIn(app: App, body: any, cookie: string, email: string, password: string): SignedIn {
  const headers = { cookie, 'x-csrf-token': body.csrfToken };
  let key: string | undefined;
  return {
    cookie,
    csrfToken: body.csrfToken,
    userId: body.user.id,
    workspaceId: body.workspace.id,
    email,
    password,
    headers,
    async bearer() {
      if (!key) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers,
          payload: { name: 'test' },
        });
        if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`);
        key = res.json().key;
      }
      return { authorization: `Bearer ${key}` };
    },
  };
}

/** Signs up a fresh workspace and its admin: the tenant-scoped factory every test starts from. */
export async function signUp(
  app: App,
  overrides: Partial<{
    workspaceName: string;
    name: string;
    email: string;
    password: string;
    locale: string;
  }> = {},
): Promise<SignedIn> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? 'correct horse battery';
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { workspaceName: 'Test Co', name: 'Test Admin', ...overrides, email, password },
  });
  if (res.statusCode !== 201) throw new Error(`signup: ${res.statusCode} ${res.body}`);
  return signedIn(app, res.json(), cookieFrom(res.headers['set-cookie']), email, password);
}

export async function logIn(app: App, email: string, password: string): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  return signedIn(app, res.json(), cookieFrom(res.headers['set-cookie']), email, password);
}

/** Invites `role` into the admin's workspace and accepts as a new user. */
export async function addMember(
  app: App,
  admin: SignedIn,
  role: string,
  extra: { teamId?: string } = {},
): Promise<SignedIn> {
  const email = uniqueEmail(role);
  const inv = await app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: admin.headers,
    payload: { email, role },
  });
  if (inv.statusCode !== 201) throw new Error(`invite: ${inv.statusCode} ${inv.body}`);
  const token = inv.json().inviteUrl.split('/invite/')[1];
  const password = 'member password 1';
  const acc = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/accept-invitation',
    payload: { token, name: `A ${role}`, password },
  });
  if (acc.statusCode !== 200) throw new Error(`accept: ${acc.statusCode} ${acc.body}`);
  const member = signedIn(app, acc.json(), cookieFrom(acc.headers['set-cookie']), email, password);
  if (extra.teamId) {
    const r = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.userId}`,
      headers: admin.headers,
      payload: { teamId: extra.teamId },
    });
    if (r.statusCode !== 200) throw new Error(`team: ${r.statusCode} ${r.body}`);
  }
  return member;
}

export async function createContact(app: App, who: SignedIn, payload: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: who.headers,
    payload: { name: '张三', ...payload },
  });
  if (res.statusCode !== 201) throw new Error(`contact: ${res.statusCode} ${res.body}`);
  return res.json();
}
