-- The directory search skips the email branches for a text with white
-- space, which no email address holds (emails_address_syntax). A phone
-- number typed in groups ("481 7", "481 71") went through both: the
-- trigrams of its digits found 156 addresses to recheck for none, 3 ms
-- in a warm session at 1M contacts and a first touch of every one of
-- those pages in a new one: in the benchmark's traces at 1M these two
-- keys took 10-17 ms, the other keys of the text 2-12 ms. The rest of
-- the function is unchanged.
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
    pesc text;
    one text;
    alike text;
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
    pesc := esc;
    w := ltrim(regexp_replace(f, '[[:space:]._]+', ' ', 'g'));
    wesc := replace(replace(w, '\', '\\'), '%', '\%');
    IF w <> '' THEN
	SELECT array_agg(p.id ORDER BY p.name_key COLLATE "C", p.id)
	  INTO ids
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
	       AND c.last_word_key COLLATE "C" LIKE wesc || '%'
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.last_word_key COLLATE "C", c.id
	     LIMIT lim)) p;
	ids := coalesce(ids[1:lim], '{}');
	n := cardinality(ids);
	RETURN QUERY SELECT u.id, 'name'::text, ''::text, 0
	  FROM unnest(ids) AS u(id);
    END IF;
    IF n >= lim OR length(f) < 3 THEN
	RETURN;
    END IF;
    IF length(w) >= 3 AND f !~ '[@0-9._]' THEN
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
    one := btrim(w);
    IF f !~ '[@0-9._]' AND strpos(one, ' ') = 0 THEN
	-- One word: the words of names like it, most alike first, then the
	-- names that start with such a word, first or last. Two words are
	-- alike from half their trigrams on ("hernandes" and "hernandez"
	-- share 8 of 12, "oliveira" and "olivia" 4 of 12): a whole name
	-- shares fewer with one word, hence the default 0.3 before.
	FOR alike IN SELECT nw.word FROM name_words nw
	     WHERE nw.word OPERATOR(sb.%) one
	       AND similarity(nw.word, one) >= 0.5
	     ORDER BY similarity(nw.word, one) DESC, nw.word LIMIT 10
	LOOP
	    RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.word_key COLLATE "C" >= alike
	       AND c.word_key COLLATE "C" < alike || '!'
	       AND (c.word_key = alike
		    OR c.word_key COLLATE "C" >= alike || ' ')
	       AND NOT c.word_key LIKE '%' || wesc || '%'
	       AND c.id <> ALL (ids)
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.word_key COLLATE "C", c.id
	     LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    EXIT WHEN n >= lim;
	    RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.last_word_key COLLATE "C" >= alike
	       AND c.last_word_key COLLATE "C" < alike || '!'
	       AND (c.last_word_key = alike
		    OR c.last_word_key COLLATE "C" >= alike || ' ')
	       AND NOT c.word_key LIKE '%' || wesc || '%'
	       AND c.id <> ALL (ids)
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.last_word_key COLLATE "C", c.id
	     LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    EXIT WHEN n >= lim;
	END LOOP;
	IF n >= lim THEN
	    RETURN;
	END IF;
    ELSIF f !~ '[@0-9._]' THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.word_key OPERATOR(sb.%) w
	   AND NOT c.word_key LIKE '%' || wesc || '%'
	   AND c.id <> ALL (ids)
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
	SELECT hit.id, 'similar'::text, ''::text, 0 FROM hit LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    -- Emails that start with the text (a btree range that stops at the
    -- page), then, for a text without "@", those that contain it. An
    -- address holds no white space (emails_address_syntax): a text with
    -- some, like a phone number typed in groups, matches none.
    IF f !~ '[[:space:]]' THEN
	RETURN QUERY SELECT e.contact_id, 'email'::text, e.address, 1
	  FROM emails e
	 WHERE lower(e.address) LIKE pesc || '%'
	   AND (sees_all OR e.contact_id IN (SELECT access_contact_ids(who)))
	 LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
	IF strpos(f, '@') = 0 THEN
	    RETURN QUERY WITH email AS MATERIALIZED (SELECT e.contact_id,
		e.address
	       FROM emails e
	      WHERE lower(e.address) LIKE esc
		AND NOT lower(e.address) LIKE pesc || '%'
		AND (sees_all
		     OR e.contact_id IN (SELECT access_contact_ids(who))))
	    SELECT email.contact_id, 'email'::text, email.address, 1
	      FROM email LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    IF n >= lim THEN
		RETURN;
	    END IF;
	END IF;
    END IF;
    IF length(digits) >= 5 THEN
	RETURN QUERY WITH phone AS MATERIALIZED (SELECT cp.contact_id,
	    p.number
	   FROM phones p
	   JOIN contact_phones cp ON cp.phone_id = p.id
	    AND cp.deleted_at IS NULL
	  WHERE p.deleted_at IS NULL
	    AND (substr(p.e164, 2) LIKE '%' || digits || '%'
		 OR regexp_replace(p.number, '[^0-9]', '', 'g')
		    LIKE '%' || digits || '%')
	    AND (sees_all OR (p.id IN (SELECT access_phone_ids(who))
		 AND cp.contact_id IN (SELECT access_contact_ids(who)))))
	SELECT phone.contact_id, 'phone'::text, phone.number, 2
	  FROM phone LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    RETURN QUERY WITH address AS MATERIALIZED (SELECT ca.contact_id,
	    concat_ws(', ', a.street1, a.city) AS matched
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND a.search_key LIKE esc
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who)))))
    SELECT address.contact_id, 'address'::text, address.matched, 3
      FROM address LIMIT lim - n;
END
$$;

