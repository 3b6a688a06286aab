-- Set-based projection of a range of the log, for bulk loads.
--
-- A bulk load appends its events with the per-row triggers off (the
-- cluster's superuser, session_replication_role = replica), then projects
-- the whole range here with one INSERT ... SELECT per event type instead of
-- one sb.apply_event call per event. The log stays the source of truth:
-- sb.rebuild_projections() on the result gives the same state.
--
-- Only what a load of new data records is handled: entities created,
-- emails added, links made, primary phones set. Any other event type in
-- the range is refused (SB004) before anything changes: replay those one
-- by one. The range must not be projected yet: a second run fails on the
-- primary keys of the entities it would create again.

-- Event types this path projects.
CREATE FUNCTION sb.bulk_event_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    RETURN ARRAY['organization.created', 'contact.created', 'phone.created',
	'address.created', 'contact.email.added', 'contact.phone.added',
	'contact.phone.primary_set', 'organization.contact.linked',
	'contact.phone.linked', 'contact.address.linked',
	'phone.address.linked', 'organization.phone.linked',
	'organization.address.linked'];

-- Refuse a range the set-based path cannot reproduce exactly.
CREATE FUNCTION sb.bulk_check(lo bigint, hi bigint) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(DISTINCT event_type, ', ') INTO bad
      FROM domain_events WHERE position BETWEEN lo AND hi
       AND event_type <> ALL (sb.bulk_event_types());
    IF bad IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('cannot project in bulk: event types %s', bad),
	    HINT = 'Replay the range with sb.apply_event.';
    END IF;
END
$$;

-- The range's events of one type.
CREATE FUNCTION sb.bulk_events(lo bigint, hi bigint, t text)
    RETURNS SETOF sb.domain_events
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM sb.domain_events
     WHERE position BETWEEN lo AND hi AND event_type = t ORDER BY position;
END;

-- Created entities of one stream type into their table.
CREATE FUNCTION sb.bulk_entities(lo bigint, hi bigint, p_type text)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    tbl regclass := sb.stream_table(p_type);
BEGIN
    EXECUTE format('INSERT INTO %s SELECT r.* FROM sb.bulk_events($1, $2, '
	'$3) e, jsonb_populate_record(NULL::%s, e.payload->''after'' || '
	'sb.apply_stamp(e)) r', tbl, tbl) USING lo, hi, p_type || '.created';
END
$$;

-- Links of the range, with apply_link's revival of a soft-deleted row.
CREATE FUNCTION sb.bulk_links(lo bigint, hi bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    p text;
    l record;
BEGIN
    INSERT INTO organization_contacts AS j (organization_id, contact_id,
	role, starts_on, ends_on, linked_at)
    SELECT e.stream_id, (e.payload->>'contact_id')::uuid, e.payload->>'role',
	(e.payload->'after'->>'starts_on')::date,
	(e.payload->'after'->>'ends_on')::date, e.recorded_at
      FROM sb.bulk_events(lo, hi, 'organization.contact.linked') e
    ON CONFLICT (organization_id, contact_id, role) DO UPDATE
    SET linked_at = EXCLUDED.linked_at, deleted_at = NULL,
	starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on
    WHERE j.deleted_at IS NOT NULL;
    FOREACH p IN ARRAY ARRAY['contact.phone', 'contact.address',
	'phone.address', 'organization.phone', 'organization.address'] LOOP
	SELECT * INTO l FROM sb.link_table(p);
	EXECUTE format('INSERT INTO %1$s AS j (%2$I, %3$I, linked_at) '
	    'SELECT e.stream_id, (e.payload->>%3$L)::uuid, e.recorded_at '
	    'FROM sb.domain_events e WHERE e.position BETWEEN $1 AND $2 '
	    'AND e.event_type IN ($3 || ''.linked'', $3 || ''.added'') '
	    'ORDER BY e.position ON CONFLICT (%2$I, %3$I) DO UPDATE '
	    'SET linked_at = EXCLUDED.linked_at, deleted_at = NULL '
	    'WHERE j.deleted_at IS NOT NULL', l.tbl, l.a_col, l.b_col)
	    USING lo, hi, p;
    END LOOP;
    -- The last primary mark of each contact phone wins, as in replay.
    UPDATE contact_phones c SET is_primary = m.is_primary
      FROM (SELECT DISTINCT ON (e.stream_id, e.payload->>'phone_id')
		e.stream_id, (e.payload->>'phone_id')::uuid AS phone_id,
		(e.payload->'after'->>'is_primary')::boolean AS is_primary
	      FROM domain_events e WHERE e.position BETWEEN lo AND hi
	       AND e.event_type IN ('contact.phone.added',
		   'contact.phone.linked', 'contact.phone.primary_set')
	       AND e.payload->'after' ? 'is_primary'
	     ORDER BY e.stream_id, e.payload->>'phone_id',
		e.position DESC) m
     WHERE c.contact_id = m.stream_id AND c.phone_id = m.phone_id
       AND c.deleted_at IS NULL;
END
$$;

-- Each stream's version and last change, as apply_event leaves them.
CREATE FUNCTION sb.bulk_versions(lo bigint, hi bigint, p_type text)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    EXECUTE format('UPDATE %s t SET version = l.stream_version, '
	'updated_at = l.recorded_at %s FROM (SELECT DISTINCT ON (stream_id) '
	'stream_id, stream_version, recorded_at, actor FROM sb.domain_events '
	'WHERE position BETWEEN $1 AND $2 AND stream_type = $3 '
	'ORDER BY stream_id, stream_version DESC) l '
	'WHERE t.id = l.stream_id AND (t.version, t.updated_at) IS DISTINCT '
	'FROM (l.stream_version, l.recorded_at)', sb.stream_table(p_type),
	CASE WHEN p_type IN ('contact', 'organization')
	THEN ', updated_by = l.actor' ELSE '' END) USING lo, hi, p_type;
END
$$;

-- Project events from_position to to_position (both included) set-based;
-- returns the number of events projected. Wakes the change feed once.
CREATE FUNCTION sb.bulk_project(from_position bigint, to_position bigint)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    t text;
    n bigint;
BEGIN
    PERFORM sb.bulk_check(from_position, to_position);
    FOREACH t IN ARRAY ARRAY['organization', 'contact', 'phone', 'address']
    LOOP
	PERFORM sb.bulk_entities(from_position, to_position, t);
    END LOOP;
    INSERT INTO emails SELECT r.*
      FROM sb.bulk_events(from_position, to_position,
	   'contact.email.added') e,
	jsonb_populate_record(NULL::emails, e.payload->'after' ||
	    jsonb_build_object('id', e.payload->>'email_id', 'contact_id',
		e.stream_id, 'created_at', e.recorded_at, 'updated_at',
		e.recorded_at)) r;
    PERFORM sb.bulk_links(from_position, to_position);
    FOREACH t IN ARRAY ARRAY['organization', 'contact', 'phone', 'address']
    LOOP
	PERFORM sb.bulk_versions(from_position, to_position, t);
    END LOOP;
    SELECT count(*) INTO n FROM domain_events
     WHERE position BETWEEN from_position AND to_position;
    PERFORM pg_notify('sb_events', '');
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sb.bulk_event_types(),
    sb.bulk_check(bigint, bigint),
    sb.bulk_events(bigint, bigint, text),
    sb.bulk_entities(bigint, bigint, text),
    sb.bulk_links(bigint, bigint),
    sb.bulk_versions(bigint, bigint, text),
    sb.bulk_project(bigint, bigint)
    FROM PUBLIC, switchboard_user;
