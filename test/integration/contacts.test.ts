import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (who: SignedIn, url: string) => server.app.inject({ method: 'GET', url, headers: who.headers });

describe('contacts: create, read, list', () => {
  it('creates a contact with normalized e-mail and E.164 phone, and lists it', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: a.headers,
      payload: { name: '张三', email: ' Zhang.San@Example.COM ', phone: '138 0013 8000' },
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: '张三',
      email: 'zhang.san@example.com',
      phone: '+8613800138000',
      ownerId: a.userId,
      version: 1,
    });
    expect(res.headers.etag).toBe('W/"1"');
    const list = await get(a, '/api/v1/contacts');
    expect(list.json().data.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('pages through with an opaque cursor, newest first, each contact once', async () => {
    const a = await signUp(server.app);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await createContact(server.app, a, { name: `客户 ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/contacts?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = (await get(a, url)).json();
      seen.push(...page.data.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('rejects a forged cursor with a 400, not a 500', async () => {
    const a = await signUp(server.app);
    const res = await get(a, '/api/v1/contacts?cursor=not-a-cursor');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('cursor');
  });
});

describe('contacts: bad input is a 4xx that names the problem and writes nothing', () => {
  const cases: Array<[string, Record<string, string>, string, number, string]> = [
    [
      'missing name',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'a@b.cn' }),
      400,
      'name',
    ],
    ['wrong type', { 'content-type': 'application/json' }, JSON.stringify({ name: 42 }), 400, 'name'],
    [
      'bad e-mail',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'x', email: 'not-mail' }),
      400,
      'email',
    ],
    [
      'unknown field',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'x', shoeSize: 42 }),
      400,
      'shoeSize',
    ],
    [
      'bad phone',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'x', phone: 'abc' }),
      400,
      'phone',
    ],
  ];
  for (const [label, headers, payload, status, field] of cases) {
    it(label, async () => {
      const a = await signUp(server.app);
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { ...a.headers, ...headers },
        payload,
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await get(a, '/api/v1/contacts')).json().data).toHaveLength(0);
    });
  }

  it('malformed JSON', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...a.headers, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_json');
  });

  it('wrong content type', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...a.headers, 'content-type': 'text/csv' },
      payload: 'name\nx',
    });
    expect(res.statusCode).toBe(415);
  });

  it('a 10 MB body', async () => {
    const a = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...a.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('an id that is not a UUID', async () => {
    const a = await signUp(server.app);
    const res = await get(a, '/api/v1/contacts/12345');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('id');
  });
});

describe('contacts: concurrency, idempotency, soft delete', () => {
  it('two PATCHes from the same ETag: one 200, one 412, and the first change survives', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a, { name: '王五' });
    const patch = (name: string) =>
      server.app.inject({
        method: 'PATCH',
        url: `/api/v1/contacts/${c.id}`,
        headers: { ...a.headers, 'if-match': 'W/"1"' },
        payload: { name },
      });
    const first = await patch('王五 (first)');
    const second = await patch('王五 (second)');
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(412);
    expect(second.json().current.name).toBe('王五 (first)');
    expect((await get(a, `/api/v1/contacts/${c.id}`)).json().name).toBe('王五 (first)');
  });

  it('concurrent PATCHes from the same ETag never both succeed', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a);
    const results = await Promise.all(
      ['x', 'y', 'z'].map((name) =>
        server.app.inject({
          method: 'PATCH',
          url: `/api/v1/contacts/${c.id}`,
          headers: { ...a.headers, 'if-match': 'W/"1"' },
          payload: { name },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
  });

  it('a retried POST with the same Idempotency-Key returns the first response and creates one contact', async () => {
    const a = await signUp(server.app);
    const post = () =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { ...a.headers, 'idempotency-key': 'order-42' },
        payload: { name: '赵六' },
      });
    const [r1, r2] = [await post(), await post()];
    expect(r1.statusCode).toBe(201);
    expect(r2.statusCode).toBe(201);
    expect(r2.json().id).toBe(r1.json().id);
    expect(r2.headers['idempotent-replayed']).toBe('true');
    expect((await get(a, '/api/v1/contacts')).json().data).toHaveLength(1);
    const different = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...a.headers, 'idempotency-key': 'order-42' },
      payload: { name: 'someone else' },
    });
    expect(different.statusCode).toBe(422);
  });

  it('deletes softly and restores', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a);
    expect(
      (await server.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${c.id}`, headers: a.headers }))
        .statusCode,
    ).toBe(204);
    expect((await get(a, `/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
    expect((await get(a, '/api/v1/contacts')).json().data).toHaveLength(0);
    const restored = await server.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${c.id}/restore`,
      headers: a.headers,
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect((await get(a, `/api/v1/contacts/${c.id}`)).statusCode).toBe(200);
  });

  it('writes an audit row with before and after values in the same transaction', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a, { name: 'Before' });
    await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      headers: a.headers,
      payload: { name: 'After' },
    });
    const rows = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      tx.query.auditLog.findMany({
        where: (t, { eq }) => eq(t.objectId, c.id),
        orderBy: (t, { asc }) => asc(t.id),
      }),
    );
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(rows[1].before).toMatchObject({ name: 'Before' });
    expect(rows[1].after).toMatchObject({ name: 'After' });
    expect(rows[1].actorId).toBe(a.userId);
  });
});

