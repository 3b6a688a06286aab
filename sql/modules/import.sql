-- Import: a record of a file as a contact of an organization, found again
-- by its source id, else by an exact email or phone, else created.

-- What a card adds to contact c: its emails, phones and addresses that c
-- lacks (an email by its address, a phone by its E.164 form, an address
-- by its parts), each marked primary only where c has no primary yet.
-- Returns how many were added.
CREATE OR REPLACE FUNCTION sb.contact_import_items(c uuid, card jsonb)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    n integer := 0;
    i record;
    a uuid;
BEGIN
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'emails',
	'[]')) AS x(address text, type text, pref boolean) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM emails m WHERE m.contact_id = c
	    AND lower(m.address) = lower(btrim(i.address)));
	PERFORM sb.contact_email_add(c, i.address, i.type, coalesce(i.pref,
	    false) AND NOT EXISTS (SELECT 1 FROM emails m
	    WHERE m.contact_id = c AND m.is_primary));
	n := n + 1;
    END LOOP;
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'phones',
	'[]')) AS x(number text, type text, extension text, e164 text,
	pref boolean) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM contact_phones l JOIN phones p
	    ON p.id = l.phone_id WHERE l.contact_id = c
	    AND l.deleted_at IS NULL AND p.deleted_at IS NULL
	    AND p.e164 = sb.phone_e164(i.number, i.e164)
	    AND p.extension IS NOT DISTINCT FROM
		sb.phone_extension(i.extension));
	PERFORM sb.contact_phone_add(c, i.number, i.type, i.extension, false,
	    i.e164, coalesce(i.pref, false) AND NOT EXISTS (SELECT 1
	    FROM contact_phones l WHERE l.contact_id = c
	    AND l.deleted_at IS NULL AND l.is_primary));
	n := n + 1;
    END LOOP;
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'addresses',
	'[]')) AS x(type text, country text, label text, street1 text,
	street2 text, city text, region text, postal_code text) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM contact_addresses l
	    JOIN addresses d ON d.id = l.address_id
	    WHERE l.contact_id = c AND l.deleted_at IS NULL
	    AND d.deleted_at IS NULL
	    AND d.country = upper(btrim(i.country))
	    AND d.street1 IS NOT DISTINCT FROM nullif(btrim(i.street1), '')
	    AND d.city IS NOT DISTINCT FROM nullif(btrim(i.city), '')
	    AND d.postal_code IS NOT DISTINCT FROM
		nullif(btrim(i.postal_code), ''));
	a := sb.address_create(i.type, i.country, i.label, i.street1,
	    i.street2, i.city, i.region, i.postal_code);
	PERFORM sb.contact_address_link(c, a);
	n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

-- The one contact an exact email of the card finds, else the one its
-- phone's E.164 form finds (as sb.contact_find_existing, which records
-- the lookup); ambiguous when the first email or phone that finds any
-- finds more than one.
CREATE OR REPLACE FUNCTION sb.contact_import_find(org uuid, card jsonb, OUT
    contact uuid, OUT ambiguous boolean)
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    q record;
    ids uuid[];
BEGIN
    ambiguous := false;
    FOR q IN SELECT x->>'address' AS email, NULL AS phone, 1 AS k, n
	FROM jsonb_array_elements(coalesce(card->'emails', '[]'))
	    WITH ORDINALITY AS t(x, n)
	UNION ALL
	SELECT NULL, sb.phone_e164(x->>'number', x->>'e164'), 2, n
	FROM jsonb_array_elements(coalesce(card->'phones', '[]'))
	    WITH ORDINALITY AS t(x, n)
	ORDER BY k, n LOOP
	SELECT array_agg(f.contact_id) INTO ids
	  FROM sb.contact_find_existing(q.email, q.phone, org) f;
	IF cardinality(ids) > 0 THEN
	    contact := ids[1];
	    ambiguous := cardinality(ids) > 1;
	    RETURN;
	END IF;
    END LOOP;
END
$$;

-- One record of an import file into org, linked in p_role: the contact
-- org imported before from p_system as p_source_id gets the card's names
-- and title and the items it lacks ("updated", or "unchanged"); else the
-- one contact an exact email or phone finds is linked ("linked", or
-- "unchanged" when it already was; "ambiguous" and nothing written when
-- several are found); else, when the names are close to those of a
-- contact the caller sees (sb.contact_close_names), as p_close says:
-- "ask" writes nothing and returns "close " and who it is close to,
-- "link" links the closest ("linked"), "create" goes on; else a new
-- contact owned by org ("created"). Authorized as the new-contact form:
-- an admin of org. Without JIT, as the batch: a record's queries are
-- small, and compiling them cost more than it saved.
CREATE OR REPLACE FUNCTION sb.contact_import(org uuid, p_role text, p_system
    text, p_source_id text, card jsonb, p_close text DEFAULT 'ask')
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    SET jit TO 'off'
    AS $$
DECLARE
    c uuid;
    v integer;
    hit record;
    close record;
    changed boolean;
