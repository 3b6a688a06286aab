-- The event log: appending, checking and applying events to the projections.

-- The log: the caller is the actor, and an event is at most 16 KB.
CREATE OR REPLACE FUNCTION sb.append_event(p_event_id uuid, p_stream_type text,
    p_stream_id uuid, p_expected_version integer, p_event_type text, p_payload
    jsonb) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    pos bigint;
    cur integer;
BEGIN
    -- While a command projects its own events (sb.contact_import_batch),
    -- the log's triggers pass them by: nothing else may append then.
    IF current_setting('sb.projected_by_caller', true) = 'on' THEN
	RAISE EXCEPTION USING ERRCODE = 'SB005',
	    MESSAGE = 'no event may be appended while a command projects '
		'its own';
    END IF;
    IF octet_length(p_payload::text) > 16384 THEN
	PERFORM sb.raise_invalid('the change is too large');
    END IF;
    -- One writer per stream at a time: the version check below then sees
    -- every committed event of the stream.
    PERFORM pg_advisory_xact_lock(hashtext(p_stream_type),
	hashtext(p_stream_id::text));
    SELECT position INTO pos FROM domain_events
     WHERE event_id = p_event_id;
    IF FOUND THEN
	RETURN pos;
    END IF;
    SELECT coalesce(max(stream_version), 0) INTO cur FROM domain_events
     WHERE stream_type = p_stream_type AND stream_id = p_stream_id;
    IF p_expected_version IS DISTINCT FROM cur AND
	p_expected_version IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = format('%s %s was changed by someone else '
		'(now at version %s, expected %s)', p_stream_type,
		p_stream_id, cur, p_expected_version),
	    HINT = 'Reload it and make the change again.';
    END IF;
    INSERT INTO domain_events (event_id, stream_type, stream_id,
	stream_version, event_type, payload, actor)
    VALUES (p_event_id, p_stream_type, p_stream_id, cur + 1, p_event_type,
	coalesce(p_payload, '{}'), sb.caller());
    SELECT position INTO pos FROM domain_events
     WHERE event_id = p_event_id;
    RETURN pos;
END
$$;

