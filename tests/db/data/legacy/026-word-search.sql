-- Names matched by the start of their words first (found by bench/run at
-- 1M contacts, EXPLAIN (ANALYZE, BUFFERS) of each key typed):
--
-- The name branch matched a substring of the name through the trigram
-- index. A bitmap of a trigram index is built whole before the first row
-- is read: "lin" built one of 37,109 names (11 ms) to show 101, and a
-- text of common trigrams that matches no name rechecked every candidate:
-- "linda." (the start of an email address; no name holds a dot) rechecked
-- the 20,000 Lindas, 90-2,400 ms, and "linda.lin" as many.
--
-- The search now reads dots, underscores and runs of spaces as one space,
-- in the text and in a new stored key of the name (word_key), and asks
-- first for names that start with the text, in "first last" or in "last
-- first" order, on two "C" btrees: an index scan that stops at the page
-- size. Only when those leave room does the substring match (trigram
-- index on word_key) fill the page, then similar names as before. The
-- hits are those of before or a better choice of them: every name that
-- starts with the text also holds it; a page of more hits than fit shows
-- the names that start with what was typed.

-- The folded name with dots, underscores and runs of white space as one
-- space: what the search compares typed words with.
CREATE FUNCTION sb.contact_word_key(first_name text, last_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN btrim(regexp_replace(sb.contact_name_key(first_name, last_name),
	'[[:space:]._]+', ' ', 'g'));

ALTER TABLE sb.contacts ADD COLUMN word_key text
    GENERATED ALWAYS AS (sb.contact_word_key(first_name, last_name)) STORED;

DROP INDEX sb.contacts_name_trgm;
CREATE INDEX contacts_word_trgm
    ON sb.contacts USING gin (word_key sb.gin_trgm_ops);
CREATE INDEX contacts_word_first ON sb.contacts (word_key COLLATE "C", id);
CREATE INDEX contacts_word_last ON sb.contacts
    ((sb.contact_word_key(last_name, first_name)) COLLATE "C", id);

CREATE OR REPLACE FUNCTION sb.directory_search(q text, lim integer)
    RETURNS TABLE (contact_id uuid, what text, matched text, rank integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = sb, pg_temp SET plan_cache_mode = force_custom_plan
    ROWS 100 AS $$
DECLARE
    who name := session_user;
    f text := sb.fold(btrim(coalesce(q, '')));
    w text;
    esc text;
    wesc text;
    digits text := regexp_replace(coalesce(q, ''), '[^0-9]', '', 'g');
    sees_all boolean := sb.search_sees_all(session_user);
    ids uuid[];
    n bigint := 0;
    m bigint;
BEGIN
    IF sees_all IS NULL OR f = '' THEN
	RETURN;
    END IF;
    esc := replace(replace(replace(f, '\', '\\'), '%', '\%'), '_', '\_');
    w := ltrim(regexp_replace(f, '[[:space:]._]+', ' ', 'g'));
    wesc := replace(replace(w, '\', '\\'), '%', '\%');
    IF w <> '' THEN
	SELECT array_agg(p.id ORDER BY p.name_key, p.id) INTO ids
	  FROM ((SELECT c.id, c.name_key
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.word_key COLLATE "C" LIKE wesc || '%'
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.word_key COLLATE "C", c.id
	     LIMIT lim)
	    UNION
	    (SELECT c.id, c.name_key
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND contact_word_key(c.last_name, c.first_name) COLLATE "C"
		   LIKE wesc || '%'
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY contact_word_key(c.last_name, c.first_name) COLLATE "C",
		   c.id
	     LIMIT lim)) p;
	ids := coalesce(ids[1:lim], '{}');
	n := cardinality(ids);
	RETURN QUERY SELECT u.id, 'name'::text, ''::text, 0
	  FROM unnest(ids) AS u(id);
    END IF;
    IF n >= lim OR length(f) < 3 THEN
	RETURN;
    END IF;
    IF length(w) >= 3 THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.word_key LIKE '%' || wesc || '%'
	   AND c.id <> ALL (ids)
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
	SELECT hit.id, 'name'::text, ''::text, 0 FROM hit LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    esc := '%' || esc || '%';
    IF f !~ '[@0-9._]' THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.word_key OPERATOR(sb.%) w
	   AND NOT c.word_key LIKE '%' || wesc || '%'
	   AND c.id <> ALL (ids)
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
	AND a.search_key LIKE esc
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
