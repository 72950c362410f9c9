import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../src/server/platform/db/database';
import { uniqueEmail } from '../support/factories';
import { testConfig } from '../support/platform';
import { waitFor } from '../support/wait';

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

const { config, cleanup } = testConfig();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  cleanup();
});

async function startServer(port: number): Promise<ChildProcess> {
  const env = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    GUANXI_WEB_DIR: '.tmp/no-web',
    ...(config.databaseUrl
      ? { DATABASE_URL: config.databaseUrl }
      : { GUANXI_DATA_DIR: config.dataDir, GUANXI_FSYNC_INTERVAL_MS: '0' }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    return (
      (await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )) || undefined
    );
  }, 'the server to answer /health');
  return child;
}

describe('crash safety', () => {
  it('after kill -9 under load, every acknowledged contact exists with its audit row, and its event is handled exactly once', {
    timeout: 240_000,
  }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1`;
    let server = await startServer(port);
    const signup = await fetch(`${base}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspaceName: 'Crash Co',
        name: 'Admin',
        email: uniqueEmail(),
        password: 'long enough 1',
      }),
    });
    const cookie = String(signup.headers.get('set-cookie')).split(';')[0];
    const { csrfToken, workspace } = await signup.json();
    const keyRes = await fetch(`${base}/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'load' }),
    });
    const auth = { authorization: `Bearer ${(await keyRes.json()).key}`, 'content-type': 'application/json' };

    const acknowledged: string[] = [];
    let killed = false;
    const client = async (n: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await fetch(`${base}/contacts`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: `客户 ${n}-${i}` }),
          });
          if (res.status === 201) acknowledged.push((await res.json()).id);
        } catch {
          return; // connection reset by the kill
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    await waitFor(async () => (acknowledged.length >= 300 ? true : undefined), '300 acknowledged creates');
    server.kill('SIGKILL');
    killed = true;
    await once(server, 'exit');
    await Promise.all(clients);
    const acked = [...acknowledged];

    // Restart on the same data; the dispatcher recovers events the crash left undelivered.
    server = await startServer(port);
    const inDb = await waitFor(async () => {
      const stats = await (await fetch(`${base}/workspace/stats`, { headers: auth })).json();
      const created: number =
        stats.objects.find((o: { objectType: string }) => o.objectType === 'contact')?.created ?? 0;
      return created >= acked.length ? created : undefined;
    }, 'event recovery to count every acknowledged contact');
    server.kill('SIGTERM');
    await once(server, 'exit');

    const db = await openDatabase(config);
    try {
      const result = await db.tx({ tenantId: workspace.id }, async (tx) => ({
        contacts: rowsOf<{ id: string }>(await tx.execute(sql`select id from contacts`)).map((r) => r.id),
        audited: rowsOf<{ object_id: string }>(
          await tx.execute(
            sql`select object_id from audit_log where object_type = 'contact' and action = 'create'`,
          ),
        ).map((r) => r.object_id),
        createdEvents: rowsOf<{ id: string; object_id: string; dispatched: boolean }>(
          await tx.execute(
            sql`select id, object_id, dispatched_at is not null as dispatched from outbox where type = 'contact.created'`,
          ),
        ),
        deliveries: rowsOf<{ event_id: string }>(
          await tx.execute(sql`select event_id from event_deliveries where subscriber = 'workspace-stats'`),
        ).map((r) => r.event_id),
        statsCreated: rowsOf<{ created: number }>(
          await tx.execute(sql`select created::int from workspace_stats where object_type = 'contact'`),
        )[0]?.created,
      }));
      const contacts = new Set(result.contacts);
      const audited = new Set(result.audited);
      expect(acked.filter((id) => !contacts.has(id))).toEqual([]);
      expect(acked.filter((id) => !audited.has(id))).toEqual([]);
      // one event per created contact, each delivered, none twice
      expect(result.createdEvents.length).toBe(result.contacts.length);
      const eventOf = new Map(result.createdEvents.map((e) => [e.object_id, e.id]));
      const delivered = new Map<string, number>();
      for (const id of result.deliveries) delivered.set(id, (delivered.get(id) ?? 0) + 1);
      expect(acked.filter((id) => delivered.get(eventOf.get(id) ?? '') !== 1)).toEqual([]);
      expect(result.createdEvents.filter((e) => !e.dispatched)).toEqual([]);
      expect(result.statsCreated).toBe(result.contacts.length);
      expect(inDb).toBe(result.contacts.length);
    } finally {
      await db.close();
    }
  });
});
