-- Merging contacts into one and undoing it: the commands, their plan, the view.
--
-- A merge writes rows of four tables (emails, contact_phones,
-- contact_addresses, organization_contacts). It records each row's image
-- before and after ("b" and "a", NULL for no row) in sb.contact_merges;
-- the survivor's contact.merged event writes the "a" images, the
-- survivor's contact.unmerged event the "b" ones, so that a replay of the
-- log does the same and an undo puts every row back exactly.

-- The fields whose value a merge chooses, in the order a view shows them.
CREATE OR REPLACE FUNCTION sb.merge_fields() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    RETURN ARRAY['first_name', 'last_name', 'title',
	'preferred_contact_method', 'do_not_contact', 'primary_email',
	'primary_phone'];

GRANT EXECUTE ON FUNCTION sb.merge_fields() TO switchboard_user;

-- The primary key of a table a merge writes, as "t.k = r.k AND ...".
CREATE OR REPLACE FUNCTION sb.merge_key(tbl text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE tbl WHEN 'emails' THEN 't.id = r.id'
	WHEN 'contact_phones' THEN
	    't.contact_id = r.contact_id AND t.phone_id = r.phone_id'
	WHEN 'contact_addresses' THEN
	    't.contact_id = r.contact_id AND t.address_id = r.address_id'
	WHEN 'organization_contacts' THEN 't.organization_id = '
	    'r.organization_id AND t.contact_id = r.contact_id '
	    'AND t.role = r.role' END;

-- The row of tbl at the key of image, as jsonb; NULL when there is none.
CREATE OR REPLACE FUNCTION sb.merge_row(tbl text, image jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    r jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(t) FROM %1$I t, '
	'jsonb_populate_record(NULL::%1$I, $1) r WHERE %2$s', tbl,
	sb.merge_key(tbl)) INTO r USING image;
    RETURN r;
END
$_$;

-- image as the row it stands for, read back: comparable with merge_row.
CREATE OR REPLACE FUNCTION sb.merge_norm(tbl text, image jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    r jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(jsonb_populate_record(NULL::%I, $1))',
	tbl) INTO r USING image;
    RETURN r;
END
$_$;

-- Make every row of images what its side ("a" or "b") says: first every
-- key is cleared, then the images are written, so that primary marks and
-- keys that pass from one row to another never meet half-way.
CREATE OR REPLACE FUNCTION sb.merge_rows_put(images jsonb, side text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    i jsonb;
    other text := CASE side WHEN 'a' THEN 'b' ELSE 'a' END;
BEGIN
    FOR i IN SELECT x FROM jsonb_array_elements(images) x LOOP
	EXECUTE format('DELETE FROM %1$I t USING '
	    'jsonb_populate_record(NULL::%1$I, $1) r WHERE %2$s', i->>'t',
	    sb.merge_key(i->>'t'))
	    USING coalesce(nullif(i->other, 'null'), i->side);
    END LOOP;
    FOR i IN SELECT x FROM jsonb_array_elements(images) x
	WHERE jsonb_typeof(x->side) = 'object' LOOP
	EXECUTE format('INSERT INTO %1$I (%2$s) SELECT %2$s FROM '
	    'jsonb_populate_record(NULL::%1$I, $1)', i->>'t',
	    sb.insert_columns((i->>'t')::regclass)) USING i->side;
    END LOOP;
END
$_$;

-- The merge events on the projections: contact.merged writes the
-- survivor's chosen fields and the rows' "a" images, contact.merged_into
-- archives a merged contact, contact.unmerged undoes either.
CREATE OR REPLACE FUNCTION sb.apply_merge(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    images jsonb := (SELECT m.row_images FROM contact_merges m
	WHERE m.id = (e.payload->>'merge_id')::uuid);
BEGIN
    IF e.event_type = 'contact.merged_into' THEN
	UPDATE contacts SET deleted_at = e.recorded_at,
	    merged_into = (e.payload->>'survivor_id')::uuid
	 WHERE id = e.stream_id;
    ELSIF e.event_type = 'contact.unmerged' AND e.payload ? 'survivor_id'
    THEN
	UPDATE contacts SET deleted_at = NULL, merged_into = NULL
	 WHERE id = e.stream_id;
    ELSE
	PERFORM sb.apply_update('contacts', e.stream_id,
	    coalesce(e.payload->'after', '{}'));
	PERFORM sb.merge_rows_put(images, CASE e.event_type
	    WHEN 'contact.merged' THEN 'a' ELSE 'b' END);
    END IF;
END
$$;

-- The value each contact of ids has for each field of sb.merge_fields,
-- when it last changed (from the log, else the contact's last change),
-- and whether it is the one the merge keeps: the one prefer names (field
-- to contact id), else a do-not-contact mark if any contact has it, else
-- the most recently changed value that is not empty; ids[1] wins ties.
CREATE OR REPLACE FUNCTION sb.merge_choices(ids uuid[], prefer jsonb)
    RETURNS TABLE(field text, contact_id uuid, value text, changed_at
    timestamp with time zone, chosen boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
WITH f AS (
    SELECT u.field, u.ord
      FROM unnest(sb.merge_fields()) WITH ORDINALITY AS u(field, ord)),
c AS (
    SELECT k.*, u.pos
      FROM unnest(ids) WITH ORDINALITY AS u(id, pos)
      JOIN contacts k ON k.id = u.id),
pe AS (
    SELECT e.contact_id, e.address, e.updated_at FROM emails e
     WHERE e.contact_id = ANY (ids) AND e.is_primary),
pp AS (
    SELECT cp.contact_id, p.number || coalesce(' x' || p.extension, '')
	AS number, cp.linked_at
      FROM contact_phones cp JOIN phones p ON p.id = cp.phone_id
     WHERE cp.contact_id = ANY (ids) AND cp.is_primary
       AND cp.deleted_at IS NULL),
v AS (
    SELECT f.field, f.ord, c.id, c.pos, CASE f.field
	WHEN 'first_name' THEN c.first_name
	WHEN 'last_name' THEN c.last_name
	WHEN 'title' THEN c.title
	WHEN 'preferred_contact_method' THEN c.preferred_contact_method
	WHEN 'do_not_contact' THEN c.do_not_contact::text
	WHEN 'primary_email' THEN (SELECT pe.address FROM pe
	    WHERE pe.contact_id = c.id)
	WHEN 'primary_phone' THEN (SELECT pp.number FROM pp
	    WHERE pp.contact_id = c.id) END AS value,
	coalesce(CASE f.field
	WHEN 'primary_email' THEN (SELECT pe.updated_at FROM pe
	    WHERE pe.contact_id = c.id)
	WHEN 'primary_phone' THEN (SELECT pp.linked_at FROM pp
	    WHERE pp.contact_id = c.id)
	ELSE (SELECT max(e.recorded_at) FROM domain_events e
	    WHERE e.stream_type = 'contact' AND e.stream_id = c.id
	      AND e.payload->'after' ? f.field) END, c.updated_at)
	AS changed_at
      FROM f CROSS JOIN c)
SELECT v.field, v.id, v.value, v.changed_at, row_number() OVER (
	PARTITION BY v.field ORDER BY
	coalesce(v.id::text = prefer->>v.field, false) DESC,
	(v.field = 'do_not_contact' AND v.value = 'true') DESC,
	(coalesce(btrim(v.value), '') <> '') DESC, v.changed_at DESC,
	v.pos) = 1
  FROM v
 ORDER BY v.ord, v.pos;
$$;

-- The emails, phone and address links and organization links of ids, as
-- rows (tbl, img) with a group (grp: rows alike enough to be one: the
-- same address, number, place, or organization and role) and their rank
-- in it (rn: ids[1]'s first, then by contact and age); value in words,
-- a link at an organization who does not see without its name.
CREATE OR REPLACE FUNCTION sb.merge_items(ids uuid[], who name) RETURNS
    TABLE(kind text, contact_id uuid, pos bigint, tbl text, img jsonb, grp
    text, value text, changed_at timestamp with time zone, rn bigint, seen
    boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
WITH c AS (
    SELECT u.id, u.pos FROM unnest(ids) WITH ORDINALITY AS u(id, pos)),
i AS (
    SELECT 1 AS k, 'email'::text AS kind, e.contact_id, c.pos,
	'emails'::text AS tbl, to_jsonb(e) AS img, lower(e.address) AS grp,
	e.address || ' (' || e.type || CASE WHEN e.is_primary
	    THEN ', primary' ELSE '' END || ')' AS value,
	e.updated_at AS changed_at, e.created_at AS since, e.id::text AS tie,
	true AS seen
      FROM emails e JOIN c ON c.id = e.contact_id
    UNION ALL
    SELECT 2, 'phone', cp.contact_id, c.pos, 'contact_phones', to_jsonb(cp),
	p.e164 || ';' || coalesce(p.extension, ''),
	p.number || coalesce(' x' || p.extension, '') || ' (' || p.type ||
	    CASE WHEN cp.is_primary THEN ', primary' ELSE '' END || ')',
	cp.linked_at, cp.linked_at, p.id::text, true
      FROM contact_phones cp JOIN c ON c.id = cp.contact_id
      JOIN phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL
     WHERE cp.deleted_at IS NULL
    UNION ALL
    SELECT 3, 'address', ca.contact_id, c.pos, 'contact_addresses',
	to_jsonb(ca), jsonb_build_array(a.type, a.label, a.street1,
	    a.street2, a.city, a.region, a.postal_code, a.country)::text,
	concat_ws(', ', nullif(a.label, ''), nullif(a.street1, ''),
	    nullif(a.street2, ''), nullif(a.city, ''), nullif(a.region, ''),
	    nullif(a.postal_code, ''), a.country) || ' (' || a.type || ')',
	ca.linked_at, ca.linked_at, a.id::text, true
      FROM contact_addresses ca JOIN c ON c.id = ca.contact_id
      JOIN addresses a ON a.id = ca.address_id AND a.deleted_at IS NULL
     WHERE ca.deleted_at IS NULL
    UNION ALL
    SELECT 4, 'link', l.contact_id, c.pos, 'organization_contacts',
	to_jsonb(l), l.organization_id::text || ';' || l.role,
	CASE WHEN s.seen THEN o.name
	    ELSE 'an organization you cannot see' END || ' as ' || l.role ||
	    CASE WHEN l.is_primary THEN ', primary' ELSE '' END ||
	    CASE WHEN l.starts_on IS NOT NULL OR l.ends_on IS NOT NULL
	    THEN ', ' || coalesce(l.starts_on::text, '') || '..' ||
		coalesce(l.ends_on::text, '') ELSE '' END,
	l.linked_at, l.linked_at, l.organization_id::text, s.seen
      FROM organization_contacts l JOIN c ON c.id = l.contact_id
      JOIN organizations o ON o.id = l.organization_id
      CROSS JOIN LATERAL (SELECT sb.caller_is_root()
	OR coalesce(sb.access_sees(who, 'organization', l.organization_id),
	    false) AS seen) s
     WHERE l.deleted_at IS NULL)
SELECT i.kind, i.contact_id, i.pos, i.tbl, i.img, i.grp, i.value,
    i.changed_at, row_number() OVER (PARTITION BY i.kind, i.grp
	ORDER BY i.pos, i.since, i.tie), i.seen
  FROM i
 ORDER BY i.k, i.pos, i.since, i.tie;
$$;

-- The row images of merging ids[2:] into keep = ids[1] (see the top of
-- this file). Every item of the others moves to keep, but one alike to
-- an item keep has (or to one moved before it) is folded into it: its
-- row goes, and the undo brings it back. Links alike (the same
-- organization and role) become one, primary if any was, over the wider
-- window. The primary email and phone are those of the groups pe, pp.
CREATE OR REPLACE FUNCTION sb.merge_plan(ids uuid[], pe text, pp text)
    RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
WITH it AS (SELECT * FROM sb.merge_items(ids, sb.caller())),
g AS (
    SELECT it.grp, bool_or((it.img->>'is_primary')::boolean) AS prim,
	CASE WHEN bool_or(it.img->>'starts_on' IS NULL) THEN NULL
	    ELSE min((it.img->>'starts_on')::date) END AS s,
	CASE WHEN bool_or(it.img->>'ends_on' IS NULL) THEN NULL
	    ELSE max((it.img->>'ends_on')::date) END AS e
      FROM it WHERE it.kind = 'link' GROUP BY it.grp),
k AS (
    SELECT it.*, (it.pos = 1 OR it.rn = 1) AS kept, it.img ||
	jsonb_build_object('contact_id', ids[1]) || CASE it.kind
	WHEN 'email' THEN jsonb_build_object('is_primary',
	    coalesce(it.grp = pe AND it.rn = 1, false))
	WHEN 'phone' THEN jsonb_build_object('is_primary',
	    coalesce(it.grp = pp AND it.rn = 1, false))
	WHEN 'link' THEN jsonb_build_object('is_primary', g.prim,
	    'starts_on', g.s, 'ends_on', g.e)
	ELSE '{}' END AS after
      FROM it LEFT JOIN g ON it.kind = 'link' AND g.grp = it.grp)
SELECT coalesce(jsonb_agg(x.i), '[]') FROM (
    SELECT jsonb_build_object('t', k.tbl, 'b', k.img, 'a',
	CASE WHEN k.kind = 'email' AND k.kept THEN k.after END) AS i
      FROM k WHERE k.pos > 1
    UNION ALL
    SELECT jsonb_build_object('t', k.tbl, 'b', sb.merge_row(k.tbl, k.after),
	'a', k.after)
      FROM k WHERE k.pos > 1 AND k.kept AND k.kind <> 'email'
    UNION ALL
    SELECT jsonb_build_object('t', k.tbl, 'b', k.img, 'a', k.after)
      FROM k WHERE k.pos = 1 AND k.after <> k.img) x;
$$;

-- "First Last" of contact p_id, for a sentence.
CREATE OR REPLACE FUNCTION sb.merge_name(p_id uuid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    RETURN coalesce((SELECT nullif(concat_ws(' ', c.first_name,
	c.last_name), '') FROM sb.contacts c WHERE c.id = p_id),
	'contact ' || p_id);

-- keep and others as one list, keep first; SB004 unless it is one that
-- can merge (keep, then 1 to 10 others, no contact twice) and prefer
-- names known fields and contacts of the list.
CREATE OR REPLACE FUNCTION sb.merge_check_ids(keep uuid, others uuid[],
    prefer jsonb) RETURNS uuid[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    ids uuid[] := ARRAY[keep] || others;
    bad text;
BEGIN
    IF keep IS NULL OR coalesce(cardinality(others), 0) = 0
	OR array_position(others, NULL) IS NOT NULL THEN
	PERFORM sb.raise_invalid('a merge needs the contact to keep and at '
	    'least one other');
    ELSIF cardinality(others) > 10 THEN
	PERFORM sb.raise_invalid('at most 10 contacts merge into one at a '
	    'time', 'Merge the rest in a second step.');
    ELSIF keep = ANY (others) THEN
	PERFORM sb.raise_invalid('the contact to keep is also one to merge '
	    'into it', 'Name each contact once.');
    ELSIF (SELECT count(DISTINCT u) FROM unnest(others) u)
	<> cardinality(others) THEN
	PERFORM sb.raise_invalid('a contact to merge is named twice',
	    'Name each contact once.');
    ELSIF jsonb_typeof(coalesce(prefer, '{}')) <> 'object' THEN
	PERFORM sb.raise_invalid('the choices must be a JSON object');
    END IF;
    SELECT string_agg(k, ', ' ORDER BY k) INTO bad
      FROM jsonb_object_keys(coalesce(prefer, '{}')) k
     WHERE k <> ALL (sb.merge_fields());
    IF bad IS NOT NULL THEN
	PERFORM sb.raise_invalid(format('no field %s to choose', bad),
	    'The fields are ' || array_to_string(sb.merge_fields(), ', ')
	    || '.');
    END IF;
    SELECT string_agg(p.key, ', ' ORDER BY p.key) INTO bad
      FROM jsonb_each_text(coalesce(prefer, '{}')) p
     WHERE p.value !~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
	OR p.value::uuid <> ALL (ids);
    IF bad IS NOT NULL THEN
	PERFORM sb.raise_invalid(format('the contact chosen for %s is not '
	    'one of those merged', bad), 'Choose one of the contacts named.');
    END IF;
    RETURN ids;
END
$$;

-- Who may merge (and unmerge) contacts ids: super admins any; provider
-- admins those they may change (change: the ids that must be) that no
-- partner owns. Partner admins and support staff may not. 42501 with a
-- sentence naming the reason and the contact; SB003 for one the caller
-- does not see, as for one that does not exist.
CREATE OR REPLACE FUNCTION sb.merge_authorize(ids uuid[], change uuid[])
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    who name := sb.caller();
    cid uuid;
    owner text;
    why text;
BEGIN
    IF sb.caller_is_root() OR sb.access_is_super(who) THEN
	RETURN;
    END IF;
    FOREACH cid IN ARRAY ids LOOP
	PERFORM sb.authorize('contact.see', cid);
    END LOOP;
    IF NOT sb.access_acting(who) OR NOT EXISTS (SELECT 1 FROM memberships m
	WHERE m.role = who AND m.kind = 'provider_admin') THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only a super admin or a provider admin may merge '
		'contacts or undo a merge',
	    HINT = 'Nothing was changed; ask a super admin to do it.';
    END IF;
    FOREACH cid IN ARRAY ids LOOP
	SELECT o.name INTO owner FROM contacts c
	  JOIN organizations o ON o.id = c.owner_organization_id
	 WHERE c.id = cid AND o.kind = 'partner';
	IF owner IS NOT NULL THEN
	    RAISE EXCEPTION USING ERRCODE = '42501',
		MESSAGE = format('%s belongs to %s, a partner: only a super '
		    'admin may merge it', sb.merge_name(cid), owner),
		HINT = 'Nothing was changed; ask a super admin to do it.';
	END IF;
    END LOOP;
    FOREACH cid IN ARRAY change LOOP
	why := sb.access_contact_block(who, cid);
	IF why IS NOT NULL THEN
	    RAISE EXCEPTION USING ERRCODE = '42501',
		MESSAGE = format('you may not change %s (%s), so you may '
		    'not merge it', sb.merge_name(cid), why),
		HINT = 'Nothing was changed; ask a super admin to do it.';
	END IF;
    END LOOP;
END
$$;

-- One writer at a time on each contact's stream, in one order for all,
-- and the rows a merge reads and writes held until it commits: a change
-- of one of them by another session (an organization's link, on the
-- organization's stream) waits for the merge, and then finds it done.
CREATE OR REPLACE FUNCTION sb.merge_lock(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('contact'), hashtext(x.id::text))
       FROM (SELECT u.id FROM unnest(ids) u(id) ORDER BY u.id) x;
    PERFORM 1 FROM contacts WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
    PERFORM 1 FROM emails WHERE contact_id = ANY (ids) FOR UPDATE;
    PERFORM 1 FROM contact_phones WHERE contact_id = ANY (ids) FOR UPDATE;
    PERFORM 1 FROM contact_addresses WHERE contact_id = ANY (ids)
	FOR UPDATE;
    PERFORM 1 FROM organization_contacts WHERE contact_id = ANY (ids)
	FOR UPDATE;
END
$$;

-- Claim command id for the caller (NULL: no id, nothing to claim): NULL
-- when new, else the result it had (SB004 for another person's id).
CREATE OR REPLACE FUNCTION sb.merge_command_begin(p_command_id uuid,
    p_command text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    n integer;
    r jsonb;
BEGIN
    IF p_command_id IS NULL THEN
	RETURN NULL;
    END IF;
    INSERT INTO command_log (command_id, command, actor)
    VALUES (p_command_id, p_command, sb.caller())
    ON CONFLICT (command_id) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 1 THEN
	RETURN NULL;
    END IF;
    SELECT coalesce(l.result, '{}') INTO r FROM command_log l
     WHERE l.command_id = p_command_id AND l.actor = sb.caller()
       AND l.command = p_command;
    IF r IS NULL THEN
	PERFORM sb.raise_invalid(format('command id %s cannot be used',
	    p_command_id), 'Start the command again with a new id.');
    END IF;
    RETURN r;
END
$$;

-- SB003 for a contact of ids that is archived; SB004 for one merged.
CREATE OR REPLACE FUNCTION sb.merge_check_live(ids uuid[]) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT u.id, k.id AS found, k.merged_into, k.deleted_at
	FROM unnest(ids) u(id) LEFT JOIN contacts k ON k.id = u.id LOOP
	IF c.merged_into IS NOT NULL THEN
	    PERFORM sb.raise_invalid(format('%s was merged into %s already',
		sb.merge_name(c.id), sb.merge_name(c.merged_into)),
		'Undo that merge first, or merge into that contact.');
	ELSIF c.found IS NULL OR c.deleted_at IS NOT NULL THEN
	    RAISE EXCEPTION USING ERRCODE = 'SB003',
		MESSAGE = format('contact %s not found', c.id);
	END IF;
    END LOOP;
END
$$;

-- The survivor's fields a merge of ids sets, as {"before", "after"}, and
-- the groups of the primary email and phone it keeps ("pe", "pp").
CREATE OR REPLACE FUNCTION sb.merge_fields_set(ids uuid[], prefer jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur jsonb := sb.entity_get('contact', ids[1]);
    ch record;
    v jsonb;
    b jsonb := '{}';
    a jsonb := '{}';
    pe text;
    pp text;
BEGIN
    FOR ch IN SELECT * FROM sb.merge_choices(ids, prefer) m
	WHERE m.chosen LOOP
	IF ch.field = 'primary_email' THEN
	    pe := (SELECT lower(e.address) FROM emails e
		WHERE e.contact_id = ch.contact_id AND e.is_primary);
	ELSIF ch.field = 'primary_phone' THEN
	    pp := (SELECT p.e164 || ';' || coalesce(p.extension, '')
		FROM contact_phones cp JOIN phones p ON p.id = cp.phone_id
		WHERE cp.contact_id = ch.contact_id AND cp.is_primary
		  AND cp.deleted_at IS NULL);
	ELSE
	    v := CASE ch.field WHEN 'do_not_contact'
		THEN to_jsonb(ch.value::boolean)
		ELSE coalesce(to_jsonb(ch.value), 'null') END;
	    IF cur->ch.field IS DISTINCT FROM v THEN
		b := b || jsonb_build_object(ch.field, cur->ch.field);
		a := a || jsonb_build_object(ch.field, v);
	    END IF;
	END IF;
    END LOOP;
    RETURN jsonb_build_object('before', b, 'after', a, 'pe', pe, 'pp', pp);
END
$$;

-- Merge others into keep, in one transaction (see the top of this file
-- and doc/merge.md): prefer chooses a field's value by contact id (see
-- sb.merge_choices). Returns {merge_id, merged, links_moved,
-- links_hidden (at organizations the caller does not see), items_moved};
-- the same again for a command id used before.
CREATE OR REPLACE FUNCTION sb.contact_merge(p_command_id uuid, keep uuid,
    others uuid[], prefer jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    ids uuid[];
    done jsonb;
    mid uuid := gen_random_uuid();
    fs jsonb;
    images jsonb;
    n record;
    o uuid;
    res jsonb;
BEGIN
    PERFORM sb.check_text(4000, prefer::text);
    ids := sb.merge_check_ids(keep, others, prefer);
    done := sb.merge_command_begin(p_command_id, 'contact.merge');
    IF done IS NOT NULL THEN
	RETURN done;
    END IF;
    PERFORM sb.merge_authorize(ids, ids);
    PERFORM sb.merge_lock(ids);
    PERFORM sb.merge_check_live(ids);
    fs := sb.merge_fields_set(ids, coalesce(prefer, '{}'));
    images := sb.merge_plan(ids, fs->>'pe', fs->>'pp');
    SELECT count(*) FILTER (WHERE i.kind = 'link') AS links,
	count(*) FILTER (WHERE i.kind = 'link' AND NOT i.seen) AS hidden,
	count(*) FILTER (WHERE i.kind <> 'link') AS items INTO n
      FROM sb.merge_items(ids, sb.caller()) i WHERE i.pos > 1;
    INSERT INTO contact_merges (id, survivor_id, merged_ids, row_images,
	fields_before, fields_after, links_moved, links_hidden, items_moved,
	actor, merged_at)
    VALUES (mid, keep, others, images, fs->'before', fs->'after', n.links,
	n.hidden, n.items, sb.caller(), now());
    PERFORM sb.append_event(gen_random_uuid(), 'contact', keep, NULL,
	'contact.merged', jsonb_build_object('merge_id', mid, 'merged_ids',
	to_jsonb(others), 'before', fs->'before', 'after', fs->'after'));
    FOREACH o IN ARRAY others LOOP
	PERFORM sb.append_event(gen_random_uuid(), 'contact', o, NULL,
	    'contact.merged_into', jsonb_build_object('merge_id', mid,
	    'survivor_id', keep));
    END LOOP;
    res := jsonb_build_object('merge_id', mid, 'merged',
	cardinality(others), 'links_moved', n.links, 'links_hidden',
	n.hidden, 'items_moved', n.items);
    IF p_command_id IS NOT NULL THEN
	UPDATE command_log SET result = res
	 WHERE command_id = p_command_id;
    END IF;
    RETURN res;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_merge(p_command_id uuid, keep uuid,
    others uuid[], prefer jsonb) TO switchboard_user;

-- A row image in words: "the email ann@example.org", "the link to
-- Riverside Health as billing".
CREATE OR REPLACE FUNCTION sb.merge_row_name(i jsonb) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    RETURN (SELECT CASE x.t
	WHEN 'emails' THEN 'the email ' || (x.r->>'address')
	WHEN 'contact_phones' THEN 'the phone ' || coalesce((SELECT p.number
	    FROM sb.phones p WHERE p.id = (x.r->>'phone_id')::uuid), '')
	WHEN 'contact_addresses' THEN 'the address ' || coalesce((SELECT
	    concat_ws(', ', a.street1, a.city, a.country) FROM sb.addresses a
	    WHERE a.id = (x.r->>'address_id')::uuid), '')
	ELSE 'the link to ' || CASE WHEN sb.caller_is_root()
	    OR sb.access_sees(sb.caller(), 'organization',
		(x.r->>'organization_id')::uuid)
	    THEN (SELECT o.name FROM sb.organizations o
		WHERE o.id = (x.r->>'organization_id')::uuid)
	    ELSE 'an organization you cannot see' END || ' as ' ||
	    (x.r->>'role') END
	FROM (SELECT i->>'t' AS t, coalesce(nullif(i->'a', 'null'), i->'b')
	    AS r) x);

-- Why merge m cannot be undone, or NULL: the survivor (or a row the merge
-- wrote) changed since, in a way the undo would overwrite. Changes that
-- touch nothing the merge wrote (a new email, another field) are no
-- reason, and stay.
CREATE OR REPLACE FUNCTION sb.merge_conflict(m sb.contact_merges) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur contacts;
    f text;
    i jsonb;
    have jsonb;
    sname text := sb.merge_name(m.survivor_id);
BEGIN
    SELECT * INTO cur FROM contacts WHERE id = m.survivor_id;
    IF cur.deleted_at IS NOT NULL THEN
	RETURN format('%s was deleted or merged since', sname);
    END IF;
    IF EXISTS (SELECT 1 FROM contacts c WHERE c.id = ANY (m.merged_ids)
	AND c.merged_into IS DISTINCT FROM m.survivor_id) THEN
	RETURN 'a merged contact changed since the merge';
    END IF;
    FOR f IN SELECT jsonb_object_keys(m.fields_after) LOOP
	IF to_jsonb(cur)->f IS DISTINCT FROM m.fields_after->f THEN
	    RETURN format('the %s of %s changed since the merge',
		replace(f, '_', ' '), sname);
	END IF;
    END LOOP;
    FOR i IN SELECT x FROM jsonb_array_elements(m.row_images) x LOOP
	have := sb.merge_row(i->>'t', coalesce(nullif(i->'a', 'null'),
	    i->'b'));
	IF jsonb_typeof(i->'a') = 'object' THEN
	    IF have IS DISTINCT FROM sb.merge_norm(i->>'t', i->'a') THEN
		RETURN format('%s of %s changed since the merge',
		    sb.merge_row_name(i), sname);
	    END IF;
	ELSIF have IS NOT NULL THEN
	    RETURN format('%s is back on a merged contact since the merge',
		sb.merge_row_name(i));
	END IF;
    END LOOP;
    RETURN NULL;
END
$$;

-- Undo merge p_merge_id: the merged contacts back, every row the merge
-- wrote as it was, the survivor's fields as they were. Refused (SB001)
-- with the reason when the survivor changed since in a way that conflicts
-- (sb.merge_conflict), and (SB004) for a merge undone already. The same
-- permissions as the merge, on its contacts. Returns what the merge
-- returned.
CREATE OR REPLACE FUNCTION sb.contact_unmerge(p_command_id uuid, p_merge_id
    uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    m contact_merges;
    done jsonb;
    why text;
    o uuid;
    res jsonb;
BEGIN
    done := sb.merge_command_begin(p_command_id, 'contact.unmerge');
    IF done IS NOT NULL THEN
	RETURN done;
    END IF;
    SELECT * INTO m FROM contact_merges WHERE id = p_merge_id FOR UPDATE;
    IF NOT FOUND OR NOT (sb.caller_is_root() OR coalesce(sb.access_sees(
	sb.caller(), 'contact', m.survivor_id), false)) THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('merge %s not found', p_merge_id);
    END IF;
    IF m.unmerged_at IS NOT NULL THEN
	PERFORM sb.raise_invalid('this merge was undone already',
	    'Nothing was changed.');
    END IF;
    PERFORM sb.merge_authorize(ARRAY[m.survivor_id] || m.merged_ids,
	ARRAY[m.survivor_id]);
    PERFORM sb.merge_lock(ARRAY[m.survivor_id] || m.merged_ids);
    why := sb.merge_conflict(m);
    IF why IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001', MESSAGE = format(
	    'the merge cannot be undone: %s', why),
	    HINT = 'Nothing was changed; put it back as the merge left it, '
		'or keep the merge.';
    END IF;
    FOREACH o IN ARRAY m.merged_ids LOOP
	PERFORM sb.append_event(gen_random_uuid(), 'contact', o, NULL,
	    'contact.unmerged', jsonb_build_object('merge_id', m.id,
	    'survivor_id', m.survivor_id));
    END LOOP;
    PERFORM sb.append_event(gen_random_uuid(), 'contact', m.survivor_id,
	NULL, 'contact.unmerged', jsonb_build_object('merge_id', m.id,
	'merged_ids', to_jsonb(m.merged_ids), 'before', m.fields_after,
	'after', m.fields_before));
    UPDATE contact_merges SET unmerged_at = now(), unmerged_by = sb.caller()
     WHERE id = m.id;
    res := jsonb_build_object('merge_id', m.id, 'merged',
	cardinality(m.merged_ids), 'links_moved', m.links_moved,
	'links_hidden', m.links_hidden, 'items_moved', m.items_moved);
    IF p_command_id IS NOT NULL THEN
	UPDATE command_log SET result = res
	 WHERE command_id = p_command_id;
    END IF;
    RETURN res;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_unmerge(p_command_id uuid, p_merge_id
    uuid) TO switchboard_user;

-- Side by side, for the merge view: ids[1] the contact to keep, then the
-- others. One row per field and contact (sb.merge_choices: chosen marks
-- the value the merge keeps), then one per email, phone, address and
-- link (chosen: it stays as an item of its own; false: it is folded into
-- one alike). For contacts the caller sees; nothing changes.
CREATE OR REPLACE FUNCTION sb.contact_merge_compare(ids uuid[], prefer jsonb
    DEFAULT '{}'::jsonb) RETURNS TABLE(field text, contact_id uuid, value
    text, changed_at timestamp with time zone, chosen boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    x uuid;
BEGIN
    PERFORM sb.check_text(4000, prefer::text);
    PERFORM sb.merge_check_ids(ids[1], ids[2:], prefer);
    IF NOT sb.caller_is_root() THEN
	FOREACH x IN ARRAY ids LOOP
	    PERFORM sb.authorize('contact.see', x);
	END LOOP;
    END IF;
    PERFORM sb.merge_check_live(ids);
    RETURN QUERY SELECT * FROM sb.merge_choices(ids, coalesce(prefer,
	'{}'));
    RETURN QUERY SELECT i.kind, i.contact_id, i.value, i.changed_at,
	i.pos = 1 OR i.rn = 1 FROM sb.merge_items(ids, sb.caller()) i;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_merge_compare(ids uuid[], prefer jsonb)
    TO switchboard_user;

-- Contact p_id and those merged into it (and into those), for its
-- history: as the caller, who sees a merged contact with its survivor.
CREATE OR REPLACE FUNCTION sb.contact_merged_ids(p_id uuid) RETURNS SETOF uuid
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 WITH RECURSIVE m(id) AS (
          SELECT contact_merged_ids.p_id
        UNION
          SELECT c.id FROM sb.contacts c JOIN m ON c.merged_into = m.id
         )
  SELECT m.id FROM m;
END;

GRANT EXECUTE ON FUNCTION sb.contact_merged_ids(p_id uuid) TO
    switchboard_user;
