import { CONTACT_COLUMNS, generateContacts, type SeedContact } from '../seed';
import type { Scenario } from './scenario';

const BODY_SEED = 7_777;

function presented(c: SeedContact, ownerId: string) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    ownerId,
    version: 1,
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * POST /api/v1/contacts with an API key: authentication, validation and normalisation, the insert,
 * the audit row and the outbox event in one transaction, then event dispatch — the whole write path.
 */
export const contactsCreate: Scenario = {
  name: 'contacts-create',
  title: 'Create a contact over HTTP (API key, audit, outbox)',
  floor: {
    text: 'PostgreSQL ≥ 1,000/s and p99 ≤ 50 ms at 32 connections (issue 2); DESIGN §6 aims at 1,500/s',
    check: (driver, m) =>
      driver === 'postgres'
        ? m.perSecond >= 1000 && m.p99 <= 50 && m.errors === 0 && m.non2xx === 0
        : undefined,
  },
  variants: [
    {
      name: 'create',
      async http(session) {
        const contacts = generateContacts({ count: Number.MAX_SAFE_INTEGER, seed: BODY_SEED });
        return [
          {
            method: 'POST',
            path: '/api/v1/contacts',
            headers: { ...session.auth, 'content-type': 'application/json' },
            setupRequest(req) {
              const c = contacts.next().value as SeedContact;
              return { ...req, body: JSON.stringify({ name: c.name, email: c.email, phone: c.phone }) };
            },
          },
        ];
      },
      async baseline(session) {
        const { tenantId, userId } = session.workspace;
        const existing = new Set(
          (
            await session.raw.query(
              `select column_name from information_schema.columns where table_schema = 'public' and table_name = 'contacts'`,
            )
          ).map((r) => String(r.column_name)),
        );
        // The same columns the seeder fills (the app's row), minus the timestamps it lets default.
        const columns = CONTACT_COLUMNS.filter(
          (c) => existing.has(c.name) && !['created_at', 'updated_at'].includes(c.name),
        );
        const insertContact = `insert into contacts (${columns.map((c) => `"${c.name}"`).join(', ')})
          values (${columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ')})`;
        const insertAudit = `insert into audit_log (tenant_id, id, actor_id, actor_type, action, object_type, object_id, after, request_id, ip)
          values ($1, $2, $3, 'api_key', 'create', 'contact', $4, $5::jsonb, $6, '127.0.0.1')`;
        const insertOutbox = `insert into outbox (tenant_id, id, type, object_type, object_id, actor_id, payload)
          values ($1, $2, 'contact.created', 'contact', $3, $4, $5::jsonb)`;
        const contacts = generateContacts({ count: Number.MAX_SAFE_INTEGER, seed: BODY_SEED + 1 });
        const ctx = { tenantId, ownerIds: [userId] };
        const ids = generateContacts({ count: Number.MAX_SAFE_INTEGER, seed: BODY_SEED + 2 });
        return {
          prepare(n) {
            const c = contacts.next().value as SeedContact;
            const after = JSON.stringify(presented(c, userId));
            return {
              contact: columns.map((col) => col.value(c, ctx, n)),
              id: c.id,
              auditId: (ids.next().value as SeedContact).id,
              eventId: (ids.next().value as SeedContact).id,
              after,
              payload: JSON.stringify({ before: null, after: JSON.parse(after) }),
            };
          },
          async run(row) {
            await session.raw.tenantTx(tenantId, userId, async (q) => {
              await q(insertContact, row.contact);
              await q(insertAudit, [tenantId, row.auditId, userId, row.id, row.after, `bench-${row.id}`]);
              await q(insertOutbox, [tenantId, row.eventId, row.id, userId, row.payload]);
            });
          },
        };
      },
    },
  ],
};
