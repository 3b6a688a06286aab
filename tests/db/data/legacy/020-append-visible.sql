-- A person could not create anything: append_event inserted the event with
-- RETURNING, and PostgreSQL then also checks the new row against the
-- SELECT policy, which lets a person see a stream they created only once
-- its first event is applied, by the AFTER trigger, later in the statement.
-- The position is now read back in a statement of its own, after the
-- trigger has run. Nothing else changes.
CREATE OR REPLACE FUNCTION sb.append_event(p_event_id uuid,
    p_stream_type text, p_stream_id uuid, p_expected_version integer,
    p_event_type text, p_payload jsonb) RETURNS bigint
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
	coalesce(p_payload, '{}'));
    SELECT position INTO pos FROM domain_events
     WHERE event_id = p_event_id;
    RETURN pos;
END
$$;
