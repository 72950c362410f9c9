import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/platform/db/database';
import { addMember, type SignedIn, signUp } from '../support/factories';
import { multipartFile, parseEvents } from '../support/multipart';
import { driver, startTestServer, type TestServer } from '../support/platform';
import { waitFor } from '../support/wait';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ jobs: true });
});
afterAll(async () => {
  await server?.close();
});

/** A CSV of `n` distinct people, `bad` of them (every 20th) with an unusable phone or e-mail. */
function peopleCsv(n: number, options: { bad?: boolean; offset?: number } = {}): string {
  const lines = ['姓名,手机,邮箱,公司,备注'];
  for (let i = 0; i < n; i++) {
    const k = i + (options.offset ?? 0);
    const badRow = options.bad && i % 20 === 7;
    const phone = badRow && i % 40 === 7 ? '12345' : `139${String(10_000_000 + k).slice(-8)}`;
    const email = badRow && i % 40 !== 7 ? `not-an-email-${k}` : `p${k}@example.com`;
    lines.push(`客户${k},${phone},${email},${k % 10 === 0 ? '深圳腾讯' : ''},第${k}行`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function upload(who: SignedIn, filename: string, content: Buffer | string) {
  const { payload, headers } = multipartFile(filename, content);
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...who.headers, ...headers },
    payload,
  });
}

async function runToEnd(who: SignedIn, id: string, body: Record<string, unknown> = { dedupPolicy: 'skip' }) {
  const run = await server.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${id}/run`,
    headers: who.headers,
    payload: body,
  });
  expect(run.statusCode, run.body).toBe(202);
  return waitFor(
    async () => {
      const res = await server.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${id}`,
        headers: who.headers,
      });
      const b = res.json();
      return ['completed', 'failed'].includes(b.status) ? b : undefined;
    },
    'import to finish',
    500_000,
    100,
  );
}

