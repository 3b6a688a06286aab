-- Organizations and their contacts: commands, roles and validity.

CREATE OR REPLACE FUNCTION sb.organization_check_partner(partner uuid) RETURNS
    void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF partner IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations
	WHERE id = partner AND kind = 'partner') THEN
	PERFORM sb.raise_invalid('the referring organization is not a '
	    'partner');
    END IF;
END
$$;

-- SB004 unless p_kind is a kind of organization.
CREATE OR REPLACE FUNCTION sb.organization_check_kind(p_kind text) RETURNS
    void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM organization_kinds WHERE code = p_kind) THEN
	PERFORM sb.raise_invalid(format('%s is not a kind of organization',
	    coalesce(p_kind, 'nothing')), format('the kinds are %s',
	    (SELECT string_agg(code, ', ' ORDER BY sort_order)
	       FROM organization_kinds)));
    END IF;
END
$$;

-- SB004 naming the organization other than p_except (archived or not)
-- whose name folds (sb.fold: case and accents) to p_name's. The lock
-- keeps two sessions from taking the same name at once.
CREATE OR REPLACE FUNCTION sb.organization_check_name(p_name text, p_except
    uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    other organizations;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('organization.name'),
	hashtext(sb.fold(btrim(p_name))));
    SELECT * INTO other FROM organizations
     WHERE sb.fold(name) = sb.fold(btrim(p_name))
       AND id IS DISTINCT FROM p_except
     ORDER BY created_at, id LIMIT 1;
    IF FOUND THEN
	PERFORM sb.raise_invalid(format('there is already an organization '
	    'called "%s"%s', other.name, CASE WHEN other.active THEN ''
	    ELSE ' (archived)' END), CASE WHEN other.active
	    THEN 'Choose another name.'
	    ELSE 'Choose another name, or restore that one.' END);
    END IF;
END
$$;

