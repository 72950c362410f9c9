import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/platform/db/database';
import { addMember, createContact, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function tenantTables(): Promise<Array<{ name: string; forced: boolean }>> {
  const rows = rowsOf<{ relname: string; relforcerowsecurity: boolean }>(
    await server.platform.db.owner.execute(sql`
      select c.relname, c.relforcerowsecurity from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`),
  );
  return rows.map((r) => ({ name: r.relname, forced: r.relforcerowsecurity }));
}

describe('row-level security', () => {
  it('seals every tenant-owned table with FORCEd RLS', async () => {
    const tables = await tenantTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['contacts', 'audit_log', 'outbox', 'memberships', 'api_keys']),
    );
    expect(tables.filter((t) => !t.forced)).toEqual([]);
  });

  it('the app role is neither superuser nor RLS-bypassing', async () => {
    const [me] = rowsOf<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(
      await server.platform.db.tx({}, (tx) =>
        tx.execute(
          sql`select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
        ),
      ),
    );
    expect(me).toEqual({ current_user: 'guanxi_app', rolsuper: false, rolbypassrls: false });
  });

  it("with B's tenant set on the app's own connection, no table shows any of A's rows", async () => {
    const a = await signUp(server.app, { workspaceName: 'A' });
    await createContact(server.app, a, { name: 'A 的客户' });
    await a.bearer();
    await addMember(server.app, a, 'member');
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: a.headers,
      payload: { name: 'A team' },
    });
    await server.platform.dispatcher.idle();
    const b = await signUp(server.app, { workspaceName: 'B' });
    const tables = await tenantTables();
    let aRowsSeenAsOwner = 0;
    for (const { name } of tables) {
      const [asA] = rowsOf<{ n: number }>(
        await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
          tx.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`),
        ),
      );
      aRowsSeenAsOwner += asA.n;
      const [asB] = rowsOf<{ n: number; foreign: number }>(
        await server.platform.db.tx({ tenantId: b.workspaceId }, (tx) =>
          tx.execute(sql`select count(*)::int as n, count(*) filter (where tenant_id <> ${b.workspaceId})::int as foreign
                         from ${sql.identifier(name)}`),
        ),
      );
      expect({ table: name, foreign: asB.foreign }).toEqual({ table: name, foreign: 0 });
    }
    expect(aRowsSeenAsOwner).toBeGreaterThan(5); // A's rows exist; B just cannot see them
  });

  it('refuses to write a row into another tenant', async () => {
    const a = await signUp(server.app);
    const b = await signUp(server.app);
    const error = await server.platform.db
      .tx({ tenantId: b.workspaceId }, (tx) =>
        tx.execute(
          sql`insert into contacts (tenant_id, id, name) values (${a.workspaceId}, gen_random_uuid(), 'smuggled')`,
        ),
      )
      .catch((err: Error & { cause?: Error }) => err.cause ?? err);
    expect(String((error as Error).message)).toMatch(/row-level security/);
  });

  it('without a tenant set, tenant tables are empty', async () => {
    const a = await signUp(server.app);
    await createContact(server.app, a);
    const [r] = rowsOf<{ n: number }>(
      await server.platform.db.tx({}, (tx) => tx.execute(sql`select count(*)::int as n from contacts`)),
    );
    expect(r.n).toBe(0);
  });
});

describe('the index-lookup role', () => {
  it('may only read contacts and companies: no writes, no other tables', async () => {
    const a = await signUp(server.app);
    const attempt = (statement: ReturnType<typeof sql>) =>
      server.platform.db
        .tx({ tenantId: a.workspaceId }, async (tx) => {
          await tx.execute(sql`select set_config('role', 'guanxi_lookup', true)`);
          return tx.execute(statement);
        })
        .then(
          () => 'allowed',
          (err: Error & { cause?: Error }) => String((err.cause ?? err).message),
        );
    expect(await attempt(sql`select count(*) from contacts`)).toBe('allowed');
    expect(
      await attempt(
        sql`insert into contacts (tenant_id, id, name) values (${a.workspaceId}, gen_random_uuid(), 'x')`,
      ),
    ).toMatch(/permission denied/);
    expect(await attempt(sql`update contacts set name = 'x'`)).toMatch(/permission denied/);
    expect(await attempt(sql`select count(*) from audit_log`)).toMatch(/permission denied/);
    expect(await attempt(sql`select count(*) from users`)).toMatch(/permission denied/);
  });
});
