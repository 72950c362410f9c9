import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferWrite, pipeline, rowsOf } from '../../src/server/platform/db/database';
import { newId } from '../../src/server/platform/db/ids';
import { type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
let a: SignedIn;
beforeAll(async () => {
  server = await startTestServer();
  a = await signUp(server.app);
});
afterAll(() => server.close());

const countContacts = async (name: string) =>
  Number(
    rowsOf<{ n: string }>(
      await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
        tx.execute(sql`select count(*) as n from contacts where name = ${name}`),
      ),
    )[0].n,
  );

/** The database's message, whether the driver wrapped the error (drizzle on PGlite) or not. */
async function failureOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  throw new Error('expected the transaction to fail');
}

const insertContact = (name: string) =>
  sql`insert into contacts (tenant_id, id, name) values (${a.workspaceId}, ${newId()}, ${name})`;

describe('request transactions', () => {
  it('run every statement as the app role with the workspace set', async () => {
    const [row] = rowsOf<{ role: string; tenant: string }>(
      await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
        tx.execute(sql`select current_user as role, current_setting('app.tenant_id') as tenant`),
      ),
    );
    expect(row).toEqual({ role: 'guanxi_app', tenant: a.workspaceId });
  });

  it('commit a deferred write with the transaction', async () => {
    const name = `deferred ${newId()}`;
    await server.platform.db.tx({ tenantId: a.workspaceId }, async (tx) => {
      await deferWrite(tx, insertContact(name));
    });
    expect(await countContacts(name)).toBe(1);
  });

  it('fail, and keep nothing, when a deferred write fails', async () => {
    const name = `kept? ${newId()}`;
    const attempt = server.platform.db.tx({ tenantId: a.workspaceId }, async (tx) => {
      await tx.execute(insertContact(name));
      // Another workspace's row: the RLS policy refuses it, but only when the statement runs.
      await deferWrite(
        tx,
        sql`insert into contacts (tenant_id, id, name) values (${newId()}, ${newId()}, 'x')`,
      );
      return 'done';
    });
    expect(await failureOf(attempt)).toMatch(/row-level security/);
    expect(await countContacts(name)).toBe(0);
  });

  it('report the deferred failure, not the aborted statements after it', async () => {
    const attempt = server.platform.db.tx({ tenantId: a.workspaceId }, async (tx) => {
      await deferWrite(
        tx,
        sql`insert into contacts (tenant_id, id, name) values (${newId()}, ${newId()}, 'x')`,
      );
      await tx.execute(sql`select 1`);
    });
    expect(await failureOf(attempt)).toMatch(/row-level security/);
  });

  it('run pipelined statements in order and return the rows of each', async () => {
    const results = await server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      pipeline(tx, [
        sql`select set_config('app.probe', 'first', true) as v`,
        sql`select current_setting('app.probe') as v`,
        sql`select set_config('app.probe', 'second', true) as v`,
        sql`select current_setting('app.probe') as v`,
      ]),
    );
    expect(results.map((rows) => rows[0].v)).toEqual(['first', 'first', 'second', 'second']);
  });

  it('leave no half rows when a pipelined statement fails', async () => {
    const name = `pipelined ${newId()}`;
    const attempt = server.platform.db.tx({ tenantId: a.workspaceId }, (tx) =>
      pipeline(tx, [insertContact(name), sql`select 1 / 0`]),
    );
    expect(await failureOf(attempt)).toMatch(/division by zero/);
    expect(await countContacts(name)).toBe(0);
  });
});
