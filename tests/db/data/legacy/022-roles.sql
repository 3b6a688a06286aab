-- Roles of linked contacts, deleting a contact, adding existing by name.
--
-- sb.contact_delete collected the organizations that still link the
-- contact with a query under the caller's row-level security: a provider
-- admin did not see links from organizations outside their scope, so the
-- check let the delete through to the event policy, which refused it with
-- a bare permission error. The links are now read by a helper that sees
-- every one; it names the organizations the caller may see and counts
-- the others. Nothing here inserts with RETURNING (see 020).

-- The organizations other than the contact's owner (and p_org, the one
-- the contact is deleted from) that link it now, as who may know them: one
-- row per organization who sees (by name), then one row with a NULL name
-- and how many more link it that who does not see. Nothing for a contact
-- who does not see, or when who is not a role the session user may act as.
CREATE FUNCTION sb.contact_linked_elsewhere(p_id uuid,
    who name DEFAULT current_user, p_org uuid DEFAULT NULL)
    RETURNS TABLE (organization_name text, hidden_count integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    AS $$
DECLARE
    all_seen boolean := coalesce(sb.search_sees_all(who), false);
    owner uuid;
BEGIN
    IF NOT sb.access_acting(who) OR NOT (all_seen
	OR sb.access_sees(who, 'contact', p_id)) THEN
	RETURN;
    END IF;
    SELECT c.owner_organization_id INTO owner FROM contacts c
     WHERE c.id = p_id;
    RETURN QUERY
    WITH l AS (
	SELECT DISTINCT o.id, o.name, (all_seen OR o.id IN
	    (SELECT sb.access_org_ids(who))) AS seen
	  FROM organization_contacts oc
	  JOIN organizations o ON o.id = oc.organization_id
	 WHERE oc.contact_id = p_id AND oc.deleted_at IS NULL
	   AND oc.organization_id IS DISTINCT FROM owner
	   AND oc.organization_id IS DISTINCT FROM p_org)
    SELECT * FROM (SELECT l.name, 0 FROM l WHERE l.seen
	ORDER BY l.name, l.id) AS named
    UNION ALL
    SELECT NULL, count(*)::integer FROM l WHERE NOT l.seen
    HAVING count(*) > 0;
END
$$;

-- Why who may not delete contact p_id, or NULL when who may as far as
-- ownership goes: a contact an organization owns is deleted by that
-- organization's admins (and super admins, and the cluster's superusers
-- who run the migrations and the demo). The event policy still decides.
-- Asked for a role the session may not act as, or about a contact who
-- does not see, it names no organization.
CREATE FUNCTION sb.contact_delete_refusal(p_id uuid,
    who name DEFAULT current_user) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    AS $$
DECLARE
    owner organizations;
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = who)
	OR sb.access_is_super(who) THEN
	RETURN NULL;
    END IF;
    IF NOT sb.access_acting(who)
	OR NOT sb.access_sees(who, 'contact', p_id) THEN
	RETURN 'not allowed';
    END IF;
    SELECT o.* INTO owner FROM contacts c JOIN organizations o
	ON o.id = c.owner_organization_id WHERE c.id = p_id;
    IF owner.id IS NULL
	OR owner.id IN (SELECT sb.access_admin_org_ids(who)) THEN
	RETURN NULL;
    END IF;
    RETURN format('only an admin of %s, which owns this contact, may '
	'delete it', owner.name);
END
$$;

