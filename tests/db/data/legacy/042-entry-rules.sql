-- What is stored is what is used: the server derives a phone's dialable
-- form (E.164) from the number itself, and takes an email only when it is
-- an address.
--
-- Before, sb.phone_e164 kept whatever e164 the caller passed, and read a
-- number by dropping everything but its digits: '+1 217 555 0101 Evil'
-- followed by escape sequences became +121755501012, and a caller could
-- store +19005550199 beside a number that showed +1 217 555 0100. The
-- screen shows the number; the c key and the tel: link use the e164.
-- Now the number must be digits with the usual separators only (letters,
-- controls and any other text refused, naming the rule), and the e164 is
-- computed from it. A national number (no + or 00) has no country of its
-- own: the caller names it by passing the e164 it computed with its
-- default country, which is taken only when it is exactly that number in
-- one of the countries below. The rules are those of src/validate.c;
-- tests/test-schema.c checks that both give the same answers.
--
-- Stored rows are left as they are (the event log replays to the same
-- projections); the details pane shows the dialable form beside any
-- number whose digits differ from it.

-- Calling codes with their trunk prefix and the length range of the
-- national significant number: src/validate.c's table, row for row.
CREATE FUNCTION sb.phone_countries()
    RETURNS TABLE (iso text, code text, trunk text, min_digits integer,
	max_digits integer)
    LANGUAGE sql IMMUTABLE AS $$
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

-- The dialable form of number, or SB004 naming the rule it breaks.
-- claimed: the e164 the caller computed, or NULL; it must agree.
CREATE FUNCTION sb.phone_dialable(number text, claimed text)
    RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
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
$$;


-- Every command that stores a number takes its e164 from here.
CREATE OR REPLACE FUNCTION sb.phone_e164(number text, e164 text)
    RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN sb.phone_dialable(number, e164);

-- An extension as stored: NULL for none, else 1 to 10 digits.
CREATE FUNCTION sb.phone_extension(extension text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF nullif(btrim(extension), '') IS NULL THEN
	RETURN NULL;
    ELSIF btrim(extension) !~ '^[0-9]{1,10}$' THEN
	PERFORM sb.raise_invalid('an extension is 1 to 10 digits');
    END IF;
    RETURN btrim(extension);
END
$$;

CREATE OR REPLACE FUNCTION sb.phone_create(number text, type text,
    extension text DEFAULT NULL, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, number, type, extension, e164);
    PERFORM sb.authorize('item.create');
    RETURN sb.entity_create('phone', jsonb_build_object(
	'number', btrim(number), 'e164', sb.phone_e164(number, e164),
	'extension', sb.phone_extension(extension), 'type', type,
	'sms_capable', coalesce(sms_capable, false)));
END
$$;

-- A change of number or e164 stores the e164 derived from the number the
-- phone will have; an e164 alone must be the current number's.
CREATE OR REPLACE FUNCTION sb.phone_update(id uuid,
    expected_version integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- An email address as RFC 5321 bounds it, or SB004 naming the rule: no
-- controls, spaces or invisible marks, one @, a local part of at most 64
-- bytes, a domain of at most 253 bytes in dot-separated labels of 1 to
-- 63 bytes, 254 bytes in all.
CREATE FUNCTION sb.email_check(address text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
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
$$;

-- Every email event of a command passes here: an address it sets is
-- checked first.
CREATE OR REPLACE FUNCTION sb.contact_email_event(contact uuid, verb text,
    email uuid, before jsonb, after jsonb) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

GRANT EXECUTE ON FUNCTION sb.phone_dialable(text, text),
    sb.phone_countries(), sb.email_check(text) TO switchboard_user;
