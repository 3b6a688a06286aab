-- Addresses: the address commands and their links.

CREATE OR REPLACE FUNCTION sb.address_create(type text, country text, label text
    DEFAULT NULL::text, street1 text DEFAULT NULL::text, street2 text DEFAULT
    NULL::text, city text DEFAULT NULL::text, region text DEFAULT NULL::text,
    postal_code text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(200, type, country, label, street1, street2, city,
	region, postal_code);
    PERFORM sb.authorize('item.create');
    RETURN sb.entity_create('address', jsonb_build_object('type', type,
	'country', upper(btrim(country)), 'label', nullif(btrim(label), ''),
	'street1', nullif(btrim(street1), ''),
	'street2', nullif(btrim(street2), ''),
	'city', nullif(btrim(city), ''), 'region', nullif(btrim(region), ''),
	'postal_code', nullif(btrim(postal_code), '')));
END
$$;

GRANT EXECUTE ON FUNCTION sb.address_create(type text, country text, label text,
    street1 text, street2 text, city text, region text, postal_code text) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.address_delete(id uuid, expected_version integer
    DEFAULT NULL::integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.authorize('address.delete', id);
    PERFORM sb.entity_delete('address', id, expected_version);
END
$$;

GRANT EXECUTE ON FUNCTION sb.address_delete(id uuid, expected_version integer)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.address_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('address.change', id);
    RETURN sb.entity_update('address', id, expected_version, changes,
	ARRAY['type', 'country', 'label', 'street1', 'street2', 'city',
	    'region', 'postal_code']);
END
$$;

GRANT EXECUTE ON FUNCTION sb.address_update(id uuid, expected_version integer,
    changes jsonb) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_address_link(contact uuid, address uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('contact.address'::text, contact, address, true);

GRANT EXECUTE ON FUNCTION sb.contact_address_link(contact uuid, address uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_address_unlink(contact uuid, address uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('contact.address'::text, contact, address, false);

GRANT EXECUTE ON FUNCTION sb.contact_address_unlink(contact uuid, address uuid)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_address_link(org uuid, address uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('organization.address'::text, org, address, true);

GRANT EXECUTE ON FUNCTION sb.organization_address_link(org uuid, address uuid)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_address_unlink(org uuid, address
    uuid) RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('organization.address'::text, org, address, false);

GRANT EXECUTE ON FUNCTION sb.organization_address_unlink(org uuid, address uuid)
    TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.phone_address_link(phone uuid, address uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('phone.address'::text, phone, address, true);

GRANT EXECUTE ON FUNCTION sb.phone_address_link(phone uuid, address uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.phone_address_unlink(phone uuid, address uuid)
    RETURNS boolean
    LANGUAGE sql
    RETURN sb.link_set('phone.address'::text, phone, address, false);

GRANT EXECUTE ON FUNCTION sb.phone_address_unlink(phone uuid, address uuid) TO
    switchboard_user;
