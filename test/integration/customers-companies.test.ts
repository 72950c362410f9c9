import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const req = (
  who: SignedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  server.app.inject({
    method,
    url,
    headers: { ...who.headers, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function createCompany(who: SignedIn, payload: Record<string, unknown> = {}) {
  const res = await req(who, 'POST', '/api/v1/companies', {
    name: '深圳市腾讯计算机系统有限公司',
    ...payload,
  });
  if (res.statusCode !== 201) throw new Error(`company: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('companies: CRUD', () => {
  it('creates a company with normalized phone, website and address, and reads it back', async () => {
    const a = await signUp(server.app);
    const res = await req(a, 'POST', '/api/v1/companies', {
      name: '腾讯',
      industry: '互联网',
      size: '5000+',
      website: 'www.tencent.com',
      phones: [{ type: 'work', number: '0755-8601 3388' }],
      address: '广东省深圳市南山区科技中一路腾讯大厦',
      tags: ['VIP', 'VIP', '重点'],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: '腾讯',
      website: 'https://www.tencent.com',
      phone: '+8675586013388',
      tags: ['VIP', '重点'],
      ownerId: a.userId,
      provinceCode: '440000',
      cityCode: '440300',
      districtCode: '440305',
      version: 1,
    });
    expect(c.address).toMatchObject({
      country: 'CN',
      city: '深圳市',
      district: '南山区',
      street: '科技中一路腾讯大厦',
    });
    expect(res.headers.location).toBe(`/api/v1/companies/${c.id}`);
    const got = await req(a, 'GET', `/api/v1/companies/${c.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('W/"1"');
    expect(got.json()).toEqual(c);
  });

  it('rejects bad input naming each field, and writes nothing', async () => {
    const a = await signUp(server.app);
    const res = await req(a, 'POST', '/api/v1/companies', {
      name: 'Acme',
      website: 'not a url',
      phones: [{ number: '12' }],
      address: { provinceCode: '440000', city: '杭州市' },
      size: 'huge',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('size');
    const res2 = await req(a, 'POST', '/api/v1/companies', {
      name: 'Acme',
      website: 'not a url',
      phones: [{ number: '12' }],
      address: { provinceCode: '440000', city: '杭州市' },
    });
    expect(res2.statusCode).toBe(400);
    expect(
      res2
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['address', 'phones.0.number', 'website']);
    expect((await req(a, 'GET', '/api/v1/companies')).json().data).toHaveLength(0);
  });

  it('patches with If-Match, 412 on a stale version; deletes softly and restores', async () => {
    const a = await signUp(server.app);
    const c = await createCompany(a);
    const ok = await req(
      a,
      'PATCH',
      `/api/v1/companies/${c.id}`,
      { industry: '互联网' },
      { 'if-match': 'W/"1"' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ industry: '互联网', name: c.name, version: 2 });
    const stale = await req(
      a,
      'PATCH',
      `/api/v1/companies/${c.id}`,
      { industry: '金融' },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current.industry).toBe('互联网');
    expect((await req(a, 'DELETE', `/api/v1/companies/${c.id}`)).statusCode).toBe(204);
    expect((await req(a, 'GET', `/api/v1/companies/${c.id}`)).statusCode).toBe(404);
    const trash = (await req(a, 'GET', '/api/v1/companies?deleted=true')).json();
    expect(trash.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const restored = await req(a, 'POST', `/api/v1/companies/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    const events = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      tx.execute(`select type from outbox where object_id = '${c.id}' order by created_at`),
    );
    const types = ((events as any).rows ?? events).map((r: { type: string }) => r.type);
    expect(types).toEqual(['company.created', 'company.updated', 'company.deleted', 'company.restored']);
  });

  it('links contacts with a role and a primary company; a rename reaches their company name and search', async () => {
    const a = await signUp(server.app);
    const acme = await createCompany(a, { name: '阿里巴巴' });
    const other = await createCompany(a, { name: '蚂蚁集团' });
    const zhang = await createContact(server.app, a, {
      name: '张三',
      companies: [
        { companyId: other.id, role: '顾问' },
        { companyId: acme.id, role: '采购经理', isPrimary: true },
      ],
    });
    expect(zhang).toMatchObject({ companyName: '阿里巴巴', primaryCompanyId: acme.id });
    expect(zhang.companies).toEqual([
      { companyId: acme.id, name: '阿里巴巴', role: '采购经理', isPrimary: true },
      { companyId: other.id, name: '蚂蚁集团', role: '顾问', isPrimary: false },
    ]);
    const li = await createContact(server.app, a, { name: '李四', companies: [{ companyId: acme.id }] });
    expect(li).toMatchObject({
      companyName: '阿里巴巴',
      companies: [{ companyId: acme.id, isPrimary: true, role: null }],
    });

    const list = (await req(a, 'GET', `/api/v1/companies/${acme.id}/contacts?limit=1`)).json();
    expect(list.data).toHaveLength(1);
    const rest = (
      await req(a, 'GET', `/api/v1/companies/${acme.id}/contacts?limit=1&cursor=${list.nextCursor}`)
    ).json();
    expect(rest.nextCursor).toBeNull();
    const both = [...list.data, ...rest.data];
    expect(both.map((x: { contact: { name: string } }) => x.contact.name).sort()).toEqual(['张三', '李四']);
    expect(both.find((x: { contact: { id: string } }) => x.contact.id === zhang.id)).toMatchObject({
      role: '采购经理',
      isPrimary: true,
    });

    const renamed = await req(a, 'PATCH', `/api/v1/companies/${acme.id}`, { name: '阿里云' });
    expect(renamed.statusCode).toBe(200);
    const again = (await req(a, 'GET', `/api/v1/contacts/${zhang.id}`)).json();
    expect(again.companyName).toBe('阿里云');
    expect(again.version).toBe(1);
    const found = (await req(a, 'GET', `/api/v1/contacts?q=${encodeURIComponent('阿里云')}`)).json();
    expect(found.data.map((x: { id: string }) => x.id).sort()).toEqual([zhang.id, li.id].sort());

    const moved = await req(a, 'PATCH', `/api/v1/contacts/${zhang.id}`, {
      companies: [{ companyId: other.id, role: 'CEO' }],
    });
    expect(moved.json()).toMatchObject({
      companyName: '蚂蚁集团',
      primaryCompanyId: other.id,
      companies: [{ companyId: other.id, role: 'CEO', isPrimary: true }],
    });
    const unlinked = await req(a, 'PATCH', `/api/v1/contacts/${zhang.id}`, { companies: [] });
    expect(unlinked.json()).toMatchObject({ companyName: null, primaryCompanyId: null, companies: [] });
  });

  it('rejects links to unknown companies, two primaries, and companies the member cannot see', async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'member');
    const mine = await createCompany(a, { name: 'Admin Co' });
    const bad = await req(a, 'POST', '/api/v1/contacts', {
      name: 'X',
      companies: [
        { companyId: mine.id, isPrimary: true },
        { companyId: '0190a1b2-0000-7000-8000-00000000000a', isPrimary: true },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['companies']);
    const unknown = await req(a, 'POST', '/api/v1/contacts', {
      name: 'X',
      companies: [{ companyId: '0190a1b2-0000-7000-8000-00000000000a' }],
    });
    expect(unknown.json().errors[0]).toMatchObject({
      field: 'companies.0.companyId',
      code: 'unknown_company',
    });
    const hidden = await req(member, 'POST', '/api/v1/contacts', {
      name: 'Y',
      companies: [{ companyId: mine.id }],
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().errors[0].field).toBe('companies.0.companyId');
  });

  it('lists with filters and sorts over standard fields', async () => {
    const a = await signUp(server.app);
    await createCompany(a, { name: 'B 公司', size: '11-50', tags: ['VIP'] });
    await createCompany(a, { name: 'A 公司', size: '5000+' });
    await createCompany(a, { name: 'C 公司', size: '11-50', tags: ['VIP', '重点'] });
    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'size', op: 'eq', value: '11-50' },
          { field: 'tags', op: 'has_any', value: ['VIP'] },
        ],
      }),
    );
    const res = await req(a, 'GET', `/api/v1/companies?filter=${filter}&sort=-name`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((x: { name: string }) => x.name)).toEqual(['C 公司', 'B 公司']);
    const bad = await req(
      a,
      'GET',
      `/api/v1/companies?filter=${encodeURIComponent(JSON.stringify({ field: 'size', op: 'contains', value: '1' }))}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'filter.op', code: 'invalid_operator' });
  });
});

describe('companies: outsiders', () => {
  it('another workspace gets 404 on every route and empty lists; nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const c = await createCompany(a);
    await createContact(server.app, a, { name: '王五', companies: [{ companyId: c.id }] });
    const base = `/api/v1/companies/${c.id}`;
    for (const [method, url, payload] of [
      ['GET', base],
      ['GET', `${base}/contacts`],
      ['PATCH', base, { name: 'hacked' }],
      ['DELETE', base],
      ['POST', `${base}/restore`],
    ] as const) {
      const res = await req(b, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await req(b, 'GET', '/api/v1/companies')).json().data).toEqual([]);
    const link = await req(b, 'POST', '/api/v1/contacts', { name: 'X', companies: [{ companyId: c.id }] });
    expect(link.statusCode).toBe(400);
    const after = (await req(a, 'GET', base)).json();
    expect(after).toMatchObject({ name: c.name, version: 1, deletedAt: null });
  });
});
