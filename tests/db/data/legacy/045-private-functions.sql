-- New functions are private until a migration grants them, as 041 meant.
--
-- 041 revoked EXECUTE from PUBLIC with ALTER DEFAULT PRIVILEGES ... IN
-- SCHEMA sb, but a schema's default privileges only add to the global
-- ones, and those give PUBLIC EXECUTE on every new function: the helpers
-- of 042 and later were callable by every login. The global default of
-- the owner role now grants nothing, and every function of the owner's
-- loses what PUBLIC had; the grants to switchboard_user stay.
ALTER DEFAULT PRIVILEGES FOR ROLE switchboard_owner
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_proc p
	JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname = 'sb'
	  AND p.proowner = 'switchboard_owner'::regrole LOOP
	EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;
