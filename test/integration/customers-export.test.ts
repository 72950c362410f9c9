import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/platform/db/database';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { driver, startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (who: SignedIn, url: string) => server.app.inject({ method: 'GET', url, headers: who.headers });

function csvRows(body: string): string[][] {
  return body
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

/** A workspace with a manager of a team holding one rep, another rep outside it, and their contacts. */
async function workspace() {
  const admin = await signUp(server.app);
  const team = await server.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: admin.headers,
    payload: { name: '华南' },
  });
  expect(team.statusCode, team.body).toBe(201);
  const manager = await addMember(server.app, admin, 'manager', { teamId: team.json().id });
  const rep = await addMember(server.app, admin, 'member', { teamId: team.json().id });
  const outsiderRep = await addMember(server.app, admin, 'member');
  await createContact(server.app, rep, {
    name: '团队客户',
    phone: '13800000001',
    email: 'team@example.com',
    tags: ['vip', '华南'],
  });
  await createContact(server.app, outsiderRep, { name: '别人的客户', phone: '13800000002' });
  await createContact(server.app, manager, {
    name: '经理客户',
    email: 'boss@example.com',
    lifecycleStage: 'customer',
  });
  return { admin, manager, rep, outsiderRep };
}

describe(`export (${driver})`, () => {
  it('exports CSV with BOM and headers in the reader’s language, only rows in their scope', async () => {
    const { admin, manager } = await workspace();
    const res = await get(manager, '/api/v1/contacts/export?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="contacts-.*\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(res.body);
    expect(rows[0].slice(0, 3)).toEqual(['ID', '姓名', '性别']);
    const names = rows
      .slice(1)
      .map((r) => r[1])
      .sort();
    expect(names).toEqual(['团队客户', '经理客户']);
    const byName = new Map(
      rows.slice(1).map((r) => [r[1], Object.fromEntries(rows[0].map((h, i) => [h, r[i]]))]),
    );
    expect(byName.get('团队客户')).toMatchObject({
      电话: '+8613800000001',
      邮箱: 'team@example.com',
      标签: 'vip、华南',
    });
    expect(byName.get('经理客户')).toMatchObject({ 阶段: '客户', 负责人: 'A manager' });

    const everyone = csvRows((await get(admin, '/api/v1/contacts/export?columns=name')).body);
    expect(everyone).toHaveLength(4);
  });

  it('honours filter, search, columns and locale; bad columns or filters are 400 before any byte', async () => {
    const { admin } = await workspace();
    const filter = encodeURIComponent(JSON.stringify({ field: 'email', op: 'is_empty' }));
    const res = await get(
      admin,
      `/api/v1/contacts/export?locale=en&columns=name,phone,lifecycleStage&filter=${filter}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(csvRows(res.body)).toEqual([
      ['Name', 'Phone', 'Lifecycle stage'],
      ['别人的客户', '+8613800000002', ''],
    ]);
    const q = await get(admin, '/api/v1/contacts/export?columns=name&q=boss');
    expect(csvRows(q.body)).toEqual([['姓名'], ['经理客户']]);
    const bad = await get(admin, '/api/v1/contacts/export?columns=name,nickname');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'columns', code: 'unknown_field' });
    expect((await get(admin, '/api/v1/contacts/export?filter=%7Bnope')).statusCode).toBe(400);
  });

  it('exports XLSX (streamed workbook) and companies', async () => {
    const { admin } = await workspace();
    const res = await get(admin, '/api/v1/contacts/export?format=xlsx&columns=name,phone,email');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]
      .getSheetValues()
      .filter(Boolean)
      .map((r: any) => r.slice(1));
    expect(values[0]).toEqual(['姓名', '电话', '邮箱']);
    expect(
      values
        .slice(1)
        .map((r: any) => r[0])
        .sort(),
    ).toEqual(['别人的客户', '团队客户', '经理客户']);

    const company = await server.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: admin.headers,
      payload: { name: '深圳腾讯', industry: '互联网' },
    });
    expect(company.statusCode, company.body).toBe(201);
    const companies = await get(admin, '/api/v1/companies/export?columns=name,industry');
    expect(csvRows(companies.body)).toEqual([
      ['名称', '行业'],
      ['深圳腾讯', '互联网'],
    ]);
  });

  it('streams a large list in pages', async () => {
    const admin = await signUp(server.app);
    await server.platform.db.tx({ tenantId: admin.workspaceId }, (tx) =>
      tx.execute(sql`insert into contacts (tenant_id, id, name, owner_id)
        select ${admin.workspaceId}, gen_random_uuid(), '客户' || g, ${admin.userId} from generate_series(1, 1234) g`),
    );
    const rows = csvRows((await get(admin, '/api/v1/contacts/export?columns=id,name')).body);
    expect(rows).toHaveLength(1235);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(1234);
  });

  it('needs the export right: members and read-only users get 403; the export is audited', async () => {
    const { admin, rep } = await workspace();
    const reader = await addMember(server.app, admin, 'read_only');
    expect((await get(rep, '/api/v1/contacts/export')).statusCode).toBe(403);
    expect((await get(reader, '/api/v1/companies/export')).statusCode).toBe(403);
    expect((await get(admin, '/api/v1/contacts/export?columns=name')).statusCode).toBe(200);
    const audit = await server.platform.db.tx({ tenantId: admin.workspaceId }, async (tx) =>
      rowsOf<{ action: string; object_type: string }>(
        await tx.execute(sql`select action, object_type from audit_log where action = 'export'`),
      ),
    );
    expect(audit).toEqual([{ action: 'export', object_type: 'contact_export' }]);
  });

  it('outsiders export their own workspace only: nothing of another one', async () => {
    await workspace();
    const outsider = await signUp(server.app);
    for (const url of ['/api/v1/contacts/export', '/api/v1/companies/export?format=csv']) {
      const res = await get(outsider, url);
      expect(res.statusCode).toBe(200);
      expect(csvRows(res.body)).toHaveLength(1); // the header only
    }
  });

  it('POST exports exactly the records named by id (a list selection), in scope only', async () => {
    const { admin, manager, outsiderRep } = await workspace();
    const ids: Record<string, string> = {};
    for (let i = 0; i < 205; i++)
      ids[`选${i}`] = (await createContact(server.app, manager, { name: `选${i}` })).id;
    const othersId = (await createContact(server.app, outsiderRep, { name: '范围外' })).id;
    const picked = [...Object.keys(ids).slice(0, 203)];
    // More than one `in` list: a selection over 200 records is an OR of chunks of 200.
    const chunks = [picked.slice(0, 200), picked.slice(200)].map((names) => ({
      field: 'id',
      op: 'in',
      value: names.map((n) => ids[n]),
    }));
    const post = (who: SignedIn, payload: Record<string, unknown>) =>
      server.app.inject({ method: 'POST', url: '/api/v1/contacts/export', headers: who.headers, payload });

    const res = await post(manager, { columns: 'name', locale: 'en', sort: 'name', filter: { or: chunks } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="contacts-.*\.csv"/);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['Name']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...picked].sort());

    // A manager outside the other rep's team gets only what they may list, even when naming more.
    const scoped = await post(manager, {
      columns: 'name',
      filter: { field: 'id', op: 'in', value: [ids.选0, othersId] },
    });
    expect(csvRows(scoped.body).slice(1)).toEqual([['选0']]);
    const everything = await post(admin, {
      columns: 'name',
      filter: { field: 'id', op: 'in', value: [ids.选0, othersId] },
    });
    expect(
      csvRows(everything.body)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['范围外', '选0'].sort());

    // Ids are checked like any lookup value; another workspace's user finds nothing.
    const bad = await post(admin, { filter: { field: 'id', op: 'in', value: ['not-an-id'] } });
    expect(bad.statusCode).toBe(400);
    const outsider = await signUp(server.app);
    const theirs = await post(outsider, {
      columns: 'name',
      filter: { field: 'id', op: 'in', value: [ids.选0] },
    });
    expect(theirs.statusCode).toBe(200);
    expect(csvRows(theirs.body)).toHaveLength(1);
  });
});
