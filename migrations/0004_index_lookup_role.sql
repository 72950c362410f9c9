-- Why: PostgreSQL evaluates a row-level-security policy before any condition that is not LEAKPROOF,
-- and the array operators (&&, @>) and LIKE behind search and duplicate lookups are not. Under the
-- tenant policy those lookups therefore cannot use their GIN indexes and read every row of the
-- workspace (seconds at 1M contacts instead of milliseconds). Marking the operators LEAKPROOF needs
-- a superuser, which managed PostgreSQL does not give.
--
-- So: a read-only role `guanxi_lookup` whose SELECT policy on the searchable tables is `true`. The
-- app switches to it (SET LOCAL ROLE) only inside `withIndexLookup()` (platform/db/index-lookup.ts),
-- whose queries always state `tenant_id = <actor's workspace>` themselves; every other statement
-- still runs as guanxi_app under the tenant policy.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guanxi_lookup') THEN
    CREATE ROLE guanxi_lookup NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE 'GRANT guanxi_lookup TO ' || quote_ident(current_user);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'could not grant guanxi_lookup to %: %', current_user, SQLERRM;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO guanxi_lookup;
--> statement-breakpoint
GRANT SELECT ON contacts, companies TO guanxi_lookup;
--> statement-breakpoint
CREATE POLICY index_lookup ON contacts FOR SELECT TO guanxi_lookup USING (true);
--> statement-breakpoint
CREATE POLICY index_lookup ON companies FOR SELECT TO guanxi_lookup USING (true);
