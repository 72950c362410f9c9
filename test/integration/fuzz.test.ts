import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, type SignedIn, signUp } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';

let server: TestServer;
let who: SignedIn;
let existing: string;
beforeAll(async () => {
  server = await startTestServer();
  who = await signUp(server.app);
  existing = (await createContact(server.app, who)).id;
});
afterAll(() => server.close());

const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      name: fc.oneof(
        fc.string(),
        fc.integer(),
        fc.constant(null),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
      ),
      email: fc.oneof(fc.emailAddress(), fc.string(), fc.constant(null)),
      phone: fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9 -]{0,25}$/), fc.integer()),
      ownerId: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);
const anyBody = fc.oneof(
  anyJson.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
);
const anyId = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant('existing'));
const anyQuery = fc.record(
  {
    limit: fc.oneof(fc.integer(), fc.string({ maxLength: 6 })),
    cursor: fc.string({ maxLength: 60 }),
    q: fc.string({ maxLength: 60 }),
  },
  { requiredKeys: [] },
);
const anyHeaders = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/xml',
      'application/json; charset=utf-8',
      '',
    ),
    'if-match': fc.oneof(fc.string({ maxLength: 12 }), fc.constant('W/"1"')),
    'idempotency-key': fc.string({ maxLength: 20 }),
  },
  { requiredKeys: [] },
);

describe('fuzzing the contacts routes', () => {
  it('never answers 5xx (1,000 random requests)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('list', 'create', 'get', 'patch', 'delete', 'restore'),
        anyId,
        anyBody,
        anyQuery,
        anyHeaders,
        async (route, rawId, body, query, headers) => {
          const id = encodeURIComponent(rawId === 'existing' ? existing : rawId);
          const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
          const [method, url] = {
            list: ['GET', `/api/v1/contacts?${qs}`],
            create: ['POST', '/api/v1/contacts'],
            get: ['GET', `/api/v1/contacts/${id}`],
            patch: ['PATCH', `/api/v1/contacts/${id}`],
            delete: ['DELETE', `/api/v1/contacts/${id}`],
            restore: ['POST', `/api/v1/contacts/${id}/restore`],
          }[route] as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
          const hasBody = method === 'POST' || method === 'PATCH';
          const res = await server.app.inject({
            method,
            url,
            headers: { ...who.headers, ...(hasBody ? headers : {}) },
            ...(hasBody ? { payload: body } : {}),
          });
          expect(res.statusCode, `${method} ${url} ${body} → ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
