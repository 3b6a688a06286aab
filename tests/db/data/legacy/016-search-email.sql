-- The directory search at 1M contacts (found by bench/run):
--
-- A text with "@" is an address typed from its start: its many common
-- trigrams ("@wo", "exa", "ple", ...) made the trigram scan of 1.6M emails
-- take 100 ms; it is now a prefix on a text_pattern_ops btree. A text
-- with "@" or digits is no name: no similar names are looked for (185 ms
-- of rechecks for a full email). plan_cache_mode = force_custom_plan:
-- PL/pgSQL would switch to generic plans after five calls, and a LIKE
-- prefix uses an index only when its pattern is known at planning.

CREATE INDEX emails_address_prefix
    ON sb.emails (lower(address) text_pattern_ops);

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
BEGIN
    IF sees_all IS NULL OR f = '' THEN
	RETURN;
    END IF;
    esc := replace(replace(replace(f, '\', '\\'), '%', '\%'), '_', '\_');
    IF length(f) < 3 THEN
	RETURN QUERY SELECT c.id, 'name'::text, ''::text, 0
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND contact_name_key(c.first_name, c.last_name) COLLATE "C"
	       LIKE esc || '%'
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	 ORDER BY contact_name_key(c.first_name, c.last_name) COLLATE "C",
	       c.id
	 LIMIT lim;
	RETURN;
    END IF;
    esc := '%' || esc || '%';
    RETURN QUERY SELECT c.id, 'name'::text, ''::text, 0
      FROM contacts c
     WHERE c.deleted_at IS NULL
       AND contact_name_key(c.first_name, c.last_name) LIKE esc
       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
     LIMIT lim;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n < lim AND f !~ '[@0-9]' THEN
	RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND contact_name_key(c.first_name, c.last_name) OPERATOR(sb.%) f
	   AND NOT contact_name_key(c.first_name, c.last_name) LIKE esc
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	 LIMIT lim - n;
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
      WHERE length(digits) >= 3 AND p.deleted_at IS NULL
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
