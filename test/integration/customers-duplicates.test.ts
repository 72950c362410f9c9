import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicateCandidates } from '../../src/server/modules/customers/duplicates.service';
import type { DomainEvent } from '../../src/server/platform/audit/record-change';
import { sampleContacts } from '../../src/server/platform/search/sample-data';
import { adminActor, countRows, linkContacts, seedCompanies, seedContacts } from '../support/customers-seed';
import { addMember, createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';
import { waitFor } from '../support/wait';

let server: TestServer;
const merged: DomainEvent[] = [];
beforeAll(async () => {
  server = await startTestServer({
    jobs: true,
    subscribers: [
      {
        name: 'test.merges',
        events: ['contact.merged', 'company.merged'],
        handle: async (_tx, events) => {
          merged.push(...events);
        },
      },
    ],
  });
});
afterAll(() => server.close());

const get = (who: SignedIn, url: string) => server.app.inject({ method: 'GET', url, headers: who.headers });
const post = (who: SignedIn, url: string, payload?: object) =>
  server.app.inject({ method: 'POST', url, headers: who.headers, payload });

/** Starts a scan and waits until its job is done; returns the job. */
async function scan(who: SignedIn, objectType: 'contact' | 'company') {
  const res = await post(who, '/api/v1/duplicates/scan', { objectType });
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json();
  return waitFor(async () => {
    const job = (await get(who, `/api/v1/jobs/${jobId}`)).json();
    if (job.status === 'failed') throw new Error(job.error);
    return job.status === 'done' ? job : undefined;
  }, 'scan to finish');
}

interface Cluster {
  id: string;
  reasons: string[];
  score: number;
  records: Array<{ id: string; name: string }>;
}

async function clusters(who: SignedIn, query = 'objectType=contact'): Promise<Cluster[]> {
  const res = await get(who, `/api/v1/duplicates?${query}&limit=200`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

const idsOf = (c: Cluster) => c.records.map((r) => r.id).sort();

describe('findDuplicateCandidates (called on contact/company create and update)', () => {
  it('finds the same phone, the same e-mail, and a similar name at the same company', async () => {
    const a = await signUp(server.app);
    const [byPhone, byEmail, byName, homophone, otherCo, deleted, both] = await seedContacts(
      server.platform,
      a,
      [
        { name: '李四', phones: ['+8613800000001'] },
        { name: 'Someone', emails: ['zs@example.com'] },
        { name: '张三', companyName: '北京小米科技有限公司' },
        { name: '张叁', companyName: '北京小米科技有限公司' },
        { name: '张三', companyName: '上海某某有限公司' },
        { name: '张三', phones: ['+8613800000001'], deletedAt: new Date() },
        { name: 'Z S', phones: ['+8613800000001'], emails: ['zs@example.com'] },
      ],
    );
    const found = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      findDuplicateCandidates(tx, adminActor(a), 'contact', {
        phones: ['+8613800000001'],
        emails: ['zs@example.com'],
        name: '张三',
        companyName: '北京小米科技有限公司',
      }),
    );
    const byId = new Map(found.map((c) => [c.id, c]));
    expect(byId.get(byPhone)?.reasons).toEqual(['same_phone']);
    expect(byId.get(byEmail)?.reasons).toEqual(['same_email']);
    expect(byId.get(byName)?.reasons).toEqual(['similar_name_company']);
    expect(byId.get(homophone)?.reasons).toEqual(['similar_name_company']);
    expect(byId.get(both)?.reasons).toEqual(['same_phone', 'same_email']);
    expect(byId.has(otherCo)).toBe(false);
    expect(byId.has(deleted)).toBe(false);
    expect(found[0].id).toBe(both);
    expect(byId.get(byName)!.score).toBeGreaterThan(byId.get(homophone)!.score);
  });

  it('excludes the record itself, hides records outside the actor scope and other workspaces', async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'member');
    const [self, mine] = await seedContacts(server.platform, a, [
      { name: 'Ada', phones: ['+8613800000002'], ownerId: member.userId },
      { name: 'Ada L', phones: ['+8613800000002'], ownerId: member.userId },
      { name: 'Admin own', phones: ['+8613800000002'] },
    ]);
    const b = await signUp(server.app);
    await seedContacts(server.platform, b, [{ name: 'Other', phones: ['+8613800000002'] }]);
    const actor = {
      ...adminActor(a),
      userId: member.userId,
      role: 'member' as const,
      visibleOwners: [member.userId],
    };
    const found = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      findDuplicateCandidates(tx, actor, 'contact', {
        phones: ['+8613800000002'],
        emails: [],
        name: 'Ada',
        excludeId: self,
      }),
    );
    expect(found.map((c) => c.id)).toEqual([mine]);
  });

  it('finds companies by phone and by a similar name', async () => {
    const a = await signUp(server.app);
    const [same, similar] = await seedCompanies(server.platform, a, [
      { name: '北京小米科技有限责任公司' },
      { name: 'Acme Trading Ltd', phones: ['+861065550000'] },
      { name: '上海某某有限公司' },
    ]);
    const found = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      findDuplicateCandidates(tx, adminActor(a), 'company', {
        phones: ['+861065550000'],
        emails: [],
        name: '北京小米科技有限责任公司',
      }),
    );
    expect(found.map((c) => c.id).sort()).toEqual([same, similar].sort());
  });
});

