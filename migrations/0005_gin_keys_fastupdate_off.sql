-- Why: duplicate lookups (import chunks, create/update) probe these two GIN indexes once per key. With
-- fastupdate on, new entries wait in a pending list that every probe scans linearly: after a bulk
-- import that is ~0.5 ms per probe, a second per 1,000-row chunk. Rows carry one or two keys, so
-- inserting straight into the tree costs little. See docs/adr/0005-import-throughput.md.
DROP INDEX "contacts_phone_keys_idx";--> statement-breakpoint
DROP INDEX "contacts_email_keys_idx";--> statement-breakpoint
CREATE INDEX "contacts_phone_keys_idx" ON "contacts" USING gin ("phone_keys") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "contacts_email_keys_idx" ON "contacts" USING gin ("email_keys") WITH (fastupdate=false);