BEGIN
    PERFORM sb.check_text(200, p_role, p_system, p_source_id, p_close);
    PERFORM sb.check_text(20000, card::text);
    PERFORM sb.check_text(100, card->>'first_name', card->>'last_name',
	card->>'title');
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.authorize('contact.create', org);
    PERFORM sb.entity_get('organization', org);
    IF nullif(btrim(p_system), '') IS NULL
	OR nullif(btrim(p_source_id), '') IS NULL THEN
	PERFORM sb.raise_invalid('an imported record needs its source and '
	    'its id there');
    ELSIF jsonb_typeof(card) IS DISTINCT FROM 'object' THEN
	PERFORM sb.raise_invalid('a record is a JSON object');
    ELSIF NOT EXISTS (SELECT 1 FROM contact_roles r WHERE r.code = p_role
	AND r.active) THEN
	PERFORM sb.raise_invalid(format('there is no role %s', p_role));
    ELSIF p_close IS NULL OR p_close NOT IN ('ask', 'link', 'create') THEN
	PERFORM sb.raise_invalid('a close name is asked about, linked or '
	    'created');
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('import ' || org::text),
	hashtext(p_system || ' ' || p_source_id));
    SELECT k.id, k.version INTO c, v FROM contacts k
     WHERE k.owner_organization_id = org AND k.source_system = p_system
       AND k.source_record_id = p_source_id AND k.deleted_at IS NULL;
    IF c IS NOT NULL THEN
	changed := sb.contact_update(c, NULL, jsonb_build_object(
	    'first_name', nullif(btrim(card->>'first_name'), ''),
	    'last_name', nullif(btrim(card->>'last_name'), ''),
	    'title', nullif(btrim(card->>'title'), ''))) <> v;
	changed := sb.organization_contact_link(org, c, p_role) OR changed;
	changed := sb.contact_import_items(c, card) > 0 OR changed;
	RETURN CASE WHEN changed THEN 'updated' ELSE 'unchanged' END;
    END IF;
    SELECT * INTO hit FROM sb.contact_import_find(org, card);
    IF hit.ambiguous THEN
	RETURN 'ambiguous';
    END IF;
    c := hit.contact;
    IF c IS NULL AND p_close <> 'create' THEN
	SELECT n.contact_id, n.name, n.organizations INTO close
	  FROM sb.contact_close_names(ARRAY[coalesce(card->>'first_name',
	      '')], ARRAY[coalesce(card->>'last_name', '')], org, 0.8, 1) n;
	IF close.contact_id IS NOT NULL AND p_close = 'ask' THEN
	    RETURN concat('close ', close.name, ' (', coalesce(
		close.organizations, 'at no organization you see'), ')');
	END IF;
	c := close.contact_id;
    END IF;
    -- Found by email or phone, or by a close name: linked here.
    IF c IS NOT NULL THEN
	IF EXISTS (SELECT 1 FROM organization_contacts WHERE
	    organization_id = org AND contact_id = c
	    AND role = p_role AND deleted_at IS NULL) THEN
	    RETURN 'unchanged';
	END IF;
	PERFORM sb.organization_contact_event(org, c, p_role,
	    'linked', NULL, '{"starts_on": null, "ends_on": null}');
	RETURN 'linked';
    END IF;
    c := sb.entity_create('contact', jsonb_build_object(
	'first_name', nullif(btrim(card->>'first_name'), ''),
	'last_name', nullif(btrim(card->>'last_name'), ''),
	'title', nullif(btrim(card->>'title'), ''),
	'preferred_contact_method', NULL, 'do_not_contact', false,
	'active', true, 'owner_organization_id', org,
	'source_system', p_system, 'source_record_id', p_source_id));
    PERFORM sb.organization_contact_link(org, c, p_role);
    PERFORM sb.contact_import_items(c, card);
    RETURN 'created';
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_import(org uuid, p_role text, p_system
    text, p_source_id text, card jsonb, p_close text) TO switchboard_user;