-- Delete a contact: a contact an organization owns only that
-- organization's admins may delete (42501, saying so); its links to its
-- owner organization and to from_org (where the admin deletes it) go with
-- it; links from any other organization refuse the delete (SB002, naming
-- those the caller sees and counting the rest). Its events stay.
DROP FUNCTION sb.contact_delete(uuid, integer);
CREATE FUNCTION sb.contact_delete(p_id uuid,
    expected_version integer DEFAULT NULL, from_org uuid DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb := sb.entity_get('contact', p_id);
    owner uuid := (cur->>'owner_organization_id')::uuid;
    names text;
    hidden integer;
    why text;
    l record;
BEGIN
    why := sb.contact_delete_refusal(p_id);
    IF why IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = why;
    END IF;
    SELECT string_agg(e.organization_name, ', ') FILTER (WHERE
	e.organization_name IS NOT NULL), coalesce(sum(e.hidden_count), 0)
      INTO names, hidden
      FROM sb.contact_linked_elsewhere(p_id, current_user, from_org) e;
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
	PERFORM sb.organization_contact_unlink(l.org, p_id, l.role);
    END LOOP;
END
$$;

-- Take the primary mark for p_role in org off contact (the reverse of
-- sb.organization_contact_set_primary). Returns false if it had none.
CREATE FUNCTION sb.organization_contact_clear_primary(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    IF NOT (sb.organization_contact_get(org, contact, p_role)).is_primary
    THEN
	RETURN false;
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role,
	'primary_set', '{"is_primary": true}', '{"is_primary": false}');
    RETURN true;
END
$$;

-- Give contact's link to org the role new_role instead of old_role, in
-- one transaction: the new link is made with the old one's validity
-- window and the old one unlinked; make_primary then moves the mark for
-- new_role to it (from whoever held it), false leaves it without. With
-- since (the organization's version after an earlier change, for an
-- undo) it is refused (SB001) when an event about this contact's links in
-- org came after it. Returns false when nothing changes.
CREATE FUNCTION sb.organization_contact_change_role(org uuid, contact uuid,
    old_role text, new_role text, make_primary boolean,
    since integer DEFAULT NULL) RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur organization_contacts;
BEGIN
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

-- "Add existing contact" by name: contacts the caller sees (the directory
-- search's name branch, then the caller's own policies on the rows) that
-- are not linked to org in p_role now. Out-of-scope contacts are never
-- found by name. Columns: id, first and last name, title, owner
-- organization ("" when none or not seen), primary (else any) email.
CREATE FUNCTION sb.contact_find_by_name(p_org uuid, p_role text,
    p_text text, lim integer DEFAULT 20)
    RETURNS TABLE (contact_id uuid, first_name text, last_name text,
	title text, owner_name text, email text)
    LANGUAGE sql STABLE SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),
	   coalesce(c.title, ''), coalesce(o.name, ''),
	   coalesce((SELECT m.address FROM sb.emails m
	     WHERE m.contact_id = c.id
	     ORDER BY m.is_primary DESC, m.address LIMIT 1), '')
      FROM sb.contacts c
      LEFT JOIN sb.organizations o ON o.id = c.owner_organization_id
     WHERE c.deleted_at IS NULL AND c.active
       AND length(btrim(coalesce(p_text, ''))) >= 2
       AND c.id IN (SELECT d.contact_id FROM sb.directory_search(p_text,
	   200) d WHERE d.what = 'name')
       AND NOT EXISTS (SELECT 1 FROM sb.organization_contacts l
	   WHERE l.organization_id = p_org AND l.contact_id = c.id
	     AND l.role = p_role AND l.deleted_at IS NULL)
     ORDER BY c.last_name, c.first_name, c.id
     LIMIT lim;
END;

-- Internal to sb.contact_delete and the UI's refusal list: persons call
-- them for their own role only (access_acting), never PUBLIC.
REVOKE EXECUTE ON FUNCTION sb.contact_linked_elsewhere(uuid, name, uuid),
    sb.contact_delete_refusal(uuid, name),
    sb.organization_contact_clear_primary(uuid, uuid, text),
    sb.organization_contact_change_role(uuid, uuid, text, text, boolean,
	integer),
    sb.contact_find_by_name(uuid, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb.contact_linked_elsewhere(uuid, name, uuid),
    sb.contact_delete_refusal(uuid, name),
    sb.organization_contact_clear_primary(uuid, uuid, text),
    sb.organization_contact_change_role(uuid, uuid, text, text, boolean,
	integer),
    sb.contact_find_by_name(uuid, text, text, integer) TO switchboard_user;
