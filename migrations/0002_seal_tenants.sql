-- Roles the application switches to inside every transaction (SET LOCAL ROLE), so no query of the
-- app runs as a superuser or as the table owner: row-level security always applies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guanxi_app') THEN
    CREATE ROLE guanxi_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guanxi_system') THEN
    CREATE ROLE guanxi_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE 'GRANT guanxi_app, guanxi_system TO ' || quote_ident(current_user);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'could not grant guanxi roles to %: %', current_user, SQLERRM;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION guanxi_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION guanxi_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Seals every table that has a tenant_id column: RLS enabled and FORCEd (the owner obeys it too),
-- one policy keyed on the transaction-local app.tenant_id. Idempotent; run after every migration.
CREATE OR REPLACE FUNCTION guanxi_seal_tenant_tables() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  -- Only tables that still need it are altered: a sealed database takes no table locks here,
  -- so starting another app node never blocks the ones serving requests.
  FOR r IN
    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    IF NOT r.relrowsecurity THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.relname);
    END IF;
    IF NOT r.relforcerowsecurity THEN
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.relname);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = r.relname
                     AND policyname = 'tenant_isolation') THEN
      EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = guanxi_current_tenant()) '
                     'WITH CHECK (tenant_id = guanxi_current_tenant())', r.relname);
    END IF;
    IF NOT has_table_privilege('guanxi_app', format('public.%I', r.relname), 'INSERT') THEN
      IF r.relname = 'audit_log' THEN
        -- The audit trail is append-only for the application.
        EXECUTE format('GRANT SELECT, INSERT ON %I TO guanxi_app', r.relname);
      ELSE
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO guanxi_app', r.relname);
      END IF;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO guanxi_app, guanxi_system;
--> statement-breakpoint
SELECT guanxi_seal_tenant_tables();
--> statement-breakpoint
-- Global identity tables (no tenant): the app may use them, nothing else.
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, login_attempts TO guanxi_app;
--> statement-breakpoint
-- A user sees their own memberships and the names of their workspaces, across tenants (switcher).
CREATE POLICY member_self ON memberships FOR SELECT USING (user_id = guanxi_current_user());
--> statement-breakpoint
CREATE POLICY member_workspaces ON workspaces FOR SELECT
  USING (tenant_id IN (SELECT m.tenant_id FROM memberships m WHERE m.user_id = guanxi_current_user()));
--> statement-breakpoint
-- The event dispatcher finds undelivered events of every tenant; it reads and marks, nothing more.
GRANT SELECT, UPDATE ON outbox TO guanxi_system;
--> statement-breakpoint
CREATE POLICY system_dispatch ON outbox TO guanxi_system USING (true);
--> statement-breakpoint
GRANT DELETE ON idempotency_keys TO guanxi_system;
--> statement-breakpoint
CREATE POLICY system_cleanup ON idempotency_keys TO guanxi_system USING (true);
--> statement-breakpoint
GRANT DELETE ON sessions TO guanxi_system;
