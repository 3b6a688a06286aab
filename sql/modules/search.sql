-- The directory search, its name words, and finding a contact to link.

CREATE OR REPLACE FUNCTION sb.contact_add_existing(p_org uuid, p_role text,
    p_email text, p_phone text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    ids uuid[];
BEGIN
    PERFORM sb.check_text(254, p_role, p_email, p_phone);
    PERFORM sb.authorize('organization.contact', p_org);
    PERFORM sb.entity_get('organization', p_org);
    SELECT array_agg(f.contact_id) INTO ids
      FROM sb.contact_find_existing(p_email, p_phone, p_org) f;
    IF cardinality(ids) IS DISTINCT FROM 1 THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = 'no single contact has that email or phone';
    END IF;
    PERFORM sb.authorize('organization.contact', p_org, ids[1]);
    IF NOT EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = p_org AND contact_id = ids[1] AND role = p_role
	AND deleted_at IS NULL) THEN
	PERFORM sb.organization_contact_event(p_org, ids[1], p_role,
	    'linked', NULL, '{"starts_on": null, "ends_on": null}');
    END IF;
    RETURN ids[1];
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_add_existing(p_org uuid, p_role text,
    p_email text, p_phone text) TO switchboard_user;

-- Contacts named like p_text that the caller may link to p_org in p_role
-- (sb.access_links) and that are not linked there so yet.
CREATE OR REPLACE FUNCTION sb.contact_find_by_name(p_org uuid, p_role text,
    p_text text, lim integer DEFAULT 20) RETURNS TABLE(contact_id uuid,
    first_name text, last_name text, title text, owner_name text, email text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(200, p_role, p_text);
    RETURN QUERY
    SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),
	   coalesce(c.title, ''), coalesce(o.name, ''),
	   coalesce((SELECT m.address FROM sb.emails m
	     WHERE m.contact_id = c.id
	     ORDER BY m.is_primary DESC, m.address LIMIT 1), '')
      FROM sb.contacts c
      LEFT JOIN sb.organizations o ON o.id = c.owner_organization_id
     WHERE c.deleted_at IS NULL AND c.active
       AND length(btrim(coalesce(p_text, ''))) >= 2
       AND c.id IN (SELECT d.contact_id FROM sb.directory_search(p_text,
	   200) d WHERE d.what = 'name')
       AND NOT EXISTS (SELECT 1 FROM sb.organization_contacts l
	   WHERE l.organization_id = p_org AND l.contact_id = c.id
	     AND l.role = p_role AND l.deleted_at IS NULL)
       AND (sb.caller_is_root() OR sb.access_links(sb.caller(), p_org, c.id))
     ORDER BY c.last_name, c.first_name, c.id
     LIMIT lim;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_find_by_name(p_org uuid, p_role text,
    p_text text, lim integer) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_find_existing(p_email text, p_phone text,
    p_org uuid DEFAULT NULL::uuid) RETURNS TABLE(contact_id uuid, first_name
    text, last_name text, owner_name text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    who name := sb.caller();
    want_email text;
    want_e164 text;
    ids uuid[];
BEGIN
    PERFORM sb.check_text(254, p_email, p_phone);
    IF NOT sb.caller_is_root() AND NOT EXISTS (SELECT 1 FROM memberships
	WHERE role = who AND kind <> 'support') THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only admins may look for existing contacts';
    END IF;
    want_email := lower(btrim(p_email));
    want_e164 := sb.phone_normalize(p_phone);
    IF want_email !~ '^[^@[:space:]]+@[^@[:space:].]+(\.[^@[:space:].]+)+$'
    THEN
	want_email := NULL;
    END IF;
    -- From the email's and the phone's indexes to their contacts: as
    -- EXISTS ... OR EXISTS ... per contact it was a scan of every
    -- contact (and, by its cost, JIT-compiled at each call).
    SELECT coalesce(array_agg(DISTINCT c.id), '{}') INTO ids
      FROM contacts c
     WHERE c.deleted_at IS NULL AND c.active AND c.id IN (
	SELECT m.contact_id FROM emails m
	 WHERE lower(m.address) = want_email
	UNION ALL
	SELECT l.contact_id FROM contact_phones l JOIN phones p
	    ON p.id = l.phone_id
	 WHERE l.deleted_at IS NULL AND p.e164 = want_e164);
    RAISE LOG 'switchboard: % looked up existing contacts by email % '
	'phone % for organization %: found %', who, quote_nullable(p_email),
	quote_nullable(p_phone), p_org, ids;
    INSERT INTO contact_lookups (actor, organization_id, email, phone, found)
    VALUES (who, p_org, p_email, p_phone, ids);
    RETURN QUERY SELECT c.id, c.first_name, c.last_name, o.name
      FROM contacts c LEFT JOIN organizations o
	ON o.id = c.owner_organization_id
     WHERE c.id = ANY (ids) ORDER BY c.last_name, c.first_name, c.id;
END
$_$;

GRANT EXECUTE ON FUNCTION sb.contact_find_existing(p_email text, p_phone text,
    p_org uuid) TO switchboard_user;

-- The search: a text of at most 200 characters and at most 1,000 hits a
-- branch, checked first.
CREATE OR REPLACE FUNCTION sb.directory_search(q text, lim integer) RETURNS
    TABLE(contact_id uuid, what text, matched text, rank integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
    SET search_path TO 'sb', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
DECLARE
    who name := session_user;
    f text;
    w text;
    esc text;
    wesc text;
    pesc text;
    one text;
    alike text;
    digits text;
    phone_like boolean;
    sees_all boolean;
    ids uuid[];
    n bigint := 0;
    m bigint;
BEGIN
    PERFORM sb.check_text(200, q);
    IF lim IS NULL OR lim < 0 OR lim > 1000 THEN
	PERFORM sb.raise_invalid('at most 1000 hits a search');
    END IF;
    f := sb.fold(btrim(coalesce(q, '')));
    digits := regexp_replace(coalesce(q, ''), '[^0-9]', '', 'g');
    phone_like := btrim(coalesce(q, '')) ~ '^[0-9 ()+./-]+$';
    sees_all := sb.search_sees_all(session_user);
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
    -- some, like a phone number typed in groups, matches none; nor does
    -- a text of digits alone, which asks for a phone.
    IF f !~ '[[:space:]]' AND NOT phone_like THEN
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
    -- Phones: from 4 digits, the numbers that end with them or hold them
    -- as a group of their own ("the one ending 0230", "555 0130"); from
    -- 5, any that contain them. The trigram indexes find the candidates.
    IF length(digits) >= 4 THEN
	RETURN QUERY WITH phone AS MATERIALIZED (SELECT cp.contact_id,
	    p.number
	   FROM phones p
	   JOIN contact_phones cp ON cp.phone_id = p.id
	    AND cp.deleted_at IS NULL
	  WHERE p.deleted_at IS NULL
	    AND (substr(p.e164, 2) LIKE '%' || digits || '%'
		 OR regexp_replace(p.number, '[^0-9]', '', 'g')
		    LIKE '%' || digits || '%')
	    AND (length(digits) >= 5
		 OR p.e164 LIKE '%' || digits
		 OR digits = ANY (regexp_split_to_array(p.number,
		    '[^0-9]+')))
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
    IF phone_like THEN
	RETURN;
    END IF;
    -- Addresses by their text or their label ("Downtown office").
    RETURN QUERY WITH address AS MATERIALIZED (SELECT ca.contact_id,
	    concat_ws(', ', a.label, a.street1, a.city) AS matched
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND (a.search_key LIKE esc OR (a.label IS NOT NULL
	     AND sb.fold(a.label) LIKE esc))
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who)))))
    SELECT address.contact_id, 'address'::text, address.matched, 3
      FROM address LIMIT lim - n;
