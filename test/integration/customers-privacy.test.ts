import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/platform/db/database';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { multipartFile } from '../support/multipart';
import { driver, startTestServer, type TestServer } from '../support/platform';
import { waitFor } from '../support/wait';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ jobs: true });
});
afterAll(async () => {
  await server?.close();
});

const PHONE = '13912345678';
const EMAIL = 'wang.xiaoming@example.com';
const NOTE = '喜欢喝龙井';

/** Everything the database holds about a record, as text: table rows, audit rows, event payloads. */
async function traces(who: SignedIn, id: string): Promise<string> {
  return server.platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    const parts = await Promise.all([
      tx.execute(sql`select row_to_json(c)::text as t from contacts c where id = ${id}`),
      tx.execute(
        sql`select coalesce(before::text, '') || coalesce(after::text, '') as t from audit_log where object_id = ${id}`,
      ),
      tx.execute(sql`select payload::text as t from outbox where object_id = ${id} order by id`),
      tx.execute(sql`select coalesce(response::text, '') as t from idempotency_keys order by key`),
    ]);
    return parts.flatMap((p) => rowsOf<{ t: string }>(p).map((r) => r.t)).join('\n');
  });
}

/** The message of a failed query, including the driver's cause under drizzle's wrapper. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
  return 'no error';
}

async function person(who: SignedIn) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: { ...who.headers, 'idempotency-key': `k-${Math.random()}` },
    payload: {
      name: '王小明',
      phone: PHONE,
      email: EMAIL,
      notes: NOTE,
      addresses: ['广东省深圳市南山区科技园路1号'],
      tags: ['vip'],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const contact = res.json();
  const patch = await server.app.inject({
    method: 'PATCH',
    url: `/api/v1/contacts/${contact.id}`,
    headers: who.headers,
    payload: { title: '采购经理', birthday: '1988-08-08' },
  });
  expect(patch.statusCode, patch.body).toBe(200);
  return contact;
}

describe(`personal data (${driver})`, () => {
  it('exports everything held about a person: record, links, audit history, imports', async () => {
    const admin = await signUp(server.app);
    const { payload, headers } = multipartFile('p.csv', `姓名,手机,公司\r\n李四,13700001111,华为\r\n`);
    const up = (
      await server.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...admin.headers, ...headers },
        payload,
      })
    ).json();
    await server.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${up.id}/run`,
      headers: admin.headers,
      payload: {},
    });
    await waitFor(async () => {
      const b = (
        await server.app.inject({ method: 'GET', url: `/api/v1/imports/${up.id}`, headers: admin.headers })
      ).json();
      return b.status === 'completed' ? b : undefined;
    }, 'import');
    const list = (
      await server.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: admin.headers })
    ).json();
    const id = list.data[0].id;
    await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      headers: admin.headers,
      payload: { notes: '老客户' },
    });
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${id}/personal-data`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.record).toMatchObject({
      id,
      name: '李四',
      phone: '+8613700001111',
      notes: '老客户',
      importBatchId: up.id,
    });
    expect(body.companies).toEqual([expect.objectContaining({ name: '华为', isPrimary: true })]);
    expect(body.auditHistory.map((h: any) => h.action)).toEqual(['create', 'update']);
    expect(body.auditHistory[1].after.notes).toBe('老客户');
    expect(body.imports).toEqual([expect.objectContaining({ id: up.id, filename: 'p.csv' })]);
  });

  it('erases a person: anonymized, and no trace of the values left in the record, audit rows or events', async () => {
    const admin = await signUp(server.app);
    const contact = await person(admin);
    expect(await traces(admin, contact.id)).toContain(EMAIL);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${contact.id}/erase`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: contact.id,
      name: '已删除 / Erased',
      phone: null,
      email: null,
      phones: [],
      emails: [],
      addresses: [],
      notes: null,
      title: null,
      birthday: null,
      tags: [],
      custom: {},
    });
    const left = await traces(admin, contact.id);
    for (const value of [
      PHONE,
      '+86139',
      EMAIL,
      'wang.xiaoming',
      NOTE,
      '王小明',
      'wangxiaoming',
      '科技园路',
      '采购经理',
      '1988-08-08',
    ]) {
      expect(left, value).not.toContain(value);
    }
    const audit = await server.platform.db.tx({ tenantId: admin.workspaceId }, async (tx) =>
      rowsOf<{ action: string; before: unknown; after: unknown }>(
        await tx.execute(
          sql`select action, before, after from audit_log where object_id = ${contact.id} order by id`,
        ),
      ),
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'erase']);
    expect(audit.every((a) => a.before === null && a.after === null)).toBe(true);
    // Search finds nothing any more.
    for (const q of ['王小明', 'wxm', '2345678', 'wang.xiaoming']) {
      const found = (
        await server.app.inject({
          method: 'GET',
          url: `/api/v1/contacts?q=${encodeURIComponent(q)}`,
          headers: admin.headers,
        })
      ).json();
      expect(found.data, q).toEqual([]);
    }
  });

  it('keeps the audit log append-only for the app role; the scrub function refuses another workspace', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const contact = await person(a);
    expect(
      await failure(
        server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
          tx.execute(sql`update audit_log set before = null where object_id = ${contact.id}`),
        ),
      ),
    ).toMatch(/permission denied/);
    expect(
      await failure(
        server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
          tx.execute(
            sql`select guanxi_erase_audit_values(${b.workspaceId}::uuid, 'contact', ${contact.id}::uuid)`,
          ),
        ),
      ),
    ).toMatch(/not the current workspace/);
    expect(await traces(a, contact.id)).toContain(EMAIL);
  });

  it('needs rights: erase is for admins, personal-data export for roles with the export right', async () => {
    const admin = await signUp(server.app);
    const manager = await addMember(server.app, admin, 'manager');
    const member = await addMember(server.app, admin, 'member');
    const contact = await createContact(server.app, member, { phone: PHONE });
    expect(
      (
        await server.app.inject({
          method: 'GET',
          url: `/api/v1/contacts/${contact.id}/personal-data`,
          headers: member.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/v1/contacts/${contact.id}/erase`,
          headers: manager.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/v1/contacts/${contact.id}/erase`,
          headers: member.headers,
        })
      ).statusCode,
    ).toBe(403);
    const still = (
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/contacts/${contact.id}`,
        headers: member.headers,
      })
    ).json();
    expect(still.phone).toBe(`+86${PHONE}`);
  });

  it('outsiders get 404 on both routes and nothing changes', async () => {
    const owner = await signUp(server.app);
    const outsider = await signUp(server.app);
    const contact = await person(owner);
    const before = await traces(owner, contact.id);
    for (const call of [
      { method: 'GET', url: `/api/v1/contacts/${contact.id}/personal-data` },
      { method: 'POST', url: `/api/v1/contacts/${contact.id}/erase` },
    ] as const) {
      const res = await server.app.inject({ ...call, headers: outsider.headers });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    expect(await traces(owner, contact.id)).toBe(before);
  });
});
