-- Commands for phones, addresses and emails, and the links between them,
-- contacts and organizations. SQLSTATEs: see 002.

-- E.164 form of a number as entered: "+" and digits kept, "00" read as
-- "+"; a national number needs default_cc (the country calling code,
-- trunk zeros dropped). NULL when no E.164 form can be told.
CREATE FUNCTION sb.phone_normalize(number text, default_cc text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    digits text := regexp_replace(number, '[^0-9]', '', 'g');
    r text;
BEGIN
    IF btrim(number) LIKE '+%' THEN
	r := '+' || digits;
    ELSIF digits LIKE '00%' THEN
	r := '+' || substr(digits, 3);
    ELSIF default_cc IS NOT NULL THEN
	r := '+' || regexp_replace(default_cc, '[^0-9]', '', 'g') ||
	    ltrim(digits, '0');
    END IF;
    IF r !~ '^\+[1-9][0-9]{6,14}$' THEN
	RETURN NULL;
    END IF;
    RETURN r;
END
$$;

CREATE FUNCTION sb.phone_e164(number text, e164 text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    r text := coalesce(e164, sb.phone_normalize(number));
BEGIN
    IF r IS NULL THEN
	PERFORM sb.raise_invalid(format('cannot tell the international form '
	    'of %s', number), 'Enter it with its country code, as in '
	    '+1 555 0100.');
    END IF;
    RETURN r;
END
$$;

CREATE FUNCTION sb.phone_create(number text, type text,
    extension text DEFAULT NULL, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE sql
    RETURN sb.entity_create('phone', jsonb_build_object(
	'number', btrim(number), 'e164', sb.phone_e164(number, e164),
	'extension', nullif(btrim(extension), ''), 'type', type,
	'sms_capable', coalesce(sms_capable, false)));

-- A new number without a new e164 gets its e164 recomputed.
CREATE FUNCTION sb.phone_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF changes ? 'number' AND NOT changes ? 'e164' THEN
	changes := changes || jsonb_build_object('e164',
	    sb.phone_e164(changes->>'number', NULL));
    END IF;
    RETURN sb.entity_update('phone', id, expected_version, changes,
	ARRAY['number', 'e164', 'extension', 'type', 'sms_capable']);
END
$$;

-- Deleting a phone ends every link to it.
CREATE FUNCTION sb.phone_delete(id uuid,
    expected_version integer DEFAULT NULL) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    SELECT sb.entity_delete('phone', id, expected_version);
END;

CREATE FUNCTION sb.address_create(type text, country text,
    label text DEFAULT NULL, street1 text DEFAULT NULL,
    street2 text DEFAULT NULL, city text DEFAULT NULL,
    region text DEFAULT NULL, postal_code text DEFAULT NULL) RETURNS uuid
    LANGUAGE sql
    RETURN sb.entity_create('address', jsonb_build_object('type', type,
	'country', upper(btrim(country)), 'label', nullif(btrim(label), ''),
	'street1', nullif(btrim(street1), ''),
	'street2', nullif(btrim(street2), ''),
	'city', nullif(btrim(city), ''), 'region', nullif(btrim(region), ''),
	'postal_code', nullif(btrim(postal_code), '')));

CREATE FUNCTION sb.address_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE sql
    RETURN sb.entity_update('address', id, expected_version, changes,
	ARRAY['type', 'country', 'label', 'street1', 'street2', 'city',
	    'region', 'postal_code']);

CREATE FUNCTION sb.address_delete(id uuid,
    expected_version integer DEFAULT NULL) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    SELECT sb.entity_delete('address', id, expected_version);
END;

-- Link (or unlink) a and b through the junction table of prefix, such as
-- "contact.phone"; the event goes on a's stream. Returns false, recording
-- nothing, when the link is already in the state asked for.
CREATE FUNCTION sb.link_set(prefix text, a uuid, b uuid, linked boolean)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    l record;
    active boolean;
BEGIN
    SELECT * INTO l FROM sb.link_table(prefix);
    IF l.tbl IS NULL THEN
	PERFORM sb.raise_invalid(format('no link %s', prefix));
    END IF;
    IF linked THEN
	PERFORM sb.entity_get(split_part(prefix, '.', 1), a);
	PERFORM sb.entity_get(split_part(prefix, '.', 2), b);
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1 AND '
	'%I = $2 AND deleted_at IS NULL)', l.tbl, l.a_col, l.b_col)
	INTO active USING a, b;
    IF active = linked THEN
	RETURN false;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), split_part(prefix, '.', 1),
	a, NULL, prefix || CASE WHEN linked THEN '.linked' ELSE '.unlinked'
	END, jsonb_build_object(l.b_col, b));
    RETURN true;
