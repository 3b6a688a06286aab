-- The number of contacts of each organization, kept (found by timing the
-- start-up at 100k and 1M contacts):
--
-- The first organizations page counts each row's active contacts linked
-- today. In a new session that took 86 ms at 100k and 189 ms at 1M for 41
-- rows (13 ms the second time): 632 lookups of contacts, each on its own
-- heap page, and a backend's first touch of a shared buffer costs
-- 25-100 us on this machine (minor page faults of the shared memory).
--
-- The count of contacts linked with no validity window is now kept per
-- organization, refreshed set-based by statement triggers on the links
-- and on contacts (a bulk projection refreshes it once). Links with a
-- window hold or not depending on the day, with no event: the reader adds
-- those that hold today over a small partial index. The kept number counts
-- every contact; the organizations list uses it only for a person who
-- sees everything and counts as before for anyone else.

CREATE TABLE sb.organization_contact_counts (
    organization_id uuid PRIMARY KEY,	-- no foreign key: rebuilds truncate
    contacts	integer NOT NULL
);
ALTER TABLE sb.organization_contact_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.organization_contact_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON sb.organization_contact_counts
    TO switchboard_owner USING (true) WITH CHECK (true);
CREATE POLICY person_read ON sb.organization_contact_counts FOR SELECT
    TO switchboard_user USING ((SELECT sb.access_sees_all(current_user)));
GRANT SELECT ON sb.organization_contact_counts TO switchboard_user;

CREATE INDEX organization_contacts_windowed
    ON sb.organization_contacts (organization_id)
    WHERE deleted_at IS NULL AND (starts_on IS NOT NULL OR ends_on IS NOT NULL);

-- Count again the organizations in orgs.
CREATE FUNCTION sb.contact_counts_refresh(orgs uuid[]) RETURNS void
    LANGUAGE sql SET search_path = sb, pg_temp
BEGIN ATOMIC
    DELETE FROM sb.organization_contact_counts
     WHERE organization_id = ANY (orgs);
    INSERT INTO sb.organization_contact_counts
    SELECT oc.organization_id, count(DISTINCT oc.contact_id)
      FROM sb.organization_contacts oc
      JOIN sb.contacts c ON c.id = oc.contact_id
     WHERE oc.organization_id = ANY (orgs)
       AND oc.deleted_at IS NULL AND oc.starts_on IS NULL
       AND oc.ends_on IS NULL AND c.active AND c.deleted_at IS NULL
     GROUP BY oc.organization_id;
END;

-- After a statement on the links: the organizations of the rows it wrote.
CREATE FUNCTION sb.contact_counts_links() RETURNS trigger
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
	PERFORM sb.contact_counts_refresh(ARRAY(
	    SELECT DISTINCT organization_id FROM new_links));
    ELSIF TG_OP = 'UPDATE' THEN
	PERFORM sb.contact_counts_refresh(ARRAY(
	    SELECT organization_id FROM new_links
	    UNION SELECT organization_id FROM old_links));
    ELSIF TG_OP = 'DELETE' THEN
	PERFORM sb.contact_counts_refresh(ARRAY(
	    SELECT DISTINCT organization_id FROM old_links));
    ELSE
	DELETE FROM organization_contact_counts;
    END IF;
    RETURN NULL;
END
$$;

-- After a statement on contacts: the organizations of those whose
-- active or deleted mark changed.
CREATE FUNCTION sb.contact_counts_contacts() RETURNS trigger
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.contact_counts_refresh(ARRAY(
	SELECT DISTINCT oc.organization_id
	  FROM new_contacts n
	  JOIN old_contacts o ON o.id = n.id
	  JOIN organization_contacts oc ON oc.contact_id = n.id
	 WHERE (n.active, n.deleted_at) IS DISTINCT FROM
	       (o.active, o.deleted_at)));
    RETURN NULL;
END
$$;

CREATE TRIGGER contact_counts_insert AFTER INSERT
    ON sb.organization_contacts REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION sb.contact_counts_links();
CREATE TRIGGER contact_counts_update AFTER UPDATE
    ON sb.organization_contacts
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION sb.contact_counts_links();
CREATE TRIGGER contact_counts_delete AFTER DELETE
    ON sb.organization_contacts REFERENCING OLD TABLE AS old_links
    FOR EACH STATEMENT EXECUTE FUNCTION sb.contact_counts_links();
CREATE TRIGGER contact_counts_truncate AFTER TRUNCATE
    ON sb.organization_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION sb.contact_counts_links();
CREATE TRIGGER contact_counts_contacts AFTER UPDATE ON sb.contacts
    REFERENCING OLD TABLE AS old_contacts NEW TABLE AS new_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION sb.contact_counts_contacts();

REVOKE EXECUTE ON FUNCTION sb.contact_counts_refresh(uuid[]),
    sb.contact_counts_links(), sb.contact_counts_contacts()
    FROM PUBLIC, switchboard_user;

INSERT INTO sb.organization_contact_counts
SELECT oc.organization_id, count(DISTINCT oc.contact_id)
  FROM sb.organization_contacts oc
  JOIN sb.contacts c ON c.id = oc.contact_id
 WHERE oc.deleted_at IS NULL AND oc.starts_on IS NULL AND oc.ends_on IS NULL
   AND c.active AND c.deleted_at IS NULL
 GROUP BY oc.organization_id;