CREATE OR REPLACE FUNCTION sb.apply_create(tbl regclass, rec jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
BEGIN
    EXECUTE format('INSERT INTO %1$s (%2$s) SELECT %2$s FROM '
	'jsonb_populate_record(NULL::%1$s, $1) ON CONFLICT DO NOTHING',
	tbl, sb.insert_columns(tbl)) USING rec;
END
$_$;

-- What deleting an entity does to the links that reach it.
CREATE OR REPLACE FUNCTION sb.apply_deleted_links(e sb.domain_events) RETURNS
    void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    at timestamptz := e.recorded_at;
    id uuid := e.stream_id;
BEGIN
    CASE e.stream_type
    WHEN 'contact' THEN
	PERFORM sb.apply_unlink('contact_phones', 'contact_id', id, NULL,
	    NULL, at);
	PERFORM sb.apply_unlink('contact_addresses', 'contact_id', id, NULL,
	    NULL, at);
    WHEN 'phone' THEN
	PERFORM sb.apply_unlink('contact_phones', 'phone_id', id, NULL,
	    NULL, at);
	PERFORM sb.apply_unlink('organization_phones', 'phone_id', id, NULL,
	    NULL, at);
	PERFORM sb.apply_unlink('phone_addresses', 'phone_id', id, NULL,
	    NULL, at);
    WHEN 'address' THEN
	PERFORM sb.apply_unlink('contact_addresses', 'address_id', id, NULL,
	    NULL, at);
	PERFORM sb.apply_unlink('organization_addresses', 'address_id', id,
	    NULL, NULL, at);
	PERFORM sb.apply_unlink('phone_addresses', 'address_id', id, NULL,
	    NULL, at);
    ELSE
	NULL;
    END CASE;
END
$$;

-- Removing an email failed to project: sb.apply_email named its local
-- variable "id", which the DELETE's qualified reference could not reach.
-- The same function with the variable renamed; behaviour is unchanged.
CREATE OR REPLACE FUNCTION sb.apply_email(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    email_id uuid := (e.payload->>'email_id')::uuid;
BEGIN
    CASE e.event_type
    WHEN 'contact.email.added' THEN
	PERFORM sb.apply_create('emails', e.payload->'after' ||
	    jsonb_build_object('id', email_id, 'contact_id', e.stream_id,
		'created_at', e.recorded_at, 'updated_at', e.recorded_at));
    WHEN 'contact.email.changed' THEN
	PERFORM sb.apply_update('emails', email_id, e.payload->'after' ||
	    jsonb_build_object('updated_at', e.recorded_at));
    WHEN 'contact.email.removed' THEN
	DELETE FROM emails WHERE emails.id = email_id;
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
END
$$;

CREATE OR REPLACE FUNCTION sb.apply_entity(e sb.domain_events, tbl regclass)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    verb text := split_part(e.event_type, '.', 2);
BEGIN
    CASE verb
    WHEN 'created' THEN
	PERFORM sb.apply_create(tbl, e.payload->'after' || sb.apply_stamp(e));
    WHEN 'updated' THEN
	PERFORM sb.apply_update(tbl, e.stream_id, e.payload->'after');
    WHEN 'deleted' THEN
	PERFORM sb.apply_update(tbl, e.stream_id,
	    jsonb_build_object('deleted_at', e.recorded_at, 'active', false));
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
END
$$;

-- Apply one event to the projections, checking the event first.
-- Applying it twice changes nothing.
CREATE OR REPLACE FUNCTION sb.apply_event(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    tbl regclass;
    seen integer;
BEGIN
    PERFORM sb.event_check(e);
    tbl := CASE e.stream_type WHEN 'contact' THEN 'contacts'
	WHEN 'organization' THEN 'organizations' WHEN 'phone' THEN 'phones'
	WHEN 'address' THEN 'addresses' END;
    EXECUTE format('SELECT version FROM %s WHERE id = $1', tbl)
	INTO seen USING e.stream_id;
    IF seen >= e.stream_version THEN
	RETURN;
    END IF;
    IF e.event_type ~ '^(contact|organization|phone|address)\.'
	'(created|updated|deleted)$' THEN
	PERFORM sb.apply_entity(e, tbl);
	IF e.event_type LIKE '%.deleted' THEN
	    PERFORM sb.apply_deleted_links(e);
	END IF;
    ELSIF e.event_type LIKE 'organization.contact.%' THEN
	PERFORM sb.apply_organization_contact(e);
    ELSIF e.event_type LIKE 'contact.email.%' THEN
	PERFORM sb.apply_email(e);
    ELSIF e.event_type IN ('contact.merged', 'contact.merged_into',
	'contact.unmerged') THEN
	PERFORM sb.apply_merge(e);
    ELSE
	PERFORM sb.apply_link_event(e);
    END IF;
    EXECUTE format('UPDATE %s SET version = $2, updated_at = $3 %s '
	'WHERE id = $1', tbl, CASE WHEN tbl IN ('contacts'::regclass,
	'organizations'::regclass) THEN ', updated_by = $4' ELSE '' END)
	USING e.stream_id, e.stream_version, e.recorded_at, e.actor;
END
$_$;

-- Insert a junction row, or revive a soft-deleted one; nothing when the
-- link is already active.
CREATE OR REPLACE FUNCTION sb.apply_link(tbl regclass, a_col text, a uuid, b_col
    text, b uuid, at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
BEGIN
    EXECUTE format('INSERT INTO %1$s AS j (%2$I, %3$I, linked_at) '
	'VALUES ($1, $2, $3) ON CONFLICT (%2$I, %3$I) DO UPDATE '
	'SET linked_at = EXCLUDED.linked_at, deleted_at = NULL '
	'WHERE j.deleted_at IS NOT NULL', tbl, a_col, b_col)
	USING a, b, at;
END
$_$;

-- Links between two entities: X.Y.linked, X.Y.unlinked, plus
-- contact.phone.added (a phone just created on its own stream, linked) and
-- contact.phone.primary_set.
CREATE OR REPLACE FUNCTION sb.apply_link_event(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    prefix text := regexp_replace(e.event_type, '\.[a-z_]+$', '');
    verb text := substring(e.event_type from '[a-z_]+$');
    l record;
    b uuid;
BEGIN
    SELECT * INTO l FROM sb.link_table(prefix);
    IF l.tbl IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END IF;
    b := (e.payload->>l.b_col)::uuid;
    CASE verb
    WHEN 'linked', 'added' THEN
	PERFORM sb.apply_link(l.tbl, l.a_col, e.stream_id, l.b_col, b,
	    e.recorded_at);
    WHEN 'unlinked' THEN
	PERFORM sb.apply_unlink(l.tbl, l.a_col, e.stream_id, l.b_col, b,
	    e.recorded_at);
    WHEN 'primary_set' THEN
	NULL;
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
    IF e.payload->'after' ? 'is_primary' THEN
	UPDATE contact_phones
	   SET is_primary = (e.payload->'after'->>'is_primary')::boolean
	 WHERE contact_id = e.stream_id AND phone_id = b
	   AND deleted_at IS NULL;
    END IF;
END
$_$;

-- organization.contact.{linked,unlinked,primary_set,validity_set}.
CREATE OR REPLACE FUNCTION sb.apply_organization_contact(e sb.domain_events)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    p jsonb := e.payload;
    c uuid := (e.payload->>'contact_id')::uuid;
    r text := e.payload->>'role';
BEGIN
    CASE e.event_type
    WHEN 'organization.contact.linked' THEN
	INSERT INTO organization_contacts AS j (organization_id, contact_id,
	    role, starts_on, ends_on, linked_at)
	VALUES (e.stream_id, c, r, (p->'after'->>'starts_on')::date,
	    (p->'after'->>'ends_on')::date, e.recorded_at)
	ON CONFLICT (organization_id, contact_id, role) DO UPDATE
	SET linked_at = EXCLUDED.linked_at, deleted_at = NULL,
	    starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on
	WHERE j.deleted_at IS NOT NULL;
    WHEN 'organization.contact.unlinked' THEN
	UPDATE organization_contacts SET deleted_at = e.recorded_at,
	    is_primary = false
	 WHERE organization_id = e.stream_id AND contact_id = c AND role = r
	   AND deleted_at IS NULL;
    WHEN 'organization.contact.primary_set' THEN
	UPDATE organization_contacts
	   SET is_primary = (p->'after'->>'is_primary')::boolean
	 WHERE organization_id = e.stream_id AND contact_id = c AND role = r
	   AND deleted_at IS NULL;
    WHEN 'organization.contact.validity_set' THEN
	UPDATE organization_contacts
	   SET starts_on = (p->'after'->>'starts_on')::date,
	       ends_on = (p->'after'->>'ends_on')::date
	 WHERE organization_id = e.stream_id AND contact_id = c AND role = r
	   AND deleted_at IS NULL;
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
END
$$;

-- Common columns of a new entity row, taken from the event so that replay
-- reproduces them exactly.
CREATE OR REPLACE FUNCTION sb.apply_stamp(e sb.domain_events) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    RETURN jsonb_build_object('id', (e).stream_id, 'version',
        (e).stream_version, 'created_at', (e).recorded_at, 'updated_at',
        (e).recorded_at, 'updated_by', (e).actor);

-- Soft-delete links of tbl where col = id (and b_col = b when given).
CREATE OR REPLACE FUNCTION sb.apply_unlink(tbl regclass, a_col text, a uuid,
    b_col text, b uuid, at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    prim text := '';
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl
	AND attname = 'is_primary') THEN
	prim := ', is_primary = false';
    END IF;
    EXECUTE format('UPDATE %s SET deleted_at = $3%s WHERE %I = $1 '
	'AND ($2 IS NULL OR %I = $2) AND deleted_at IS NULL',
	tbl, prim, a_col, coalesce(b_col, a_col)) USING a, b, at;
END
$_$;

-- Set the columns named in after (and only those) on row id of tbl.
CREATE OR REPLACE FUNCTION sb.apply_update(tbl regclass, row_id uuid, after
    jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
      INTO cols
      FROM pg_attribute a
     WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
       AND after ? a.attname AND a.attname <> 'id';
    IF cols IS NULL THEN
	RETURN;
    END IF;
    EXECUTE format('UPDATE %s t SET (%s) = (SELECT %s FROM '
	'jsonb_populate_record(t, $1) r) WHERE t.id = $2',
	tbl, cols, regexp_replace(cols, '([^, ]+)', 'r.\1', 'g'))
	USING after, row_id;
END
$_$;

CREATE OR REPLACE FUNCTION sb.change_set(tbl regclass, cur jsonb, changes jsonb,
    allowed text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    bad text;
    new jsonb;
    k text;
    b jsonb := '{}';
    a jsonb := '{}';
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    IF jsonb_typeof(changes) IS DISTINCT FROM 'object' THEN
	PERFORM sb.raise_invalid('changes must be a JSON object');
    END IF;
    SELECT string_agg(key, ', ' ORDER BY key) INTO bad
      FROM jsonb_object_keys(changes) AS key WHERE key <> ALL (allowed);
    IF bad IS NOT NULL THEN
	PERFORM sb.raise_invalid(format('cannot change %s', bad),
	    format('changeable: %s', array_to_string(allowed, ', ')));
    END IF;
    EXECUTE format('SELECT to_jsonb(jsonb_populate_record(NULL::%s, $1))',
	tbl) INTO new USING cur || changes;
    FOR k IN SELECT jsonb_object_keys(changes) LOOP
	IF cur->k IS DISTINCT FROM new->k THEN
	    b := b || jsonb_build_object(k, cur->k);
	    a := a || jsonb_build_object(k, new->k);
	END IF;
    END LOOP;
    RETURN jsonb_build_object('before', b, 'after', a);
END
$_$;

-- SB004 when any of texts is longer than max characters. Commands call
-- it before any other work, so that a huge argument costs nothing more.
CREATE OR REPLACE FUNCTION sb.check_text(max integer, VARIADIC texts text[])
    RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(texts) AS t WHERE char_length(t) > max)
    THEN
	PERFORM sb.raise_invalid(format('a text is longer than %s '
	    'characters', max));
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION sb.check_text(max integer, VARIADIC texts text[]) TO
    switchboard_user;

-- The notification is only a wake-up call: readers re-read the log from
-- their cursor, so a lost one loses nothing. Its payload is empty, so it
-- tells a listener nothing its row-level security would hide, and the
-- server folds the identical notifications of one transaction into one.
-- NOTIFY is delivered at commit.
CREATE OR REPLACE FUNCTION sb.domain_events_notify() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM pg_notify('sb_events', '');
    RETURN NULL;
END
$$;

-- Projections follow the log in the same transaction as each append.
CREATE OR REPLACE FUNCTION sb.domain_events_project() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.apply_event(NEW);
    RETURN NULL;
END
$$;

-- Append-only: refused for everyone, owner and superuser included, even
-- when no row would match (statement triggers fire regardless).
CREATE OR REPLACE FUNCTION sb.domain_events_refuse() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'SB005',
	MESSAGE = format('the event log is append-only: %s refused', TG_OP);
END
$$;

CREATE OR REPLACE FUNCTION sb.entity_create(stream_type text, after jsonb)
    RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    id uuid := gen_random_uuid();
BEGIN
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id, 0,
	stream_type || '.created', jsonb_build_object('after', after));
    RETURN id;
END
$$;

CREATE OR REPLACE FUNCTION sb.entity_delete(stream_type text, id uuid,
    expected_version integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
	expected_version, stream_type || '.deleted', jsonb_build_object(
	'before', sb.entity_get(stream_type, id) - 'version' - 'created_at'
	    - 'updated_at' - 'updated_by' - 'deleted_at' - 'merged_into'));
END
$$;

-- SB001 unless the entity is at version seen, for what the caller sees
-- only (SB003 otherwise).
CREATE OR REPLACE FUNCTION sb.entity_expect(stream_type text, id uuid, seen
    integer) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur integer;
BEGIN
    IF stream_type IS DISTINCT FROM 'phone'
	AND stream_type IS DISTINCT FROM 'address' THEN
	PERFORM sb.raise_invalid('no such kind of item');
    END IF;
    PERFORM sb.authorize(stream_type || '.see', id);
    PERFORM pg_advisory_xact_lock(hashtext(stream_type),
	hashtext(id::text));
    cur := (sb.entity_get(stream_type, id)->>'version')::integer;
    IF cur IS DISTINCT FROM seen THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = format('%s %s was changed by someone else '
		'(now at version %s, expected %s)', stream_type, id, cur,
		seen),
	    HINT = 'Look again and make the change again.';
    END IF;
    RETURN id;
END
$$;

GRANT EXECUTE ON FUNCTION sb.entity_expect(stream_type text, id uuid, seen
    integer) TO switchboard_user;

-- The row of an entity as jsonb; SB003 when it is missing or deleted.
CREATE OR REPLACE FUNCTION sb.entity_get(stream_type text, id uuid) RETURNS
    jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    r jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE t.id = $1',
	sb.stream_table(stream_type)) INTO r USING id;
    IF r IS NULL OR (r->>'deleted_at') IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('%s %s not found', stream_type, id);
    END IF;
    RETURN r;
END
$_$;

-- Update an entity from a change set; returns its new version (the same
-- one when nothing changed). SB001 when expected_version is stale.
CREATE OR REPLACE FUNCTION sb.entity_update(stream_type text, id uuid,
    expected_version integer, changes jsonb, allowed text[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur jsonb := sb.entity_get(stream_type, id);
    d jsonb;
BEGIN
    d := sb.change_set(sb.stream_table(stream_type), cur, changes, allowed);
    IF d->'after' = '{}' THEN
	IF expected_version IS DISTINCT FROM (cur->>'version')::integer
	    AND expected_version IS NOT NULL THEN
	    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
		expected_version, stream_type || '.updated', d);
	END IF;
	RETURN (cur->>'version')::integer;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
	expected_version, stream_type || '.updated', d);
    RETURN (sb.entity_get(stream_type, id)->>'version')::integer;
END
$$;

-- SB004 unless every key of e's payload is one its type defines: at the
-- top, and inside "before" and "after" (objects, or null). A deletion's
-- "before" is the whole row it ended, search keys and id included; it is
-- kept for the history and never applied.
CREATE OR REPLACE FUNCTION sb.event_check(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    verb text := substring(e.event_type from '[a-z_]+$');
    prefix text := regexp_replace(e.event_type, '\.[a-z_]+$', '');
    top text[];
    fields text[];
    bad text;
BEGIN
    IF e.event_type ~ '^(contact|organization|phone|address)\.'
	'(created|updated|deleted)$' THEN
	top := CASE verb WHEN 'created' THEN ARRAY['after']
	    WHEN 'updated' THEN ARRAY['before', 'after']
	    ELSE ARRAY['before'] END;
	fields := sb.event_fields(e.stream_type) || CASE verb
	    WHEN 'deleted' THEN ARRAY['id', 'name_key', 'word_key',
		'last_word_key', 'search_key'] ELSE '{}' END;
    ELSIF e.event_type IN ('contact.merged', 'contact.merged_into',
	'contact.unmerged') THEN
	top := ARRAY['merge_id', 'merged_ids', 'survivor_id', 'before',
	    'after'];
	fields := sb.event_fields('contact');
    ELSIF prefix = 'organization.contact' THEN
	top := ARRAY['contact_id', 'role', 'before', 'after'];
	fields := ARRAY['starts_on', 'ends_on', 'is_primary'];
    ELSIF prefix = 'contact.email' THEN
	top := ARRAY['email_id', 'before', 'after'];
	fields := sb.event_fields('email');
    ELSIF (sb.link_table(prefix)).tbl IS NOT NULL THEN
	top := ARRAY[(sb.link_table(prefix)).b_col, 'before', 'after'];
	fields := ARRAY['is_primary'];
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END IF;
    SELECT string_agg(DISTINCT x.k, ', ') INTO bad FROM (
	SELECT k FROM jsonb_object_keys(e.payload) AS k
	 WHERE k <> ALL (top)
	UNION ALL
	SELECT p.key || ' (not an object)' FROM jsonb_each(e.payload) p
	 WHERE p.key IN ('before', 'after')
	   AND jsonb_typeof(p.value) NOT IN ('object', 'null')
	UNION ALL
	SELECT p.key || '.' || k FROM jsonb_each(e.payload) p,
	    jsonb_object_keys(CASE jsonb_typeof(p.value) WHEN 'object'
		THEN p.value ELSE '{}' END) AS k
	 WHERE p.key IN ('before', 'after') AND k <> ALL (fields)) x;
    IF bad IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('an event %s may not carry %s', e.event_type,
		bad);
    END IF;
END
$_$;

-- The fields of an entity (or of an email) that events carry.
CREATE OR REPLACE FUNCTION sb.event_fields(stream text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    RETURN CASE stream WHEN 'contact'::text THEN ARRAY['first_name'::text,
        'last_name'::text, 'title'::text, 'preferred_contact_method'::text,
        'do_not_contact'::text, 'active'::text, 'owner_organization_id'::text,
        'source_system'::text, 'source_record_id'::text]
        WHEN 'organization'::text THEN ARRAY['name'::text, 'kind'::text,
        'subdomain'::text, 'referring_partner_id'::text, 'active'::text] WHEN
        'phone'::text THEN ARRAY['number'::text, 'e164'::text,
        'extension'::text, 'type'::text, 'sms_capable'::text] WHEN
        'address'::text THEN ARRAY['type'::text, 'country'::text, 'label'::text,
        'street1'::text, 'street2'::text, 'city'::text, 'region'::text,
        'postal_code'::text] WHEN 'email'::text THEN ARRAY['address'::text,
        'type'::text, 'is_primary'::text] ELSE NULL::text[] END;

-- The columns of tbl a row insert writes (not the generated ones).
CREATE OR REPLACE FUNCTION sb.insert_columns(tbl regclass, prefix text DEFAULT
    ''::text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    RETURN (SELECT string_agg((insert_columns.prefix ||
        quote_ident((a.attname)::text)), ', '::text ORDER BY a.attnum) AS
        string_agg FROM pg_attribute a WHERE ((a.attrelid =
        (insert_columns.tbl)::oid) AND (a.attnum > 0) AND (NOT a.attisdropped)
        AND (a.attgenerated = ''::"char")));

-- The junction table behind a link event prefix such as "contact.phone".
CREATE OR REPLACE FUNCTION sb.link_table(prefix text, OUT tbl regclass, OUT
    a_col text, OUT b_col text) RETURNS record
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 SELECT (v.t)::regclass AS t,
     v.a,
     v.b
    FROM ( VALUES
        ('contact.phone'::text,'sb.contact_phones'::text,'contact_id'::text,'phone_id'::text), ('contact.address'::text,'sb.contact_addresses'::text,'contact_id'::text,'address_id'::text), ('phone.address'::text,'sb.phone_addresses'::text,'phone_id'::text,'address_id'::text), ('organization.phone'::text,'sb.organization_phones'::text,'organization_id'::text,'phone_id'::text), ('organization.address'::text,'sb.organization_addresses'::text,'organization_id'::text,'address_id'::text)) v(p, t, a, b)
   WHERE (v.p = link_table.prefix);
END;

CREATE OR REPLACE FUNCTION sb.raise_invalid(msg text, hint text DEFAULT
    NULL::text) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'SB004', MESSAGE = msg,
	HINT = coalesce(hint, '');
END
$$;

GRANT EXECUTE ON FUNCTION sb.raise_invalid(msg text, hint text) TO
    switchboard_user;

-- Empty every projection and replay the whole log in order. Returns the
-- number of events replayed. TRUNCATE waits for every transaction that
-- wrote a projection (each append does) and holds off new ones until the
-- replay commits, so the replay sees a complete log and later appends apply
-- to the rebuilt state.
CREATE OR REPLACE FUNCTION sb.rebuild_projections() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    e domain_events;
    n bigint := 0;
BEGIN
    TRUNCATE organization_contacts, organization_addresses,
	organization_phones, contact_phones, contact_addresses,
	phone_addresses, emails, phones, addresses, contacts, organizations;
    FOR e IN SELECT * FROM domain_events ORDER BY position LOOP
	PERFORM sb.apply_event(e);
	n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

-- The projection table of a stream type.
CREATE OR REPLACE FUNCTION sb.stream_table(stream_type text) RETURNS regclass
    LANGUAGE sql STABLE
    RETURN CASE stream_type WHEN 'contact'::text THEN 'sb.contacts'::regclass
        WHEN 'organization'::text THEN 'sb.organizations'::regclass WHEN
        'phone'::text THEN 'sb.phones'::regclass WHEN 'address'::text THEN
        'sb.addresses'::regclass ELSE NULL::regclass END;

CREATE TRIGGER domain_events_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON
    sb.domain_events FOR EACH STATEMENT EXECUTE FUNCTION
    sb.domain_events_refuse();

-- A command that projects its own events (sb.contact_import_batch) sets
-- sb.projected_by_caller while it appends them, and wakes the feed once;
-- sb.append_event refuses to append meanwhile.
CREATE TRIGGER domain_events_notify AFTER INSERT ON sb.domain_events FOR EACH
    ROW WHEN (current_setting('sb.projected_by_caller', true) IS DISTINCT FROM
    'on') EXECUTE FUNCTION sb.domain_events_notify();

CREATE TRIGGER domain_events_project AFTER INSERT ON sb.domain_events FOR EACH
    ROW WHEN (current_setting('sb.projected_by_caller', true) IS DISTINCT FROM
    'on') EXECUTE FUNCTION sb.domain_events_project();