-- A batch of an import file's records into org as sb.contact_import
-- would take them one by one, written set-based: records is a JSON
-- array of {"source_id", "role", "card"} (role defaults to p_role), and
-- the result one row for each record, n counting from 1, with the
-- outcome sb.contact_import would give. Writes the same events (each
-- stream's in the same order) and projects them in the same statement
-- set, the change feed woken once. Returns no rows and writes nothing
-- when a record needs the one-by-one path: a contact imported before
-- that the card changes, or records of the batch that would find, link
-- or come close to what another of them writes. A record with a bad
-- value raises here; the caller then imports the batch record by record,
-- which refuses that record with its own reason.
--
-- The batch's new contacts and their items are written before it takes
-- the organization's stream, so that the caller may send the next batch
-- on a second connection while this one's transaction is open: p_after
-- names the transaction-level advisory lock (a bigint) the caller's
-- previous batch holds, and this one links its records only once that
-- batch has ended. Raises 40001 (try the batch again) when a contact
-- that a transaction committed since this batch began to look changes
-- what the batch found (sb.import_batch_recheck).
CREATE OR REPLACE FUNCTION sb.contact_import_batch(org uuid, p_role text,
    p_system text, p_close text, records jsonb, p_after bigint DEFAULT NULL)
    RETURNS TABLE(n integer, outcome text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    SET jit TO 'off'
    AS $$
DECLARE
    who name := sb.caller();
    -- Every read of the batch sees at least what committed before this.
    snap pg_snapshot := pg_current_snapshot();
    timeout text;
BEGIN
    PERFORM sb.check_text(200, p_role, p_system, p_close);
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.authorize('contact.create', org);
    PERFORM sb.authorize('organization.contact', org);
    PERFORM sb.entity_get('organization', org);
    IF nullif(btrim(p_system), '') IS NULL THEN
	PERFORM sb.raise_invalid('an imported record needs its source and '
	    'its id there');
    ELSIF p_close IS NULL OR p_close NOT IN ('ask', 'link', 'create') THEN
	PERFORM sb.raise_invalid('a close name is asked about, linked or '
	    'created');
    ELSIF jsonb_typeof(records) IS DISTINCT FROM 'array'
	OR jsonb_array_length(records) > 5000 THEN
	PERFORM sb.raise_invalid('a batch is an array of at most 5,000 '
	    'records');
    ELSIF NOT sb.caller_is_root() AND NOT EXISTS (SELECT 1 FROM memberships
	WHERE role = who AND kind <> 'support') THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only admins may look for existing contacts';
    END IF;
    PERFORM sb.import_batch_read(org, p_role, p_system, records);
    IF NOT sb.import_batch_match(org, p_system, p_close) THEN
	RETURN;
    END IF;
    PERFORM sb.import_batch_write(org, p_system);
    IF p_after IS NOT NULL THEN
	-- As long as the previous batch takes: the statement's own
	-- timeout still bounds the wait.
	timeout := current_setting('lock_timeout');
	PERFORM set_config('lock_timeout', '0', true);
	PERFORM pg_advisory_xact_lock_shared(p_after);
	PERFORM set_config('lock_timeout', timeout, true);
    END IF;
    PERFORM sb.import_batch_link(org, p_system, p_close, snap);
    RETURN QUERY SELECT b.n, b.outcome FROM pg_temp.import_batch b
	ORDER BY b.n;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_import_batch(org uuid, p_role text,
    p_system text, p_close text, records jsonb, p_after bigint) TO
    switchboard_user;

-- The batch's records and items into temporary tables (dropped at
-- commit), checked as the one-by-one path checks them: SB004 for the
-- first bad value of any record. Takes each record's lock.
CREATE OR REPLACE FUNCTION sb.import_batch_read(org uuid, p_role text,
    p_system text, records jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    t text;
BEGIN
    -- A batch before this one in the same transaction left its own.
    FOREACH t IN ARRAY ARRAY['import_batch', 'import_emails',
	'import_phones', 'import_addrs', 'import_lookups', 'import_events']
    LOOP
	IF to_regclass('pg_temp.' || t) IS NOT NULL THEN
	    EXECUTE format('DROP TABLE pg_temp.%I', t);
	END IF;
    END LOOP;
    CREATE TEMP TABLE import_batch ON COMMIT DROP AS
    SELECT r.n::integer AS n, r.x->>'source_id' AS sid,
	   coalesce(r.x->>'role', p_role) AS role, r.x->'card' AS card,
	   NULL::text AS kind, NULL::uuid AS contact, NULL::text AS outcome
      FROM jsonb_array_elements(records) WITH ORDINALITY AS r(x, n);
    IF EXISTS (SELECT 1 FROM import_batch b
	WHERE char_length(b.role) > 200 OR char_length(b.sid) > 200
	   OR char_length(b.card::text) > 20000
	   OR char_length(b.card->>'first_name') > 100
	   OR char_length(b.card->>'last_name') > 100
	   OR char_length(b.card->>'title') > 100
	   OR nullif(btrim(b.sid), '') IS NULL
	   OR jsonb_typeof(b.card) IS DISTINCT FROM 'object'
	   OR NOT EXISTS (SELECT 1 FROM contact_roles r
	       WHERE r.code = b.role AND r.active)) THEN
	PERFORM sb.raise_invalid('a record of the batch is refused');
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('import ' || org::text),
	hashtext(p_system || ' ' || b.sid)) FROM import_batch b ORDER BY b.n;
    -- Each item with the key the one-by-one path compares it by; the
    -- functions that store a value raise for a bad one here.
    CREATE TEMP TABLE import_emails ON COMMIT DROP AS
    SELECT b.n, e.j::integer AS j, e.x->>'address' AS raw,
	   e.x->>'type' AS type, coalesce((e.x->>'pref')::boolean, false)
	   AS pref, lower(btrim(e.x->>'address')) AS key,
	   sb.email_check(btrim(e.x->>'address')) AS address
      FROM import_batch b, jsonb_array_elements(coalesce(b.card->'emails',
	   '[]')) WITH ORDINALITY AS e(x, j);
    CREATE TEMP TABLE import_phones ON COMMIT DROP AS
    SELECT b.n, p.j::integer AS j, p.x->>'number' AS number,
	   p.x->>'type' AS type, coalesce((p.x->>'pref')::boolean, false)
	   AS pref, sb.phone_e164(p.x->>'number', p.x->>'e164') AS e164,
	   sb.phone_extension(p.x->>'extension') AS ext,
	   p.x->>'extension' AS raw_ext, p.x->>'e164' AS raw_e164
      FROM import_batch b, jsonb_array_elements(coalesce(b.card->'phones',
	   '[]')) WITH ORDINALITY AS p(x, j);
    CREATE TEMP TABLE import_addrs ON COMMIT DROP AS
    SELECT b.n, a.j::integer AS j, a.x->>'type' AS type,
	   a.x->>'country' AS country, a.x->>'label' AS label,
	   a.x->>'street1' AS street1, a.x->>'street2' AS street2,
	   a.x->>'city' AS city, a.x->>'region' AS region,
	   a.x->>'postal_code' AS postal_code
      FROM import_batch b,
	   jsonb_array_elements(coalesce(b.card->'addresses', '[]'))
	   WITH ORDINALITY AS a(x, j);
    IF EXISTS (SELECT 1 FROM import_emails e
	WHERE char_length(e.raw) > 254 OR char_length(e.type) > 254)
	OR EXISTS (SELECT 1 FROM import_phones p
	WHERE char_length(p.number) > 100 OR char_length(p.type) > 100
	   OR char_length(p.raw_ext) > 100 OR char_length(p.raw_e164) > 100)
	OR EXISTS (SELECT 1 FROM import_addrs a
	WHERE greatest(char_length(a.type), char_length(a.country),
	    char_length(a.label), char_length(a.street1),
	    char_length(a.street2), char_length(a.city),
	    char_length(a.region), char_length(a.postal_code)) > 200) THEN
	PERFORM sb.raise_invalid('an item of the batch is refused');
    END IF;
END
$$;

-- What each record of the batch comes to against what was there before
-- it, in sb.contact_import's order (its source id, else an exact email or
-- phone, else a close name): its outcome and the contact it finds. False
-- when a record needs the one-by-one path (see sb.contact_import_batch).
CREATE OR REPLACE FUNCTION sb.import_batch_match(org uuid, p_system text,
    p_close text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
BEGIN
    -- Records that would find what another record of the batch writes.
    IF EXISTS (SELECT 1 FROM import_batch GROUP BY sid HAVING count(*) > 1)
	OR EXISTS (SELECT 1 FROM import_emails GROUP BY key
	    HAVING count(DISTINCT n) > 1)
	OR EXISTS (SELECT 1 FROM import_phones GROUP BY e164
	    HAVING count(DISTINCT n) > 1) THEN
	RETURN false;
    END IF;
    -- Record by record through contacts_source: org may own them all.
    UPDATE import_batch b SET kind = 'source', contact = k.id
      FROM (SELECT x.n, (SELECT c.id FROM contacts c
		WHERE c.owner_organization_id = org
		  AND c.source_system = p_system
		  AND c.source_record_id = x.sid AND c.deleted_at IS NULL
		LIMIT 1) AS id
	      FROM import_batch x) k
     WHERE k.n = b.n AND k.id IS NOT NULL;
    IF NOT sb.import_batch_unchanged(org) THEN
	RETURN false;
    END IF;
    PERFORM sb.import_batch_lookup();
    IF p_close <> 'create' THEN
	PERFORM sb.import_batch_close(org, p_close);
    END IF;
    UPDATE import_batch SET kind = 'new', outcome = 'created',
	contact = gen_random_uuid() WHERE kind IS NULL;
    UPDATE import_batch b SET outcome = CASE WHEN EXISTS (SELECT 1
	FROM organization_contacts l WHERE l.organization_id = org
	 AND l.contact_id = b.contact AND l.role = b.role
	 AND l.deleted_at IS NULL) THEN 'unchanged' ELSE 'linked' END
     WHERE b.kind IN ('found', 'near');
    -- Two records on one contact: the second sees what the first wrote.
    IF EXISTS (SELECT 1 FROM import_batch WHERE contact IS NOT NULL
	GROUP BY contact HAVING count(*) > 1) THEN
	RETURN false;
    END IF;
    RETURN p_close = 'create' OR sb.import_batch_near(org, p_close);
END
$_$;

-- The batch's close names among themselves: a record asks about a name
-- close to one that a record before it writes, as record by record it
-- would find that contact. Each record's name, folded, as what it writes
-- (w: created, or the contact it links) and as what it asks about (k);
-- pairs found as sb.contact_close_names finds them (sb.name_pair_near),
-- by a name variant or a first name in common, then scored as a contact
-- at org (sb.duplicate_name_score). Comparing every pair by trigrams
-- alone took 2.7 s a batch of 1,000; the planner, which cannot count the
-- pairs, would compile them (JIT) for 2.3 s, so it does not.
--
-- Asking (p_close "ask"), a record close to a contact an earlier record
-- creates is left out, in order, naming that contact as
-- sb.contact_close_names would. False, for the one-by-one path, when a
-- pair would be linked, or its answer depends on a score that path
-- compares with another: the record was asked about a contact there
-- before, the nearest is a contact found and linked, or two are
-- nearest. Before, any such pair sent its batch of 1,000 down that path,
-- 14 s instead of 0.6.
CREATE OR REPLACE FUNCTION sb.import_batch_near(org uuid, p_close text)
    RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    SET jit TO 'off'
    AS $_$
DECLARE
    r record;
    m record;
BEGIN
    CREATE TEMP TABLE import_batch_names ON COMMIT DROP AS
    SELECT v.*, coalesce(sb.fold(btrim(v.wf)), '') AS fw,
	   coalesce(sb.fold(btrim(v.wl)), '') AS lw,
	   coalesce(sb.fold(btrim(v.kf)), '') AS fk,
	   coalesce(sb.fold(btrim(v.kl)), '') AS lk
      FROM (SELECT b.n, b.outcome IN ('created', 'linked') AS writes,
		   CASE WHEN b.kind = 'new'
		   THEN nullif(btrim(b.card->>'first_name'), '')
		   ELSE c.first_name END AS wf,
		   CASE WHEN b.kind = 'new'
		   THEN nullif(btrim(b.card->>'last_name'), '')
		   ELSE c.last_name END AS wl,
		   b.kind IN ('new', 'close', 'near') AS asks,
		   coalesce(b.card->>'first_name', '') AS kf,
		   coalesce(b.card->>'last_name', '') AS kl
	      FROM import_batch b
	      -- One contact at a time: joined whole, the planner, which
	      -- cannot count the batch, read every contact (87 ms a batch).
	      LEFT JOIN LATERAL (SELECT k.first_name, k.last_name
		  FROM contacts k WHERE k.id = b.contact AND b.kind <> 'new'
		  OFFSET 0) AS c ON true) AS v;
    ANALYZE import_batch_names;
    CREATE TEMP TABLE import_batch_pairs ON COMMIT DROP AS
    SELECT p.w AS a, p.k AS b, p.score
      FROM sb.import_batch_name_pairs(NULL) AS p;
    IF NOT EXISTS (SELECT 1 FROM import_batch_pairs) THEN
	RETURN true;
    ELSIF p_close <> 'ask' THEN
	RETURN false;
    END IF;
    FOR r IN SELECT p.b FROM import_batch_pairs p GROUP BY p.b ORDER BY p.b
    LOOP
	-- The nearest of the records before it that still write.
	SELECT q.tied, a.kind, a.role, w.wf, w.wl, b.kind AS asks INTO m
	  FROM (SELECT p.a, p.score, count(*) OVER (PARTITION BY p.score)
		       AS tied
		  FROM import_batch_pairs p JOIN import_batch x ON x.n = p.a
		 WHERE p.b = r.b AND x.outcome IN ('created', 'linked')) AS q
	  JOIN import_batch a ON a.n = q.a
	  JOIN import_batch_names w ON w.n = q.a
	  JOIN import_batch b ON b.n = r.b
	 ORDER BY q.score DESC LIMIT 1;
	CONTINUE WHEN NOT FOUND;
	IF m.asks <> 'new' OR m.kind <> 'new' OR m.tied > 1 THEN
	    RETURN false;
	END IF;
	UPDATE import_batch b SET kind = 'close', contact = NULL,
	    outcome = concat('close ', concat_ws(' ', m.wf, m.wl), ' (',
		coalesce((SELECT o.name || ' (' || m.role || ')'
		    FROM organizations o WHERE o.id = org AND o.active),
		    'at no organization you see'), ')')
	 WHERE b.n = r.b;
    END LOOP;
    RETURN true;
END
$_$;

-- The close pairs of import_batch_names (see sb.import_batch_near): w, a
-- name written, before k, a name asked about, with the score k's record
-- would give w's contact at the organization; only the names written
-- numbered below "below" unless it is NULL.
CREATE OR REPLACE FUNCTION sb.import_batch_name_pairs(below integer)
    RETURNS TABLE(w integer, k integer, score numeric)
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    SET jit TO 'off'
    AS $_$
BEGIN
    RETURN QUERY
    WITH a AS (
	SELECT n.n, v.variant FROM import_batch_names n,
	       unnest(sb.name_variants(n.fw) || sb.name_variants(n.lw))
	       AS v(variant)
	 WHERE n.writes AND (below IS NULL OR n.n < below)
    ), b AS (
	SELECT n.n, v.variant FROM import_batch_names n,
	       unnest(sb.name_variants(n.lk)) AS v(variant)
	 WHERE n.asks
    ), pairs AS MATERIALIZED (
	SELECT p.a, p.b, a.fw, a.lw, b.fk, b.lk
	  FROM (SELECT a.n AS a, b.n AS b FROM a JOIN b
		    ON b.variant = a.variant
		 WHERE b.n > a.n
		UNION
		SELECT a.n, b.n FROM import_batch_names a
		  JOIN import_batch_names b ON b.fk = a.fw AND b.n > a.n
		 WHERE a.writes AND b.asks AND (below IS NULL OR a.n < below)
		UNION
		SELECT a.n, b.n FROM import_batch_names a
		  JOIN import_batch_names b ON b.fk = a.lw AND b.n > a.n
		 WHERE a.writes AND b.asks AND (below IS NULL OR a.n < below))
	       AS p
	  JOIN import_batch_names a ON a.n = p.a
	  JOIN import_batch_names b ON b.n = p.b
    )
    SELECT p.a, p.b, s.score
      FROM pairs p
     CROSS JOIN LATERAL sb.duplicate_name_score(p.fk, p.lk,
	   sb.duplicate_given(p.fk), p.fw, p.lw, sb.duplicate_given(p.fw),
	   true) AS s
     WHERE sb.name_pair_near(p.fk, p.lk, p.fw, p.lw) AND s.score >= 0.8;
END
$_$;

-- The batch's records found by their source id: "unchanged" when the
-- card changes nothing (names and title, the link in its role, every
-- item there); false when any record would change its contact, or when
-- the caller might not be let change it or its link to org (what
-- sb.authorize checks for the one-by-one path, which then says why).
-- These contacts are org's own: an admin of org may change them and
-- their links there if they see them (sb.access_contact_block,
-- sb.access_links), which is asked once for the batch.
CREATE OR REPLACE FUNCTION sb.import_batch_unchanged(org uuid) RETURNS
    boolean
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    who name := sb.caller();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM import_batch WHERE kind = 'source')
	OR sb.caller_is_root() OR sb.access_is_super(who) THEN
	NULL;
    ELSIF NOT coalesce(sb.access_admins(who, org), false) THEN
	RETURN false;
    ELSIF NOT sb.access_sees_all(who) AND EXISTS (
	WITH seen AS MATERIALIZED (SELECT s.id
	    FROM sb.access_contact_ids(who) AS s(id))
	SELECT 1 FROM import_batch b WHERE b.kind = 'source'
	   AND NOT EXISTS (SELECT 1 FROM seen WHERE seen.id = b.contact)) THEN
	RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM import_batch b JOIN contacts k
	ON k.id = b.contact WHERE b.kind = 'source' AND (
	k.first_name IS DISTINCT FROM nullif(btrim(b.card->>'first_name'), '')
	OR k.last_name IS DISTINCT FROM nullif(btrim(b.card->>'last_name'), '')
	OR k.title IS DISTINCT FROM nullif(btrim(b.card->>'title'), '')
	OR NOT EXISTS (SELECT 1 FROM organization_contacts l
	    WHERE l.organization_id = org AND l.contact_id = b.contact
	      AND l.role = b.role AND l.deleted_at IS NULL)))
	OR EXISTS (SELECT 1 FROM import_batch b JOIN import_emails e
	    ON e.n = b.n WHERE b.kind = 'source' AND NOT EXISTS (SELECT 1
	    FROM emails m WHERE m.contact_id = b.contact
	     AND lower(m.address) = lower(btrim(e.raw))))
	OR EXISTS (SELECT 1 FROM import_batch b JOIN import_phones p
	    ON p.n = b.n WHERE b.kind = 'source' AND NOT EXISTS (SELECT 1
	    FROM contact_phones l JOIN phones q ON q.id = l.phone_id
	    WHERE l.contact_id = b.contact AND l.deleted_at IS NULL
	      AND q.deleted_at IS NULL AND q.e164 = p.e164
	      AND q.extension IS NOT DISTINCT FROM p.ext))
	OR EXISTS (SELECT 1 FROM import_batch b JOIN import_addrs a
	    ON a.n = b.n WHERE b.kind = 'source' AND NOT EXISTS (SELECT 1
	    FROM contact_addresses l JOIN addresses d ON d.id = l.address_id
	    WHERE l.contact_id = b.contact AND l.deleted_at IS NULL
	      AND d.deleted_at IS NULL
	      AND d.country = upper(btrim(a.country))
	      AND d.street1 IS NOT DISTINCT FROM nullif(btrim(a.street1), '')
	      AND d.city IS NOT DISTINCT FROM nullif(btrim(a.city), '')
	      AND d.postal_code IS NOT DISTINCT FROM
		  nullif(btrim(a.postal_code), ''))) THEN
	RETURN false;
    END IF;
    UPDATE import_batch SET outcome = 'unchanged' WHERE kind = 'source';
    RETURN true;
