import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterParam, requester } from '../support/customers';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
const req = requester(() => server);

describe('contacts: the full model', () => {
  it('creates a contact with typed phones, e-mails, addresses, consent and tags, normalized', async () => {
    const a = await signUp(server.app);
    const res = await req(a, 'POST', '/api/v1/contacts', {
      name: '张三',
      gender: 'male',
      title: '采购经理',
      phones: [
        { type: 'mobile', number: '138 0013 8000' },
        { type: 'work', number: '010-1234 5678 转 801' },
        { type: 'home', number: '+86 138-0013-8000' },
      ],
      emails: [{ type: 'work', address: ' Zhang.San@Example.COM ' }, { address: 'zs＠qq．com' }],
      addresses: [
        '广东省深圳市南山区科技园路1号',
        {
          type: 'home',
          provinceCode: '110000',
          district: '朝阳区',
          street: '建国路88号',
          postalCode: '100022',
        },
        { type: 'billing', country: 'US', city: 'San Francisco', province: 'CA', street: '1 Market St' },
      ],
      birthday: '1990-05-17',
      source: '展会',
      lifecycleStage: 'lead',
      tags: ['VIP', '重点', 'VIP'],
      consent: { email: 'granted', sms: 'denied', source: 'web form' },
      notes: '喜欢喝茶',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: '张三',
      gender: 'male',
      title: '采购经理',
      phone: '+8613800138000',
      email: 'zhang.san@example.com',
      phones: [
        { type: 'mobile', number: '+8613800138000' },
        { type: 'work', number: '+861012345678;ext=801' },
      ],
      emails: [
        { type: 'work', address: 'zhang.san@example.com' },
        { type: 'work', address: 'zs@qq.com' },
      ],
      provinceCode: '440000',
      cityCode: '440300',
      districtCode: '440305',
      birthday: '1990-05-17',
      source: '展会',
      lifecycleStage: 'lead',
      tags: ['VIP', '重点'],
      notes: '喜欢喝茶',
      ownerId: a.userId,
      createdBy: a.userId,
      companies: [],
      custom: {},
    });
    expect(c.addresses).toEqual([
      {
        type: 'work',
        country: 'CN',
        province: '广东省',
        provinceCode: '440000',
        city: '深圳市',
        cityCode: '440300',
        district: '南山区',
        districtCode: '440305',
        street: '科技园路1号',
        postalCode: null,
      },
      {
        type: 'home',
        country: 'CN',
        province: '北京市',
        provinceCode: '110000',
        city: '北京市',
        cityCode: '110100',
        district: '朝阳区',
        districtCode: '110105',
        street: '建国路88号',
        postalCode: '100022',
      },
      {
        type: 'billing',
        country: 'US',
        province: 'CA',
        provinceCode: null,
        city: 'San Francisco',
        cityCode: null,
        district: null,
        districtCode: null,
        street: '1 Market St',
        postalCode: null,
      },
    ]);
    expect(c.consent).toMatchObject({ email: 'granted', sms: 'denied', source: 'web form' });
    expect(Date.parse(c.consent.updatedAt)).toBeGreaterThan(0);
  });

  it('names every bad field by its path and writes nothing', async () => {
    const a = await signUp(server.app);
    const res = await req(a, 'POST', '/api/v1/contacts', {
      name: 'X',
      phones: [{ number: '138 0013 8000' }, { number: '12' }],
      emails: [{ address: 'ok@example.com' }, { address: 'not-mail' }],
      addresses: [{ provinceCode: '440000', cityCode: '330100' }],
      email: 'bad',
      phone: 'abc',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['addresses.0', 'email', 'emails.1.address', 'phone', 'phones.1.number'].sort());
    const shape = await req(a, 'POST', '/api/v1/contacts', {
      name: 'X',
      gender: 'robot',
      birthday: '1990-13-01',
      phones: [{ type: 'pager', number: '1' }],
      lifecycleStage: 'vip',
    });
    expect(shape.statusCode).toBe(400);
    expect(
      shape
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['birthday', 'gender', 'lifecycleStage', 'phones.0.type']);
    expect((await req(a, 'GET', '/api/v1/contacts')).json().data).toHaveLength(0);
  });

  it('email / phone stay shorthand for the first of each, on create and on update', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a, {
      email: 'first@example.com',
      phone: '13800138000',
      emails: [{ type: 'personal', address: 'second@example.com' }],
    });
    expect(c.emails).toEqual([
      { type: 'work', address: 'first@example.com' },
      { type: 'personal', address: 'second@example.com' },
    ]);
    expect(c.phones).toEqual([{ type: 'mobile', number: '+8613800138000' }]);
    const changed = (await req(a, 'PATCH', `/api/v1/contacts/${c.id}`, { email: 'NEW@example.com' })).json();
    expect(changed.emails).toEqual([
      { type: 'work', address: 'new@example.com' },
      { type: 'personal', address: 'second@example.com' },
    ]);
    expect(changed.email).toBe('new@example.com');
    const cleared = (await req(a, 'PATCH', `/api/v1/contacts/${c.id}`, { email: null, phone: null })).json();
    expect(cleared).toMatchObject({
      email: 'second@example.com',
      phone: null,
      phones: [],
      emails: [{ type: 'personal', address: 'second@example.com' }],
    });
    const replaced = (
      await req(a, 'PATCH', `/api/v1/contacts/${c.id}`, {
        phones: [{ type: 'work', number: '021 6888 8888' }],
      })
    ).json();
    expect(replaced).toMatchObject({ phone: '+862168888888', email: 'second@example.com', name: c.name });
  });

  it('reads phone numbers in the workspace’s default region, and notices when it changes', async () => {
    const a = await signUp(server.app);
    const before = await createContact(server.app, a, { name: '张三', phone: '138 0013 8001' });
    expect(before.phone).toBe('+8613800138001');
    const set = await req(a, 'PATCH', '/api/v1/workspace', { defaultRegion: 'US' });
    expect(set.statusCode).toBe(200);
    const c = await createContact(server.app, a, { name: 'Ada', phone: '(415) 555-2671' });
    expect(c.phone).toBe('+14155552671');
    const cn = await createContact(server.app, a, { name: '李四', phone: '+86 138 0013 8000' });
    expect(cn.phone).toBe('+8613800138000');
  });

  it('updates a patch of fields, keeps the rest, audits before and after', async () => {
    const a = await signUp(server.app);
    const c = await createContact(server.app, a, {
      name: '王五',
      title: '工程师',
      tags: ['a'],
      addresses: ['上海市浦东新区世纪大道100号'],
    });
    expect(c.provinceCode).toBe('310000');
    const res = await req(
      a,
      'PATCH',
      `/api/v1/contacts/${c.id}`,
      { lifecycleStage: 'customer', tags: ['b'] },
      { 'if-match': 'W/"1"' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '王五',
      title: '工程师',
      lifecycleStage: 'customer',
      tags: ['b'],
      provinceCode: '310000',
      version: 2,
    });
    const moved = (await req(a, 'PATCH', `/api/v1/contacts/${c.id}`, { addresses: [] })).json();
    expect(moved).toMatchObject({ addresses: [], provinceCode: null });
    const audit = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      tx.execute(
        `select action, before->>'lifecycleStage' as b, after->>'lifecycleStage' as af from audit_log where object_id = '${c.id}' order by id`,
      ),
    );
    const rows = (audit as any).rows ?? audit;
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'update']);
    expect(rows[1]).toMatchObject({ b: null, af: 'customer' });
  });
});

