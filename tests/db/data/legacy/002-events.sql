-- The append-only event log and the functions that project it.
--
-- SQLSTATEs raised by sb functions (class SB is ours; the program maps
-- them to its status codes):
--   SB001  conflict: the stream changed since the caller read it
--   SB002  refused: the contact is still linked by other organizations
--   SB003  not found: no such row, or it was deleted
--   SB004  invalid change: unknown or read-only field, bad argument
--   SB005  append-only: events cannot be changed or removed
--
-- Streams are the entities: contact, organization, phone, address. Emails
-- and a contact's links are on the contact's stream, an organization's
-- links on its stream, a phone's addresses on the phone's stream. Payloads
-- name the other side of a link at the top level and carry "before" and
-- "after" objects holding only the fields that changed (all of them for a
-- creation).

CREATE TABLE sb.domain_events (
    position	bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id	uuid NOT NULL UNIQUE,
    stream_type	text NOT NULL CHECK (stream_type IN
		('contact', 'organization', 'phone', 'address')),
    stream_id	uuid NOT NULL,
    stream_version integer NOT NULL CHECK (stream_version > 0),
    event_type	text NOT NULL
		CHECK (event_type ~ '^[a-z_]+(\.[a-z_]+)+$'),
    payload	jsonb NOT NULL DEFAULT '{}'
		CHECK (jsonb_typeof(payload) = 'object'),
    actor	text NOT NULL DEFAULT current_user,
    recorded_at	timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_type, stream_id, stream_version)
);
CREATE INDEX domain_events_type ON sb.domain_events (event_type);

-- Append-only: refused for everyone, owner and superuser included, even
-- when no row would match (statement triggers fire regardless).
CREATE FUNCTION sb.domain_events_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'SB005',
	MESSAGE = format('the event log is append-only: %s refused', TG_OP);
END
$$;
CREATE TRIGGER domain_events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON sb.domain_events
    FOR EACH STATEMENT EXECUTE FUNCTION sb.domain_events_refuse();
REVOKE ALL ON sb.domain_events FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON sb.domain_events FROM switchboard_owner;

-- Projection helpers. They trust the log (commands validated it) but
-- quote every identifier; none is callable by other roles.
CREATE FUNCTION sb.apply_create(tbl regclass, rec jsonb) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO %s SELECT * FROM '
	'jsonb_populate_record(NULL::%s, $1) ON CONFLICT DO NOTHING',
	tbl, tbl) USING rec;
END
$$;

-- Set the columns named in after (and only those) on row id of tbl.
CREATE FUNCTION sb.apply_update(tbl regclass, row_id uuid, after jsonb)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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
$$;

-- Insert a junction row, or revive a soft-deleted one; nothing when the
-- link is already active.
CREATE FUNCTION sb.apply_link(tbl regclass, a_col text, a uuid, b_col text,
    b uuid, at timestamptz) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO %1$s AS j (%2$I, %3$I, linked_at) '
	'VALUES ($1, $2, $3) ON CONFLICT (%2$I, %3$I) DO UPDATE '
	'SET linked_at = EXCLUDED.linked_at, deleted_at = NULL '
	'WHERE j.deleted_at IS NOT NULL', tbl, a_col, b_col)
	USING a, b, at;
END
$$;

-- Soft-delete links of tbl where col = id (and b_col = b when given).
CREATE FUNCTION sb.apply_unlink(tbl regclass, a_col text, a uuid,
    b_col text, b uuid, at timestamptz) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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
$$;

-- The junction table behind a link event prefix such as "contact.phone".
CREATE FUNCTION sb.link_table(prefix text, OUT tbl regclass,
    OUT a_col text, OUT b_col text)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT v.t::regclass, v.a, v.b FROM (VALUES
	('contact.phone', 'sb.contact_phones', 'contact_id', 'phone_id'),
	('contact.address', 'sb.contact_addresses', 'contact_id',
	    'address_id'),
	('phone.address', 'sb.phone_addresses', 'phone_id', 'address_id'),
	('organization.phone', 'sb.organization_phones', 'organization_id',
	    'phone_id'),
	('organization.address', 'sb.organization_addresses',
	    'organization_id', 'address_id')) AS v (p, t, a, b)
    WHERE v.p = prefix;
END;