END
$$;

-- The lookups sb.contact_find_existing would make for the batch's
-- records not found by source id (each email, then each phone, until one
-- finds a contact), with what each finds; the record's contact is the
-- first a lookup finds (by name, as that function lists them), and it
-- is "ambiguous" when that lookup finds several.
CREATE OR REPLACE FUNCTION sb.import_batch_lookup() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
BEGIN
    CREATE TEMP TABLE import_lookups ON COMMIT DROP AS
    SELECT q.n, q.k, q.j, q.email, q.phone, f.found, f.first
      FROM (SELECT e.n, 1 AS k, e.j, e.raw AS email, NULL::text AS phone,
		   CASE WHEN lower(btrim(e.raw)) ~ '^[^@[:space:]]+@'
		       '[^@[:space:].]+(\.[^@[:space:].]+)+$'
		   THEN lower(btrim(e.raw)) END AS want_email,
		   NULL::text AS want_e164
	      FROM import_emails e JOIN import_batch b ON b.n = e.n
	     WHERE b.kind IS NULL
	    UNION ALL
	    SELECT p.n, 2, p.j, NULL, p.e164, NULL,
		   sb.phone_normalize(p.e164)
	      FROM import_phones p JOIN import_batch b ON b.n = p.n
	     WHERE b.kind IS NULL) q
     CROSS JOIN LATERAL (
	SELECT coalesce(array_agg(DISTINCT c.id), '{}') AS found,
	       (array_agg(c.id ORDER BY c.last_name, c.first_name,
		   c.id))[1] AS first
	  FROM contacts c
	 WHERE c.deleted_at IS NULL AND c.active AND c.id IN (
	    SELECT m.contact_id FROM emails m
	     WHERE lower(m.address) = q.want_email
	    UNION ALL
	    SELECT l.contact_id FROM contact_phones l JOIN phones p
		ON p.id = l.phone_id
	     WHERE l.deleted_at IS NULL AND p.e164 = q.want_e164)) f;
    -- Only the lookups up to the first that finds anything are made.
    DELETE FROM import_lookups l USING (SELECT DISTINCT ON (h.n) h.n, h.k,
	h.j FROM import_lookups h WHERE cardinality(h.found) > 0
	ORDER BY h.n, h.k, h.j) h
     WHERE l.n = h.n AND (l.k, l.j) > (h.k, h.j);
    UPDATE import_batch b SET contact = h.first, kind = CASE
	WHEN cardinality(h.found) > 1 THEN 'ambiguous' ELSE 'found' END,
	outcome = CASE WHEN cardinality(h.found) > 1 THEN 'ambiguous' END
      FROM import_lookups h
     WHERE h.n = b.n AND cardinality(h.found) > 0;
