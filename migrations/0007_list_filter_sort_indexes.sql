-- Why: a list page is "filter on a standard field, sort, keyset cursor on (sort key, id)". These indexes
-- end in (sort key, id) after the filtered field, so the page and its cursor are one index range scan.
-- contacts_province_name_idx replaces contacts_province_idx: "customers in 广东 by name" walked
-- contacts_name_idx past ~400,000 Latin names without a province before its first match (2-3 s at 1M
-- contacts on PostgreSQL, 12-16 s on PGlite); through this index it reads ~250 rows. Owner and stage
-- get the id tail, so newest-first pages need no incremental sort. The index count stays the same.
DROP INDEX "contacts_province_idx";--> statement-breakpoint
DROP INDEX "contacts_owner_idx";--> statement-breakpoint
DROP INDEX "contacts_stage_idx";--> statement-breakpoint
CREATE INDEX "contacts_province_name_idx" ON "contacts" USING btree ("tenant_id","province_code","name","id") WHERE province_code is not null;--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("tenant_id","owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "contacts_stage_idx" ON "contacts" USING btree ("tenant_id","lifecycle_stage","created_at","id");