-- Commands: the only way the program and the demo loader change data.
-- Each checks its input, then appends events through sb.append_event; the
-- projections follow in the same transaction. SQLSTATEs: see 002.

CREATE FUNCTION sb.raise_invalid(msg text, hint text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'SB004', MESSAGE = msg,
	HINT = coalesce(hint, '');
END
$$;

-- The projection table of a stream type.
CREATE FUNCTION sb.stream_table(stream_type text) RETURNS regclass
    LANGUAGE sql STABLE
    RETURN CASE stream_type WHEN 'contact' THEN 'sb.contacts'::regclass
	WHEN 'organization' THEN 'sb.organizations'::regclass
	WHEN 'phone' THEN 'sb.phones'::regclass
	WHEN 'address' THEN 'sb.addresses'::regclass END;

-- The row of an entity as jsonb; SB003 when it is missing or deleted.
CREATE FUNCTION sb.entity_get(stream_type text, id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    r jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE t.id = $1',
	sb.stream_table(stream_type)) INTO r USING id;
    IF r IS NULL OR (r->>'deleted_at') IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('%s %s not found', stream_type, id);
    END IF;
    RETURN r;
END
$$;

-- The fields of cur that changes would alter, as {"before", "after"}.
-- changes may name only the allowed fields; values take the column types
-- (so "true" and true are the same change).
CREATE FUNCTION sb.change_set(tbl regclass, cur jsonb, changes jsonb,
    allowed text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    bad text;
    new jsonb;
    k text;
    b jsonb := '{}';
    a jsonb := '{}';
BEGIN
    IF jsonb_typeof(changes) IS DISTINCT FROM 'object' THEN
	PERFORM sb.raise_invalid('changes must be a JSON object');
    END IF;
    SELECT string_agg(key, ', ' ORDER BY key) INTO bad
      FROM jsonb_object_keys(changes) AS key WHERE key <> ALL (allowed);
    IF bad IS NOT NULL THEN
	PERFORM sb.raise_invalid(format('cannot change %s', bad),
	    format('changeable: %s', array_to_string(allowed, ', ')));
    END IF;
    EXECUTE format('SELECT to_jsonb(jsonb_populate_record(NULL::%s, $1))',
	tbl) INTO new USING cur || changes;
    FOR k IN SELECT jsonb_object_keys(changes) LOOP
	IF cur->k IS DISTINCT FROM new->k THEN
	    b := b || jsonb_build_object(k, cur->k);
	    a := a || jsonb_build_object(k, new->k);
	END IF;
    END LOOP;
    RETURN jsonb_build_object('before', b, 'after', a);
END
$$;

-- Update an entity from a change set; returns its new version (the same
-- one when nothing changed). SB001 when expected_version is stale.
CREATE FUNCTION sb.entity_update(stream_type text, id uuid,
    expected_version integer, changes jsonb, allowed text[])
    RETURNS integer
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb := sb.entity_get(stream_type, id);
    d jsonb;
BEGIN
    d := sb.change_set(sb.stream_table(stream_type), cur, changes, allowed);
    IF d->'after' = '{}' THEN
	IF expected_version IS DISTINCT FROM (cur->>'version')::integer
	    AND expected_version IS NOT NULL THEN
	    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
		expected_version, stream_type || '.updated', d);
	END IF;
	RETURN (cur->>'version')::integer;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
	expected_version, stream_type || '.updated', d);
    RETURN (sb.entity_get(stream_type, id)->>'version')::integer;
END
$$;

CREATE FUNCTION sb.entity_create(stream_type text, after jsonb)
    RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    id uuid := gen_random_uuid();
BEGIN
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id, 0,
	stream_type || '.created', jsonb_build_object('after', after));
    RETURN id;
END
$$;

CREATE FUNCTION sb.entity_delete(stream_type text, id uuid,
    expected_version integer) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.append_event(gen_random_uuid(), stream_type, id,
	expected_version, stream_type || '.deleted', jsonb_build_object(
	'before', sb.entity_get(stream_type, id) - 'version' - 'created_at'
	    - 'updated_at' - 'updated_by' - 'deleted_at'));
END
$$;

-- Contacts.

CREATE FUNCTION sb.contact_create(first_name text, last_name text,
    title text DEFAULT NULL, preferred_contact_method text DEFAULT NULL,
    do_not_contact boolean DEFAULT false,
    owner_organization_id uuid DEFAULT NULL) RETURNS uuid
    LANGUAGE sql
    RETURN sb.entity_create('contact', jsonb_build_object(
	'first_name', nullif(btrim(first_name), ''),
	'last_name', nullif(btrim(last_name), ''),
	'title', nullif(btrim(title), ''),
	'preferred_contact_method', preferred_contact_method,
	'do_not_contact', coalesce(do_not_contact, false),
	'active', true, 'owner_organization_id', owner_organization_id));