describe('contacts: lists with the filter language', () => {
  async function seed(a: SignedIn) {
    const rows = [
      {
        name: '张三',
        lifecycleStage: 'lead',
        tags: ['VIP'],
        addresses: ['北京市朝阳区建国路1号'],
        birthday: '1990-01-01',
        phone: '13800138000',
      },
      {
        name: '张伟',
        lifecycleStage: 'customer',
        tags: ['VIP', '重点'],
        addresses: ['广东省深圳市南山区'],
        email: 'zw@example.com',
      },
      {
        name: 'Alice',
        lifecycleStage: 'customer',
        tags: [],
        addresses: ['北京市海淀区'],
        birthday: '1985-06-30',
      },
      { name: 'bob', lifecycleStage: null, tags: ['重点'] },
      { name: '李四', lifecycleStage: 'churned', tags: [] },
    ];
    const made = [];
    for (const r of rows) made.push(await createContact(server.app, a, r));
    return made;
  }
  const list = async (who: SignedIn, q: string) => {
    const res = await req(who, 'GET', `/api/v1/contacts?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const names = async (who: SignedIn, q: string) =>
    (await list(who, q)).data.map((x: { name: string }) => x.name);

  it('filters on standard fields: text, select, multi-select, region codes, dates, user, empty', async () => {
    const a = await signUp(server.app);
    await seed(a);
    expect(
      await names(a, `${filterParam({ field: 'name', op: 'starts_with', value: '张' })}&sort=name`),
    ).toEqual(['张三', '张伟']);
    expect(
      await names(a, `${filterParam({ field: 'lifecycleStage', op: 'neq', value: 'customer' })}&sort=name`),
    ).toEqual(['bob', '张三', '李四']);
    expect(
      await names(a, `${filterParam({ field: 'tags', op: 'has_any', value: ['重点'] })}&sort=name`),
    ).toEqual(['bob', '张伟']);
    expect(
      await names(a, `${filterParam({ field: 'provinceCode', op: 'eq', value: '110000' })}&sort=name`),
    ).toEqual(['Alice', '张三']);
    expect(await names(a, `${filterParam({ field: 'birthday', op: 'lt', value: '1989-01-01' })}`)).toEqual([
      'Alice',
    ]);
    expect(await names(a, `${filterParam({ field: 'email', op: 'eq', value: 'ZW@example.com' })}`)).toEqual([
      '张伟',
    ]);
    expect(await names(a, `${filterParam({ field: 'phone', op: 'is_not_empty' })}`)).toEqual(['张三']);
    expect(await names(a, `${filterParam({ field: 'ownerId', op: 'eq', value: '@me' })}`)).toHaveLength(5);
    expect(
      await names(a, `${filterParam({ field: 'createdAt', op: 'within_last_days', value: 1 })}`),
    ).toHaveLength(5);
    expect(
      await names(
        a,
        `${filterParam({
          or: [
            { field: 'name', op: 'eq', value: 'bob' },
            {
              and: [
                { field: 'lifecycleStage', op: 'eq', value: 'customer' },
                { field: 'tags', op: 'is_empty' },
              ],
            },
          ],
        })}&sort=name`,
      ),
    ).toEqual(['Alice', 'bob']);
  });

  it('answers 400 naming the unknown field, the bad operator, the bad sort or cursor', async () => {
    const a = await signUp(server.app);
    const cases: Array<[string, string, string]> = [
      [filterParam({ field: 'shoeSize', op: 'eq', value: 1 }), 'filter.field', 'unknown_field'],
      [filterParam({ field: 'name', op: 'gt', value: 'a' }), 'filter.op', 'invalid_operator'],
      [
        filterParam({ and: [{ field: 'birthday', op: 'eq', value: 'yesterday' }] }),
        'filter.and.0.value',
        'invalid_value',
      ],
      ['filter=%7Bnot%20json', 'filter', 'invalid_json'],
      ['sort=-shoeSize', 'sort.0', 'unknown_field'],
      ['sort=tags', 'sort.0', 'not_sortable'],
      ['cursor=abc', 'cursor', 'invalid_cursor'],
    ];
    for (const [q, field, code] of cases) {
      const res = await req(a, 'GET', `/api/v1/contacts?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors[0], q).toMatchObject({ field, code });
      expect(res.json().detail, q).toContain(field);
    }
  });

  it('pages with a keyset cursor for any sort, each contact exactly once, empty values last', async () => {
    const a = await signUp(server.app);
    const names = ['b', 'a', 'c', 'a', 'b', 'd', 'a', 'e'];
    const stages = ['lead', null, 'customer', 'lead', null, 'churned', 'customer', null];
    for (let i = 0; i < names.length; i++)
      await createContact(server.app, a, { name: names[i], lifecycleStage: stages[i] });
    for (const sort of [
      '-createdAt',
      'createdAt',
      'name',
      '-name',
      'lifecycleStage,-name',
      '-lifecycleStage,createdAt',
      '-updatedAt',
    ]) {
      const all = (await list(a, `sort=${sort}&limit=200`)).data.map((x: { id: string }) => x.id);
      expect(all).toHaveLength(8);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: Array<{ id: string }>; nextCursor: string | null } = await list(
          a,
          `sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.data.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(all);
    }
    const byStage = (await list(a, 'sort=lifecycleStage&limit=200')).data.map(
      (x: { lifecycleStage: string | null }) => x.lifecycleStage,
    );
    expect(byStage.slice(-3)).toEqual([null, null, null]);
    const first = await list(a, 'sort=name&limit=3');
    const wrong = await req(a, 'GET', `/api/v1/contacts?sort=-name&cursor=${first.nextCursor}`);
    expect(wrong.statusCode).toBe(400);
  });

  it('equality filters with a sort (the shapes the list indexes serve) page the same rows in the same order as the full list', async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'member');
    const gd = '广东省深圳市南山区科技园路1号';
    const bj = '北京市朝阳区建国路1号';
    // English names sort first and most carry no province: the skew that made the planner walk the
    // name index for "customers in Guangdong by name". Equal names and stages tie-break on the id.
    const rows: Array<[string, string | null, string | null, SignedIn]> = [
      ['Amy Lee', 'customer', null, a],
      ['陈静', 'customer', gd, a],
      ['Bob Stone', 'customer', gd, member],
      ['王芳', 'lead', gd, a],
      ['陈静', 'customer', gd, member],
      ['李娜', 'customer', bj, a],
      ['Amy Lee', 'customer', gd, a],
      ['张伟', null, gd, member],
      ['刘洋', 'customer', gd, a],
      ['陈静', 'lead', null, a],
      ['赵磊', 'customer', gd, member],
    ];
    for (const [name, lifecycleStage, address, owner] of rows) {
      await createContact(server.app, a, {
        name,
        lifecycleStage,
        addresses: address ? [address] : [],
        ownerId: owner.userId,
      });
    }
    type Row = {
      id: string;
      name: string;
      lifecycleStage: string | null;
      provinceCode: string | null;
      ownerId: string;
    };
    const views: Array<{ filter: unknown; sort: string; keep: (r: Row) => boolean; count: number }> = [
      {
        filter: { field: 'lifecycleStage', op: 'eq', value: 'customer' },
        sort: '-createdAt',
        keep: (r) => r.lifecycleStage === 'customer',
        count: 8,
      },
      {
        filter: {
          and: [
            { field: 'lifecycleStage', op: 'eq', value: 'customer' },
            { field: 'provinceCode', op: 'eq', value: '440000' },
          ],
        },
        sort: 'name',
        keep: (r) => r.lifecycleStage === 'customer' && r.provinceCode === '440000',
        count: 6,
      },
      {
        filter: { field: 'provinceCode', op: 'eq', value: '440000' },
        sort: '-name',
        keep: (r) => r.provinceCode === '440000',
        count: 8,
      },
      {
        filter: { field: 'ownerId', op: 'eq', value: member.userId },
        sort: '-createdAt',
        keep: (r) => r.ownerId === member.userId,
        count: 4,
      },
      {
        filter: {
          and: [
            { field: 'ownerId', op: 'eq', value: a.userId },
            { field: 'lifecycleStage', op: 'eq', value: 'customer' },
          ],
        },
        sort: 'createdAt',
        keep: (r) => r.ownerId === a.userId && r.lifecycleStage === 'customer',
        count: 5,
      },
    ];
    for (const view of views) {
      const label = `${JSON.stringify(view.filter)} sort=${view.sort}`;
      const full: Row[] = (await list(a, `sort=${view.sort}&limit=200`)).data;
      const expected = full.filter(view.keep).map((r) => r.id);
      expect(expected, label).toHaveLength(view.count);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: Row[]; nextCursor: string | null } = await list(
          a,
          `${filterParam(view.filter)}&sort=${view.sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.data.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, label).toEqual(expected);
    }
    const customersInGuangdong = await list(a, `${filterParam(views[1].filter)}&sort=name&limit=200`);
    const byName = customersInGuangdong.data.map((r: Row) => r.name);
    // Latin before Han in every collation; equal names in creation (id) order.
    expect(byName.slice(0, 2)).toEqual(['Amy Lee', 'Bob Stone']);
    expect(byName.filter((n: string) => n === '陈静')).toHaveLength(2);
    expect([...byName].sort()).toEqual(['Amy Lee', 'Bob Stone', '刘洋', '赵磊', '陈静', '陈静'].sort());
    const ties = customersInGuangdong.data.filter((r: Row) => r.name === '陈静').map((r: Row) => r.id);
    expect(ties).toEqual([...ties].sort());
  });

  it('free text q finds by name, pinyin, phone digits and e-mail, together with a filter', async () => {
    const a = await signUp(server.app);
    await seed(a);
    expect(await names(a, 'q=zhangsan')).toEqual(['张三']);
    expect(await names(a, `q=${encodeURIComponent('张')}&sort=name`)).toEqual(['张三', '张伟']);
    expect(await names(a, 'q=8000')).toEqual(['张三']);
    expect(await names(a, 'q=zw%40example')).toEqual(['张伟']);
    expect(
      await names(
        a,
        `q=${encodeURIComponent('张')}&${filterParam({ field: 'lifecycleStage', op: 'eq', value: 'customer' })}`,
      ),
    ).toEqual(['张伟']);
  });

  it('owner scope is always ANDed: a member’s filter never reaches others’ contacts', async () => {
    const admin = await signUp(server.app);
    const member = await addMember(server.app, admin, 'member');
    await createContact(server.app, admin, { name: '张 admin' });
    await createContact(server.app, admin, { name: '张 unowned', ownerId: null });
    await createContact(server.app, member, { name: '张 member' });
    const f = filterParam({
      or: [
        { field: 'name', op: 'starts_with', value: '张' },
        { field: 'ownerId', op: 'eq', value: admin.userId },
      ],
    });
    expect(await names(member, `${f}&sort=name`)).toEqual(['张 member', '张 unowned']);
    expect(await names(admin, `${f}&sort=name`)).toEqual(['张 admin', '张 member', '张 unowned']);
  });

  it('lists deleted contacts apart, for restoring', async () => {
    const a = await signUp(server.app);
    const [first] = await seed(a);
    await req(a, 'DELETE', `/api/v1/contacts/${first.id}`);
    expect(await names(a, 'deleted=true')).toEqual(['张三']);
    expect(await names(a, '')).not.toContain('张三');
  });
});

