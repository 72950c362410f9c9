import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requester } from '../support/customers';
import { addMember, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
const req = requester(() => server);

const MINE_IN_BEIJING = {
  and: [
    { field: 'ownerId', op: 'eq', value: '@me' },
    { field: 'provinceCode', op: 'eq', value: '110000' },
  ],
};

async function saveView(who: SignedIn, body: Record<string, unknown>) {
  const res = await req(who, 'POST', '/api/v1/views', { objectType: 'contact', name: 'My view', ...body });
  if (res.statusCode !== 201) throw new Error(`view: ${res.statusCode} ${res.body}`);
  return res.json();
}

const names = (res: { json(): any }) => res.json().data.map((v: { name: string }) => v.name);

describe('saved views', () => {
  it('saves a view with filter, sort and columns, and reads it back', async () => {
    const a = await signUp(server.app);
    const v = await saveView(a, {
      name: '北京的客户',
      filter: MINE_IN_BEIJING,
      sort: '-createdAt,name',
      columns: ['name', 'phone', 'companyName'],
    });
    expect(v).toMatchObject({
      name: '北京的客户',
      visibility: 'personal',
      ownerId: a.userId,
      filter: MINE_IN_BEIJING,
      sort: '-createdAt,name',
      columns: ['name', 'phone', 'companyName'],
      abilities: { update: true, delete: true },
      version: 1,
    });
    expect((await req(a, 'GET', `/api/v1/views/${v.id}`)).json()).toEqual(v);
    expect(names(await req(a, 'GET', '/api/v1/views?objectType=contact'))).toEqual(['北京的客户']);
    expect(names(await req(a, 'GET', '/api/v1/views?objectType=company'))).toEqual([]);
  });

  it('checks the filter, sort and columns against metadata on save', async () => {
    const a = await signUp(server.app);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ filter: { field: 'shoeSize', op: 'eq', value: 1 } }, 'filter.field', 'unknown_field'],
      [{ filter: { field: 'name', op: 'gt', value: 1 } }, 'filter.op', 'invalid_operator'],
      [
        { filter: { and: [{ field: 'lifecycleStage', op: 'eq', value: 'vip' }] } },
        'filter.and.0.value',
        'invalid_option',
      ],
      [{ sort: '-nope' }, 'sort.0', 'unknown_field'],
      [{ columns: ['name', 'nope'] }, 'columns.1', 'unknown_field'],
      [
        { objectType: 'company', filter: { field: 'lifecycleStage', op: 'is_empty' } },
        'filter.field',
        'unknown_field',
      ],
    ];
    for (const [body, field, code] of cases) {
      const res = await req(a, 'POST', '/api/v1/views', { objectType: 'contact', name: 'v', ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0], JSON.stringify(body)).toMatchObject({ field, code });
    }
    const patch = await req(a, 'PATCH', `/api/v1/views/${(await saveView(a, {})).id}`, {
      filter: { field: 'x', op: 'eq', value: 1 },
    });
    expect(patch.statusCode).toBe(400);
  });

  it('personal views are the owner’s alone; shared views are seen by all and changed by owner or admin', async () => {
    const admin = await signUp(server.app);
    const alice = await addMember(server.app, admin, 'member');
    const bob = await addMember(server.app, admin, 'member');
    const reader = await addMember(server.app, admin, 'read_only');
    const personal = await saveView(alice, { name: 'Alice private' });
    const shared = await saveView(alice, { name: 'Team pipeline', visibility: 'shared' });

    expect(names(await req(alice, 'GET', '/api/v1/views?objectType=contact'))).toEqual([
      'Alice private',
      'Team pipeline',
    ]);
    expect(names(await req(bob, 'GET', '/api/v1/views?objectType=contact'))).toEqual(['Team pipeline']);
    expect(names(await req(admin, 'GET', '/api/v1/views?objectType=contact'))).toEqual(['Team pipeline']);

    // Someone else's personal view does not exist for them, admins included.
    for (const who of [bob, admin]) {
      expect((await req(who, 'GET', `/api/v1/views/${personal.id}`)).statusCode).toBe(404);
      expect((await req(who, 'PATCH', `/api/v1/views/${personal.id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await req(who, 'DELETE', `/api/v1/views/${personal.id}`)).statusCode).toBe(404);
    }
    // A shared view: members see it read-only, the admin may edit it but not hide it.
    const seenByBob = (await req(bob, 'GET', `/api/v1/views/${shared.id}`)).json();
    expect(seenByBob.abilities).toEqual({ update: false, delete: false });
    expect((await req(bob, 'PATCH', `/api/v1/views/${shared.id}`, { name: 'mine now' })).statusCode).toBe(
      403,
    );
    expect((await req(bob, 'DELETE', `/api/v1/views/${shared.id}`)).statusCode).toBe(403);
    const edited = await req(
      admin,
      'PATCH',
      `/api/v1/views/${shared.id}`,
      { name: 'Team pipeline (Q3)' },
      { 'if-match': 'W/"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expect(
      (await req(admin, 'PATCH', `/api/v1/views/${shared.id}`, { visibility: 'personal' })).statusCode,
    ).toBe(403);
    const stale = await req(
      alice,
      'PATCH',
      `/api/v1/views/${shared.id}`,
      { name: 'old' },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.statusCode).toBe(412);

    // The owner may make it personal again; then it disappears for the others.
    expect(
      (await req(alice, 'PATCH', `/api/v1/views/${shared.id}`, { visibility: 'personal' })).statusCode,
    ).toBe(200);
    expect(names(await req(bob, 'GET', '/api/v1/views?objectType=contact'))).toEqual([]);

    // Read-only users keep personal views but cannot share.
    expect(
      (await req(reader, 'POST', '/api/v1/views', { objectType: 'contact', name: 'r' })).statusCode,
    ).toBe(201);
    expect(
      (await req(reader, 'POST', '/api/v1/views', { objectType: 'contact', name: 's', visibility: 'shared' }))
        .statusCode,
    ).toBe(403);

    expect((await req(alice, 'DELETE', `/api/v1/views/${personal.id}`)).statusCode).toBe(204);
    expect((await req(alice, 'GET', `/api/v1/views/${personal.id}`)).statusCode).toBe(404);
  });

  it('a saved view’s filter and sort run as a list', async () => {
    const a = await signUp(server.app);
    const v = await saveView(a, { filter: { field: 'name', op: 'starts_with', value: '张' }, sort: 'name' });
    for (const name of ['张三', '李四', '张二']) await req(a, 'POST', '/api/v1/contacts', { name });
    const url = `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify(v.filter))}&sort=${v.sort}`;
    expect((await req(a, 'GET', url)).json().data.map((c: { name: string }) => c.name)).toEqual(
      ['张三', '张二'].sort(),
    );
  });
});

describe('saved views: outsiders', () => {
  it('another workspace gets 404 on every route, an empty list, and nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const v = await saveView(a, { name: 'Shared', visibility: 'shared' });
    const base = `/api/v1/views/${v.id}`;
    expect((await req(b, 'GET', base)).statusCode).toBe(404);
    expect((await req(b, 'PATCH', base, { name: 'hacked' })).statusCode).toBe(404);
    expect((await req(b, 'DELETE', base)).statusCode).toBe(404);
    expect((await req(b, 'GET', '/api/v1/views?objectType=contact')).json().data).toEqual([]);
    expect((await req(a, 'GET', base)).json()).toMatchObject({ name: 'Shared', version: 1 });
  });
});
