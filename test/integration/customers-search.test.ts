import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContacts } from '../../src/server/platform/search/sample-data';
import { seedCompanies, seedContacts } from '../support/customers-seed';
import { addMember, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
let a: SignedIn;
let zhangsan: string;
let tencent: string;

interface Hit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

async function search(who: SignedIn, q: string, extra = ''): Promise<Hit[]> {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
    headers: who.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

beforeAll(async () => {
  server = await startTestServer();
  a = await signUp(server.app);
  // A few thousand look-alike customers (70% Chinese names), then the one we look for.
  const crowd = [...sampleContacts(3000, 11)].map((c) => ({
    name: c.names[0],
    phones: c.phones,
    emails: c.emails,
    companyName: c.companies[0],
  }));
  await seedContacts(server.platform, a, crowd);
  [zhangsan] = await seedContacts(server.platform, a, [
    {
      name: '张三',
      phones: ['+8613912345678'],
      emails: ['zhang.san@qq.com'],
      companyName: '深圳市腾讯计算机系统有限公司',
    },
  ]);
  [tencent] = await seedCompanies(server.platform, a, [
    { name: '深圳市腾讯计算机系统有限公司', phones: ['+8675586013388'] },
  ]);
}, 120_000);
afterAll(() => server.close());

describe('search finds anyone among a few thousand', () => {
  it('by initials "zs", first', async () => {
    const hits = await search(a, 'zs');
    expect(hits[0]).toMatchObject({ type: 'contact', id: zhangsan, title: '张三', score: 100 });
  });

  it('by full pinyin "zhangsan" and spaced "zhang san", first', async () => {
    expect((await search(a, 'zhangsan'))[0]).toMatchObject({ id: zhangsan, score: 100 });
    expect((await search(a, 'Zhang San'))[0]).toMatchObject({ id: zhangsan });
  });

  it('by one Han character "张": every hit carries it, 张三 among them', async () => {
    const hits = await search(a, '张', '&limit=50');
    expect(hits.map((h) => h.id)).toContain(zhangsan);
    for (const h of hits) expect(`${h.title} ${h.subtitle ?? ''}`).toContain('张');
  });

  it('by the last 4 digits of the phone, and by the whole number typed any way', async () => {
    expect((await search(a, '5678', '&limit=50')).map((h) => h.id)).toContain(zhangsan);
    expect((await search(a, '139 1234 5678'))[0]).toMatchObject({ id: zhangsan });
    expect((await search(a, '+86 139-1234-5678'))[0]).toMatchObject({ id: zhangsan });
  });

  it('by part of the e-mail', async () => {
    expect((await search(a, 'zhang.san'))[0]).toMatchObject({ id: zhangsan });
    expect((await search(a, 'ZHANG.SAN@QQ.COM'))[0]).toMatchObject({ id: zhangsan, score: 100 });
  });

  it('by company name: the company itself and its people', async () => {
    const hits = await search(a, '腾讯');
    expect(hits.map((h) => h.id)).toEqual(expect.arrayContaining([zhangsan, tencent]));
    expect(hits.find((h) => h.id === tencent)).toMatchObject({ type: 'company' });
    expect((await search(a, '腾讯', '&types=company')).map((h) => h.id)).toEqual([tencent]);
    expect((await search(a, '腾讯', '&types=contact')).map((h) => h.type)).not.toContain('company');
  });

  it('answers an empty list, not an error, for a query that can match nothing', async () => {
    expect(await search(a, '12')).toEqual([]);
    expect(await search(a, 'qqqqxyzzy')).toEqual([]);
  });

  it('rejects a blank query and unknown types with a 400 naming the field', async () => {
    const blank = await server.app.inject({ method: 'GET', url: '/api/v1/search?q=%20', headers: a.headers });
    expect(blank.statusCode).toBe(400);
    const types = await server.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=zs&types=deal',
      headers: a.headers,
    });
    expect(types.statusCode).toBe(400);
    expect(JSON.stringify(types.json())).toContain('types');
  });
});

describe('search ranking and visibility', () => {
  it('ranks exact > prefix > fragment', async () => {
    const w = await signUp(server.app);
    const [inner, prefix, exact] = await seedContacts(server.platform, w, [
      { name: '王李明' },
      { name: '李明华' },
      { name: '李明' },
    ]);
    const hits = await search(w, '李明');
    expect(hits.map((h) => [h.id, h.score])).toEqual([
      [exact, 100],
      [prefix, 70],
      [inner, 40],
    ]);
    const latin = await seedContacts(server.platform, w, [
      { name: 'Adam Smithson' },
      { name: 'Ada Smith' },
      { name: 'Canada Dry' },
    ]);
    const ada = await search(w, 'ada');
    expect(ada.map((h) => h.id)).toEqual([latin[1], latin[0], latin[2]]);
    expect(ada.map((h) => h.score)).toEqual([70, 70, 40]);
  });

  it('never shows deleted or merged records', async () => {
    const w = await signUp(server.app);
    const [live] = await seedContacts(server.platform, w, [
      { name: '赵六' },
      { name: '赵六', deletedAt: new Date() },
    ]);
    expect((await search(w, 'zhaoliu')).map((h) => h.id)).toEqual([live]);
  });

  it('shows a member only the records they may see', async () => {
    const w = await signUp(server.app);
    const member = await addMember(server.app, w, 'member');
    const [adminsOwn, membersOwn, unowned] = await seedContacts(server.platform, w, [
      { name: '孙七 admin' },
      { name: '孙七 member', ownerId: member.userId },
      { name: '孙七 nobody', ownerId: null },
    ]);
    expect((await search(member, '孙七')).map((h) => h.id).sort()).toEqual([membersOwn, unowned].sort());
    expect((await search(w, '孙七')).map((h) => h.id).sort()).toEqual(
      [adminsOwn, membersOwn, unowned].sort(),
    );
  });

  it('finds a contact created through the API', async () => {
    const w = await signUp(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: w.headers,
      payload: { name: '欧阳娜娜', email: 'nana@example.cn', phone: '13700001234' },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const q of ['oyn', 'ouyang', '欧阳', '0001234', 'nana@']) {
      expect(
        (await search(w, q)).map((h) => h.id),
        q,
      ).toContain(res.json().id);
    }
  });

  it('outsider: another workspace finds nothing of this one', async () => {
    const b = await signUp(server.app);
    for (const q of ['zs', 'zhangsan', '张', '5678', 'zhang.san', '腾讯'])
      expect(await search(b, q), q).toEqual([]);
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/search?q=zs' });
    expect(anonymous.statusCode).toBe(401);
  });
});
