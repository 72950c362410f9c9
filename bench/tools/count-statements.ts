/**
 * Counts the SQL statements the server sends to PostgreSQL per request (create, list page, deep page):
 *   node --import tsx bench/tools/count-statements.ts [requests]
 * Starts the server on a fresh database behind a counting proxy, then drops the database.
 */
import path from 'node:path';
import { parseBenchArgs } from '../lib/args';
import { startCountingProxy } from '../lib/pg-proxy';
import { startServer } from '../lib/server';
import { postgresTarget } from '../lib/targets';
import { createWorkspace } from '../lib/workspace';
import { generateContacts, type SeedContact } from '../seed';

const requests = Number(process.argv[2] ?? 200);
const args = parseBenchArgs([]);
const target = await postgresTarget(args.adminUrl, 'stmts');
const upstream = new URL(target.url!);
const proxy = await startCountingProxy(upstream.hostname, Number(upstream.port || 5432));
const proxied = new URL(target.url!);
proxied.port = String(proxy.port);
const server = await startServer({
  appDir: args.appDir,
  env: { DATABASE_URL: proxied.toString() },
  logFile: path.resolve('.tmp/bench/count-statements.log'),
  logLevel: 'warn',
});
try {
  const ws = await createWorkspace(server.url, 'stmts');
  const headers = { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' };
  const contacts = generateContacts({ count: requests, seed: 99 });
  const measure = async (label: string, fn: (i: number) => Promise<Response>) => {
    await new Promise((resolve) => setTimeout(resolve, 3000)); // let the dispatcher and poller settle
    const before = proxy.snapshot();
    proxy.texts.clear();
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      const res = await fn(i);
      if (!res.ok) throw new Error(`${label}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const elapsed = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // dispatch of the last events
    const after = proxy.snapshot();
    const per = (k: keyof typeof before) => ((after[k] - before[k]) / requests).toFixed(2);
    console.log(
      `${label}: per request ${per('execute')} Execute + ${per('query')} simple Query (${per('parse')} Parse) in ${per('writes')} writes; ` +
        `serial latency ${(elapsed / requests).toFixed(1)} ms`,
    );
    const top = [...proxy.texts].sort((a, b) => b[1] - a[1]).slice(0, 15);
    for (const [text, n] of top)
      console.log(`  ${(n / requests).toFixed(2).padStart(6)} × ${text.slice(0, 150)}`);
  };
  await measure('POST /contacts', (i) => {
    const c = contacts.next().value as SeedContact | undefined;
    return fetch(`${server.url}/api/v1/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: c?.name ?? `c${i}`,
        email: `count${i}@example.com`,
        phone: '+8613800138000',
      }),
    });
  });
  await measure('GET /contacts (first page)', () =>
    fetch(`${server.url}/api/v1/contacts?limit=50`, { headers }),
  );
} finally {
  await server.stop();
  await proxy.close();
  await target.drop();
}
