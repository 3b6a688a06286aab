-- Emails: the entry check and a contact's email commands.

CREATE OR REPLACE FUNCTION sb.contact_email_add(contact uuid, address text, type
    text DEFAULT 'work'::text, make_primary boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    email uuid := gen_random_uuid();
BEGIN
    PERFORM sb.check_text(254, address, type);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.entity_get('contact', contact);
    IF make_primary THEN
	PERFORM sb.contact_email_clear_primary(contact);
    END IF;
    PERFORM sb.contact_email_event(contact, 'added', email, NULL,
	jsonb_build_object('address', btrim(address), 'type', type,
	    'is_primary', coalesce(make_primary, false)));
    RETURN email;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_email_add(contact uuid, address text, type
    text, make_primary boolean) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_email_change(contact uuid, email uuid,
    changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur jsonb;
    d jsonb;
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('contact.change', contact);
    SELECT to_jsonb(e) INTO cur FROM emails e
     WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('email %s of contact %s not found', email,
		contact);
    END IF;
    d := sb.change_set('sb.emails', cur, changes,
	ARRAY['address', 'type', 'is_primary']);
    IF d->'after' = '{}' THEN
	RETURN false;
    END IF;
    IF (d->'after'->>'is_primary')::boolean THEN
	PERFORM sb.contact_email_clear_primary(contact);
    END IF;
    PERFORM sb.contact_email_event(contact, 'changed', email, d->'before',
	d->'after');
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_email_change(contact uuid, email uuid,
    changes jsonb) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_email_change_seen(contact uuid, email
    uuid, seen jsonb, changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, seen::text, changes::text);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_change(contact, email, changes);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_email_change_seen(contact uuid, email uuid,
    seen jsonb, changes jsonb) TO switchboard_user;

-- Take the primary mark off the contact's primary email, if any.
CREATE OR REPLACE FUNCTION sb.contact_email_clear_primary(contact uuid) RETURNS
    void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    old uuid;
BEGIN
    FOR old IN SELECT id FROM emails WHERE contact_id = contact
	AND is_primary LOOP
	PERFORM sb.contact_email_event(contact, 'changed', old,
	    '{"is_primary": true}', '{"is_primary": false}');
    END LOOP;
END
$$;

-- Every email event of a command passes here: an address it sets is
-- checked first.
CREATE OR REPLACE FUNCTION sb.contact_email_event(contact uuid, verb text, email
    uuid, before jsonb, after jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF after ? 'address' THEN
	after := after || jsonb_build_object('address',
	    sb.email_check(after->>'address'));
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.email.' || verb, jsonb_build_object('email_id', email,
	'before', before, 'after', after));
END
$$;

-- SB001 unless the email holds the values in seen (only the keys given:
-- address, type, is_primary); SB003 when it is gone. Takes the contact
-- stream's lock first, as sb.append_event does, so no other change of the
-- email slips in between this check and the caller's event.
CREATE OR REPLACE FUNCTION sb.contact_email_expect(contact uuid, email uuid,
    seen jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
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

CREATE OR REPLACE FUNCTION sb.contact_email_remove(contact uuid, email uuid)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur jsonb;
BEGIN
    PERFORM sb.authorize('contact.change', contact);
    SELECT to_jsonb(e) - 'contact_id' - 'id' - 'created_at' - 'updated_at'
      INTO cur FROM emails e WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_event(contact, 'removed', email, cur, NULL);
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_email_remove(contact uuid, email uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_email_remove_seen(contact uuid, email
    uuid, seen jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, seen::text);
    PERFORM sb.authorize('contact.change', contact);
    IF NOT EXISTS (SELECT 1 FROM emails e WHERE e.id = email
	AND e.contact_id = contact) THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_remove(contact, email);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_email_remove_seen(contact uuid, email uuid,
    seen jsonb) TO switchboard_user;

-- An email address as RFC 5321 bounds it, or SB004 naming the rule: no
-- controls, spaces or invisible marks, one @, a local part of at most 64
-- bytes, a domain of at most 253 bytes in dot-separated labels of 1 to
-- 63 bytes, 254 bytes in all.
CREATE OR REPLACE FUNCTION sb.email_check(address text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
DECLARE
    a text := btrim(address, ' ');
    local text;
    domain text;
BEGIN
    IF a IS NULL OR a = '' THEN
	PERFORM sb.raise_invalid('the email address is empty');
    ELSIF octet_length(a) > 254 THEN
	PERFORM sb.raise_invalid('an email address has at most 254 bytes');
    ELSIF a ~ '[\x01-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]'
    THEN
	PERFORM sb.raise_invalid('an email address holds no control or '
	    'invisible characters');
    ELSIF a ~ '[[:space:]]' THEN
	PERFORM sb.raise_invalid('an email address holds no spaces');
    ELSIF a !~ '^[^@]+@[^@]+$' THEN
	PERFORM sb.raise_invalid('an email address has exactly one @ with '
	    'text on both sides', 'Write it as name@example.com.');
    END IF;
    local := split_part(a, '@', 1);
    domain := split_part(a, '@', 2);
    IF octet_length(local) > 64 THEN
	PERFORM sb.raise_invalid('the part of an email address before the '
	    '@ has at most 64 bytes');
    ELSIF octet_length(domain) > 253 OR domain !~ '\.' OR EXISTS (
	SELECT 1 FROM unnest(string_to_array(domain, '.')) AS l
	 WHERE octet_length(l) NOT BETWEEN 1 AND 63) THEN
	PERFORM sb.raise_invalid('the domain of an email address is '
	    'labels of 1 to 63 bytes joined by dots, 253 bytes at most',
	    'Write it as name@example.com.');
    END IF;
    RETURN a;
END
$_$;

GRANT EXECUTE ON FUNCTION sb.email_check(address text) TO switchboard_user;
