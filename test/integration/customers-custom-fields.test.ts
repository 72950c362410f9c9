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

async function defineField(who: SignedIn, body: Record<string, unknown>) {
  const res = await req(who, 'POST', '/api/v1/custom-fields', {
    objectType: 'contact',
    labelZh: '字段',
    labelEn: 'Field',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`field: ${res.statusCode} ${res.body}`);
  return res.json();
}

const TIERS = [
  { value: 'gold', labelZh: '金牌', labelEn: 'Gold' },
  { value: 'silver', labelZh: '银牌', labelEn: 'Silver' },
];

describe('custom fields: definitions (admin)', () => {
  it('creates, lists, relabels and archives fields; metadata follows', async () => {
    const a = await signUp(server.app);
    const tier = await defineField(a, {
      key: 'tier',
      type: 'select',
      labelZh: '等级',
      labelEn: 'Tier',
      options: TIERS,
      required: true,
    });
    expect(tier).toMatchObject({
      key: 'tier',
      type: 'select',
      required: true,
      unique: false,
      position: 0,
      version: 1,
      archivedAt: null,
    });
    const score = await defineField(a, { key: 'score', type: 'number' });
    expect(score.position).toBe(1);
    const list = (await req(a, 'GET', '/api/v1/custom-fields?objectType=contact')).json();
    expect(list.data.map((f: { key: string }) => f.key)).toEqual(['tier', 'score']);

    const meta = (await req(a, 'GET', '/api/v1/metadata')).json();
    const contact = meta.objects.find((o: { objectType: string }) => o.objectType === 'contact');
    const tierMeta = contact.fields.find((f: { key: string }) => f.key === 'tier');
    expect(tierMeta).toMatchObject({
      source: 'custom',
      type: 'select',
      labelZh: '等级',
      required: true,
      sortable: true,
      customFieldId: tier.id,
    });
    expect(tierMeta.operators).toEqual(['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty']);
    const name = contact.fields.find((f: { key: string }) => f.key === 'name');
    expect(name).toMatchObject({
      source: 'standard',
      type: 'text',
      labelZh: '姓名',
      labelEn: 'Name',
      required: true,
    });
    expect(meta.objects.map((o: { objectType: string }) => o.objectType)).toEqual(['contact', 'company']);

    const relabel = await req(
      a,
      'PATCH',
      `/api/v1/custom-fields/${tier.id}`,
      { labelEn: 'Level' },
      { 'if-match': 'W/"1"' },
    );
    expect(relabel.json()).toMatchObject({ labelEn: 'Level', version: 2 });
    const stale = await req(
      a,
      'PATCH',
      `/api/v1/custom-fields/${tier.id}`,
      { labelEn: 'X' },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.statusCode).toBe(412);

    expect((await req(a, 'DELETE', `/api/v1/custom-fields/${score.id}`)).statusCode).toBe(204);
    expect(
      (await req(a, 'GET', '/api/v1/custom-fields')).json().data.map((f: { key: string }) => f.key),
    ).toEqual(['tier']);
    expect((await req(a, 'GET', '/api/v1/custom-fields?archived=true')).json().data).toHaveLength(2);
    const meta2 = (await req(a, 'GET', '/api/v1/metadata')).json();
    expect(meta2.objects[0].fields.some((f: { key: string }) => f.key === 'score')).toBe(false);
    const restored = await req(a, 'POST', `/api/v1/custom-fields/${score.id}/restore`);
    expect(restored.json().archivedAt).toBeNull();
  });

  it('rejects bad definitions with the field to fix', async () => {
    const a = await signUp(server.app);
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ key: 'Tier', type: 'text' }, 'key', 400],
      [{ key: 'name', type: 'text' }, 'key', 400],
      [{ key: 'tier', type: 'select' }, 'options', 400],
      [{ key: 'tier', type: 'text', options: TIERS }, 'options', 400],
      [{ key: 'ref', type: 'lookup' }, 'lookupTarget', 400],
      [{ key: 'flag', type: 'boolean', unique: true }, 'unique', 400],
      [{ key: 'x', type: 'datetime' }, 'type', 400],
      [{ key: 'x', type: 'select', options: [TIERS[0], TIERS[0]] }, 'options', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await req(a, 'POST', '/api/v1/custom-fields', {
        objectType: 'contact',
        labelZh: '字段',
        labelEn: 'Field',
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    await defineField(a, { key: 'tier', type: 'text' });
    const again = await req(a, 'POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      key: 'tier',
      type: 'text',
      labelZh: 'x',
      labelEn: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect((await req(a, 'GET', '/api/v1/custom-fields')).json().data).toHaveLength(1);
  });

  it('is for admins only: members may read metadata but not define fields', async () => {
    const a = await signUp(server.app);
    const m = await addMember(server.app, a, 'member');
    const res = await req(m, 'POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      key: 'tier',
      type: 'text',
      labelZh: 'x',
      labelEn: 'x',
    });
    expect(res.statusCode).toBe(403);
    expect((await req(m, 'GET', '/api/v1/custom-fields')).statusCode).toBe(403);
    expect((await req(m, 'GET', '/api/v1/metadata')).statusCode).toBe(200);
  });
});

describe('custom fields: values validated on every write', () => {
  it('normalizes each type and names each bad value', async () => {
    const a = await signUp(server.app);
    const company = (await req(a, 'POST', '/api/v1/companies', { name: 'Acme' })).json();
    await defineField(a, { key: 'tier', type: 'select', options: TIERS });
    await defineField(a, { key: 'labels', type: 'multi_select', options: TIERS });
    await defineField(a, { key: 'score', type: 'number' });
    await defineField(a, { key: 'contract', type: 'currency' });
    await defineField(a, { key: 'since', type: 'date' });
    await defineField(a, { key: 'vip', type: 'boolean' });
    await defineField(a, { key: 'assistantPhone', type: 'phone' });
    await defineField(a, { key: 'billingEmail', type: 'email' });
    await defineField(a, { key: 'homepage', type: 'url' });
    await defineField(a, { key: 'manager', type: 'user' });
    await defineField(a, { key: 'referrer', type: 'lookup', lookupTarget: 'company' });
    await defineField(a, { key: 'memo', type: 'text' });
    const ok = await req(a, 'POST', '/api/v1/contacts', {
      name: '张三',
      custom: {
        tier: 'gold',
        labels: ['gold', 'silver', 'gold'],
        score: '42.5',
        contract: '1,999.00',
        since: '2024-03-01',
        vip: true,
        assistantPhone: '139 1234 5678',
        billingEmail: ' Bill@Example.CN ',
        homepage: 'example.cn',
        manager: a.userId,
        referrer: company.id,
        memo: '  老客户  ',
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().custom).toEqual({
      tier: 'gold',
      labels: ['gold', 'silver'],
      score: 42.5,
      contract: '1999.00',
      since: '2024-03-01',
      vip: true,
      assistantPhone: '+8613912345678',
      billingEmail: 'bill@example.cn',
      homepage: 'https://example.cn',
      manager: a.userId,
      referrer: company.id,
      memo: '老客户',
    });

    const bad = await req(a, 'POST', '/api/v1/contacts', {
      name: '李四',
      custom: {
        tier: 'bronze',
        labels: 'gold',
        score: 'many',
        contract: '12.3.4',
        since: '2024-02-30',
        vip: 'yes',
        assistantPhone: '12',
        billingEmail: 'nope',
        homepage: 'ftp://x',
        shoeSize: 42,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(
      [
        'custom.tier',
        'custom.labels',
        'custom.score',
        'custom.contract',
        'custom.since',
        'custom.vip',
        'custom.assistantPhone',
        'custom.billingEmail',
        'custom.homepage',
        'custom.shoeSize',
      ].sort(),
    );
    const refs = await req(a, 'POST', '/api/v1/contacts', {
      name: '王五',
      custom: {
        manager: '0190a1b2-0000-7000-8000-00000000000a',
        referrer: '0190a1b2-0000-7000-8000-00000000000b',
      },
    });
    expect(refs.statusCode).toBe(400);
    expect(
      refs
        .json()
        .errors.map((e: { code: string }) => e.code)
        .sort(),
    ).toEqual(['unknown_record', 'unknown_user']);
    expect((await req(a, 'GET', '/api/v1/contacts')).json().data).toHaveLength(1);
  });

  it('required on create and when changed, not for unrelated edits of older records', async () => {
    const a = await signUp(server.app);
    const old = await createContact(server.app, a, { name: '老客户' });
    await defineField(a, { key: 'tier', type: 'select', options: TIERS, required: true });
    const missing = await req(a, 'POST', '/api/v1/contacts', { name: '新客户' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: 'custom.tier', code: 'required' });
    const unrelated = await req(a, 'PATCH', `/api/v1/contacts/${old.id}`, { title: '经理' });
    expect(unrelated.statusCode).toBe(200);
    const cleared = await req(a, 'PATCH', `/api/v1/contacts/${old.id}`, { custom: { tier: null } });
    expect(cleared.statusCode).toBe(400);
    const set = await req(a, 'PATCH', `/api/v1/contacts/${old.id}`, { custom: { tier: 'gold' } });
    expect(set.json().custom).toEqual({ tier: 'gold' });
  });

  it('unique values are checked against the table, on create and update, per object', async () => {
    const a = await signUp(server.app);
    await defineField(a, { key: 'idNumber', type: 'text', unique: true });
    const first = await createContact(server.app, a, { name: 'A', custom: { idNumber: 'X-1' } });
    const dup = await req(a, 'POST', '/api/v1/contacts', { name: 'B', custom: { idNumber: 'X-1' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0]).toMatchObject({ field: 'custom.idNumber', code: 'not_unique' });
    const b = await createContact(server.app, a, { name: 'B', custom: { idNumber: 'X-2' } });
    const clash = await req(a, 'PATCH', `/api/v1/contacts/${b.id}`, { custom: { idNumber: 'X-1' } });
    expect(clash.statusCode).toBe(400);
    const same = await req(a, 'PATCH', `/api/v1/contacts/${first.id}`, {
      custom: { idNumber: 'X-1' },
      title: 'CEO',
    });
    expect(same.statusCode).toBe(200);
    // A deleted record frees its value.
    await req(a, 'DELETE', `/api/v1/contacts/${first.id}`);
    expect(
      (await req(a, 'PATCH', `/api/v1/contacts/${b.id}`, { custom: { idNumber: 'X-1' } })).statusCode,
    ).toBe(200);
    // Another workspace is not affected.
    const other = await signUp(server.app);
    await defineField(other, { key: 'idNumber', type: 'text', unique: true });
    expect(
      (await req(other, 'POST', '/api/v1/contacts', { name: 'C', custom: { idNumber: 'X-1' } })).statusCode,
    ).toBe(201);
  });

  it('making a field unique is refused while records share a value', async () => {
    const a = await signUp(server.app);
    const f = await defineField(a, { key: 'code', type: 'text' });
    await createContact(server.app, a, { name: 'A', custom: { code: 'same' } });
    await createContact(server.app, a, { name: 'B', custom: { code: 'same' } });
    const res = await req(a, 'PATCH', `/api/v1/custom-fields/${f.id}`, { unique: true });
    expect(res.statusCode).toBe(409);
  });

  it('company custom fields are separate from contact ones', async () => {
    const a = await signUp(server.app);
    await defineField(a, { objectType: 'company', key: 'contractValue', type: 'currency' });
    const c = await req(a, 'POST', '/api/v1/companies', { name: 'Acme', custom: { contractValue: 250000 } });
    expect(c.json().custom).toEqual({ contractValue: '250000' });
    const wrong = await req(a, 'POST', '/api/v1/contacts', { name: 'X', custom: { contractValue: 1 } });
    expect(wrong.json().errors[0]).toMatchObject({ field: 'custom.contractValue', code: 'unknown_field' });
  });
});

describe('custom fields: filters and sorts', () => {
  it('filters and sorts on custom fields of each kind; adding a field alters no table', async () => {
    const a = await signUp(server.app);
    const columnsBefore = await countColumns(a);
    await defineField(a, { key: 'tier', type: 'select', options: TIERS });
    await defineField(a, { key: 'score', type: 'number' });
    await defineField(a, { key: 'labels', type: 'multi_select', options: TIERS });
    await defineField(a, { key: 'since', type: 'date' });
    expect(await countColumns(a)).toBe(columnsBefore);
    await createContact(server.app, a, {
      name: 'A',
      custom: { tier: 'gold', score: 10, labels: ['gold'], since: '2024-01-01' },
    });
    await createContact(server.app, a, {
      name: 'B',
      custom: { tier: 'silver', score: 5, labels: ['gold', 'silver'], since: '2023-06-01' },
    });
    await createContact(server.app, a, { name: 'C', custom: { tier: 'gold', score: 7.5 } });
    await createContact(server.app, a, { name: 'D' });
    const names = async (q: string) => {
      const res = await req(a, 'GET', `/api/v1/contacts?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((x: { name: string }) => x.name);
    };
    expect(await names(`${filterParam({ field: 'tier', op: 'eq', value: 'gold' })}&sort=name`)).toEqual([
      'A',
      'C',
    ]);
    expect(await names(`${filterParam({ field: 'score', op: 'gte', value: 7 })}&sort=-score`)).toEqual([
      'A',
      'C',
    ]);
    expect(
      await names(`${filterParam({ field: 'labels', op: 'has_all', value: ['gold', 'silver'] })}`),
    ).toEqual(['B']);
    expect(await names(`${filterParam({ field: 'since', op: 'lt', value: '2024-01-01' })}`)).toEqual(['B']);
    expect(await names(`${filterParam({ field: 'tier', op: 'is_empty' })}`)).toEqual(['D']);
    expect(await names('sort=score')).toEqual(['B', 'C', 'A', 'D']);
    expect(await names('sort=-score')).toEqual(['A', 'C', 'B', 'D']);
    const bad = await req(
      a,
      'GET',
      `/api/v1/contacts?${filterParam({ field: 'tier', op: 'eq', value: 'bronze' })}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'filter.value', code: 'invalid_option' });
    const sortBad = await req(a, 'GET', '/api/v1/contacts?sort=labels');
    expect(sortBad.json().errors[0]).toMatchObject({ field: 'sort.0', code: 'not_sortable' });
  });
});

async function countColumns(who: SignedIn): Promise<number> {
  const rows = await server.platform.db.tx({ tenantId: who.workspaceId }, (tx) =>
    tx.execute(
      `select count(*)::int as n from information_schema.columns where table_name in ('contacts', 'companies')`,
    ),
  );
  return ((rows as any).rows ?? rows)[0].n;
}

describe('custom fields: outsiders', () => {
  it('another workspace gets 404 on every route, sees none of the fields, and nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const f = await defineField(a, { key: 'tier', type: 'select', options: TIERS });
    const base = `/api/v1/custom-fields/${f.id}`;
    expect((await req(b, 'PATCH', base, { labelEn: 'hacked' })).statusCode).toBe(404);
    expect((await req(b, 'DELETE', base)).statusCode).toBe(404);
    expect((await req(b, 'POST', `${base}/restore`)).statusCode).toBe(404);
    expect((await req(b, 'GET', '/api/v1/custom-fields')).json().data).toEqual([]);
    const meta = (await req(b, 'GET', '/api/v1/metadata')).json();
    expect(meta.objects[0].fields.some((x: { key: string }) => x.key === 'tier')).toBe(false);
    const use = await req(b, 'POST', '/api/v1/contacts', { name: 'X', custom: { tier: 'gold' } });
    expect(use.json().errors[0].code).toBe('unknown_field');
    const after = (await req(a, 'GET', '/api/v1/custom-fields')).json().data[0];
    expect(after).toMatchObject({ labelEn: 'Field', version: 1, archivedAt: null });
  });
});
