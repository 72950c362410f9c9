-- Why: every contact/company write validates against the workspace's default region and custom
-- fields. Servers cache them per workspace and compare this counter, read with the credentials on
-- every request, so a change made through any node (or by hand in SQL) is seen at once.
ALTER TABLE "workspaces" ADD COLUMN "meta_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION guanxi_bump_meta_version_on_region() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.default_region IS DISTINCT FROM OLD.default_region THEN
    NEW.meta_version := OLD.meta_version + 1;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER workspaces_meta_version BEFORE UPDATE ON "workspaces"
  FOR EACH ROW EXECUTE FUNCTION guanxi_bump_meta_version_on_region();--> statement-breakpoint
CREATE OR REPLACE FUNCTION guanxi_bump_meta_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workspaces SET meta_version = meta_version + 1
  WHERE tenant_id = coalesce(NEW.tenant_id, OLD.tenant_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER custom_fields_meta_version AFTER INSERT OR UPDATE OR DELETE ON "custom_fields"
  FOR EACH ROW EXECUTE FUNCTION guanxi_bump_meta_version();
