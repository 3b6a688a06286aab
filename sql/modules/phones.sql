-- Phones: numbers and their dialable form, and the phone commands.

CREATE OR REPLACE FUNCTION sb.contact_phone_add(contact uuid, number text, type
    text, extension text DEFAULT NULL::text, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL::text, make_primary boolean DEFAULT false) RETURNS
    uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    phone uuid;
BEGIN
    PERFORM sb.check_text(100, number, type, extension, e164);
    PERFORM sb.authorize('contact.change', contact);
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

GRANT EXECUTE ON FUNCTION sb.contact_phone_add(contact uuid, number text, type
    text, extension text, sms_capable boolean, e164 text, make_primary boolean)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_phone_clear_primary(contact uuid, phone
    uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.authorize('contact.change', contact);
    IF NOT sb.contact_phone_is_primary(contact, phone) THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_phone_mark(contact, phone, false);
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_phone_clear_primary(contact uuid, phone
    uuid) TO switchboard_user;

-- Whether phone is contact's primary phone; SB003 when it is not linked.
CREATE OR REPLACE FUNCTION sb.contact_phone_is_primary(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur boolean;
BEGIN
    SELECT is_primary INTO cur FROM contact_phones
     WHERE contact_id = contact AND phone_id = phone AND deleted_at IS NULL;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003', MESSAGE = format(
	    'phone %s is not linked to contact %s', phone, contact);
    END IF;
    RETURN cur;
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_phone_link(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('contact.phone'::text, contact, phone, true);

GRANT EXECUTE ON FUNCTION sb.contact_phone_link(contact uuid, phone uuid) TO
    switchboard_user;

-- The event that gives phone the primary mark (mark) or takes it off.
CREATE OR REPLACE FUNCTION sb.contact_phone_mark(contact uuid, phone uuid, mark
    boolean) RETURNS void
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT sb.append_event(gen_random_uuid(), 'contact'::text, contact,
     NULL::integer, 'contact.phone.primary_set'::text,
     jsonb_build_object('phone_id', phone, 'before',
     jsonb_build_object('is_primary', (NOT mark)), 'after',
     jsonb_build_object('is_primary', mark))) AS append_event;
END;

-- The previous primary phone loses the mark first, in its own event.
CREATE OR REPLACE FUNCTION sb.contact_phone_set_primary(contact uuid, phone
    uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    old uuid;
BEGIN
    PERFORM sb.authorize('contact.change', contact);
    IF sb.contact_phone_is_primary(contact, phone) THEN
	RETURN false;
    END IF;
    FOR old IN SELECT phone_id FROM contact_phones WHERE
	contact_id = contact AND is_primary AND deleted_at IS NULL LOOP
	PERFORM sb.contact_phone_mark(contact, old, false);
    END LOOP;
    PERFORM sb.contact_phone_mark(contact, phone, true);
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_phone_set_primary(contact uuid, phone uuid)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_phone_unlink(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('contact.phone'::text, contact, phone, false);

GRANT EXECUTE ON FUNCTION sb.contact_phone_unlink(contact uuid, phone uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_phone_add(org uuid, number text, type
    text, extension text DEFAULT NULL::text, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    phone uuid;
BEGIN
    PERFORM sb.check_text(100, number, type, extension, e164);
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.entity_get('organization', org);
    phone := sb.phone_create(number, type, extension, sms_capable, e164);
    PERFORM sb.append_event(gen_random_uuid(), 'organization', org, NULL,
	'organization.phone.linked', jsonb_build_object('phone_id', phone));
    RETURN phone;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_phone_add(org uuid, number text, type
    text, extension text, sms_capable boolean, e164 text) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_phone_link(org uuid, phone uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('organization.phone'::text, org, phone, true);

GRANT EXECUTE ON FUNCTION sb.organization_phone_link(org uuid, phone uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_phone_unlink(org uuid, phone uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('organization.phone'::text, org, phone, false);

GRANT EXECUTE ON FUNCTION sb.organization_phone_unlink(org uuid, phone uuid) TO
    switchboard_user;

-- Calling codes with their trunk prefix and the length range of the
-- national significant number: src/validate.c's table, row for row.
CREATE OR REPLACE FUNCTION sb.phone_countries() RETURNS TABLE(iso text, code
    text, trunk text, min_digits integer, max_digits integer)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('US', '1', '1', 10, 10), ('CA', '1', '1', 10, 10),
	('GB', '44', '0', 9, 10), ('DE', '49', '0', 6, 13),
	('FR', '33', '0', 9, 9), ('ES', '34', '', 9, 9),
	('IT', '39', '', 6, 11), ('NL', '31', '0', 9, 9),
	('SE', '46', '0', 7, 13), ('CH', '41', '0', 9, 9),
	('AU', '61', '0', 9, 9), ('JP', '81', '0', 9, 10),
	('CN', '86', '0', 7, 12), ('KR', '82', '0', 8, 10),
	('IN', '91', '0', 10, 10), ('BR', '55', '0', 10, 11),
	('IL', '972', '0', 8, 9), ('AE', '971', '0', 8, 9),
	('VN', '84', '0', 9, 10), ('MX', '52', '', 10, 10)
$$;

GRANT EXECUTE ON FUNCTION sb.phone_countries() TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.phone_create(number text, type text, extension
    text DEFAULT NULL::text, sms_capable boolean DEFAULT false, e164 text
    DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(100, number, type, extension, e164);
    PERFORM sb.authorize('item.create');
    RETURN sb.entity_create('phone', jsonb_build_object(
	'number', btrim(number), 'e164', sb.phone_e164(number, e164),
	'extension', sb.phone_extension(extension), 'type', type,
	'sms_capable', coalesce(sms_capable, false)));
END
$$;

GRANT EXECUTE ON FUNCTION sb.phone_create(number text, type text, extension
    text, sms_capable boolean, e164 text) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.phone_delete(id uuid, expected_version integer
    DEFAULT NULL::integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.authorize('phone.delete', id);
    PERFORM sb.entity_delete('phone', id, expected_version);
END
$$;

GRANT EXECUTE ON FUNCTION sb.phone_delete(id uuid, expected_version integer) TO
    switchboard_user;

-- The dialable form of number, or SB004 naming the rule it breaks.
-- claimed: the e164 the caller computed, or NULL; it must agree.
CREATE OR REPLACE FUNCTION sb.phone_dialable(number text, claimed text) RETURNS
    text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
DECLARE
    n text := btrim(number, ' ');
    digits text;
    intl text;
    nsn text;
    r text;
    c record;
BEGIN
    IF n IS NULL OR n = '' THEN
	PERFORM sb.raise_invalid('the phone number is empty');
    ELSIF char_length(n) > 50 THEN
	PERFORM sb.raise_invalid('the phone number is longer than 50 '
	    'characters');
    ELSIF n ~ '[[:alpha:]]' THEN
	PERFORM sb.raise_invalid('letters are not allowed in a phone '
	    'number', 'Put an extension in its own field.');
    ELSIF n !~ '^\+?[0-9 .()/,-]+$' THEN
	PERFORM sb.raise_invalid('a phone number holds only digits, '
	    'spaces, dots, dashes, slashes and parentheses, after an '
	    'optional leading +');
    END IF;
    -- "+44 (0)20 ...": the (0) is the trunk prefix, not dialled.
    IF n LIKE '+%' THEN
	n := regexp_replace(n, '([0-9])[ ]*\(0\)', '\1');
    END IF;
    digits := regexp_replace(n, '[^0-9]', '', 'g');
    IF digits = '' THEN
	PERFORM sb.raise_invalid('the phone number has no digits');
    END IF;
    IF n LIKE '+%' THEN
	intl := digits;
    ELSIF digits LIKE '00%' THEN
	intl := substr(digits, 3);
    END IF;
    IF intl IS NOT NULL THEN
	IF intl LIKE '0%' THEN
	    PERFORM sb.raise_invalid('a country code cannot start with 0');
	ELSIF length(intl) NOT BETWEEN 7 AND 15 THEN
	    PERFORM sb.raise_invalid('an international number has 7 to 15 '
		'digits');
	END IF;
	SELECT * INTO c FROM sb.phone_countries() k
	 WHERE intl LIKE k.code || '%'
	 ORDER BY length(k.code) DESC LIMIT 1;
	IF FOUND THEN
	    nsn := substr(intl, length(c.code) + 1);
	    IF c.trunk = '0' AND nsn LIKE '0%' THEN
		PERFORM sb.raise_invalid(format('the trunk prefix 0 does '
		    'not belong after +%s', c.code));
	    ELSIF length(nsn) NOT BETWEEN c.min_digits AND c.max_digits THEN
		PERFORM sb.raise_invalid(format('a number in %s has %s '
		    'digits after +%s, not %s', c.iso,
		    CASE WHEN c.min_digits = c.max_digits
			THEN c.min_digits::text
			ELSE c.min_digits || ' to ' || c.max_digits END,
		    c.code, length(nsn)));
	    END IF;
	END IF;
	r := '+' || intl;
	IF claimed IS NOT NULL AND claimed <> r THEN
	    PERFORM sb.raise_invalid(format('the dialable form %s is not the '
		'number %s', claimed, btrim(number)),
		'Leave it out: it is derived from the number.');
	END IF;
	RETURN r;
    END IF;
    IF claimed IS NULL THEN
	PERFORM sb.raise_invalid('the number has no country code',
	    'Start it with + or 00, or set a default country.');
    END IF;
    -- A national number: the claimed form must be it in some country.
    FOR c IN SELECT * FROM sb.phone_countries() LOOP
	nsn := digits;
	IF c.trunk <> '' AND nsn LIKE c.trunk || '%' AND
	    length(nsn) - length(c.trunk) >= c.min_digits THEN
	    nsn := substr(nsn, length(c.trunk) + 1);
	END IF;
	IF length(nsn) BETWEEN c.min_digits AND c.max_digits AND
	    length(c.code || nsn) <= 15 AND claimed = '+' || c.code || nsn THEN
	    RETURN claimed;
	END IF;
    END LOOP;
    PERFORM sb.raise_invalid(format('the dialable form %s is not the '
	'number %s in any country known here', claimed, btrim(number)),
	'Enter the number with + and its country code.');
    RETURN NULL;
END
$_$;

GRANT EXECUTE ON FUNCTION sb.phone_dialable(number text, claimed text) TO
    switchboard_user;

-- Every command that stores a number takes its e164 from here.
CREATE OR REPLACE FUNCTION sb.phone_e164(number text, e164 text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN sb.phone_dialable(number, e164);

-- An extension as stored: NULL for none, else 1 to 10 digits.
CREATE OR REPLACE FUNCTION sb.phone_extension(extension text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
BEGIN
    IF nullif(btrim(extension), '') IS NULL THEN
	RETURN NULL;
    ELSIF btrim(extension) !~ '^[0-9]{1,10}$' THEN
	PERFORM sb.raise_invalid('an extension is 1 to 10 digits');
    END IF;
    RETURN btrim(extension);
END
$_$;

-- E.164 form of a number as entered: "+" and digits kept, "00" read as
-- "+"; a national number needs default_cc (the country calling code,
-- trunk zeros dropped). NULL when no E.164 form can be told.
CREATE OR REPLACE FUNCTION sb.phone_normalize(number text, default_cc text
    DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
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
$_$;

GRANT EXECUTE ON FUNCTION sb.phone_normalize(number text, default_cc text) TO
    switchboard_user;

-- A change of number or e164 stores the e164 derived from the number the
-- phone will have; an e164 alone must be the current number's.
CREATE OR REPLACE FUNCTION sb.phone_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    number text;
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('phone.change', id);
    IF jsonb_typeof(changes) IS DISTINCT FROM 'object' THEN
	PERFORM sb.raise_invalid('changes must be a JSON object');
    END IF;
    IF changes ? 'number' OR changes ? 'e164' THEN
	number := coalesce(changes->>'number',
	    (SELECT p.number FROM phones p WHERE p.id = phone_update.id));
	changes := changes || jsonb_build_object('e164',
	    sb.phone_e164(number, changes->>'e164'));
    END IF;
    IF changes ? 'extension' THEN
	changes := changes || jsonb_build_object('extension',
	    sb.phone_extension(changes->>'extension'));
    END IF;
    RETURN sb.entity_update('phone', id, expected_version, changes,
	ARRAY['number', 'e164', 'extension', 'type', 'sms_capable']);
END
$$;

GRANT EXECUTE ON FUNCTION sb.phone_update(id uuid, expected_version integer,
    changes jsonb) TO switchboard_user;
