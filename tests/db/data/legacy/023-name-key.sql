-- The name key as a stored column (found by bench/run at 1M contacts):
--
-- Name search matched sb.contact_name_key(first_name, last_name), an
-- expression index over sb.fold, a SQL function the planner cannot
-- inline (IMMUTABLE over the STABLE unaccent). Every candidate a trigram
-- bitmap returns is rechecked, and every recheck, sort key and similarity
-- test ran the function again: the bitmap of a misspelled name holds tens
-- of thousands of candidates at 1M. The key is now a generated column,
-- written with the row by the projection, and the indexes and the search
-- compare the column.
--
-- The projection copies jsonb into rows with jsonb_populate_record, which
-- yields every column; a generated column takes no value, so inserts now
-- name the columns they write.

ALTER TABLE sb.contacts ADD COLUMN name_key text
    GENERATED ALWAYS AS (sb.contact_name_key(first_name, last_name)) STORED;

DROP INDEX sb.contacts_name_trgm;
DROP INDEX sb.contacts_name_fold;
CREATE INDEX contacts_name_trgm
    ON sb.contacts USING gin (name_key sb.gin_trgm_ops);
CREATE INDEX contacts_name_fold ON sb.contacts (name_key COLLATE "C", id);

-- The columns of tbl a row insert writes (not the generated ones).
CREATE FUNCTION sb.insert_columns(tbl regclass, prefix text DEFAULT '')
    RETURNS text
    LANGUAGE sql STABLE SET search_path = sb, pg_temp
    RETURN (SELECT string_agg(prefix || quote_ident(a.attname), ', '
	ORDER BY a.attnum)
      FROM pg_attribute a
     WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attgenerated = '');

CREATE OR REPLACE FUNCTION sb.apply_create(tbl regclass, rec jsonb)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO %1$s (%2$s) SELECT %2$s FROM '
	'jsonb_populate_record(NULL::%1$s, $1) ON CONFLICT DO NOTHING',
	tbl, sb.insert_columns(tbl)) USING rec;
END
$$;

CREATE OR REPLACE FUNCTION sb.bulk_entities(lo bigint, hi bigint,
    p_type text) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    tbl regclass := sb.stream_table(p_type);
BEGIN
    EXECUTE format('INSERT INTO %1$s (%2$s) SELECT %3$s FROM '
	'sb.bulk_events($1, $2, $3) e, jsonb_populate_record(NULL::%1$s, '
	'e.payload->''after'' || sb.apply_stamp(e)) r', tbl,
	sb.insert_columns(tbl), sb.insert_columns(tbl, 'r.'))
	USING lo, hi, p_type || '.created';
END
$$;

REVOKE EXECUTE ON FUNCTION sb.insert_columns(regclass, text)
    FROM PUBLIC, switchboard_user;

CREATE OR REPLACE FUNCTION sb.directory_search(q text, lim integer)
    RETURNS TABLE (contact_id uuid, what text, matched text, rank integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = sb, pg_temp SET plan_cache_mode = force_custom_plan
    ROWS 100 AS $$
DECLARE
    who name := session_user;
    f text := sb.fold(btrim(coalesce(q, '')));
    esc text;
    digits text := regexp_replace(coalesce(q, ''), '[^0-9]', '', 'g');
    sees_all boolean := sb.search_sees_all(session_user);
    n bigint;
    m bigint;
BEGIN
    IF sees_all IS NULL OR f = '' THEN
	RETURN;
    END IF;
    esc := replace(replace(replace(f, '\', '\\'), '%', '\%'), '_', '\_');
    IF length(f) < 3 THEN
	RETURN QUERY SELECT c.id, 'name'::text, ''::text, 0
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.name_key COLLATE "C"
	       LIKE esc || '%'
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	 ORDER BY c.name_key COLLATE "C",
	       c.id
	 LIMIT lim;
	RETURN;
    END IF;
    esc := '%' || esc || '%';
    RETURN QUERY SELECT c.id, 'name'::text, ''::text, 0
      FROM contacts c
     WHERE c.deleted_at IS NULL
       AND c.name_key LIKE esc
       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
     LIMIT lim;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n >= lim THEN
	RETURN;
    END IF;
    IF f !~ '[@0-9]' THEN
	RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.name_key OPERATOR(sb.%) f
	   AND NOT c.name_key LIKE esc
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	 LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	IF n + m >= lim THEN
	    RETURN;
	END IF;
    END IF;
    RETURN QUERY
    (SELECT e.contact_id, 'email'::text, e.address, 1
       FROM emails e
      WHERE CASE WHEN strpos(f, '@') > 0
	    THEN lower(e.address) LIKE substr(esc, 2)
	    ELSE lower(e.address) LIKE esc END
	AND (sees_all OR e.contact_id IN (SELECT access_contact_ids(who)))
      LIMIT lim)
    UNION ALL
    (SELECT cp.contact_id, 'phone'::text, p.number, 2
       FROM phones p
       JOIN contact_phones cp ON cp.phone_id = p.id
	AND cp.deleted_at IS NULL
      WHERE length(digits) >= 5 AND p.deleted_at IS NULL
	AND (substr(p.e164, 2) LIKE '%' || digits || '%'
	     OR regexp_replace(p.number, '[^0-9]', '', 'g')
		LIKE '%' || digits || '%')
	AND (sees_all OR (p.id IN (SELECT access_phone_ids(who))
	     AND cp.contact_id IN (SELECT access_contact_ids(who))))
      LIMIT lim)
    UNION ALL
    (SELECT ca.contact_id, 'address'::text,
	    concat_ws(', ', a.street1, a.city), 3
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND address_search_key(a.street1, a.street2, a.city, a.region,
	    a.postal_code) LIKE esc
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who))))
      LIMIT lim);
END
$$;