END
$_$;

-- The batch's records left (neither source id nor email nor phone finds
-- them) against the names close to theirs, as sb.contact_close_names
-- tells them: "ask" leaves a record out ("close NAME (ORGANIZATIONS)"),
-- "link" links the closest contact.
CREATE OR REPLACE FUNCTION sb.import_batch_close(org uuid, p_close text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    ns integer[];
    firsts text[];
    lasts text[];
BEGIN
    SELECT array_agg(b.n ORDER BY b.n),
	   array_agg(coalesce(b.card->>'first_name', '') ORDER BY b.n),
	   array_agg(coalesce(b.card->>'last_name', '') ORDER BY b.n)
      INTO ns, firsts, lasts
      FROM import_batch b WHERE b.kind IS NULL;
    IF ns IS NULL THEN
	RETURN;
    END IF;
    UPDATE import_batch b SET kind = CASE p_close WHEN 'ask' THEN 'close'
	ELSE 'near' END, contact = CASE p_close WHEN 'link'
	THEN c.contact_id END, outcome = CASE p_close WHEN 'ask'
	THEN concat('close ', c.name, ' (', coalesce(c.organizations,
	    'at no organization you see'), ')') END
      FROM sb.contact_close_names(firsts, lasts, org, 0.8, 1) c
     WHERE b.n = ns[c.i];
END
$$;

-- The batch's events, in the order and with the payloads the one-by-one
-- path appends them (a new contact: created, linked, then its emails,
-- phones and addresses, each kept only the first time the card gives
-- it), each stream's versions counted from 1.
CREATE OR REPLACE FUNCTION sb.import_batch_events(org uuid, p_system text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    CREATE TEMP TABLE import_events ON COMMIT DROP AS
    WITH b AS (SELECT * FROM import_batch WHERE kind = 'new'),
    em AS (SELECT DISTINCT ON (e.n, e.key) e.* FROM import_emails e
	JOIN b ON b.n = e.n ORDER BY e.n, e.key, e.j),
    ph AS (SELECT DISTINCT ON (p.n, p.e164, p.ext, CASE WHEN p.e164 IS NULL
	THEN p.j END) p.*, gen_random_uuid() AS id FROM import_phones p
	JOIN b ON b.n = p.n ORDER BY p.n, p.e164, p.ext, CASE WHEN p.e164
	IS NULL THEN p.j END, p.j),
    ad AS (SELECT DISTINCT ON (a.n, upper(btrim(a.country)),
	nullif(btrim(a.street1), ''), nullif(btrim(a.city), ''),
	nullif(btrim(a.postal_code), ''), CASE WHEN a.country IS NULL
	THEN a.j END) a.*, gen_random_uuid() AS id FROM import_addrs a
	JOIN b ON b.n = a.n ORDER BY a.n, upper(btrim(a.country)),
	nullif(btrim(a.street1), ''), nullif(btrim(a.city), ''),
	nullif(btrim(a.postal_code), ''), CASE WHEN a.country IS NULL
	THEN a.j END, a.j),
    -- The first kept item a card prefers is the contact's primary.
    em1 AS (SELECT DISTINCT ON (n) n, j FROM em WHERE pref ORDER BY n, j),
    ph1 AS (SELECT DISTINCT ON (n) n, j FROM ph WHERE pref ORDER BY n, j),
    ev(n, s, stream_type, stream_id, event_type, payload) AS (
	SELECT b.n, 0, 'contact', b.contact, 'contact.created',
	       jsonb_build_object('after', jsonb_build_object(
	       'first_name', nullif(btrim(b.card->>'first_name'), ''),
	       'last_name', nullif(btrim(b.card->>'last_name'), ''),
	       'title', nullif(btrim(b.card->>'title'), ''),
	       'preferred_contact_method', NULL, 'do_not_contact', false,
	       'active', true, 'owner_organization_id', org,
	       'source_system', p_system, 'source_record_id', b.sid))
	  FROM b
	UNION ALL
	SELECT x.n, 1, 'organization', org, 'organization.contact.linked',
	       jsonb_build_object('contact_id', x.contact, 'role', x.role,
	       'after', '{"starts_on": null, "ends_on": null}'::jsonb)
	  FROM import_batch x WHERE x.outcome IN ('created', 'linked')
	UNION ALL
	SELECT em.n, 1000000 + em.j * 10, 'contact', b.contact,
	       'contact.email.added', jsonb_build_object('email_id',
	       gen_random_uuid(), 'before', NULL, 'after',
	       jsonb_build_object('address', em.address,
	       'type', em.type, 'is_primary', em1.n IS NOT NULL))
	  FROM em JOIN b ON b.n = em.n
	  LEFT JOIN em1 ON em1.n = em.n AND em1.j = em.j
	UNION ALL
	SELECT ph.n, 2000000 + ph.j * 10, 'phone', ph.id, 'phone.created',
	       jsonb_build_object('after', jsonb_build_object('number',
	       btrim(ph.number), 'e164', ph.e164, 'extension', ph.ext,
	       'type', ph.type, 'sms_capable', false))
	  FROM ph
	UNION ALL
	SELECT ph.n, 2000000 + ph.j * 10 + 1, 'contact', b.contact,
	       'contact.phone.added', jsonb_build_object('phone_id', ph.id)
	  FROM ph JOIN b ON b.n = ph.n
	UNION ALL
	SELECT ph.n, 2000000 + ph.j * 10 + 2, 'contact', b.contact,
	       'contact.phone.primary_set', jsonb_build_object('phone_id',
	       ph.id, 'before', '{"is_primary": false}'::jsonb, 'after',
	       '{"is_primary": true}'::jsonb)
	  FROM ph JOIN b ON b.n = ph.n JOIN ph1 ON ph1.n = ph.n
	   AND ph1.j = ph.j
	UNION ALL
	SELECT ad.n, 3000000 + ad.j * 10, 'address', ad.id,
	       'address.created', jsonb_build_object('after',
	       jsonb_build_object('type', ad.type, 'country',
	       upper(btrim(ad.country)), 'label', nullif(btrim(ad.label), ''),
	       'street1', nullif(btrim(ad.street1), ''),
	       'street2', nullif(btrim(ad.street2), ''),
	       'city', nullif(btrim(ad.city), ''),
	       'region', nullif(btrim(ad.region), ''),
	       'postal_code', nullif(btrim(ad.postal_code), '')))
	  FROM ad
	UNION ALL
	SELECT ad.n, 3000000 + ad.j * 10 + 1, 'contact', b.contact,
	       'contact.address.linked', jsonb_build_object('address_id',
	       ad.id)
	  FROM ad JOIN b ON b.n = ad.n)
    -- The organization's versions are counted on from its last by
    -- sb.import_batch_link, which holds its stream.
    SELECT ev.*, row_number() OVER (PARTITION BY ev.stream_id
	   ORDER BY ev.n, ev.s)::integer AS version
      FROM ev;
END
$$;

-- The batch written but for its links to org: the lookups it made, the
-- events of its new contacts and their items, projected here, statement
-- by statement, not by the log's per-event trigger. Nothing here waits
-- for another import's batch (sb.contact_import_batch's p_after): the
-- streams are new, and the contacts' names are filed by
-- sb.import_batch_link.
CREATE OR REPLACE FUNCTION sb.import_batch_write(org uuid, p_system text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    who name := sb.caller();
    q record;
BEGIN
    INSERT INTO contact_lookups (actor, organization_id, email, phone,
	found)
    SELECT who, org, l.email, l.phone, l.found FROM import_lookups l
     ORDER BY l.n, l.k, l.j;
    FOR q IN SELECT * FROM import_lookups ORDER BY n, k, j LOOP
	RAISE LOG 'switchboard: % looked up existing contacts by email % '
	    'phone % for organization %: found %', who,
	    quote_nullable(q.email), quote_nullable(q.phone), org, q.found;
    END LOOP;
    PERFORM sb.import_batch_events(org, p_system);
    PERFORM set_config('sb.projected_by_caller', 'on', true);
    INSERT INTO domain_events (event_id, stream_type, stream_id,
	stream_version, event_type, payload, actor)
    SELECT gen_random_uuid(), e.stream_type, e.stream_id, e.version,
	   e.event_type, e.payload, who
      FROM import_events e WHERE e.stream_type <> 'organization'
     ORDER BY e.n, e.s;
    PERFORM set_config('sb.projected_by_caller', 'off', true);
    PERFORM sb.import_batch_project(who);
END
$_$;

-- The batch's events but its links applied set-based, leaving the
-- projections as sb.apply_event would, event by event. The new contacts'
-- names are left to sb.import_batch_link (sb.import_names_deferred): the
-- tables that file them are shared, and a name another batch filed first
-- would make this one wait for that batch.
CREATE OR REPLACE FUNCTION sb.import_batch_project(who name)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contact', 'phone', 'address'] LOOP
	IF t = 'contact' THEN
	    CREATE TEMP TABLE import_names_later () ON COMMIT DROP;
	END IF;
	EXECUTE format('INSERT INTO %1$s (%2$s) SELECT %3$s '
	    'FROM import_events e JOIN (SELECT stream_id, max(version) AS v '
	    'FROM import_events GROUP BY stream_id) m '
	    'ON m.stream_id = e.stream_id, '
	    'jsonb_populate_record(NULL::%1$s, e.payload->''after'' || '
	    'jsonb_build_object(''id'', e.stream_id, ''version'', m.v, '
	    '''created_at'', now(), ''updated_at'', now(), '
	    '''updated_by'', $1)) r WHERE e.event_type = $2 ORDER BY e.n',
	    sb.stream_table(t), sb.insert_columns(sb.stream_table(t)),
	    sb.insert_columns(sb.stream_table(t), 'r.'))
	    USING who, t || '.created';
	IF t = 'contact' THEN
	    DROP TABLE pg_temp.import_names_later;
	END IF;
    END LOOP;
    EXECUTE format('INSERT INTO emails (%s) SELECT %s FROM import_events e, '
	'jsonb_populate_record(NULL::emails, e.payload->''after'' || '
	'jsonb_build_object(''id'', e.payload->>''email_id'', '
	'''contact_id'', e.stream_id, ''created_at'', now(), '
	'''updated_at'', now())) r '
	'WHERE e.event_type = ''contact.email.added'' ORDER BY e.n, e.s',
	sb.insert_columns('emails'), sb.insert_columns('emails', 'r.'));
    INSERT INTO contact_phones (contact_id, phone_id, linked_at, is_primary)
    SELECT e.stream_id, (e.payload->>'phone_id')::uuid, now(),
	   EXISTS (SELECT 1 FROM import_events p
	    WHERE p.event_type = 'contact.phone.primary_set'
	      AND p.stream_id = e.stream_id
	      AND p.payload->>'phone_id' = e.payload->>'phone_id')
      FROM import_events e WHERE e.event_type = 'contact.phone.added'
     ORDER BY e.n, e.s;
    INSERT INTO contact_addresses (contact_id, address_id, linked_at)
    SELECT e.stream_id, (e.payload->>'address_id')::uuid, now()
      FROM import_events e WHERE e.event_type = 'contact.address.linked'
     ORDER BY e.n, e.s;
