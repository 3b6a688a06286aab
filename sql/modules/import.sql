-- Import: a record of a file as a contact of an organization, found again
-- by its source id, else by an exact email or phone, else created.

-- What a card adds to contact c: its emails, phones and addresses that c
-- lacks (an email by its address, a phone by its E.164 form, an address
-- by its parts), each marked primary only where c has no primary yet.
-- Returns how many were added.
CREATE OR REPLACE FUNCTION sb.contact_import_items(c uuid, card jsonb)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    n integer := 0;
    i record;
    a uuid;
BEGIN
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'emails',
	'[]')) AS x(address text, type text, pref boolean) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM emails m WHERE m.contact_id = c
	    AND lower(m.address) = lower(btrim(i.address)));
	PERFORM sb.contact_email_add(c, i.address, i.type, coalesce(i.pref,
	    false) AND NOT EXISTS (SELECT 1 FROM emails m
	    WHERE m.contact_id = c AND m.is_primary));
	n := n + 1;
    END LOOP;
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'phones',
	'[]')) AS x(number text, type text, extension text, e164 text,
	pref boolean) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM contact_phones l JOIN phones p
	    ON p.id = l.phone_id WHERE l.contact_id = c
	    AND l.deleted_at IS NULL AND p.deleted_at IS NULL
	    AND p.e164 = sb.phone_e164(i.number, i.e164)
	    AND p.extension IS NOT DISTINCT FROM
		sb.phone_extension(i.extension));
	PERFORM sb.contact_phone_add(c, i.number, i.type, i.extension, false,
	    i.e164, coalesce(i.pref, false) AND NOT EXISTS (SELECT 1
	    FROM contact_phones l WHERE l.contact_id = c
	    AND l.deleted_at IS NULL AND l.is_primary));
	n := n + 1;
    END LOOP;
    FOR i IN SELECT * FROM jsonb_to_recordset(coalesce(card->'addresses',
	'[]')) AS x(type text, country text, label text, street1 text,
	street2 text, city text, region text, postal_code text) LOOP
	CONTINUE WHEN EXISTS (SELECT 1 FROM contact_addresses l
	    JOIN addresses d ON d.id = l.address_id
	    WHERE l.contact_id = c AND l.deleted_at IS NULL
	    AND d.deleted_at IS NULL
	    AND d.country = upper(btrim(i.country))
	    AND d.street1 IS NOT DISTINCT FROM nullif(btrim(i.street1), '')
	    AND d.city IS NOT DISTINCT FROM nullif(btrim(i.city), '')
	    AND d.postal_code IS NOT DISTINCT FROM
		nullif(btrim(i.postal_code), ''));
	a := sb.address_create(i.type, i.country, i.label, i.street1,
	    i.street2, i.city, i.region, i.postal_code);
	PERFORM sb.contact_address_link(c, a);
	n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

-- The one contact an exact email of the card finds, else the one its
-- phone's E.164 form finds (as sb.contact_find_existing, which records
-- the lookup); ambiguous when the first email or phone that finds any
-- finds more than one.
CREATE OR REPLACE FUNCTION sb.contact_import_find(org uuid, card jsonb, OUT
    contact uuid, OUT ambiguous boolean)
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    q record;
    ids uuid[];
BEGIN
    ambiguous := false;
    FOR q IN SELECT x->>'address' AS email, NULL AS phone, 1 AS k, n
	FROM jsonb_array_elements(coalesce(card->'emails', '[]'))
	    WITH ORDINALITY AS t(x, n)
	UNION ALL
	SELECT NULL, sb.phone_e164(x->>'number', x->>'e164'), 2, n
	FROM jsonb_array_elements(coalesce(card->'phones', '[]'))
	    WITH ORDINALITY AS t(x, n)
	ORDER BY k, n LOOP
	SELECT array_agg(f.contact_id) INTO ids
	  FROM sb.contact_find_existing(q.email, q.phone, org) f;
	IF cardinality(ids) > 0 THEN
	    contact := ids[1];
	    ambiguous := cardinality(ids) > 1;
	    RETURN;
	END IF;
    END LOOP;
END
$$;

-- One record of an import file into org, linked in p_role: the contact
-- org imported before from p_system as p_source_id gets the card's names
-- and title and the items it lacks ("updated", or "unchanged"); else the
-- one contact an exact email or phone finds is linked ("linked", or
-- "unchanged" when it already was; "ambiguous" and nothing written when
-- several are found); else, when the names are close to those of a
-- contact the caller sees (sb.contact_close_names), as p_close says:
-- "ask" writes nothing and returns "close " and who it is close to,
-- "link" links the closest ("linked"), "create" goes on; else a new
-- contact owned by org ("created"). Authorized as the new-contact form:
-- an admin of org.
CREATE OR REPLACE FUNCTION sb.contact_import(org uuid, p_role text, p_system
    text, p_source_id text, card jsonb, p_close text DEFAULT 'ask')
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    c uuid;
    v integer;
    hit record;
    close record;
    changed boolean;
