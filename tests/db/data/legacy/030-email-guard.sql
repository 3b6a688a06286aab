-- Nobody's change is overwritten silently. Emails have no version of
-- their own, so a change or a removal names the values it was made
-- against (what the form or the list showed) and is refused with SB001
-- when the email holds others. A phone or an address is taken off its
-- owner only at the version the person saw. The unchecked commands of 004
-- stay as they were for the command line and the demo.

-- SB001 unless the email holds the values in seen (only the keys given:
-- address, type, is_primary); SB003 when it is gone. Takes the contact
-- stream's lock first, as sb.append_event does, so no other change of the
-- email slips in between this check and the caller's event.
CREATE FUNCTION sb.contact_email_expect(contact uuid, email uuid,
    seen jsonb) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb;
    k text;
    diff text[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('contact'),
	hashtext(contact::text));
    SELECT jsonb_build_object('address', e.address, 'type', e.type,
	'is_primary', e.is_primary) INTO cur
      FROM emails e WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('email %s of contact %s not found', email,
		contact),
	    HINT = 'Someone else removed it; look again.';
    END IF;
    FOR k IN SELECT jsonb_object_keys(coalesce(seen, '{}')) LOOP
	IF NOT cur ? k THEN
	    PERFORM sb.raise_invalid(format('an email has no field %s', k));
	END IF;
	IF cur->>k IS DISTINCT FROM seen->>k THEN
	    diff := diff || k;
	END IF;
    END LOOP;
    IF cardinality(diff) > 0 THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = format('email %s was changed by someone else (%s)',
		email, array_to_string(diff, ', ')),
	    HINT = 'Look again and make the change again.';
    END IF;
END
$$;

-- sb.contact_email_change, only while the email still holds seen.
CREATE FUNCTION sb.contact_email_change_seen(contact uuid, email uuid,
    seen jsonb, changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_change(contact, email, changes);
END
$$;

-- sb.contact_email_remove, only while the email still holds seen; false
-- (nothing to do) when it is already gone.
CREATE FUNCTION sb.contact_email_remove_seen(contact uuid, email uuid,
    seen jsonb) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM emails e WHERE e.id = email
	AND e.contact_id = contact) THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_remove(contact, email);
END
$$;

-- id, when the phone or address id is still at version seen; SB001 when
-- someone else changed it since. Holds the stream's lock until the end of
-- the transaction, so the caller's link change follows what was checked.
CREATE FUNCTION sb.entity_expect(stream_type text, id uuid, seen integer)
    RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur integer;
BEGIN
    IF stream_type NOT IN ('phone', 'address') THEN
	PERFORM sb.raise_invalid(format('no versioned item %s',
	    stream_type));
    END IF;
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

-- The check is internal to the commands above; persons reach it only
-- through them (SECURITY INVOKER, so they keep the right to run it).
REVOKE EXECUTE ON FUNCTION sb.contact_email_expect(uuid, uuid, jsonb),
    sb.entity_expect(text, uuid, integer),
    sb.contact_email_change_seen(uuid, uuid, jsonb, jsonb),
    sb.contact_email_remove_seen(uuid, uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb.contact_email_expect(uuid, uuid, jsonb),
    sb.entity_expect(text, uuid, integer),
    sb.contact_email_change_seen(uuid, uuid, jsonb, jsonb),
    sb.contact_email_remove_seen(uuid, uuid, jsonb) TO switchboard_user;
