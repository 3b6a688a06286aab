-- The directory search plans for all its matches (found by bench/run:
-- the slow keystrokes at 1M were texts that match few names):
--
-- Each branch ended in LIMIT. The planner prices a LIMIT as the share of
-- its input it expects to read, and guesses that a trigram LIKE or
-- similarity matches about 1% of the rows: with a LIMIT of 101 (the UI)
-- or 1 (the session warm-up) a sequential scan that stops at the first
-- hits looked cheapest. A text that matches no name, such as a full email
-- address, a phone number or a misspelled name, then read every contact:
-- 375 ms for the warm-up's "zqxj" at 100k against 1.6 ms through the
-- trigram index. Each branch now matches in a MATERIALIZED CTE, which is
-- planned for all its rows (the index), and the LIMIT outside it still
-- stops reading early.

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
    RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
      FROM contacts c
     WHERE c.deleted_at IS NULL
       AND c.name_key LIKE esc
       AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
    SELECT hit.id, 'name'::text, ''::text, 0 FROM hit LIMIT lim;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n >= lim THEN
	RETURN;
    END IF;
    IF f !~ '[@0-9]' THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.name_key OPERATOR(sb.%) f
	   AND NOT c.name_key LIKE esc
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
	SELECT hit.id, 'similar'::text, ''::text, 0 FROM hit LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	IF n + m >= lim THEN
	    RETURN;
	END IF;
    END IF;
    RETURN QUERY WITH email AS MATERIALIZED (SELECT e.contact_id, e.address
       FROM emails e
      WHERE CASE WHEN strpos(f, '@') > 0
	    THEN lower(e.address) LIKE substr(esc, 2)
	    ELSE lower(e.address) LIKE esc END
	AND (sees_all OR e.contact_id IN (SELECT access_contact_ids(who)))),
    phone AS MATERIALIZED (SELECT cp.contact_id, p.number
       FROM phones p
       JOIN contact_phones cp ON cp.phone_id = p.id
	AND cp.deleted_at IS NULL
      WHERE length(digits) >= 5 AND p.deleted_at IS NULL
	AND (substr(p.e164, 2) LIKE '%' || digits || '%'
	     OR regexp_replace(p.number, '[^0-9]', '', 'g')
		LIKE '%' || digits || '%')
	AND (sees_all OR (p.id IN (SELECT access_phone_ids(who))
	     AND cp.contact_id IN (SELECT access_contact_ids(who))))),
    address AS MATERIALIZED (SELECT ca.contact_id,
	    concat_ws(', ', a.street1, a.city) AS matched
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND address_search_key(a.street1, a.street2, a.city, a.region,
	    a.postal_code) LIKE esc
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who)))))
    (SELECT email.contact_id, 'email'::text, email.address, 1
       FROM email LIMIT lim)
    UNION ALL
    (SELECT phone.contact_id, 'phone'::text, phone.number, 2
       FROM phone LIMIT lim)
    UNION ALL
    (SELECT address.contact_id, 'address'::text, address.matched, 3
       FROM address LIMIT lim);
END
$$;
