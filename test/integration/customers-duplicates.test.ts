import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicateCandidates } from '../../src/server/modules/customers/duplicates.service';
import { adminActor, seedCompanies, seedContacts } from '../support/customers-seed';
import { addMember, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

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