-- SB004 when organization p_id stops being a partner while organizations
-- it referred or partner admins still depend on it.
CREATE OR REPLACE FUNCTION sb.organization_check_unpartner(p_id uuid,
    p_kind text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF p_kind IS DISTINCT FROM 'partner' AND (EXISTS (SELECT 1
	FROM organizations WHERE referring_partner_id = p_id)
	OR EXISTS (SELECT 1 FROM memberships WHERE organization_id = p_id
	    AND kind = 'partner_admin')) THEN
	PERFORM sb.raise_invalid('the organization stays a partner while it '
	    'refers organizations or has partner admins',
	    'Change their referring partner and revoke its partner admins '
	    'first.');
    END IF;
END
$$;

-- Move a contact's link to org from old_role to new_role, authorized.
CREATE OR REPLACE FUNCTION sb.organization_contact_change_role(org uuid, contact
    uuid, old_role text, new_role text, make_primary boolean, since integer
    DEFAULT NULL::integer) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur organization_contacts;
BEGIN
    PERFORM sb.check_text(100, old_role, new_role);
    PERFORM sb.authorize('organization.contact', org, contact);
    PERFORM pg_advisory_xact_lock(hashtext('organization'),
	hashtext(org::text));
    IF since IS NOT NULL AND EXISTS (SELECT 1 FROM domain_events e
	WHERE e.stream_type = 'organization' AND e.stream_id = org
	  AND e.stream_version > since
	  AND e.event_type LIKE 'organization.contact.%'
	  AND e.payload->>'contact_id' = contact::text) THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = 'the contact''s link changed since',
	    HINT = 'Look at its history and change it by hand.';
    END IF;
    cur := sb.organization_contact_get(org, contact, old_role);
    -- A link that holds the mark, or takes it, changes the mark.
    IF cur.is_primary OR make_primary THEN
	PERFORM sb.authorize('organization.primary', org);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM contact_roles WHERE code = new_role) THEN
	PERFORM sb.raise_invalid(format('%s is not a role', new_role));
    END IF;
    IF old_role = new_role THEN
	IF make_primary THEN
	    RETURN sb.organization_contact_set_primary(org, contact,
		new_role);
	END IF;
	RETURN sb.organization_contact_clear_primary(org, contact, new_role);
    END IF;
    IF EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = org AND contact_id = contact AND role = new_role
	AND deleted_at IS NULL) THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('the contact is already linked here as %s',
		new_role),
	    HINT = 'Choose another role, or unlink this one.';
    END IF;
    -- Link first: with its last link gone the contact would leave the
    -- caller's scope before the new one could be made.
    PERFORM sb.organization_contact_link(org, contact, new_role,
	cur.starts_on, cur.ends_on);
    PERFORM sb.organization_contact_event(org, contact, old_role,
	'unlinked', NULL, NULL);
    IF make_primary THEN
	PERFORM sb.organization_contact_set_primary(org, contact, new_role);
    END IF;
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_change_role(org uuid, contact
    uuid, old_role text, new_role text, make_primary boolean, since integer) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_clear_primary(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.contact', org, contact);
    IF NOT (sb.organization_contact_get(org, contact, p_role)).is_primary
    THEN
	RETURN false;
    END IF;
    PERFORM sb.authorize('organization.primary', org);
    PERFORM sb.organization_contact_event(org, contact, p_role,
	'primary_set', '{"is_primary": true}', '{"is_primary": false}');
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_clear_primary(org uuid,
    contact uuid, p_role text) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_set_validity(org uuid,
    contact uuid, p_role text, p_starts_on date, p_ends_on date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur organization_contacts;
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.contact', org, contact);
    cur := sb.organization_contact_get(org, contact, p_role);
    IF cur.starts_on IS NOT DISTINCT FROM p_starts_on AND
	cur.ends_on IS NOT DISTINCT FROM p_ends_on THEN
	RETURN false;
    END IF;
    IF p_ends_on < p_starts_on THEN
	PERFORM sb.raise_invalid('the link cannot end before it starts');
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role,
	'validity_set', jsonb_build_object('starts_on', cur.starts_on,
	    'ends_on', cur.ends_on), jsonb_build_object(
	    'starts_on', p_starts_on, 'ends_on', p_ends_on));
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_set_validity(org uuid, contact
    uuid, p_role text, p_starts_on date, p_ends_on date) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_clear_validity(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE sql
    RETURN sb.organization_contact_set_validity(org, contact, p_role,
        NULL::date, NULL::date);

GRANT EXECUTE ON FUNCTION sb.organization_contact_clear_validity(org uuid,
    contact uuid, p_role text) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_event(org uuid, contact uuid,
    p_role text, verb text, before jsonb, after jsonb) RETURNS void
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT sb.append_event(gen_random_uuid(), 'organization'::text, org,
     NULL::integer, ('organization.contact.'::text || verb),
     (jsonb_build_object('contact_id', contact, 'role', p_role, 'after',
     COALESCE(after, '{}'::jsonb)) ||
         CASE
             WHEN (before IS NULL) THEN '{}'::jsonb
             ELSE jsonb_build_object('before', before)
         END)) AS append_event;
END;

-- The active link of contact to org in role; SB003 when there is none.
CREATE OR REPLACE FUNCTION sb.organization_contact_get(org uuid, contact uuid,
    p_role text) RETURNS sb.organization_contacts
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    r organization_contacts;
BEGIN
    SELECT * INTO r FROM organization_contacts
     WHERE organization_id = org AND contact_id = contact AND role = p_role
       AND deleted_at IS NULL;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('contact %s is not linked to organization %s '
		'as %s', contact, org, p_role);
    END IF;
    RETURN r;
END
$$;

CREATE OR REPLACE FUNCTION sb.organization_contact_link(org uuid, contact uuid,
    p_role text, starts_on date DEFAULT NULL::date, ends_on date DEFAULT
    NULL::date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.contact', org);
    PERFORM sb.authorize('contact.see', contact);
    PERFORM sb.authorize('organization.contact', org, contact);
    PERFORM sb.entity_get('organization', org);
    PERFORM sb.entity_get('contact', contact);
    IF EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = org AND contact_id = contact AND role = p_role
	AND deleted_at IS NULL) THEN
	RETURN false;
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role, 'linked',
	NULL, jsonb_build_object('starts_on', starts_on,
	    'ends_on', ends_on));
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_link(org uuid, contact uuid,
    p_role text, starts_on date, ends_on date) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_set_primary(org uuid, contact
    uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    old uuid;
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.primary', org);
    IF (sb.organization_contact_get(org, contact, p_role)).is_primary THEN
	RETURN false;
    END IF;
    SELECT contact_id INTO old FROM organization_contacts
     WHERE organization_id = org AND role = p_role AND is_primary
       AND deleted_at IS NULL;
    IF FOUND THEN
	PERFORM sb.organization_contact_event(org, old, p_role,
	    'primary_set', '{"is_primary": true}', '{"is_primary": false}');
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role,
	'primary_set', '{"is_primary": false}', '{"is_primary": true}');
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_set_primary(org uuid, contact
    uuid, p_role text) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_contact_unlink(org uuid, contact
    uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    mark boolean;
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.contact', org, contact);
    SELECT is_primary INTO mark FROM organization_contacts WHERE
	organization_id = org AND contact_id = contact AND role = p_role
	AND deleted_at IS NULL;
    IF NOT FOUND THEN
	RETURN false;
    ELSIF mark THEN
	PERFORM sb.authorize('organization.primary', org);
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role, 'unlinked',
	NULL, NULL);
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_contact_unlink(org uuid, contact uuid,
    p_role text) TO switchboard_user;

-- Links of contacts to organizations that hold on a given day: what lists
-- show unless asked for past or future ones.
CREATE OR REPLACE FUNCTION sb.organization_contacts_on(day date) RETURNS SETOF
    sb.organization_contacts
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 SELECT organization_contacts.organization_id,
     organization_contacts.contact_id,
     organization_contacts.role,
     organization_contacts.is_primary,
     organization_contacts.starts_on,
     organization_contacts.ends_on,
     organization_contacts.linked_at,
     organization_contacts.deleted_at
    FROM sb.organization_contacts
   WHERE ((organization_contacts.deleted_at IS NULL) AND
       ((organization_contacts.starts_on IS NULL) OR
       (organization_contacts.starts_on <= organization_contacts_on.day)) AND
       ((organization_contacts.ends_on IS NULL) OR
       (organization_contacts.ends_on >= organization_contacts_on.day)));
END;

GRANT EXECUTE ON FUNCTION sb.organization_contacts_on(day date) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_create(name text, kind text,
    subdomain text DEFAULT NULL::text, referring_partner_id uuid DEFAULT
    NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(200, name, kind, subdomain);
    PERFORM sb.authorize('organization.create');
    PERFORM sb.organization_check_kind(kind);
    PERFORM sb.organization_check_partner(referring_partner_id);
    PERFORM sb.organization_check_name(name, NULL);
    RETURN sb.entity_create('organization', jsonb_build_object(
	'name', btrim(name), 'kind', kind,
	'subdomain', nullif(lower(btrim(subdomain)), ''),
	'referring_partner_id', referring_partner_id, 'active', true));
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_create(name text, kind text, subdomain
    text, referring_partner_id uuid) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.organization_update(id uuid, expected_version
    integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('organization.change', id);
    IF jsonb_typeof(changes) = 'object' THEN
	IF changes ? 'referring_partner_id' THEN
	    PERFORM sb.organization_check_partner(
		(changes->>'referring_partner_id')::uuid);
	END IF;
	IF changes ? 'kind' THEN
	    PERFORM sb.organization_check_kind(changes->>'kind');
	    PERFORM sb.organization_check_unpartner(id, changes->>'kind');
	END IF;
	IF changes ? 'name' THEN
	    PERFORM sb.organization_check_name(changes->>'name', id);
	END IF;
    END IF;
    RETURN sb.entity_update('organization', id, expected_version, changes,
	ARRAY['name', 'kind', 'subdomain', 'referring_partner_id',
	    'active']);
END
$$;

GRANT EXECUTE ON FUNCTION sb.organization_update(id uuid, expected_version
    integer, changes jsonb) TO switchboard_user;

CREATE VIEW sb.organization_contacts_current WITH (security_invoker='true') AS
 SELECT organization_contacts_on.organization_id,
    organization_contacts_on.contact_id,
    organization_contacts_on.role,
    organization_contacts_on.is_primary,
    organization_contacts_on.starts_on,
    organization_contacts_on.ends_on,
    organization_contacts_on.linked_at,
    organization_contacts_on.deleted_at
   FROM sb.organization_contacts_on(CURRENT_DATE)
       organization_contacts_on(organization_id, contact_id, role, is_primary,
       starts_on, ends_on, linked_at, deleted_at);

GRANT SELECT ON TABLE sb.organization_contacts_current TO switchboard_user;

-- The organization filter, on folded text: the words of a query (anything
-- but letters and digits parts them), every one of which a name must hold
-- (a query of no words: none); the longest word, which the trigram index
-- narrows by; and how well a name answers the query, for the order: 0 the
-- same name, 1 a name that starts with it, 2 one whose words each query
-- word starts, 3 one that holds every word, 4 one only similar (a typo).
CREATE OR REPLACE FUNCTION sb.name_query_words(query text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_remove(regexp_split_to_array(query, '[^[:alnum:]]+'), '');

CREATE OR REPLACE FUNCTION sb.name_longest_word(query text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
	SELECT coalesce((SELECT w FROM unnest(sb.name_query_words(query)) w
	    ORDER BY length(w) DESC, w LIMIT 1), '');
    END;

CREATE OR REPLACE FUNCTION sb.name_has_words(name text, query text)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
	SELECT cardinality(sb.name_query_words(query)) > 0
	    AND NOT EXISTS (SELECT 1 FROM unnest(sb.name_query_words(query)) w
	    WHERE strpos(name, w) = 0);
    END;

CREATE OR REPLACE FUNCTION sb.name_rank(name text, query text)
    RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
	SELECT CASE WHEN name = query THEN 0
	    WHEN starts_with(name, query) THEN 1
	    WHEN NOT EXISTS (SELECT 1 FROM unnest(sb.name_query_words(query)) w
		WHERE NOT EXISTS (SELECT 1
		    FROM unnest(sb.name_query_words(name)) n
		    WHERE starts_with(n, w))) THEN 2
	    WHEN sb.name_has_words(name, query) THEN 3
	    ELSE 4 END;
    END;

GRANT EXECUTE ON FUNCTION sb.name_query_words(query text) TO
    switchboard_user;
GRANT EXECUTE ON FUNCTION sb.name_longest_word(query text) TO
    switchboard_user;
GRANT EXECUTE ON FUNCTION sb.name_has_words(name text, query text) TO
    switchboard_user;
GRANT EXECUTE ON FUNCTION sb.name_rank(name text, query text) TO
    switchboard_user;