describe('regions', () => {
  it('serves the province → city → district cascade', async () => {
    const a = await signUp(server.app);
    const provinces = (await req(a, 'GET', '/api/v1/regions')).json().data;
    expect(provinces.length).toBeGreaterThanOrEqual(31);
    expect(provinces.find((p: { code: string }) => p.code === '440000')).toEqual({
      code: '440000',
      name: '广东省',
      hasChildren: true,
    });
    const cities = (await req(a, 'GET', '/api/v1/regions?parent=440000')).json().data;
    expect(cities.find((c: { name: string }) => c.name === '深圳市')).toMatchObject({
      code: '440300',
      hasChildren: true,
    });
    const districts = (await req(a, 'GET', '/api/v1/regions?parent=440300')).json().data;
    expect(districts.find((d: { name: string }) => d.name === '南山区')).toEqual({
      code: '440305',
      name: '南山区',
      hasChildren: false,
    });
    expect((await req(a, 'GET', '/api/v1/regions?parent=440305')).json().data).toEqual([]);
    expect((await req(a, 'GET', '/api/v1/regions?parent=abc')).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/regions' })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/metadata' })).statusCode).toBe(401);
  });
});

describe('contacts: outsiders', () => {
  it('another workspace gets 404 on every route, empty lists whatever the filter, and nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const c = await createContact(server.app, a, { name: '张三', phone: '13800138000', tags: ['VIP'] });
    const base = `/api/v1/contacts/${c.id}`;
    for (const [method, url, payload] of [
      ['GET', base],
      ['PATCH', base, { name: 'hacked' }],
      ['DELETE', base],
      ['POST', `${base}/restore`],
    ] as const) {
      expect((await req(b, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    for (const q of [
      '',
      'q=zhangsan',
      'deleted=true',
      filterParam({ field: 'tags', op: 'has_any', value: ['VIP'] }),
    ]) {
      expect((await req(b, 'GET', `/api/v1/contacts?${q}`)).json().data, q).toEqual([]);
    }
    expect((await req(a, 'GET', base)).json()).toMatchObject({ name: '张三', version: 1, deletedAt: null });
  });
});