BEGIN
    PERFORM sb.check_text(200, p_role, p_system, p_source_id, p_close);
    PERFORM sb.check_text(20000, card::text);
    PERFORM sb.check_text(100, card->>'first_name', card->>'last_name',
	card->>'title');
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.authorize('contact.create', org);
    PERFORM sb.entity_get('organization', org);
    IF nullif(btrim(p_system), '') IS NULL
	OR nullif(btrim(p_source_id), '') IS NULL THEN
	PERFORM sb.raise_invalid('an imported record needs its source and '
	    'its id there');
    ELSIF jsonb_typeof(card) IS DISTINCT FROM 'object' THEN
	PERFORM sb.raise_invalid('a record is a JSON object');
    ELSIF NOT EXISTS (SELECT 1 FROM contact_roles r WHERE r.code = p_role
	AND r.active) THEN
	PERFORM sb.raise_invalid(format('there is no role %s', p_role));
    ELSIF p_close IS NULL OR p_close NOT IN ('ask', 'link', 'create') THEN
	PERFORM sb.raise_invalid('a close name is asked about, linked or '
	    'created');
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('import ' || org::text),
	hashtext(p_system || ' ' || p_source_id));
    SELECT k.id, k.version INTO c, v FROM contacts k
     WHERE k.owner_organization_id = org AND k.source_system = p_system
       AND k.source_record_id = p_source_id AND k.deleted_at IS NULL;
    IF c IS NOT NULL THEN
	changed := sb.contact_update(c, NULL, jsonb_build_object(
	    'first_name', nullif(btrim(card->>'first_name'), ''),
	    'last_name', nullif(btrim(card->>'last_name'), ''),
	    'title', nullif(btrim(card->>'title'), ''))) <> v;
	changed := sb.organization_contact_link(org, c, p_role) OR changed;
	changed := sb.contact_import_items(c, card) > 0 OR changed;
	RETURN CASE WHEN changed THEN 'updated' ELSE 'unchanged' END;
    END IF;
    SELECT * INTO hit FROM sb.contact_import_find(org, card);
    IF hit.ambiguous THEN
	RETURN 'ambiguous';
    ELSIF hit.contact IS NOT NULL THEN
	IF EXISTS (SELECT 1 FROM organization_contacts WHERE
	    organization_id = org AND contact_id = hit.contact
	    AND role = p_role AND deleted_at IS NULL) THEN
	    RETURN 'unchanged';
	END IF;
	PERFORM sb.organization_contact_event(org, hit.contact, p_role,
	    'linked', NULL, '{"starts_on": null, "ends_on": null}');
	RETURN 'linked';
    END IF;
    IF p_close <> 'create' THEN
	SELECT n.contact_id, n.name, n.organizations INTO close
	  FROM sb.contact_close_names(ARRAY[coalesce(card->>'first_name',
	      '')], ARRAY[coalesce(card->>'last_name', '')], org, 0.8, 1) n;
	IF close.contact_id IS NOT NULL AND p_close = 'ask' THEN
	    RETURN concat('close ', close.name, ' (', coalesce(
		close.organizations, 'at no organization you see'), ')');
	ELSIF close.contact_id IS NOT NULL THEN
	    IF EXISTS (SELECT 1 FROM organization_contacts WHERE
		organization_id = org AND contact_id = close.contact_id
		AND role = p_role AND deleted_at IS NULL) THEN
		RETURN 'unchanged';
	    END IF;
	    PERFORM sb.organization_contact_event(org, close.contact_id,
		p_role, 'linked', NULL, '{"starts_on": null, "ends_on": null}');
	    RETURN 'linked';
	END IF;
    END IF;
    c := sb.entity_create('contact', jsonb_build_object(
	'first_name', nullif(btrim(card->>'first_name'), ''),
	'last_name', nullif(btrim(card->>'last_name'), ''),
	'title', nullif(btrim(card->>'title'), ''),
	'preferred_contact_method', NULL, 'do_not_contact', false,
	'active', true, 'owner_organization_id', org,
	'source_system', p_system, 'source_record_id', p_source_id));
    PERFORM sb.organization_contact_link(org, c, p_role);
    PERFORM sb.contact_import_items(c, card);
    RETURN 'created';
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_import(org uuid, p_role text, p_system
    text, p_source_id text, card jsonb, p_close text) TO switchboard_user;
