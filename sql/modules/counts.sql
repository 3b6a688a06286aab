-- The contact counts per organization, kept by triggers.

-- A statement that inserted links for many organizations counts every
-- organization again in one pass (found by loading 1M contacts again:
-- the bulk projection had not finished after 20 minutes; perf and gdb
-- showed it in this trigger). Counting only the organizations of the new
-- links, the planner knows nothing of the transition table and joined
-- 1.6M links to the 100,000 organizations of new_links in a nested loop,
-- iterating them for every link. Up to 16 organizations (one link made
-- in the interface, an import's batch) keep the keyed count, which reads
-- their links through the primary key.
CREATE OR REPLACE FUNCTION sb.contact_counts_links() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    orgs uuid[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
	DELETE FROM sb.organization_contact_counts;
	RETURN NULL;
    ELSIF TG_OP <> 'INSERT' THEN
	RAISE EXCEPTION 'contact_counts_links: %', TG_OP;
    END IF;
    SELECT array_agg(DISTINCT organization_id) INTO orgs FROM new_links;
    IF orgs IS NULL THEN
	RETURN NULL;
    END IF;
    IF cardinality(orgs) <= 16 THEN
	-- Counted on from the new links: counting every link of an
	-- organization again cost an import 1.3 s a batch of 1,000 at
	-- 100,000 links. A contact counts once, when no link of its
	-- outside the statement counted it already: when all its links
	-- there that count are new. (Looking for a link not among the new
	-- ones read the new links once for each: 45 ms a batch.)
	INSERT INTO sb.organization_contact_counts AS k
	SELECT x.organization_id, count(*)
	  FROM (SELECT n.organization_id, n.contact_id, count(*) AS fresh
		  FROM new_links n
		  JOIN sb.contacts c ON c.id = n.contact_id
		 WHERE n.deleted_at IS NULL AND n.starts_on IS NULL
		   AND n.ends_on IS NULL AND c.active AND c.deleted_at IS NULL
		 GROUP BY n.organization_id, n.contact_id) x
	 WHERE x.fresh = (SELECT count(*) FROM sb.organization_contacts o
		WHERE o.organization_id = x.organization_id
		  AND o.contact_id = x.contact_id
		  AND o.deleted_at IS NULL AND o.starts_on IS NULL
		  AND o.ends_on IS NULL)
	 GROUP BY x.organization_id
	ON CONFLICT (organization_id) DO UPDATE
	   SET contacts = k.contacts + EXCLUDED.contacts;
    ELSE
	DELETE FROM sb.organization_contact_counts;
	INSERT INTO sb.organization_contact_counts
	SELECT oc.organization_id, count(DISTINCT oc.contact_id)
	  FROM sb.organization_contacts oc
	  JOIN sb.contacts c ON c.id = oc.contact_id
	 WHERE oc.deleted_at IS NULL AND oc.starts_on IS NULL
	   AND oc.ends_on IS NULL AND c.active AND c.deleted_at IS NULL
	 GROUP BY oc.organization_id;
    END IF;
    RETURN NULL;
END
$$;

-- In PL/pgSQL, whose plans last the session: a SQL function with a
-- standard body plans its two statements again at every call.
CREATE OR REPLACE FUNCTION sb.contact_counts_refresh(orgs uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    DELETE FROM organization_contact_counts
     WHERE organization_id = ANY (orgs);
    INSERT INTO organization_contact_counts
    SELECT oc.organization_id, count(DISTINCT oc.contact_id)
      FROM organization_contacts oc
      JOIN contacts c ON c.id = oc.contact_id
     WHERE oc.organization_id = ANY (orgs)
       AND oc.deleted_at IS NULL AND oc.starts_on IS NULL
       AND oc.ends_on IS NULL AND c.active AND c.deleted_at IS NULL
     GROUP BY oc.organization_id;
END
$$;

-- After a row of links or contacts changed what a count counts.
CREATE OR REPLACE FUNCTION sb.contact_counts_row() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF TG_TABLE_NAME = 'contacts' THEN
	PERFORM sb.contact_counts_refresh(ARRAY(
	    SELECT DISTINCT organization_id FROM organization_contacts
	     WHERE contact_id = NEW.id));
    ELSIF TG_OP = 'UPDATE' THEN
	PERFORM sb.contact_counts_refresh(ARRAY[OLD.organization_id,
	    NEW.organization_id]);
    ELSE
	PERFORM sb.contact_counts_refresh(ARRAY[OLD.organization_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER contact_counts_contacts AFTER UPDATE ON sb.contacts FOR EACH ROW
    WHEN (((old.active IS DISTINCT FROM new.active) OR (old.deleted_at IS
    DISTINCT FROM new.deleted_at))) EXECUTE FUNCTION sb.contact_counts_row();

CREATE TRIGGER contact_counts_delete AFTER DELETE ON sb.organization_contacts
    FOR EACH ROW EXECUTE FUNCTION sb.contact_counts_row();

CREATE TRIGGER contact_counts_insert AFTER INSERT ON sb.organization_contacts
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION
    sb.contact_counts_links();

CREATE TRIGGER contact_counts_truncate AFTER TRUNCATE ON
    sb.organization_contacts FOR EACH STATEMENT EXECUTE FUNCTION
    sb.contact_counts_links();

CREATE TRIGGER contact_counts_update AFTER UPDATE ON sb.organization_contacts
    FOR EACH ROW WHEN ((((((old.organization_id IS DISTINCT FROM
    new.organization_id) OR (old.contact_id IS DISTINCT FROM new.contact_id)) OR
    (old.deleted_at IS DISTINCT FROM new.deleted_at)) OR (old.starts_on IS
    DISTINCT FROM new.starts_on)) OR (old.ends_on IS DISTINCT FROM
    new.ends_on))) EXECUTE FUNCTION sb.contact_counts_row();