-- changes: a JSON object of the fields to set. Returns the new version.
CREATE FUNCTION sb.contact_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE sql
    RETURN sb.entity_update('contact', id, expected_version, changes,
	ARRAY['first_name', 'last_name', 'title', 'preferred_contact_method',
	    'do_not_contact', 'active', 'owner_organization_id']);

-- Delete a contact: its links to its owner organization go with it; links
-- from any other organization refuse the delete (SB002, naming them).
CREATE FUNCTION sb.contact_delete(p_id uuid,
    expected_version integer DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb := sb.entity_get('contact', p_id);
    owner uuid := (cur->>'owner_organization_id')::uuid;
    others text;
    l record;
BEGIN
    SELECT string_agg(DISTINCT o.name, ', ') INTO others
      FROM organization_contacts oc
      JOIN organizations o ON o.id = oc.organization_id
     WHERE oc.contact_id = p_id AND oc.deleted_at IS NULL
       AND oc.organization_id IS DISTINCT FROM owner;
    IF others IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB002',
	    MESSAGE = format('contact is still linked by: %s', others),
	    HINT = 'Unlink it from those organizations first.';
    END IF;
    FOR l IN SELECT role FROM organization_contacts
	WHERE contact_id = p_id AND organization_id = owner
	  AND deleted_at IS NULL ORDER BY role LOOP
	PERFORM sb.organization_contact_unlink(owner, p_id, l.role);
    END LOOP;
    PERFORM sb.entity_delete('contact', p_id, expected_version);
END
$$;

-- Organizations.

CREATE FUNCTION sb.organization_check_partner(partner uuid) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
BEGIN
    IF partner IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations
	WHERE id = partner AND kind = 'partner') THEN
	PERFORM sb.raise_invalid('the referring organization is not a '
	    'partner');
    END IF;
END
$$;

CREATE FUNCTION sb.organization_create(name text, kind text,
    subdomain text DEFAULT NULL, referring_partner_id uuid DEFAULT NULL)
    RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.organization_check_partner(referring_partner_id);
    RETURN sb.entity_create('organization', jsonb_build_object(
	'name', btrim(name), 'kind', kind,
	'subdomain', nullif(lower(btrim(subdomain)), ''),
	'referring_partner_id', referring_partner_id, 'active', true));
END
$$;

CREATE FUNCTION sb.organization_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF changes ? 'referring_partner_id' THEN
	PERFORM sb.organization_check_partner(
	    (changes->>'referring_partner_id')::uuid);
    END IF;
    RETURN sb.entity_update('organization', id, expected_version, changes,
	ARRAY['name', 'kind', 'subdomain', 'referring_partner_id',
	    'active']);
END
$$;

-- Contacts in organizations, by role.

-- The active link of contact to org in role; SB003 when there is none.
CREATE FUNCTION sb.organization_contact_get(org uuid, contact uuid,
    p_role text) RETURNS sb.organization_contacts
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
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

CREATE FUNCTION sb.organization_contact_event(org uuid, contact uuid,
    p_role text, verb text, before jsonb, after jsonb) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    SELECT sb.append_event(gen_random_uuid(), 'organization', org, NULL,
	'organization.contact.' || verb, jsonb_build_object(
	    'contact_id', contact, 'role', p_role,
	    'after', coalesce(after, '{}')) || CASE WHEN before IS NULL
	    THEN '{}' ELSE jsonb_build_object('before', before) END);
END;

-- Link contact to org in role, optionally for a window of days. Returns
-- false (and records nothing) when that link is already active.
CREATE FUNCTION sb.organization_contact_link(org uuid, contact uuid,
    p_role text, starts_on date DEFAULT NULL, ends_on date DEFAULT NULL)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
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

-- Returns false when the link is not active.
CREATE FUNCTION sb.organization_contact_unlink(org uuid, contact uuid,
    p_role text) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = org AND contact_id = contact AND role = p_role
	AND deleted_at IS NULL) THEN
	RETURN false;
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role, 'unlinked',
	NULL, NULL);
    RETURN true;
END
$$;

-- Make contact the primary for role in org. The previous primary loses
-- the mark first, in its own event. Returns false if already primary.
CREATE FUNCTION sb.organization_contact_set_primary(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    old uuid;
BEGIN
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

-- Limit the link to the days from starts_on to ends_on (either may be
-- NULL: open-ended; both NULL clears the window).
CREATE FUNCTION sb.organization_contact_set_validity(org uuid,
    contact uuid, p_role text, p_starts_on date, p_ends_on date)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur organization_contacts;
BEGIN
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

CREATE FUNCTION sb.organization_contact_clear_validity(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE sql
    RETURN sb.organization_contact_set_validity(org, contact, p_role,
	NULL, NULL);
