-- Erasure of personal data (PIPL art. 47, GDPR art. 17) must reach the audit trail too: the audit
-- rows of an erased person still hold the values in `before` / `after`. The application role may
-- only SELECT and INSERT on audit_log (the trail is append-only for it, 0002_seal_tenants), and that
-- should stay true for every other purpose. So instead of granting UPDATE, this one SECURITY DEFINER
-- function may blank the before/after images of ONE object of the CURRENT workspace, nothing else:
--   * it refuses a tenant other than the transaction's own (app.tenant_id, the RLS key);
--   * it keeps who did what and when (the rows stay, only the value images go);
--   * its search_path is pinned so a caller cannot substitute objects;
--   * only guanxi_app may execute it (not PUBLIC).
-- The erase itself is recorded by the caller as a new audit row without values.
CREATE OR REPLACE FUNCTION guanxi_erase_audit_values(p_tenant_id uuid, p_object_type text, p_object_id uuid)
  RETURNS integer
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  scrubbed integer;
BEGIN
  IF p_tenant_id IS NULL OR p_tenant_id IS DISTINCT FROM guanxi_current_tenant() THEN
    RAISE EXCEPTION 'guanxi_erase_audit_values: tenant % is not the current workspace', p_tenant_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE audit_log
     SET before = NULL, after = NULL
   WHERE tenant_id = p_tenant_id
     AND object_type = p_object_type
     AND object_id = p_object_id
     AND (before IS NOT NULL OR after IS NOT NULL);
  GET DIAGNOSTICS scrubbed = ROW_COUNT;
  RETURN scrubbed;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION guanxi_erase_audit_values(uuid, text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION guanxi_erase_audit_values(uuid, text, uuid) TO guanxi_app;
