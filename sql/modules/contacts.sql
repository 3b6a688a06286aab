-- Contacts: the contact commands and the details read.

CREATE OR REPLACE FUNCTION sb.contact_create(first_name text, last_name text,
    title text DEFAULT NULL::text, preferred_contact_method text DEFAULT
    NULL::text, do_not_contact boolean DEFAULT false, owner_organization_id uuid
    DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(100, first_name, last_name, title,
	preferred_contact_method);
    PERFORM sb.authorize('contact.create', owner_organization_id);
    IF owner_organization_id IS NOT NULL THEN
	PERFORM sb.entity_get('organization', owner_organization_id);
    END IF;
    RETURN sb.entity_create('contact', jsonb_build_object(
	'first_name', nullif(btrim(first_name), ''),
	'last_name', nullif(btrim(last_name), ''),
	'title', nullif(btrim(title), ''),
	'preferred_contact_method', preferred_contact_method,
	'do_not_contact', coalesce(do_not_contact, false),
	'active', true, 'owner_organization_id', owner_organization_id));
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_create(first_name text, last_name text,
    title text, preferred_contact_method text, do_not_contact boolean,
    owner_organization_id uuid) TO switchboard_user;

-- The new-contact form: the contact, its link to org in p_role, and, when
-- given, its primary work email and its primary mobile (number as
-- written, extension, and the E.164 form the program computed, which the
-- server checks against the number). Made where who links only the
-- contacts of the partner that referred org (sb.access_links), the
-- contact is that partner's, whatever owner the form proposed for org.
CREATE OR REPLACE FUNCTION sb.contact_create_linked(org uuid, p_role text,
    first_name text, last_name text, title text DEFAULT NULL::text,
    preferred_contact_method text DEFAULT NULL::text, do_not_contact boolean
    DEFAULT false, owner_organization_id uuid DEFAULT NULL::uuid, email text
    DEFAULT NULL::text, mobile text DEFAULT NULL::text, mobile_extension text
    DEFAULT NULL::text, mobile_e164 text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    c uuid;
    owner uuid := owner_organization_id;
BEGIN
    PERFORM sb.check_text(254, p_role, email, mobile, mobile_extension,
	mobile_e164);
    PERFORM sb.authorize('organization.contact', org);
    IF (owner IS NULL OR owner = org) AND NOT sb.caller_is_root()
	AND NOT sb.access_admins(sb.caller(), org) THEN
	owner := sb.access_link_partner(sb.caller(), org);
    END IF;
    c := sb.contact_create(first_name, last_name, title,
	preferred_contact_method, do_not_contact, owner);
    PERFORM sb.organization_contact_link(org, c, p_role);
    IF nullif(btrim(email), '') IS NOT NULL THEN
	PERFORM sb.contact_email_add(c, email, 'work', true);
    END IF;
    IF nullif(btrim(mobile), '') IS NOT NULL THEN
	PERFORM sb.contact_phone_add(c, mobile, 'mobile', mobile_extension,
	    false, mobile_e164, true);
    END IF;
    RETURN c;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_create_linked(org uuid, p_role text,
    first_name text, last_name text, title text, preferred_contact_method text,
    do_not_contact boolean, owner_organization_id uuid, email text, mobile text,
    mobile_extension text, mobile_e164 text) TO switchboard_user;

-- Delete a contact, authorized: besides changing the contact, the caller
-- must administer from_org; then the refusals of
-- sb.contact_delete_refusal.
CREATE OR REPLACE FUNCTION sb.contact_delete(p_id uuid, expected_version integer
    DEFAULT NULL::integer, from_org uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    cur jsonb;
    owner uuid;
    names text;
    hidden integer;
    why text;
    l record;
BEGIN
    -- The owner's refusal names the owner, so it comes before the
    -- general one.
    PERFORM sb.authorize('contact.see', p_id);
    why := sb.contact_delete_refusal(p_id, sb.caller());
    IF why IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = why;
    END IF;
    PERFORM sb.authorize('contact.change', p_id);
    IF from_org IS NOT NULL THEN
	PERFORM sb.authorize('organization.links', from_org);
    END IF;
    cur := sb.entity_get('contact', p_id);
    owner := (cur->>'owner_organization_id')::uuid;
    SELECT string_agg(e.organization_name, ', ') FILTER (WHERE
	e.organization_name IS NOT NULL), coalesce(sum(e.hidden_count), 0)
      INTO names, hidden
      FROM sb.contact_linked_elsewhere(p_id, sb.caller(), from_org) e;
    IF names IS NOT NULL OR hidden > 0 THEN
	RAISE EXCEPTION USING ERRCODE = 'SB002',
	    MESSAGE = format('contact is still linked by: %s',
		concat_ws(' and ', names, CASE WHEN hidden = 1
		THEN '1 organization you cannot see' WHEN hidden > 1
		THEN hidden || ' organizations you cannot see' END)),
	    HINT = 'Unlink it from those organizations first.';
    END IF;
    -- The contact first: with its last link gone an unowned contact
    -- would leave the caller's scope before it could be deleted.
    PERFORM sb.entity_delete('contact', p_id, expected_version);
    FOR l IN SELECT organization_id AS org, role
	FROM organization_contacts
	WHERE contact_id = p_id AND deleted_at IS NULL
	  AND (organization_id = owner OR organization_id = from_org)
	ORDER BY organization_id, role LOOP
	PERFORM sb.organization_contact_event(l.org, p_id, l.role,
	    'unlinked', NULL, NULL);
    END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_delete(p_id uuid, expected_version integer,
    from_org uuid) TO switchboard_user;

-- The name of the partner that owns contact p_id, for whoever sees the
-- contact (the reason it is read-only to them names the owner too:
-- sb.access_contact_block); NULL for any other contact.
CREATE OR REPLACE FUNCTION sb.contact_owner_name(p_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN CASE WHEN sb.caller_is_root() OR sb.access_sees(sb.caller(),
	'contact', p_id) THEN (SELECT o.name FROM sb.contacts c
	JOIN sb.organizations o ON o.id = c.owner_organization_id
	WHERE c.id = p_id AND o.kind = 'partner') END;

GRANT EXECUTE ON FUNCTION sb.contact_owner_name(p_id uuid) TO
    switchboard_user;

CREATE OR REPLACE FUNCTION sb.contact_details(want uuid) RETURNS TABLE(part
    integer, id text, f1 text, f2 text, f3 text, f4 text, f5 text, f6 text, f7
    text, f8 text, flag boolean, active boolean, sort integer, sort_key text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
BEGIN
    IF NOT sb.caller_is_root() AND
	NOT coalesce(sb.access_sees(current_user, 'contact', want), false) THEN
	RETURN;
    END IF;
    RETURN QUERY
    WITH k AS (SELECT * FROM sb.contacts c
	WHERE c.id = want AND c.deleted_at IS NULL)
    SELECT 0, k.id::text, coalesce(k.first_name, ''),
	coalesce(k.last_name, ''), coalesce(k.title, ''),
	coalesce(k.preferred_contact_method, ''), k.updated_by,
	to_char(k.updated_at, 'YYYY-MM-DD HH24:MI'),
	coalesce((SELECT o.name FROM sb.organizations o
	    WHERE o.id = k.owner_organization_id),
	    CASE WHEN k.owner_organization_id IS NOT NULL
	    THEN sb.contact_owner_name(k.id) END, ''),
	k.version::text, k.do_not_contact, k.active, 0,
	coalesce(sb.contact_readonly_reason(k.id), '')
      FROM k
    UNION ALL
    SELECT 1, p.id::text, 'phone', p.type, p.number,
	coalesce(p.extension, ''), p.e164, '', '', '', cp.is_primary, true,
	t.sort_order, p.number
      FROM k
      JOIN sb.contact_phones cp ON cp.contact_id = k.id
	AND cp.deleted_at IS NULL
      JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL
      JOIN sb.phone_types t ON t.code = p.type
    UNION ALL
    SELECT 1, e.id::text, 'email', e.type, e.address, '', '', '', '', '',
	e.is_primary, true, 100 + t.sort_order, e.address
      FROM k
      JOIN sb.emails e ON e.contact_id = k.id
      JOIN sb.email_types t ON t.code = e.type
    UNION ALL
    SELECT 1, a.id::text, 'address', a.type,
	concat_ws(', ', nullif(a.street1, ''), nullif(a.street2, ''),
	    nullif(a.city, ''), nullif(a.region, ''),
	    nullif(a.postal_code, ''), a.country),
	coalesce(a.label, ''), '', '', '', '', false, true,
	200 + t.sort_order, a.id::text
      FROM k
      JOIN sb.contact_addresses ca ON ca.contact_id = k.id
	AND ca.deleted_at IS NULL
      JOIN sb.addresses a ON a.id = ca.address_id AND a.deleted_at IS NULL
      JOIN sb.address_types t ON t.code = a.type
    UNION ALL
    SELECT 2, o.id::text, o.name, o.kind, coalesce(o.subdomain, ''),
	string_agg(oc.role || CASE WHEN oc.is_primary THEN ' (primary)'
	    ELSE '' END, ', ' ORDER BY oc.role),
	to_char(min(oc.linked_at), 'YYYY-MM-DD'), '', '', '', false,
	o.active, 0, sb.fold(o.name)
      FROM k
      JOIN sb.organization_contacts_current oc ON oc.contact_id = k.id
      JOIN sb.organizations o ON o.id = oc.organization_id
     GROUP BY o.id;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_details(want uuid) TO switchboard_user;

-- Undo sb.contact_update_in_role: the contact's fields back to before and
-- the role back to old_role, authorized for both of its parts.
CREATE OR REPLACE FUNCTION sb.contact_undo_update_role(contact uuid,
    contact_version integer, before jsonb, org uuid, new_role text, old_role
    text, old_primary boolean, org_version integer, holder uuid DEFAULT
    NULL::uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, before::text, new_role, old_role);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.authorize('organization.contact', org, contact);
    PERFORM pg_advisory_xact_lock(hashtext('organization'),
	hashtext(org::text));
    IF (sb.entity_get('contact', contact)->>'version')::integer
	IS DISTINCT FROM contact_version THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = 'the contact changed since your edit',
	    HINT = 'Look at its history and change it by hand.';
    END IF;
    IF EXISTS (SELECT 1 FROM domain_events e
	WHERE e.stream_type = 'organization' AND e.stream_id = org
	  AND e.stream_version > org_version
	  AND e.event_type LIKE 'organization.contact.%'
	  AND e.payload->>'contact_id' = contact::text) THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = 'the contact''s link changed since your change',
	    HINT = 'Look at its history and change it by hand.';
    END IF;
    PERFORM sb.organization_contact_change_role(org, contact, new_role,
	old_role, old_primary, org_version);
    IF holder IS NOT NULL AND EXISTS (SELECT 1 FROM organization_contacts
	WHERE organization_id = org AND contact_id = holder
	  AND role = new_role AND deleted_at IS NULL) THEN
	PERFORM sb.organization_contact_set_primary(org, holder, new_role);
    END IF;
    RETURN sb.contact_update(contact, contact_version, before);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_undo_update_role(contact uuid,
    contact_version integer, before jsonb, org uuid, new_role text, old_role
    text, old_primary boolean, org_version integer, holder uuid) TO
    switchboard_user;

-- A new owner must be one of the caller's organizations.
CREATE OR REPLACE FUNCTION sb.contact_update(id uuid, expected_version integer,
    changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('contact.change', id);
    IF changes->>'owner_organization_id' IS NOT NULL THEN
	PERFORM sb.authorize('contact.create',
	    (changes->>'owner_organization_id')::uuid);
    END IF;
    RETURN sb.entity_update('contact', id, expected_version, changes,
	ARRAY['first_name', 'last_name', 'title', 'preferred_contact_method',
	    'do_not_contact', 'active', 'owner_organization_id']);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_update(id uuid, expected_version integer,
    changes jsonb) TO switchboard_user;

-- The contact form with its link: the link's role and primary mark (as
-- sb.organization_contact_change_role) and the contact's own fields (as
-- sb.contact_update), together. Returns the contact's new version.
CREATE OR REPLACE FUNCTION sb.contact_update_in_role(id uuid, expected_version
    integer, changes jsonb, org uuid, old_role text, new_role text, make_primary
    boolean, since integer DEFAULT NULL::integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.check_text(100, old_role, new_role);
    PERFORM sb.authorize('organization.contact', org, id);
    PERFORM sb.organization_contact_change_role(org, id, old_role,
	new_role, make_primary, since);
    RETURN sb.contact_update(id, expected_version, changes);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_update_in_role(id uuid, expected_version
    integer, changes jsonb, org uuid, old_role text, new_role text, make_primary
    boolean, since integer) TO switchboard_user;
