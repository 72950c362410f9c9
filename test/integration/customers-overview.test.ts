import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, linkContacts, seedCompanies, seedContacts } from '../support/customers-seed';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (who: SignedIn, url: string) => server.app.inject({ method: 'GET', url, headers: who.headers });
const patch = (who: SignedIn, url: string, payload: object) =>
  server.app.inject({ method: 'PATCH', url, headers: who.headers, payload });

interface Entry {
  id: string;
  at: string;
  source: string;
  kind: string;
  actorId: string | null;
  data: { changes?: Array<{ field: string; from: unknown; to: unknown }> };
}

describe('contact overview', () => {
  it('shows the profile, linked companies and a newest-first timeline of changes', async () => {
    const a = await signUp(server.app);
    const contact = await createContact(server.app, a, { name: '张三', email: 'zs@example.com' });
    expect((await patch(a, `/api/v1/contacts/${contact.id}`, { name: '张三丰' })).statusCode).toBe(200);
    const [co, other] = await seedCompanies(server.platform, a, [{ name: '武当派' }, { name: '少林寺' }]);
    await linkContacts(server.platform, a, co, [contact.id], true);
    await linkContacts(server.platform, a, other, [contact.id]);

    const res = await get(a, `/api/v1/contacts/${contact.id}/overview`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.profile).toMatchObject({ id: contact.id, name: '张三丰' });
    expect(body.mergedInto).toBeNull();
    expect(body.companies).toEqual([
      { id: co, name: '武当派', role: null, isPrimary: true },
      { id: other, name: '少林寺', role: null, isPrimary: false },
    ]);
    const entries: Entry[] = body.timeline.data;
    expect(entries.map((e) => e.kind)).toEqual(['updated', 'created']);
    expect(entries[0]).toMatchObject({ source: 'audit', actorId: a.userId });
    expect(entries[0].data.changes).toEqual([{ field: 'name', from: '张三', to: '张三丰' }]);
    expect(body.timeline.nextCursor).toBeNull();
  });

  it('pages through a long timeline with a cursor, each entry once, newest first', async () => {
    const a = await signUp(server.app);
    const contact = await createContact(server.app, a, { name: 'v0' });
    for (let i = 1; i <= 6; i++)
      expect((await patch(a, `/api/v1/contacts/${contact.id}`, { name: `v${i}` })).statusCode).toBe(200);
    const seen: Entry[] = [];
    let url = `/api/v1/contacts/${contact.id}/overview?limit=3`;
    for (;;) {
      const res = await get(a, url);
      expect(res.statusCode, res.body).toBe(200);
      const page = url.includes('/overview') ? res.json().timeline : res.json();
      seen.push(...page.data);
      if (!page.nextCursor) break;
      url = `/api/v1/contacts/${contact.id}/timeline?limit=3&cursor=${page.nextCursor}`;
    }
    expect(seen.map((e) => e.kind)).toEqual([
      'updated',
      'updated',
      'updated',
      'updated',
      'updated',
      'updated',
      'created',
    ]);
    expect(seen.slice(0, 6).map((e) => e.data.changes?.[0].to)).toEqual(['v6', 'v5', 'v4', 'v3', 'v2', 'v1']);
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
  });

  it('still explains a deleted contact: deleted then restored', async () => {
    const a = await signUp(server.app);
    const contact = await createContact(server.app, a, { name: '王五' });
    await server.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}`, headers: a.headers });
    const deleted = await get(a, `/api/v1/contacts/${contact.id}/overview`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().profile.deletedAt).not.toBeNull();
    await server.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${contact.id}/restore`,
      headers: a.headers,
    });
    const kinds = (await get(a, `/api/v1/contacts/${contact.id}/timeline`))
      .json()
      .data.map((e: Entry) => e.kind);
    expect(kinds).toEqual(['restored', 'deleted', 'created']);
  });

  it('rejects a forged cursor with a 400', async () => {
    const a = await signUp(server.app);
    const contact = await createContact(server.app, a);
    const res = await get(a, `/api/v1/contacts/${contact.id}/timeline?cursor=bm9wZQ`);
    expect(res.statusCode).toBe(400);
  });

  it('is a 404 for a record outside the reader scope, and hides linked records they may not see', async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'member');
    const [adminsContact, membersContact] = await seedContacts(server.platform, a, [
      { name: '管理员的' },
      { name: '成员的', ownerId: member.userId },
    ]);
    const [adminsCo] = await seedCompanies(server.platform, a, [{ name: '管理员公司' }]);
    await linkContacts(server.platform, a, adminsCo, [membersContact]);
    expect((await get(member, `/api/v1/contacts/${adminsContact}/overview`)).statusCode).toBe(404);
    expect((await get(member, `/api/v1/contacts/${adminsContact}/timeline`)).statusCode).toBe(404);
    expect((await get(member, `/api/v1/companies/${adminsCo}/overview`)).statusCode).toBe(404);
    const own = await get(member, `/api/v1/contacts/${membersContact}/overview`);
    expect(own.statusCode).toBe(200);
    expect(own.json().companies).toEqual([]);
  });
});

describe('company overview', () => {
  it('shows the profile, its contacts with a total, and its timeline', async () => {
    const a = await signUp(server.app);
    const [co] = await seedCompanies(server.platform, a, [
      { name: '北京小米科技有限责任公司', phones: ['+861060606666'] },
    ]);
    const people = await seedContacts(server.platform, a, [
      { name: '雷军' },
      { name: '林斌' },
      { name: '离职的', deletedAt: new Date() },
    ]);
    await linkContacts(server.platform, a, co, [people[0]], true);
    await linkContacts(server.platform, a, co, people.slice(1));
    const res = await get(a, `/api/v1/companies/${co}/overview`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.profile).toMatchObject({
      id: co,
      name: '北京小米科技有限责任公司',
      phones: [{ type: 'work', number: '+861060606666' }],
    });
    expect(body.contacts.total).toBe(2);
    expect(body.contacts.data.map((c: { name: string }) => c.name)).toEqual(['雷军', '林斌']);
    expect(body.timeline).toEqual({ data: [], nextCursor: null });
  });
});

describe('outsider: another workspace', () => {
  it('gets 404 for every overview and timeline route, and nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const contact = await createContact(server.app, a);
    const [co] = await seedCompanies(server.platform, a, [{ name: 'A Co' }]);
    const audit = await countRows(server.platform, a, 'audit_log');
    for (const url of [
      `/api/v1/contacts/${contact.id}/overview`,
      `/api/v1/contacts/${contact.id}/timeline`,
      `/api/v1/companies/${co}/overview`,
      `/api/v1/companies/${co}/timeline`,
    ]) {
      const res = await get(b, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await countRows(server.platform, a, 'audit_log')).toBe(audit);
    expect(
      (await server.app.inject({ method: 'GET', url: `/api/v1/contacts/${contact.id}/overview` })).statusCode,
    ).toBe(401);
  });
});