-- Common columns of a new entity row, taken from the event so that replay
-- reproduces them exactly.
CREATE FUNCTION sb.apply_stamp(e sb.domain_events) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    RETURN jsonb_build_object('id', e.stream_id,
	'version', e.stream_version, 'created_at', e.recorded_at,
	'updated_at', e.recorded_at, 'updated_by', e.actor);

CREATE FUNCTION sb.apply_entity(e sb.domain_events, tbl regclass)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

-- What deleting an entity does to the links that reach it.
CREATE FUNCTION sb.apply_deleted_links(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

-- organization.contact.{linked,unlinked,primary_set,validity_set}.
CREATE FUNCTION sb.apply_organization_contact(e sb.domain_events)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

-- contact.email.{added,changed,removed}.
CREATE FUNCTION sb.apply_email(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    id uuid := (e.payload->>'email_id')::uuid;
BEGIN
    CASE e.event_type
    WHEN 'contact.email.added' THEN
	PERFORM sb.apply_create('emails', e.payload->'after' ||
	    jsonb_build_object('id', id, 'contact_id', e.stream_id,
		'created_at', e.recorded_at, 'updated_at', e.recorded_at));
    WHEN 'contact.email.changed' THEN
	PERFORM sb.apply_update('emails', id, e.payload->'after' ||
	    jsonb_build_object('updated_at', e.recorded_at));
    WHEN 'contact.email.removed' THEN
	DELETE FROM emails WHERE emails.id = apply_email.id;
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
END
$$;

-- Links between two entities: X.Y.linked, X.Y.unlinked, plus
-- contact.phone.added (a phone just created on its own stream, linked) and
-- contact.phone.primary_set.
CREATE FUNCTION sb.apply_link_event(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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
$$;

-- The projection of one event. Idempotent: an event whose stream version
-- the projection has already seen changes nothing. Uses only the event
-- (never now() or random()), so replaying the log reproduces the state.
CREATE FUNCTION sb.apply_event(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    tbl regclass;
    seen integer;
BEGIN
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
    ELSE
	PERFORM sb.apply_link_event(e);
    END IF;
    EXECUTE format('UPDATE %s SET version = $2, updated_at = $3 %s '
	'WHERE id = $1', tbl, CASE WHEN tbl IN ('contacts'::regclass,
	'organizations'::regclass) THEN ', updated_by = $4' ELSE '' END)
	USING e.stream_id, e.stream_version, e.recorded_at, e.actor;
END
$$;

-- Projections follow the log in the same transaction as each append.
CREATE FUNCTION sb.domain_events_project() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.apply_event(NEW);
    RETURN NULL;
END
$$;
CREATE TRIGGER domain_events_project AFTER INSERT ON sb.domain_events
    FOR EACH ROW EXECUTE FUNCTION sb.domain_events_project();

-- Append one event to its stream and return its position. expected_version
-- is the stream version the caller last saw (0 for a new stream; NULL to
-- skip the check): another value fails with SB001. An event_id already in
-- the log returns that event's position and applies nothing again, so a
-- client may retry a command whose commit it did not see.
CREATE FUNCTION sb.append_event(p_event_id uuid, p_stream_type text,
    p_stream_id uuid, p_expected_version integer, p_event_type text,
    p_payload jsonb) RETURNS bigint
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    pos bigint;
    cur integer;
BEGIN
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
	stream_version, event_type, payload)
    VALUES (p_event_id, p_stream_type, p_stream_id, cur + 1, p_event_type,
	coalesce(p_payload, '{}'))
    RETURNING position INTO pos;
    RETURN pos;
END
$$;

-- Empty every projection and replay the whole log in order. Returns the
-- number of events replayed. TRUNCATE waits for every transaction that
-- wrote a projection (each append does) and holds off new ones until the
-- replay commits, so the replay sees a complete log and later appends apply
-- to the rebuilt state.
CREATE FUNCTION sb.rebuild_projections() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

REVOKE EXECUTE ON FUNCTION sb.apply_create(regclass, jsonb),
    sb.apply_update(regclass, uuid, jsonb),
    sb.apply_link(regclass, text, uuid, text, uuid, timestamptz),
    sb.apply_unlink(regclass, text, uuid, text, uuid, timestamptz),
    sb.apply_entity(sb.domain_events, regclass),
    sb.apply_deleted_links(sb.domain_events),
    sb.apply_organization_contact(sb.domain_events),
    sb.apply_email(sb.domain_events),
    sb.apply_link_event(sb.domain_events),
    sb.apply_event(sb.domain_events),
    sb.rebuild_projections()
    FROM PUBLIC;