describe('workspace duplicate scan', () => {
  it('finds every planted duplicate among random customers, as clusters with reasons', async () => {
    const a = await signUp(server.app);
    const crowd = [...sampleContacts(800, 23)].map((c) => ({
      name: c.names[0],
      phones: c.phones,
      emails: c.emails,
      companyName: c.companies[0],
    }));
    await seedContacts(server.platform, a, crowd);
    const planted = await seedContacts(server.platform, a, [
      { name: '周杰', phones: ['+8613811110001'] },
      { name: '周杰伦', phones: ['+8613811110001'] },
      { name: 'Kim', emails: ['kim@example.com'] },
      { name: 'Kim Lee', emails: ['kim@example.com'] },
      { name: '钱多多', companyName: '杭州某某网络有限公司' },
      { name: '钱多多', companyName: '杭州某某网络有限公司 ' },
      // a chain: phone joins the first two, e-mail the last two → one cluster of three
      { name: 'Chain 1', phones: ['+8613811110002'] },
      { name: 'Chain 2', phones: ['+8613811110002'], emails: ['chain@example.com'] },
      { name: 'Chain 3', emails: ['chain@example.com'] },
      { name: '删掉的', phones: ['+8613811110003'], deletedAt: new Date() },
      { name: '活着的', phones: ['+8613811110003'] },
    ]);
    const job = await scan(a, 'contact');
    expect(job).toMatchObject({ kind: 'duplicates.scan.contact', status: 'done', done: job.total });
    expect(job.result.clusters).toBeGreaterThanOrEqual(4);

    const found = await clusters(a);
    const expectCluster = (ids: string[], reasons: string[]) => {
      const c = found.find((x) => idsOf(x).join() === [...ids].sort().join());
      expect(c, `cluster ${ids}`).toBeDefined();
      expect(c?.reasons).toEqual(reasons);
      return c as Cluster;
    };
    expectCluster(planted.slice(0, 2), ['same_phone']);
    expectCluster(planted.slice(2, 4), ['same_email']);
    expectCluster(planted.slice(4, 6), ['similar_name_company']);
    const chain = expectCluster(planted.slice(6, 9), ['same_email', 'same_phone']);
    expect(chain.score).toBe(90);
    expect(found.some((c) => idsOf(c).includes(planted[10]))).toBe(false);
    // highest score first
    expect(found.map((c) => c.score)).toEqual([...found.map((c) => c.score)].sort((x, y) => y - x));
  });

  it('rejects an unknown object type and a forged cursor with a 400', async () => {
    const a = await signUp(server.app);
    expect((await post(a, '/api/v1/duplicates/scan', { objectType: 'deal' })).statusCode).toBe(400);
    expect((await get(a, '/api/v1/duplicates?objectType=deal')).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    expect((await get(a, `/api/v1/duplicates?objectType=contact&cursor=${forged}`)).statusCode).toBe(400);
    expect((await get(a, '/api/v1/jobs/not-a-uuid')).statusCode).toBe(400);
  });

  it('streams progress as server-sent events', async () => {
    const a = await signUp(server.app);
    await seedContacts(server.platform, a, [
      { name: 'x', phones: ['+8613811119999'] },
      { name: 'y', phones: ['+8613811119999'] },
    ]);
    const job = await scan(a, 'contact');
    const res = await get(a, `/api/v1/jobs/${job.id}/events`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.body).toMatch(/^event: progress\n/);
    expect(res.body).toContain('"status":"done"');
  });

  it('keeps a dismissed cluster dismissed on the next scan, and closes merged ones', async () => {
    const a = await signUp(server.app);
    const ids = await seedContacts(server.platform, a, [
      { name: '同号甲', phones: ['+8613811112222'] },
      { name: '同号乙', phones: ['+8613811112222'] },
      { name: '同邮甲', emails: ['same@example.com'] },
      { name: '同邮乙', emails: ['same@example.com'] },
    ]);
    await scan(a, 'contact');
    const [first, second] = (await clusters(a)).sort((x, y) =>
      x.records[0].name.localeCompare(y.records[0].name),
    );
    expect(idsOf(first)).toEqual(ids.slice(0, 2).sort());
    const dismissed = await post(a, `/api/v1/duplicates/${first.id}/dismiss`);
    expect(dismissed.json()).toEqual({ id: first.id, status: 'dismissed' });
    await scan(a, 'contact');
    expect((await clusters(a)).map(idsOf)).toEqual([ids.slice(2, 4).sort()]);
    expect((await clusters(a, 'objectType=contact&status=dismissed')).map(idsOf)).toEqual([
      ids.slice(0, 2).sort(),
    ]);
    expect(idsOf(second)).toEqual(ids.slice(2, 4).sort());
    expect(
      (await post(a, '/api/v1/contacts/merge', { survivorId: ids[2], mergedIds: [ids[3]] })).statusCode,
    ).toBe(200);
    expect(await clusters(a)).toEqual([]);
    const status = await server.platform.db.tx({ tenantId: a.workspaceId }, async (tx) => {
      const { duplicateClusters } = await import('../../src/server/modules/customers/customers.schema');
      return (await tx.select({ status: duplicateClusters.status }).from(duplicateClusters))
        .map((r) => r.status)
        .sort();
    });
    expect(status).toEqual(['dismissed', 'merged']);
  });

  it('scans companies by phone and normalized name', async () => {
    const a = await signUp(server.app);
    const ids = await seedCompanies(server.platform, a, [
      { name: '北京小米科技有限责任公司' },
      { name: '北京小米科技有限责任公司' },
      { name: 'Acme', phones: ['+861065550000'] },
      { name: 'ACME Corp', phones: ['+861065550000'] },
      { name: 'Unrelated' },
    ]);
    await scan(a, 'company');
    const found = await clusters(a, 'objectType=company');
    expect(found.map(idsOf).sort()).toEqual([ids.slice(0, 2).sort(), ids.slice(2, 4).sort()].sort());
  });
});

describe('merge contacts', () => {
  it('gives the survivor the chosen values, unions phones/e-mails/tags, re-links companies, retires the losers', async () => {
    const a = await signUp(server.app);
    const [survivor, loser1, loser2] = await seedContacts(server.platform, a, [
      { name: '张三', phones: ['+8613800000001'], emails: ['zs@example.com'], tags: ['vip'] },
      {
        name: '张三 (北京)',
        phones: ['+8613800000002', '+8613800000001'],
        emails: ['zhang@work.cn'],
        tags: ['beijing'],
      },
      { name: 'Zhang San', emails: ['zs@example.com', 'san@qq.com'], tags: ['vip', 'en'] },
    ]);
    const [co1, co2, co3] = await seedCompanies(server.platform, a, [
      { name: '甲公司' },
      { name: '乙公司' },
      { name: '丙公司' },
    ]);
    await linkContacts(server.platform, a, co1, [survivor, loser1]);
    await linkContacts(server.platform, a, co2, [loser1], true);
    await linkContacts(server.platform, a, co3, [loser2], true);

    merged.length = 0;
    const res = await post(a, '/api/v1/contacts/merge', {
      survivorId: survivor,
      mergedIds: [loser1, loser2],
      fields: { name: loser1, email: loser1 },
      versions: { [survivor]: 1, [loser1]: 1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mergedIds: [loser1, loser2], relinked: 2 });
    expect(body.survivor).toMatchObject({
      id: survivor,
      name: '张三 (北京)',
      email: 'zhang@work.cn',
      version: 2,
    });

    const overview = (await get(a, `/api/v1/contacts/${survivor}/overview`)).json();
    expect(overview.companies.map((c: { id: string }) => c.id).sort()).toEqual([co1, co2, co3].sort());
    expect(overview.companies.filter((c: { isPrimary: boolean }) => c.isPrimary)).toHaveLength(1);
    expect(overview.timeline.data[0]).toMatchObject({ kind: 'merged' });
    expect(overview.timeline.data[0].data.merge).toMatchObject({
      survivorId: survivor,
      mergedIds: [loser1, loser2],
    });

    const row = await server.platform.db.tx({ tenantId: a.workspaceId }, async (tx) => {
      const { contacts } = await import('../../src/server/modules/customers/customers.schema');
      const { eq } = await import('drizzle-orm');
      return (await tx.select().from(contacts).where(eq(contacts.id, survivor)))[0];
    });
    expect(row.phoneKeys.sort()).toEqual(['+8613800000001', '+8613800000002']);
    expect(row.emailKeys.sort()).toEqual(['san@qq.com', 'zhang@work.cn', 'zs@example.com']);
    expect(row.tags.sort()).toEqual(['beijing', 'en', 'vip']);
    expect(await countRows(server.platform, a, 'contact_companies')).toBe(3);

    for (const id of [loser1, loser2]) {
      expect((await get(a, `/api/v1/contacts/${id}`)).statusCode).toBe(404);
      const lost = (await get(a, `/api/v1/contacts/${id}/overview`)).json();
      expect(lost.mergedInto).toBe(survivor);
      expect(lost.timeline.data[0]).toMatchObject({
        kind: 'merged_into',
        data: { merge: { survivorId: survivor } },
      });
    }
    // the merged record is found by its old e-mail under the survivor, losers never
    const hits = (await get(a, '/api/v1/search?q=san@qq')).json().data;
    expect(hits.map((h: { id: string }) => h.id)).toEqual([survivor]);

    await waitFor(async () => (merged.length ? true : undefined), 'contact.merged event');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      type: 'contact.merged',
      objectId: survivor,
      payload: { survivorId: survivor, mergedIds: [loser1, loser2] },
    });

    // losers stay restorable, and once restored are no longer "merged into" the survivor
    expect((await get(a, `/api/v1/contacts/${loser2}/overview`)).json().mergedInto).toBe(survivor);
    const restored = await post(a, `/api/v1/contacts/${loser2}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await get(a, `/api/v1/contacts/${loser2}`)).statusCode).toBe(200);
    expect((await get(a, `/api/v1/contacts/${loser2}/overview`)).json().mergedInto).toBeNull();
  });

  it('refuses a stale version with 412 and changes nothing', async () => {
    const a = await signUp(server.app);
    const [s, l] = await seedContacts(server.platform, a, [{ name: 'S' }, { name: 'L' }]);
    const audit = await countRows(server.platform, a, 'audit_log');
    const res = await post(a, '/api/v1/contacts/merge', {
      survivorId: s,
      mergedIds: [l],
      versions: { [l]: 7 },
    });
    expect(res.statusCode).toBe(412);
    expect((await get(a, `/api/v1/contacts/${l}`)).statusCode).toBe(200);
    expect(await countRows(server.platform, a, 'audit_log')).toBe(audit);
  });

  it('rejects bad requests with a 4xx that names the problem', async () => {
    const a = await signUp(server.app);
    const [s, l] = await seedContacts(server.platform, a, [{ name: 'S' }, { name: 'L' }]);
    expect((await post(a, '/api/v1/contacts/merge', { survivorId: s, mergedIds: [s] })).statusCode).toBe(400);
    expect((await post(a, '/api/v1/contacts/merge', { survivorId: s, mergedIds: [] })).statusCode).toBe(400);
    const unknown = await post(a, '/api/v1/contacts/merge', {
      survivorId: s,
      mergedIds: [l],
      fields: { password: l },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('fields.password');
    const stranger = await post(a, '/api/v1/contacts/merge', {
      survivorId: s,
      mergedIds: [l],
      fields: { name: '0190a0a0-0000-7000-8000-000000000000' },
    });
    expect(stranger.statusCode).toBe(400);
    const [gone] = await seedContacts(server.platform, a, [{ name: 'gone', deletedAt: new Date() }]);
    expect((await post(a, '/api/v1/contacts/merge', { survivorId: s, mergedIds: [gone] })).statusCode).toBe(
      409,
    );
  });

  it('is a 404 when a record is outside the actor scope', async () => {
    const a = await signUp(server.app);
    const member = await addMember(server.app, a, 'member');
    const [mine, adminsOwn] = await seedContacts(server.platform, a, [
      { name: 'mine', ownerId: member.userId },
      { name: 'admins' },
    ]);
    expect(
      (await post(member, '/api/v1/contacts/merge', { survivorId: mine, mergedIds: [adminsOwn] })).statusCode,
    ).toBe(404);
    expect((await get(a, `/api/v1/contacts/${adminsOwn}`)).statusCode).toBe(200);
  });
});

describe('merge companies', () => {
  it('moves every contact of the merged company to the survivor and renames their company', async () => {
    const a = await signUp(server.app);
    const [survivor, loser] = await seedCompanies(server.platform, a, [
      { name: '小米科技', phones: ['+861060606666'] },
      { name: '北京小米科技有限责任公司', phones: ['+861060606667'] },
    ]);
    const [both, onlyLoser] = await seedContacts(server.platform, a, [
      { name: '雷军', companyName: '小米科技', primaryCompanyId: survivor },
      { name: '林斌', companyName: '北京小米科技有限责任公司', primaryCompanyId: loser },
    ]);
    await linkContacts(server.platform, a, survivor, [both], true);
    await linkContacts(server.platform, a, loser, [both]);
    await linkContacts(server.platform, a, loser, [onlyLoser], true);
    const res = await post(a, '/api/v1/companies/merge', {
      survivorId: survivor,
      mergedIds: [loser],
      fields: { name: loser },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().survivor).toMatchObject({
      name: '北京小米科技有限责任公司',
      phones: [{ number: '+861060606666' }, { number: '+861060606667' }],
    });
    const overview = (await get(a, `/api/v1/companies/${survivor}/overview`)).json();
    expect(overview.contacts.total).toBe(2);
    expect(await countRows(server.platform, a, 'contact_companies')).toBe(2);
    expect((await get(a, `/api/v1/companies/${loser}/overview`)).json().mergedInto).toBe(survivor);
    // 林斌's search text now names the survivor company
    const hits = (await get(a, `/api/v1/search?q=${encodeURIComponent('林斌')}`)).json().data;
    expect(hits[0]).toMatchObject({ id: onlyLoser, subtitle: '北京小米科技有限责任公司' });
  });
});

describe('outsider: another workspace', () => {
  it('gets 404 or nothing on every duplicates, jobs and merge route, and nothing changes', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const [c1, c2] = await seedContacts(server.platform, a, [
      { name: 'p', phones: ['+8613811113333'] },
      { name: 'q', phones: ['+8613811113333'] },
    ]);
    const [co1, co2] = await seedCompanies(server.platform, a, [{ name: 'Same' }, { name: 'Same' }]);
    const job = await scan(a, 'contact');
    const [cluster] = await clusters(a);
    const before = await Promise.all(
      ['contacts', 'companies', 'duplicate_clusters', 'audit_log', 'contact_companies'].map((t) =>
        countRows(server.platform, a, t),
      ),
    );

    expect((await get(b, `/api/v1/jobs/${job.id}`)).statusCode).toBe(404);
    expect((await get(b, `/api/v1/jobs/${job.id}/events`)).statusCode).toBe(404);
    expect(await clusters(b)).toEqual([]);
    expect((await post(b, `/api/v1/duplicates/${cluster.id}/dismiss`)).statusCode).toBe(404);
    expect((await post(b, '/api/v1/contacts/merge', { survivorId: c1, mergedIds: [c2] })).statusCode).toBe(
      404,
    );
    expect((await post(b, '/api/v1/companies/merge', { survivorId: co1, mergedIds: [co2] })).statusCode).toBe(
      404,
    );
    const own = await createContact(server.app, b, { name: 'b' });
    expect(
      (await post(b, '/api/v1/contacts/merge', { survivorId: own.id, mergedIds: [c2] })).statusCode,
    ).toBe(404);
    await scan(b, 'contact');
    expect(await clusters(b)).toEqual([]);

    const after = await Promise.all(
      ['contacts', 'companies', 'duplicate_clusters', 'audit_log', 'contact_companies'].map((t) =>
        countRows(server.platform, a, t),
      ),
    );
    expect(after).toEqual(before);
    expect((await clusters(a)).map((c) => c.id)).toEqual([cluster.id]);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/v1/duplicates/scan',
          payload: { objectType: 'contact' },
        })
      ).statusCode,
    ).toBe(401);
  });
});
