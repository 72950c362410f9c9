import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, cookieFrom, logIn, signUp, uniqueEmail } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '600' } });
});
afterAll(() => server.close());

describe('sign-up and sign-in', () => {
  it('signs up a workspace and its admin, with an httpOnly SameSite=Lax session cookie', async () => {
    const email = uniqueEmail();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        workspaceName: '华东销售部',
        name: '李雷',
        email: email.toUpperCase(),
        password: 'long enough 1',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user.email).toBe(email);
    expect(body.workspace.name).toBe('华东销售部');
    expect(body.role).toBe('admin');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP in tests
  });

  it('refuses a second account with the same e-mail', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { workspaceName: 'X', name: 'Y', email: a.email, password: 'whatever 123' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('email');
  });

  it('logs in, reads the session, and logs out', async () => {
    const a = await signUp(server.app);
    const b = await logIn(server.app, a.email, a.password);
    const session = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: b.cookie },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().workspace.id).toBe(a.workspaceId);
    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: b.headers });
    expect(out.statusCode).toBe(204);
    const after = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: b.cookie },
    });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('locks an e-mail out after repeated wrong passwords, even for the right one', async () => {
    const a = await signUp(server.app);
    for (let i = 0; i < 3; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: a.email, password: 'wrong' },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.email, password: a.password },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: uniqueEmail(), password: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });
});

describe('CSRF', () => {
  it('rejects a cookie-authenticated write without the x-csrf-token header', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie: a.cookie },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie: a.cookie, 'x-csrf-token': 'nope' },
      payload: { name: 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { cookie: a.cookie },
    });
    expect(list.json().data).toHaveLength(0);
  });

  it('needs no CSRF token with a Bearer API key', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: await a.bearer(),
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('API keys', () => {
  it('shows the key once, stores only a hash, and stops working when revoked', async () => {
    const a = await signUp(server.app);
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: a.headers,
      payload: { name: 'ERP 同步' },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: a.headers });
    expect(JSON.stringify(list.json())).not.toContain(key.slice(-20));
    const auth = { authorization: `Bearer ${key}` };
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: auth })).statusCode,
    ).toBe(200);
    const revoke = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: a.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: auth })).statusCode,
    ).toBe(401);
  });

  it('a revoked key writes nothing on its next request, though it was just used', async () => {
    const a = await signUp(server.app);
    const bearer = await a.bearer();
    const post = (name: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: bearer, payload: { name } });
    expect((await post('吊销前')).statusCode).toBe(201);
    const keys = await server.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: a.headers });
    const [key] = keys.json().data;
    const revoke = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.id}`,
      headers: a.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await post('吊销后');
    expect(after.statusCode).toBe(401);
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: a.headers });
    expect(list.json().data.map((c: { name: string }) => c.name)).toEqual(['吊销前']);
  });

  it("a key acts with its user's current role from the next request on", async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'admin');
    const bearer = await member.bearer();
    const post = (name: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: bearer, payload: { name } });
    expect((await post('降级前')).statusCode).toBe(201);
    const demote = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.userId}`,
      headers: a.headers,
      payload: { role: 'read_only' },
    });
    expect(demote.statusCode).toBe(200);
    expect((await post('降级后')).statusCode).toBe(403);
    const promote = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.userId}`,
      headers: a.headers,
      payload: { role: 'member' },
    });
    expect(promote.statusCode).toBe(200);
    expect((await post('恢复后')).statusCode).toBe(201);
  });

  it('rejects a tampered key', async () => {
    const a = await signUp(server.app);
    const [bearer] = Object.values(await a.bearer());
    const tampered = `${bearer.slice(0, -3)}${bearer.endsWith('a') ? 'b' : 'a'}xy`;
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: tampered },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('invitations and several workspaces', () => {
  it('invites by link; the new member signs in with the role given', async () => {
    const admin = await signUp(server.app);
    const member = await addMember(server.app, admin, 'member');
    const session = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: member.cookie },
    });
    expect(session.json().role).toBe('member');
    expect(session.json().workspace.id).toBe(admin.workspaceId);
    // members cannot administer
    const invite = await server.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: member.headers,
      payload: { email: uniqueEmail() },
    });
    expect(invite.statusCode).toBe(403);
  });

  it('lets an existing user join a second workspace and switch between them', async () => {
    const a = await signUp(server.app, { workspaceName: 'A 公司' });
    const b = await signUp(server.app, { workspaceName: 'B 公司' });
    const inv = await server.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: b.headers,
      payload: { email: a.email, role: 'manager' },
    });
    const token = inv.json().inviteUrl.split('/invite/')[1];
    const wrongPassword = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token, password: 'nope nope' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    const accepted = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token, password: a.password },
    });
    expect(accepted.statusCode).toBe(200);
    const cookie = cookieFrom(accepted.headers['set-cookie']);
    const body = accepted.json();
    expect(body.workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['A 公司', 'B 公司']);
    const switched = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/switch-workspace',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
      payload: { workspaceId: a.workspaceId },
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().workspace.name).toBe('A 公司');
    expect(switched.json().role).toBe('admin');
    // the invitation cannot be used twice
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token, password: a.password },
    });
    expect(again.statusCode).toBe(404);
  });

  it('cannot switch into a workspace the user does not belong to', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/switch-workspace',
      headers: a.headers,
      payload: { workspaceId: b.workspaceId },
    });
    expect(res.statusCode).toBe(404);
  });
});