END
$_$;

-- Whether a statement inserting contacts is an import batch's projection
-- (sb.import_batch_project), whose names sb.import_batch_link files: the
-- batch marks it with a temporary table that only the schema's owner can
-- have made, not a setting any login could change.
CREATE OR REPLACE FUNCTION sb.import_names_deferred() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    RETURN coalesce((SELECT t.relowner = c.relowner FROM pg_class t,
	pg_class c WHERE t.oid = to_regclass('pg_temp.import_names_later')
	AND c.oid = 'sb.contacts'::regclass), false);

-- Whether what the batch found before it wrote still holds (see
-- sb.contact_import_batch): raises 40001 when a contact that a
-- transaction committed since snap changed (a contact event, a link of
-- it, or its phone's or address's) is a record's contact, or has an
-- email or number, or the source id, of a record the batch creates, or
-- (asking about close names or linking them) a name close to such a
-- record's. The record by record path would have found it.
CREATE OR REPLACE FUNCTION sb.import_batch_recheck(org uuid, p_system text,
    p_close text, snap pg_snapshot)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $_$
BEGIN
    CREATE TEMP TABLE import_since ON COMMIT DROP AS
    WITH e AS MATERIALIZED (SELECT d.stream_type, d.stream_id, d.payload
	  FROM domain_events d
	 WHERE d.xact_id >= pg_snapshot_xmin(snap)
	   AND d.xact_id <> pg_current_xact_id()
	   AND NOT pg_visible_in_snapshot(d.xact_id, snap))
    SELECT DISTINCT c.id
      FROM (SELECT e.stream_id FROM e WHERE e.stream_type = 'contact'
	    UNION ALL
	    SELECT (e.payload->>'contact_id')::uuid FROM e
	     WHERE e.stream_type = 'organization'
	    UNION ALL
	    SELECT l.contact_id FROM e JOIN contact_phones l
		ON l.phone_id = e.stream_id WHERE e.stream_type = 'phone'
	    UNION ALL
	    SELECT l.contact_id FROM e JOIN contact_addresses l
		ON l.address_id = e.stream_id
	     WHERE e.stream_type = 'address') AS c(id)
     WHERE c.id IS NOT NULL;
    -- Counted whole, not asked EXISTS: planned to stop at a first match
    -- that is rarely there, each test compared every record with every
    -- contact (0.6 s a batch).
    ANALYZE import_since;
    ANALYZE import_batch;
    ANALYZE import_emails;
    ANALYZE import_phones;
    IF (SELECT count(*) FROM import_batch b JOIN import_since s
	    ON s.id = b.contact) > 0
	OR (SELECT count(*) FROM import_since s
	    CROSS JOIN LATERAL (SELECT c.source_record_id FROM contacts c
		WHERE c.id = s.id AND c.owner_organization_id = org
		  AND c.source_system = p_system OFFSET 0) AS c
	    JOIN import_batch b ON b.sid = c.source_record_id
	    WHERE b.kind = 'new') > 0
	OR (SELECT count(*) FROM import_since s JOIN emails m
	    ON m.contact_id = s.id JOIN import_emails e
	    ON e.key = lower(btrim(m.address)) JOIN import_batch b
	    ON b.n = e.n WHERE b.kind = 'new') > 0
	OR (SELECT count(*) FROM import_since s
	    CROSS JOIN LATERAL (SELECT p.e164 FROM contact_phones l
		JOIN phones p ON p.id = l.phone_id
		WHERE l.contact_id = s.id AND l.deleted_at IS NULL
		OFFSET 0) AS p
	    JOIN import_phones q ON sb.phone_normalize(q.e164) = p.e164
	    JOIN import_batch b ON b.n = q.n WHERE b.kind = 'new') > 0 THEN
	PERFORM sb.import_batch_retry();
    END IF;
    IF p_close <> 'create' AND EXISTS (SELECT 1 FROM import_since) THEN
	-- The changed contacts as names written before the batch's first.
	INSERT INTO import_batch_names (n, writes, wf, wl, asks, kf, kl, fw,
	    lw, fk, lk)
	SELECT -row_number() OVER (ORDER BY c.id), true, c.first_name,
	       c.last_name, false, '', '',
	       coalesce(sb.fold(btrim(c.first_name)), ''),
	       coalesce(sb.fold(btrim(c.last_name)), ''), '', ''
	  FROM import_since s JOIN contacts c ON c.id = s.id
	 WHERE c.deleted_at IS NULL AND c.active;
	IF (SELECT count(*) FROM sb.import_batch_name_pairs(0) AS p
	    JOIN import_batch b ON b.n = p.k WHERE b.kind = 'new') > 0 THEN
	    PERFORM sb.import_batch_retry();
	END IF;
	DELETE FROM import_batch_names WHERE n < 0;
    END IF;
    DROP TABLE import_since;