END
$$;

CREATE FUNCTION sb.contact_phone_link(contact uuid, phone uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('contact.phone', contact, phone, true);
CREATE FUNCTION sb.contact_phone_unlink(contact uuid, phone uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('contact.phone', contact, phone, false);
CREATE FUNCTION sb.contact_address_link(contact uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('contact.address', contact, address, true);
CREATE FUNCTION sb.contact_address_unlink(contact uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('contact.address', contact, address, false);
CREATE FUNCTION sb.phone_address_link(phone uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('phone.address', phone, address, true);
CREATE FUNCTION sb.phone_address_unlink(phone uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('phone.address', phone, address, false);
CREATE FUNCTION sb.organization_phone_link(org uuid, phone uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('organization.phone', org, phone, true);
CREATE FUNCTION sb.organization_phone_unlink(org uuid, phone uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('organization.phone', org, phone, false);
CREATE FUNCTION sb.organization_address_link(org uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('organization.address', org, address, true);
CREATE FUNCTION sb.organization_address_unlink(org uuid, address uuid)
    RETURNS boolean LANGUAGE sql
    RETURN sb.link_set('organization.address', org, address, false);

-- Make phone the contact's primary phone; the previous one loses the mark
-- first, in its own event. Returns false if it already is.
CREATE FUNCTION sb.contact_phone_set_primary(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur boolean;
    old uuid;
BEGIN
    SELECT is_primary INTO cur FROM contact_phones
     WHERE contact_id = contact AND phone_id = phone AND deleted_at IS NULL;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003', MESSAGE = format(
	    'phone %s is not linked to contact %s', phone, contact);
    ELSIF cur THEN
	RETURN false;
    END IF;
    FOR old IN SELECT phone_id FROM contact_phones WHERE
	contact_id = contact AND is_primary AND deleted_at IS NULL LOOP
	PERFORM sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	    'contact.phone.primary_set', jsonb_build_object('phone_id', old,
	    'before', '{"is_primary": true}'::jsonb,
	    'after', '{"is_primary": false}'::jsonb));
    END LOOP;
    PERFORM sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.phone.primary_set', jsonb_build_object('phone_id', phone,
	'before', '{"is_primary": false}'::jsonb,
	'after', '{"is_primary": true}'::jsonb));
    RETURN true;
END
$$;

-- A new phone, linked to contact at once (and made primary if asked).
CREATE FUNCTION sb.contact_phone_add(contact uuid, number text, type text,
    extension text DEFAULT NULL, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL, make_primary boolean DEFAULT false)
    RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    phone uuid;
BEGIN
    PERFORM sb.entity_get('contact', contact);
    phone := sb.phone_create(number, type, extension, sms_capable, e164);
    PERFORM sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.phone.added', jsonb_build_object('phone_id', phone));
    IF make_primary THEN
	PERFORM sb.contact_phone_set_primary(contact, phone);
    END IF;
    RETURN phone;
END
$$;

-- Emails.

CREATE FUNCTION sb.contact_email_event(contact uuid, verb text, email uuid,
    before jsonb, after jsonb) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    SELECT sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.email.' || verb, jsonb_build_object('email_id', email,
	'before', before, 'after', after));
END;

-- Take the primary mark off the contact's primary email, if any.
CREATE FUNCTION sb.contact_email_clear_primary(contact uuid) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

CREATE FUNCTION sb.contact_email_add(contact uuid, address text,
    type text DEFAULT 'work', make_primary boolean DEFAULT false)
    RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    email uuid := gen_random_uuid();
BEGIN
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

-- changes: address, type and is_primary. Returns false when nothing
-- changed.
CREATE FUNCTION sb.contact_email_change(contact uuid, email uuid,
    changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb;
    d jsonb;
BEGIN
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

CREATE FUNCTION sb.contact_email_remove(contact uuid, email uuid)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb;
BEGIN
    SELECT to_jsonb(e) - 'contact_id' - 'id' - 'created_at' - 'updated_at'
      INTO cur FROM emails e WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_event(contact, 'removed', email, cur, NULL);
    RETURN true;
END
$$;