END
$$;

GRANT EXECUTE ON FUNCTION sb.directory_search(q text, lim integer) TO
    switchboard_user;

-- Words are added, never taken away: a word no name uses any more finds
-- no contact, which costs one index probe. Files the words of the word
-- keys given.
CREATE OR REPLACE FUNCTION sb.name_words_file(word_keys text[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
    INSERT INTO sb.name_words
    SELECT DISTINCT w FROM unnest(name_words_file.word_keys) AS k(key),
	unnest(string_to_array(k.key, ' ')) AS w
     WHERE w <> ''
    ON CONFLICT DO NOTHING;
END;

-- Files the words of new contacts and of contacts renamed; an import
-- batch files its own later (sb.import_names_deferred).
CREATE OR REPLACE FUNCTION sb.name_words_add() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
	PERFORM name_words_file(ARRAY[NEW.word_key]);
    ELSIF NOT import_names_deferred() THEN
	PERFORM name_words_file(array_agg(n.word_key)) FROM new_contacts n;
    END IF;
    RETURN NULL;
END
$$;

-- Whether who sees every row: superusers (no policy applies to them) and
-- the people sb.access_sees_all names; NULL for roles no policy admits.
CREATE OR REPLACE FUNCTION sb.search_sees_all(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN CASE WHEN (SELECT pg_roles.rolsuper FROM pg_roles WHERE
        (pg_roles.rolname = search_sees_all.who)) THEN true WHEN
        pg_has_role(who, 'switchboard_user'::name, 'MEMBER'::text) THEN
        sb.access_sees_all(who) ELSE NULL::boolean END;

CREATE TRIGGER name_words_insert AFTER INSERT ON sb.contacts REFERENCING NEW
    TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION
    sb.name_words_add();

CREATE TRIGGER name_words_update AFTER UPDATE ON sb.contacts FOR EACH ROW WHEN
    ((old.word_key IS DISTINCT FROM new.word_key)) EXECUTE FUNCTION
    sb.name_words_add();