END
$_$;

-- What sb.import_batch_recheck raises.
CREATE OR REPLACE FUNCTION sb.import_batch_retry() RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '40001',
	MESSAGE = 'the directory changed while the import looked',
	HINT = 'Import the batch again.';
END
$$;

-- The batch's records linked to org, holding its stream as appends do:
-- checked again (sb.import_batch_recheck), their names filed, the
-- organization's events appended and projected, and the change feed
-- woken once.
CREATE OR REPLACE FUNCTION sb.import_batch_link(org uuid, p_system text,
    p_close text, snap pg_snapshot)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    who name := sb.caller();
    base integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM import_events) THEN
	RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('organization'),
	hashtext(org::text));
    PERFORM sb.import_batch_recheck(org, p_system, p_close, snap);
    PERFORM name_pairs_file(array_agg(c.first_name), array_agg(c.last_name),
	array_agg(c.name_key)), name_words_file(array_agg(c.word_key))
      FROM import_batch b JOIN contacts c ON c.id = b.contact
     WHERE b.kind = 'new';
    SELECT coalesce(max(d.stream_version), 0) INTO base
      FROM domain_events d
     WHERE d.stream_type = 'organization' AND d.stream_id = org;
    PERFORM set_config('sb.projected_by_caller', 'on', true);
    INSERT INTO domain_events (event_id, stream_type, stream_id,
	stream_version, event_type, payload, actor)
    SELECT gen_random_uuid(), e.stream_type, e.stream_id, base + e.version,
	   e.event_type, e.payload, who
      FROM import_events e WHERE e.stream_type = 'organization'
     ORDER BY e.n, e.s;
    PERFORM set_config('sb.projected_by_caller', 'off', true);
    INSERT INTO organization_contacts AS j (organization_id, contact_id,
	role, starts_on, ends_on, linked_at)
    SELECT org, (e.payload->>'contact_id')::uuid, e.payload->>'role', NULL,
	   NULL, now()
      FROM import_events e
     WHERE e.event_type = 'organization.contact.linked' ORDER BY e.n
    ON CONFLICT (organization_id, contact_id, role) DO UPDATE
    SET linked_at = EXCLUDED.linked_at, deleted_at = NULL,
	starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on
    WHERE j.deleted_at IS NOT NULL;
    UPDATE organizations o SET version = base + m.v, updated_at = now(),
	updated_by = who
      FROM (SELECT max(version) AS v FROM import_events
	     WHERE stream_type = 'organization') m
     WHERE o.id = org AND m.v IS NOT NULL;
    PERFORM pg_notify('sb_events', '');
END
$_$;