async function countContacts(who: SignedIn): Promise<number> {
  return server.platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    const [r] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from contacts where deleted_at is null`),
    );
    return r.n;
  });
}

describe(`contact import (${driver})`, () => {
  it('uploads a CSV: columns, auto-mapping in Chinese, first rows', async () => {
    const admin = await signUp(server.app);
    const res = await upload(admin, 'people.csv', peopleCsv(3));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.status).toBe('uploaded');
    expect(body.columns.map((c: any) => c.field)).toEqual(['name', 'phone', 'email', 'company', 'notes']);
    expect(body.preview[0]).toEqual(['客户0', '13910000000', 'p0@example.com', '深圳腾讯', '第0行']);
    expect(body.fields.some((f: any) => f.key === 'name')).toBe(true);
  });

  it('refuses other file types and files without rows', async () => {
    const admin = await signUp(server.app);
    expect((await upload(admin, 'x.pdf', '%PDF')).statusCode).toBe(415);
    expect((await upload(admin, 'empty.csv', '')).statusCode).toBe(400);
  });

  it('imports the same 10,000-row CSV twice with policy skip: 10,000 contacts, not 20,000', async () => {
    const admin = await signUp(server.app);
    const csv = peopleCsv(10_000);
    const first = (await upload(admin, 'big.csv', csv)).json();
    const t0 = performance.now();
    const done1 = await runToEnd(admin, first.id);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `[${driver}] imported 10,000 rows in ${seconds.toFixed(2)} s = ${Math.round(10_000 / seconds)} rows/s`,
    );
    expect(done1).toMatchObject({
      status: 'completed',
      totalRows: 10_000,
      processedRows: 10_000,
      createdCount: 10_000,
      progress: 100,
    });
    const second = (await upload(admin, 'big-again.csv', csv)).json();
    const done2 = await runToEnd(admin, second.id);
    expect(done2).toMatchObject({
      status: 'completed',
      createdCount: 0,
      skippedCount: 10_000,
      errorCount: 0,
    });
    expect(await countContacts(admin)).toBe(10_000);
    // Every imported row carries its batch id; companies were found or created once.
    const stats = await server.platform.db.tx({ tenantId: admin.workspaceId }, async (tx) =>
      rowsOf<{ batch: number; companies: number; linked: number; audit: number }>(
        await tx.execute(sql`select
          (select count(*)::int from contacts where import_batch_id = ${first.id}) as batch,
          (select count(*)::int from companies where name = '深圳腾讯') as companies,
          (select count(*)::int from contacts where primary_company_id is not null) as linked,
          (select count(*)::int from audit_log where request_id = ${`import:${first.id}`} and object_type = 'contact') as audit`),
      ),
    );
    expect(stats[0]).toEqual({ batch: 10_000, companies: 1, linked: 1_000, audit: 10_000 });
  }, 600_000);

  it('imports the good rows of a file with 5% bad ones and reports each bad row with its reason', async () => {
    const admin = await signUp(server.app);
    const csv = peopleCsv(1_000, { bad: true });
    const batch = (await upload(admin, 'bad.csv', csv)).json();
    const dry = await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${batch.id}/dry-run`,
      headers: admin.headers,
      payload: {},
    });
    expect(dry.statusCode, dry.body).toBe(200);
    const d = dry.json();
    expect(d).toMatchObject({ totalRows: 1_000, validRows: 950, invalidRows: 50, errorsTruncated: false });
    expect(d.errors).toHaveLength(50);
    expect(d.errors[0]).toMatchObject({ row: 9, field: 'phones.0.number', code: 'invalid_phone' });
    expect(d.errors[1]).toMatchObject({ row: 29, field: 'emails.0.address', code: 'invalid_email' });
    expect(d.preview[0].contact).toMatchObject({
      name: '客户0',
      phones: [{ number: '+8613910000000' }],
      emails: [{ address: 'p0@example.com' }],
    });
    expect(await countContacts(admin)).toBe(0); // dry run wrote nothing

    const done = await runToEnd(admin, batch.id);
    expect(done).toMatchObject({ status: 'completed', createdCount: 950, errorCount: 50 });
    const csvRes = await server.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${batch.id}/rejections.csv`,
      headers: admin.headers,
    });
    expect(csvRes.statusCode).toBe(200);
    expect(csvRes.headers['content-type']).toContain('text/csv');
    expect(csvRes.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csvRes.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('行号 / Row,姓名,手机,邮箱,公司,备注,错误原因 / Reason');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toMatch(/^9,客户7,12345,p7@example.com,,第7行,"phones\.0\.number: /);
  }, 300_000);

  it('reads GB18030 CSV and XLSX files', async () => {
    const admin = await signUp(server.app);
    const gbk = iconv.encode(
      '姓名,电话,电子邮件\r\n王五,13800138000,wangwu@example.com\r\n赵六,13800138001,\r\n',
      'gb18030',
    );
    const g = (await upload(admin, 'gbk.csv', gbk)).json();
    expect(g.columns.map((c: any) => c.header)).toEqual(['姓名', '电话', '电子邮件']);
    expect(await runToEnd(admin, g.id)).toMatchObject({ createdCount: 2 });

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('客户');
    sheet.addRow(['Name', 'Mobile', 'E-mail', 'Birthday']);
    sheet.addRow(['Ada Lovelace', '+44 20 7123 4567', 'ada@example.com', new Date(Date.UTC(1815, 11, 10))]);
    sheet.addRow(['李雷', '139 0000 0001', 'lilei@example.com', '1990年5月17日']);
    const x = (await upload(admin, 'people.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(x.columns.map((c: any) => c.field)).toEqual(['name', 'phone', 'email', 'birthday']);
    expect(await runToEnd(admin, x.id)).toMatchObject({ createdCount: 2, errorCount: 0 });
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/contacts?q=lilei',
      headers: admin.headers,
    });
    expect(list.json().data[0]).toMatchObject({
      name: '李雷',
      birthday: '1990-05-17',
      phone: '+8613900000001',
    });
  });

  it('streams progress as server-sent events until done', async () => {
    const admin = await signUp(server.app);
    const batch = (await upload(admin, 'sse.csv', peopleCsv(3_000, { offset: 50_000 }))).json();
    const run = await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${batch.id}/run`,
      headers: admin.headers,
      payload: { dedupPolicy: 'skip' },
    });
    expect(run.statusCode).toBe(202);
    const sse = await server.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${batch.id}/events`,
      headers: admin.headers,
    });
    expect(sse.statusCode).toBe(200);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const events = parseEvents(sse.body);
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { status: 'completed', progress: 100, createdCount: 3_000 },
    });
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThanOrEqual(1);
    const percents = events.map((e) => e.data.progress);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  }, 300_000);

  it('updates existing contacts with policy update, and undo reverts them and deletes what it created', async () => {
    const admin = await signUp(server.app);
    const original = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: admin.headers,
      payload: { name: '老客户', phone: '13700000000', title: '经理' },
    });
    expect(original.statusCode, original.body).toBe(201);
    const id = original.json().id;
    const csv =
      '姓名,手机,职务,邮箱\r\n老客户,13700000000,总监,old@example.com\r\n新客户,13700000001,,new@example.com\r\n新客户二,13700000001,,new2@example.com\r\n';
    const batch = (await upload(admin, 'update.csv', csv)).json();
    const done = await runToEnd(admin, batch.id, { dedupPolicy: 'update' });
    expect(done).toMatchObject({ createdCount: 1, updatedCount: 1, skippedCount: 1 });
    const updated = (
      await server.app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: admin.headers })
    ).json();
    expect(updated).toMatchObject({ title: '总监', emails: [{ address: 'old@example.com' }] });
    expect(await countContacts(admin)).toBe(2);

    const undo = await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${batch.id}/undo`,
      headers: admin.headers,
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ status: 'undone', deletedCount: 1, revertedCount: 1 });
    const reverted = (
      await server.app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: admin.headers })
    ).json();
    expect(reverted).toMatchObject({ title: '经理', emails: [] });
    expect(await countContacts(admin)).toBe(1);
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${batch.id}/undo`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(409);
    const audit = await server.platform.db.tx({ tenantId: admin.workspaceId }, async (tx) =>
      rowsOf<{ action: string }>(
        await tx.execute(
          sql`select action from audit_log where object_type = 'import_batch' and object_id = ${batch.id} order by id`,
        ),
      ),
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'run', 'complete', 'undo']);
  });

  it('records each created contact as stored: its audit after-image is what the API returns', async () => {
    const admin = await signUp(server.app);
    const csv =
      '姓名,手机,邮箱,公司,性别,生日\r\n单雨桐,138 0013 8000,YT@QQ.com,深圳腾讯,女,1990年5月17日\r\n';
    const batch = (await upload(admin, 'one.csv', csv)).json();
    expect(await runToEnd(admin, batch.id)).toMatchObject({ createdCount: 1 });
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/contacts?q=shanyutong',
      headers: admin.headers,
    });
    const id = list.json().data[0].id;
    const contact = (
      await server.app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: admin.headers })
    ).json();
    expect(contact).toMatchObject({
      phone: '+8613800138000',
      email: 'yt@qq.com',
      gender: 'female',
      birthday: '1990-05-17',
      importBatchId: batch.id,
      version: 1,
    });
    const [audit] = await server.platform.db.tx({ tenantId: admin.workspaceId }, async (tx) =>
      rowsOf<{ after: Record<string, unknown> }>(
        await tx.execute(
          sql`select after from audit_log where object_type = 'contact' and object_id = ${id} and action = 'create'`,
        ),
      ),
    );
    expect(audit.after).toEqual(Object.fromEntries(Object.keys(audit.after).map((k) => [k, contact[k]])));
    expect(Object.keys(audit.after)).toEqual(expect.arrayContaining(['companies', 'createdAt', 'deletedAt']));
  });

  it('stores quotes, backslashes, braces, tabs and line breaks exactly as given', async () => {
    const admin = await signUp(server.app);
    const name = 'O"Brien \\ {王} NULL';
    const notes = 'line one\nline\ttwo \\N "quoted" {a,b}\r\nend';
    const tags = ['a"b', 'c\\d', '{x}', 'NULL'];
    const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = `姓名,手机,标签,备注\r\n${[name, '13800138123', tags.join('|'), notes].map(cell).join(',')}\r\n`;
    const batch = (await upload(admin, 'special.csv', csv)).json();
    expect(await runToEnd(admin, batch.id)).toMatchObject({ createdCount: 1, errorCount: 0 });
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: admin.headers });
    const [contact] = list.json().data;
    const stored = (
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/contacts/${contact.id}`,
        headers: admin.headers,
      })
    ).json();
    expect(stored).toMatchObject({ name, notes, tags, phone: '+8613800138123' });
    const search = await server.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent('brien')}`,
      headers: admin.headers,
    });
    expect(search.json().data.map((h: { id: string }) => h.id)).toContain(contact.id);
  });

  it('checks the mapping: unknown fields and a missing name are 400s naming them', async () => {
    const admin = await signUp(server.app);
    const batch = (await upload(admin, 'm.csv', peopleCsv(2))).json();
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${batch.id}/run`,
      headers: admin.headers,
      payload: { mapping: { '0': 'nickname', '1': 'phone' } },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: any) => e.code)
        .sort(),
    ).toEqual(['name_unmapped', 'unknown_field']);
  });

  it('lists imports; a member sees their own only; read-only users cannot import', async () => {
    const admin = await signUp(server.app);
    const member = await addMember(server.app, admin, 'member');
    const reader = await addMember(server.app, admin, 'read_only');
    const mine = (await upload(member, 'a.csv', peopleCsv(1))).json();
    const theirs = (await upload(admin, 'b.csv', peopleCsv(1))).json();
    const list = (
      await server.app.inject({ method: 'GET', url: '/api/v1/imports', headers: member.headers })
    ).json();
    expect(list.data.map((b: any) => b.id)).toEqual([mine.id]);
    expect(
      (
        await server.app.inject({
          method: 'GET',
          url: `/api/v1/imports/${theirs.id}`,
          headers: member.headers,
        })
      ).statusCode,
    ).toBe(404);
    const adminList = (
      await server.app.inject({ method: 'GET', url: '/api/v1/imports', headers: admin.headers })
    ).json();
    expect(adminList.data.map((b: any) => b.id)).toEqual([theirs.id, mine.id]);
    expect((await upload(reader, 'c.csv', peopleCsv(1))).statusCode).toBe(403);
  });

  it('outsiders get 404 on every import route and change nothing', async () => {
    const owner = await signUp(server.app);
    const outsider = await signUp(server.app);
    const batch = (await upload(owner, 'o.csv', peopleCsv(5))).json();
    const url = `/api/v1/imports/${batch.id}`;
    const calls = [
      { method: 'GET', url },
      { method: 'GET', url: `${url}/events` },
      { method: 'GET', url: `${url}/rejections.csv` },
      { method: 'POST', url: `${url}/dry-run`, payload: {} },
      { method: 'POST', url: `${url}/run`, payload: { dedupPolicy: 'create' } },
      { method: 'POST', url: `${url}/undo` },
    ] as const;
    for (const call of calls) {
      const res = await server.app.inject({ ...call, headers: outsider.headers } as any);
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    const list = (
      await server.app.inject({ method: 'GET', url: '/api/v1/imports', headers: outsider.headers })
    ).json();
    expect(list.data).toEqual([]);
    const after = (await server.app.inject({ method: 'GET', url, headers: owner.headers })).json();
    expect(after).toMatchObject({ status: 'uploaded', processedRows: 0 });
    expect(await countContacts(owner)).toBe(0);
  });
});
