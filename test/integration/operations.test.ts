import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/platform/config/config';
import { createBoss } from '../../src/server/platform/jobs/boss';
import { driver, startTestServer, type TestServer } from '../support/platform';
import { waitFor } from '../support/wait';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('health and readiness', () => {
  it('answers /health and /ready with the database kind', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
      database: driver,
    });
  });

  it('sends security headers and a request id', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBe('trace-123');
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});

describe('OpenAPI', () => {
  it('describes every API route with its request and response schemas', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe('3.1.0');
    const routes = server.app.printRoutes({ commonPrefix: false });
    const apiPaths = Object.keys(spec.paths).filter((p) => p.startsWith('/api/v1/'));
    expect(apiPaths.length).toBeGreaterThan(15);
    for (const path of apiPaths) {
      for (const [method, op] of Object.entries<any>(spec.paths[path])) {
        expect(op.responses, `${method} ${path}`).toBeDefined();
        const ok = Object.keys(op.responses).find((s) => s.startsWith('2'));
        expect(ok, `${method} ${path} has a success response`).toBeDefined();
        // Creates and changes carry a body schema; actions on a record (/{id}/restore, /dismiss…) need none.
        const isAction = /\/\{[^}]+\}\/[a-z-]+$/.test(path) || path.endsWith('/logout');
        if (method === 'patch' || method === 'put' || (method === 'post' && !isAction)) {
          expect(op.requestBody, `${method} ${path} has a request body schema`).toBeDefined();
        }
      }
    }
    expect(routes).toContain('contacts');
  });

  it('serves interactive docs at /docs', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});

describe('configuration', () => {
  it('names the variable and the reason when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
  });

  it('stops the process with that message at boot', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'serve'], {
      env: { ...process.env, LOGIN_MAX_FAILURES: '0' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/LOGIN_MAX_FAILURES/);
  });
});

describe('job queue', () => {
  it('runs a pg-boss job on this driver', async () => {
    const boss = createBoss(server.platform.db, server.config, server.platform.log);
    await boss.start();
    try {
      await boss.createQueue('test.echo');
      const seen: unknown[] = [];
      await boss.work('test.echo', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        seen.push(job.data);
      });
      await boss.send('test.echo', { hello: '世界' });
      await waitFor(async () => (seen.length > 0 ? true : undefined), 'the job to run', 30_000);
      expect(seen).toEqual([{ hello: '世界' }]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