describe('contacts: roles and ownership scope', () => {
  it('members see their own and unowned contacts; admins see all; read-only users cannot write', async () => {
    const admin = await signUp(server.app);
    const m1 = await addMember(server.app, admin, 'member');
    const m2 = await addMember(server.app, admin, 'member');
    const ro = await addMember(server.app, admin, 'read_only');
    const mine = await createContact(server.app, m1, { name: 'm1 own' });
    await createContact(server.app, m2, { name: 'm2 own' });
    const pool = await createContact(server.app, admin, { name: '公海客户', ownerId: null });
    const names = async (who: SignedIn) =>
      (await get(who, '/api/v1/contacts'))
        .json()
        .data.map((c: { name: string }) => c.name)
        .sort();
    expect(await names(m1)).toEqual(['m1 own', '公海客户'].sort());
    expect(await names(admin)).toEqual(['m1 own', 'm2 own', '公海客户'].sort());
    expect((await get(m2, `/api/v1/contacts/${mine.id}`)).statusCode).toBe(404);
    const roWrite = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${pool.id}`,
      headers: ro.headers,
      payload: { name: 'x' },
    });
    expect(roWrite.statusCode).toBe(403);
    // a member cannot hand a contact to someone else
    const give = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${mine.id}`,
      headers: m1.headers,
      payload: { ownerId: m2.userId },
    });
    expect(give.statusCode).toBe(403);
  });

  it('a manager sees what the members of the team and its sub-teams own', async () => {
    const admin = await signUp(server.app);
    const team = (
      await server.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: admin.headers,
        payload: { name: '华东区' },
      })
    ).json();
    const sub = (
      await server.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: admin.headers,
        payload: { name: '上海组', parentId: team.id },
      })
    ).json();
    const manager = await addMember(server.app, admin, 'manager', { teamId: team.id });
    const rep = await addMember(server.app, admin, 'member', { teamId: sub.id });
    const outsider = await addMember(server.app, admin, 'member');
    const repContact = await createContact(server.app, rep, { name: 'rep 的客户' });
    const otherContact = await createContact(server.app, outsider, { name: 'other' });
    expect((await get(manager, `/api/v1/contacts/${repContact.id}`)).statusCode).toBe(200);
    expect((await get(manager, `/api/v1/contacts/${otherContact.id}`)).statusCode).toBe(404);
  });
});

describe('contacts: outsiders', () => {
  it('every contacts route used with another workspace’s credentials on these ids answers 404 and changes nothing', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const c = await createContact(server.app, a, { name: '机密客户', email: 'secret@a.cn' });
    for (const auth of [b.headers, await b.bearer()]) {
      const attempts = await Promise.all([
        server.app.inject({ method: 'GET', url: `/api/v1/contacts/${c.id}`, headers: auth }),
        server.app.inject({
          method: 'PATCH',
          url: `/api/v1/contacts/${c.id}`,
          headers: auth,
          payload: { name: 'hacked' },
        }),
        server.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${c.id}`, headers: auth }),
        server.app.inject({ method: 'POST', url: `/api/v1/contacts/${c.id}/restore`, headers: auth }),
      ]);
      expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
      const list = await server.app.inject({ method: 'GET', url: '/api/v1/contacts?q=机密', headers: auth });
      expect(list.json().data).toHaveLength(0);
    }
    const after = (await get(a, `/api/v1/contacts/${c.id}`)).json();
    expect(after).toMatchObject({ name: '机密客户', version: 1, deletedAt: null });
  });
});

describe('contacts: duplicate warnings on write', () => {
  it('warns about an existing contact with the same phone, and blocks on request with the candidates', async () => {
    const a = await signUp(server.app);
    const first = await createContact(server.app, a, { name: '李雷', phone: '13900139000' });
    const warned = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: a.headers,
      payload: { name: '李雷 (重复)', phone: '+86 139 0013 9000' },
    });
    expect(warned.statusCode).toBe(201);
    expect(warned.json().duplicates).toEqual([
      expect.objectContaining({ id: first.id, reasons: expect.arrayContaining(['same_phone']) }),
    ]);
    const blocked = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts?onDuplicate=block',
      headers: a.headers,
      payload: { name: 'Li Lei', phone: '139-0013-9000' },
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('duplicate_detected');
    expect(blocked.json().candidates.map((c: { id: string }) => c.id)).toContain(first.id);
    const names = (await get(a, '/api/v1/contacts')).json().data.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Li Lei');
  });

  it('reports nothing for a distinct contact, and never another workspace’s contacts', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    await createContact(server.app, a, { name: '韩梅梅', email: 'meimei@example.cn' });
    const other = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts?onDuplicate=block',
      headers: b.headers,
      payload: { name: '韩梅梅', email: 'meimei@example.cn' },
    });
    expect(other.statusCode).toBe(201);
    expect(other.json().duplicates).toEqual([]);
  });
});
