-- Who sees and may change what: the access helpers, sb.authorize, the
-- memberships, and every row-level security policy.

-- Whether the session user may act as who (itself, or a role it holds).
CREATE OR REPLACE FUNCTION sb.access_acting(who name) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN ((who IS NOT NULL) AND (EXISTS (SELECT 1 FROM pg_roles WHERE
        (pg_roles.rolname = access_acting.who))) AND pg_has_role(SESSION_USER,
        who, 'MEMBER'::text));

GRANT EXECUTE ON FUNCTION sb.access_acting(who name) TO switchboard_user;

-- Organizations whose rows who sees.
CREATE OR REPLACE FUNCTION sb.access_org_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 SELECT o.id
    FROM sb.organizations o
   WHERE (sb.access_acting(access_org_ids.who) AND (EXISTS ( SELECT 1
            FROM sb.memberships m
           WHERE ((m.role = access_org_ids.who) AND ((m.kind =
               'super_admin'::text) OR ((m.kind = 'support'::text) AND
               (m.organization_id IS NULL)) OR (m.organization_id = o.id) OR
               ((m.kind = 'partner_admin'::text) AND (o.referring_partner_id =
               m.organization_id)))))));
END;

GRANT EXECUTE ON FUNCTION sb.access_org_ids(who name) TO switchboard_user;

-- An admin who takes a phone or address off its last owner can see it
-- again, so that undo can link it back: streams nothing links stay
-- visible to their creator and to whoever unlinked them.
-- Only phones and addresses: a contact is deleted, never left unlinked
-- by one person's step, and emails are rows of their contact.
CREATE OR REPLACE FUNCTION sb.access_orphan_ids(who name, p_type text) RETURNS
    SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 SELECT o.id
    FROM ( SELECT e.stream_id AS id
            FROM sb.domain_events e
           WHERE ((e.actor = access_orphan_ids.who) AND (e.stream_type =
               access_orphan_ids.p_type) AND (e.stream_version = 1))
         UNION
          SELECT ((e.payload ->> (access_orphan_ids.p_type ||
              '_id'::text)))::uuid AS uuid
            FROM sb.domain_events e
           WHERE ((e.actor = access_orphan_ids.who) AND
               (access_orphan_ids.p_type = ANY (ARRAY['phone'::text,
               'address'::text])) AND (e.event_type = ANY
               (ARRAY[(('contact.'::text || access_orphan_ids.p_type) ||
               '.unlinked'::text), (('organization.'::text ||
               access_orphan_ids.p_type) || '.unlinked'::text)])))) o
   WHERE (sb.access_acting(access_orphan_ids.who) AND (NOT (EXISTS ( SELECT 1
            FROM sb.organization_contacts l
           WHERE ((access_orphan_ids.p_type = 'contact'::text) AND (l.contact_id
               = o.id) AND (l.deleted_at IS NULL))))) AND (NOT (EXISTS ( SELECT
               1
            FROM sb.contacts c
           WHERE ((access_orphan_ids.p_type = 'contact'::text) AND (c.id = o.id)
               AND (c.owner_organization_id IS NOT NULL))))) AND (NOT (EXISTS (
               SELECT 1
            FROM sb.contact_phones l
           WHERE ((access_orphan_ids.p_type = 'phone'::text) AND (l.phone_id =
               o.id) AND (l.deleted_at IS NULL))))) AND (NOT (EXISTS ( SELECT 1
            FROM sb.organization_phones l
           WHERE ((access_orphan_ids.p_type = 'phone'::text) AND (l.phone_id =
               o.id) AND (l.deleted_at IS NULL))))) AND (NOT (EXISTS ( SELECT 1
            FROM sb.contact_addresses l
           WHERE ((access_orphan_ids.p_type = 'address'::text) AND (l.address_id
               = o.id) AND (l.deleted_at IS NULL))))) AND (NOT (EXISTS ( SELECT
               1
            FROM sb.organization_addresses l
           WHERE ((access_orphan_ids.p_type = 'address'::text) AND (l.address_id
               = o.id) AND (l.deleted_at IS NULL))))));
END;

-- The contact p_id was merged into at last (following merged_into up),
-- or p_id itself when it was not merged.
CREATE OR REPLACE FUNCTION sb.contact_survivor(p_id uuid) RETURNS uuid
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 WITH RECURSIVE up(id, next) AS (
          SELECT c.id, c.merged_into
            FROM sb.contacts c
           WHERE (c.id = contact_survivor.p_id)
        UNION ALL
          SELECT c.id, c.merged_into
            FROM (sb.contacts c
              JOIN up ON ((c.id = up.next)))
         )
  SELECT up.id
    FROM up
   WHERE (up.next IS NULL);
END;

-- The contacts who sees: linked to or owned by an organization they
-- see, theirs by sb.access_orphan_ids, and the contacts merged into one
-- of those (or into a contact merged into one), whose history stays the
-- survivor's. No recursive query over the whole: as one, it took 60
-- times as long on every check, the merged contacts being few.
CREATE OR REPLACE FUNCTION sb.access_contact_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 WITH orgs AS (
          SELECT sb.access_org_ids(access_contact_ids.who) AS id
         ), direct AS (
          SELECT l.contact_id AS id
            FROM sb.organization_contacts l
           WHERE ((l.deleted_at IS NULL) AND (l.organization_id IN ( SELECT
               orgs.id
                    FROM orgs)))
        UNION
          SELECT c.id
            FROM sb.contacts c
           WHERE (c.owner_organization_id IN ( SELECT orgs.id
                    FROM orgs))
        UNION
          SELECT sb.access_orphan_ids(access_contact_ids.who, 'contact'::text)
              AS access_orphan_ids
         )
  SELECT direct.id
    FROM direct
 UNION
  SELECT c.id
    FROM sb.contacts c
   WHERE ((c.merged_into IS NOT NULL) AND (sb.contact_survivor(c.id) IN (
       SELECT direct.id
            FROM direct)));
END;

GRANT EXECUTE ON FUNCTION sb.access_contact_ids(who name) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.access_phone_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 SELECT l.phone_id
    FROM sb.organization_phones l
   WHERE ((l.deleted_at IS NULL) AND (l.organization_id IN ( SELECT
       sb.access_org_ids(access_phone_ids.who) AS access_org_ids)))
 UNION
  SELECT l.phone_id
    FROM sb.contact_phones l
   WHERE ((l.deleted_at IS NULL) AND (l.contact_id IN ( SELECT
       sb.access_contact_ids(access_phone_ids.who) AS access_contact_ids)))
 UNION
  SELECT sb.access_orphan_ids(access_phone_ids.who, 'phone'::text) AS
      access_orphan_ids;
END;

GRANT EXECUTE ON FUNCTION sb.access_phone_ids(who name) TO switchboard_user;

CREATE OR REPLACE FUNCTION sb.access_address_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 SELECT l.address_id
    FROM sb.organization_addresses l
   WHERE ((l.deleted_at IS NULL) AND (l.organization_id IN ( SELECT
       sb.access_org_ids(access_address_ids.who) AS access_org_ids)))
 UNION
  SELECT l.address_id
    FROM sb.contact_addresses l
   WHERE ((l.deleted_at IS NULL) AND (l.contact_id IN ( SELECT
       sb.access_contact_ids(access_address_ids.who) AS access_contact_ids)))
 UNION
  SELECT l.address_id
    FROM sb.phone_addresses l
   WHERE ((l.deleted_at IS NULL) AND (l.phone_id IN ( SELECT
       sb.access_phone_ids(access_address_ids.who) AS access_phone_ids)))
 UNION
  SELECT sb.access_orphan_ids(access_address_ids.who, 'address'::text) AS
      access_orphan_ids;
END;

GRANT EXECUTE ON FUNCTION sb.access_address_ids(who name) TO switchboard_user;

-- Whether who administers organization p_id (changes its links and
-- contacts): the rule, once. Plain SQL, so that it is inlined: a list
-- asks it of each of its rows with one index lookup (as the caller,
-- whose own memberships it may read), the policies through
-- sb.access_admin_org_ids.
CREATE OR REPLACE FUNCTION sb.access_admins(who name, p_id uuid) RETURNS
    boolean
    LANGUAGE sql STABLE
    RETURN (sb.access_acting(who) AND (EXISTS (SELECT 1 FROM sb.memberships m
        WHERE ((m.role = access_admins.who) AND ((m.kind = 'super_admin'::text)
        OR ((m.kind = ANY (ARRAY['provider_admin'::text,
        'partner_admin'::text])) AND (m.organization_id =
        access_admins.p_id)))))));

GRANT EXECUTE ON FUNCTION sb.access_admins(who name, p_id uuid) TO
    switchboard_user;

-- The partner whose contacts who links at organization p_id without
-- administering it: the partner that referred p_id, when who is one of
-- its admins; else NULL. As the owner, so that an organization who does
-- not see costs what a missing one does.
CREATE OR REPLACE FUNCTION sb.access_link_partner(who name, p_id uuid)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN (SELECT m.organization_id FROM sb.memberships m
	JOIN sb.organizations o ON o.referring_partner_id = m.organization_id
	WHERE o.id = p_id AND m.role = who AND m.kind = 'partner_admin'
	  AND sb.access_acting(who) LIMIT 1);

GRANT EXECUTE ON FUNCTION sb.access_link_partner(who name, p_id uuid) TO
    switchboard_user;

-- Whether who may link contact p_contact to organization p_id, change
-- the role of that link, its validity, or unlink it: the rule, once. An
-- organization's admins link any contact; the admins of the partner that
-- referred it link the contacts their partner owns. With p_contact NULL:
-- whether who links any contact there at all (new, link). The primary
-- marks and the organization's own phones and addresses stay its admins'
-- (sb.access_admins). As the owner, as sb.access_link_partner, and in
-- this order, so that a contact who does not see costs what a missing
-- one does.
CREATE OR REPLACE FUNCTION sb.access_links(who name, p_id uuid, p_contact
    uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    admins boolean := sb.access_admins(who, p_id);
    partner uuid := sb.access_link_partner(who, p_id);
BEGIN
    RETURN admins OR (partner IS NOT NULL AND (p_contact IS NULL
	OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = p_contact
	    AND c.owner_organization_id = partner)));
END
$$;

GRANT EXECUTE ON FUNCTION sb.access_links(who name, p_id uuid, p_contact uuid)
    TO switchboard_user;

-- Organizations who administers (changes their links and contacts).
CREATE OR REPLACE FUNCTION sb.access_admin_org_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
 SELECT o.id
    FROM sb.organizations o
   WHERE sb.access_admins(access_admin_org_ids.who, o.id);
END;

-- Memberships: granted and revoked only by super admins or a superuser
-- (the session user, which SET ROLE cannot change).
CREATE OR REPLACE FUNCTION sb.access_check_granter() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
	AND NOT sb.access_is_super(session_user) THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only a super admin may change memberships';
    END IF;
END
$$;

-- Why who may not change contact p_id, or NULL when who may. Partner
-- organizations own their contacts: only their admins (and super admins)
-- change them, and the reason names the owner so the program can say so.
CREATE OR REPLACE FUNCTION sb.access_contact_block(who name, p_id uuid) RETURNS
    text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    owner organizations;
BEGIN
    IF sb.access_is_super(who) THEN
	RETURN NULL;
    END IF;
    SELECT o.* INTO owner FROM contacts c JOIN organizations o
	ON o.id = c.owner_organization_id WHERE c.id = p_id;
    IF owner.kind = 'partner' THEN
	IF owner.id IN (SELECT sb.access_admin_org_ids(who)) THEN
	    RETURN NULL;
	END IF;
	RETURN format('owned by %s', owner.name);
    END IF;
    IF owner.id IN (SELECT sb.access_admin_org_ids(who))
	OR p_id IN (SELECT sb.access_orphan_ids(who, 'contact'))
	OR EXISTS (SELECT 1 FROM organization_contacts l
	    JOIN memberships m ON m.organization_id = l.organization_id
	    WHERE l.contact_id = p_id AND l.deleted_at IS NULL
	      AND m.role = who AND m.kind = 'provider_admin'
	      AND sb.access_acting(who)) THEN
	RETURN NULL;
    END IF;
    RETURN 'read-only access';
END
$$;

-- A change of a contact's own stream (fields, emails, phone and address
-- links) that who may record.
CREATE OR REPLACE FUNCTION sb.access_contact_change_ok(who name, p_id uuid,
    p_event_type text, payload jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    new_owner uuid := (payload->'after'->>'owner_organization_id')::uuid;
BEGIN
    IF NOT sb.access_sees(who, 'contact', p_id)
	OR sb.access_contact_block(who, p_id) IS NOT NULL THEN
	RETURN false;
    END IF;
    IF payload->'after' ? 'owner_organization_id' AND new_owner IS NOT NULL
	AND new_owner NOT IN (SELECT sb.access_admin_org_ids(who)) THEN
	RETURN false;
    END IF;
    IF p_event_type ~ '^contact\.email\.(changed|removed)$' THEN
	RETURN EXISTS (SELECT 1 FROM emails WHERE contact_id = p_id
	    AND id = (payload->>'email_id')::uuid);
    END IF;
    IF p_event_type = 'contact.deleted' THEN
	RETURN NOT EXISTS (SELECT 1 FROM organization_contacts
	    WHERE contact_id = p_id AND deleted_at IS NULL
	      AND organization_id NOT IN
		(SELECT sb.access_admin_org_ids(who)));
    END IF;
    RETURN sb.access_link_target_ok(who, p_event_type, payload);
END
$_$;

CREATE OR REPLACE FUNCTION sb.access_is_super(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN (sb.access_acting(who) AND (EXISTS (SELECT 1 FROM sb.memberships
        WHERE ((memberships.role = access_is_super.who) AND (memberships.kind =
        'super_admin'::text)))));

GRANT EXECUTE ON FUNCTION sb.access_is_super(who name) TO switchboard_user;

-- Whether who may change phone or address p_id: someone it is linked to
-- is theirs to change (or they created it and nothing links it yet).
-- With every_link, all its active links must be theirs (for a delete,
-- which ends them all).
CREATE OR REPLACE FUNCTION sb.access_item_editable(who name, p_type text, p_id
    uuid, every_link boolean) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    ok integer;
    bad integer;
BEGIN
    IF p_id IN (SELECT sb.access_orphan_ids(who, p_type)) THEN
	RETURN true;
    END IF;
    SELECT count(*) FILTER (WHERE mine), count(*) FILTER (WHERE NOT mine)
      INTO ok, bad FROM (
	SELECT l.organization_id IN (SELECT sb.access_admin_org_ids(who))
	    AS mine FROM organization_phones l
	 WHERE p_type = 'phone' AND l.phone_id = p_id AND l.deleted_at IS NULL
	UNION ALL
	SELECT l.organization_id IN (SELECT sb.access_admin_org_ids(who))
	  FROM organization_addresses l
	 WHERE p_type = 'address' AND l.address_id = p_id
	   AND l.deleted_at IS NULL
	UNION ALL
	SELECT sb.access_contact_block(who, l.contact_id) IS NULL
	  FROM contact_phones l
	 WHERE p_type = 'phone' AND l.phone_id = p_id AND l.deleted_at IS NULL
	UNION ALL
	SELECT sb.access_contact_block(who, l.contact_id) IS NULL
	  FROM contact_addresses l
	 WHERE p_type = 'address' AND l.address_id = p_id
	   AND l.deleted_at IS NULL
	UNION ALL
	SELECT sb.access_item_editable(who, 'phone', l.phone_id, false)
	  FROM phone_addresses l
	 WHERE p_type = 'address' AND l.address_id = p_id
	   AND l.deleted_at IS NULL) AS links;
    RETURN ok > 0 AND (NOT every_link OR bad = 0);
END
$$;

-- Super admins and support staff for all organizations see every row.
CREATE OR REPLACE FUNCTION sb.access_sees_all(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN (sb.access_acting(who) AND (EXISTS (SELECT 1 FROM sb.memberships
        WHERE ((memberships.role = access_sees_all.who) AND ((memberships.kind =
        'super_admin'::text) OR ((memberships.kind = 'support'::text) AND
        (memberships.organization_id IS NULL)))))));

GRANT EXECUTE ON FUNCTION sb.access_sees_all(who name) TO switchboard_user;

-- Whether who sees the entity (stream) id of type p_type.
CREATE OR REPLACE FUNCTION sb.access_sees(who name, p_type text, p_id uuid)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN (sb.access_sees_all(who) OR CASE p_type WHEN 'organization'::text
        THEN (p_id IN (SELECT sb.access_org_ids(who) AS access_org_ids)) WHEN
        'contact'::text THEN (p_id IN (SELECT sb.access_contact_ids(who) AS
        access_contact_ids)) WHEN 'phone'::text THEN (p_id IN (SELECT
        sb.access_phone_ids(who) AS access_phone_ids)) WHEN 'address'::text THEN
        (p_id IN (SELECT sb.access_address_ids(who) AS access_address_ids)) ELSE
        false END);

GRANT EXECUTE ON FUNCTION sb.access_sees(who name, p_type text, p_id uuid) TO
    switchboard_user;

-- Whether the other side of a link event is something who sees, so that
-- linking cannot pull a row of another scope into one's own.
CREATE OR REPLACE FUNCTION sb.access_link_target_ok(who name, p_event_type text,
    payload jsonb) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN ((p_event_type !~ '\.(linked|added)$'::text) OR ((payload ?
        'contact_id'::text) AND sb.access_sees(who, 'contact'::text, ((payload
        ->> 'contact_id'::text))::uuid)) OR ((payload ? 'phone_id'::text) AND
        sb.access_sees(who, 'phone'::text, ((payload ->>
        'phone_id'::text))::uuid)) OR ((payload ? 'address_id'::text) AND
        sb.access_sees(who, 'address'::text, ((payload ->>
        'address_id'::text))::uuid)) OR ((payload ? 'email_id'::text) AND (NOT
        (EXISTS (SELECT 1 FROM sb.emails WHERE (emails.id =
        ((access_link_target_ok.payload ->> 'email_id'::text))::uuid))))));

-- Whether who may append this event: the WITH CHECK of domain_events.
CREATE OR REPLACE FUNCTION sb.access_may_append(who name, p_type text, p_id
    uuid, p_version integer, p_event_type text, payload jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    owner uuid := (payload->'after'->>'owner_organization_id')::uuid;
BEGIN
    IF p_version IS DISTINCT FROM (SELECT coalesce(max(stream_version), 0)
	+ 1 FROM domain_events WHERE stream_type = p_type
	AND stream_id = p_id) THEN
	RETURN false;
    ELSIF sb.access_is_super(who) THEN
	RETURN true;
    ELSIF NOT EXISTS (SELECT 1 FROM memberships WHERE role = who
	AND kind IN ('provider_admin', 'partner_admin'))
	OR NOT sb.access_acting(who) THEN
	RETURN false;
    ELSIF p_version = 1 THEN
	RETURN p_event_type = p_type || '.created' AND p_type <> 'organization'
	    AND (owner IS NULL OR owner IN (SELECT sb.access_admin_org_ids(who)));
    END IF;
    CASE p_type
    WHEN 'contact' THEN
	RETURN sb.access_contact_change_ok(who, p_id, p_event_type, payload);
    WHEN 'organization' THEN
	RETURN (p_id IN (SELECT sb.access_admin_org_ids(who))
		AND p_event_type ~ '^organization\.(contact|phone|address)\.'
	    OR p_event_type ~ '^organization\.contact\.(un)?linked$'
		AND sb.access_links(who, p_id,
		    (payload->>'contact_id')::uuid))
	    AND sb.access_link_target_ok(who, p_event_type, payload);
    ELSE
	RETURN sb.access_item_editable(who, p_type, p_id,
		p_event_type LIKE '%.deleted')
	    AND sb.access_link_target_ok(who, p_event_type, payload);
    END CASE;
END
$$;

-- Why who may not make a change of sb.authorize's action at organization
-- p_id, in words: at an organization its partner referred, a partner
-- admin hears what stays the organization's (its own contacts, its
-- primary marks, the rest); anyone else that the access is read-only.
CREATE OR REPLACE FUNCTION sb.access_link_refusal(who name, p_id uuid, action
    text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    partner uuid := sb.access_link_partner(who, p_id);
    here text := (SELECT name FROM organizations WHERE id = p_id);
    theirs text := (SELECT name FROM organizations WHERE id = partner);
BEGIN
    IF partner IS NULL THEN
	RETURN 'read-only access';
    ELSIF action = 'organization.contact' THEN
	RETURN format('at %s you may link only the contacts %s owns', here,
	    theirs);
    ELSIF action = 'organization.primary' THEN
	RETURN format('the primary contacts of %s are its own admins'' '
	    'decision', here);
    END IF;
    RETURN format('only the admins of %s may do that', here);
END
$$;

GRANT EXECUTE ON FUNCTION sb.access_link_refusal(who name, p_id uuid, action
    text) TO switchboard_user;

-- Who may do what: the one place that says it. Each command calls this
-- first with the permission it needs and the id it acts on:
--
--   organization.create         super admins
--   organization.change   org   super admins (name, kind, partner, ...)
--   organization.links    org   admins of org: its own phones and
--                               addresses, deleting contacts from it
--   organization.contact  org [contact]  who links that contact there
--                               (sb.access_links): its link, the link's
--                               role and validity; without a contact,
--                               whether who links any there
--   organization.primary  org   admins of org: its primary marks, and
--                               the links that hold them
--   contact.create        owner admins; the owner organization, when
--                               given, one they administer
--   contact.change        id    admins who may change that contact (see
--                               sb.access_contact_block): its fields,
--                               emails, phones and addresses
--   item.create                 admins: a new phone or address
--   phone.change, address.change  id   admins of someone it is linked to
--   phone.delete, address.delete  id   admins of everyone it is linked to
--   contact.see, phone.see, address.see  id   seeing it: the other side
--                               of a new link
--
-- Super admins, superusers and the owner hold every permission; support
-- staff hold only the .see ones. What the caller does not see raises
-- SB003 "<kind> <id> not found", the very error of a missing id; what
-- the caller sees but may not change raises 42501 with the reason.
CREATE OR REPLACE FUNCTION sb.authorize(action text, id uuid DEFAULT NULL::uuid,
    contact uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    who name := sb.caller();
    kind text := split_part(action, '.', 1);
    why text;
BEGIN
    IF sb.caller_is_root() OR sb.access_is_super(who) THEN
	RETURN;
    END IF;
    IF action = 'contact.create' THEN
	kind := 'organization';
    END IF;
    IF (id IS NOT NULL OR action NOT IN ('organization.create',
	'contact.create', 'item.create'))
	AND NOT coalesce(sb.access_sees(who, kind, id), false) THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('%s %s not found', kind, id);
    END IF;
    IF action IN ('contact.see', 'phone.see', 'address.see') THEN
	RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memberships m WHERE m.role = who
	AND m.kind IN ('provider_admin', 'partner_admin')) THEN
	why := 'read-only access';
    ELSE
	CASE action
	WHEN 'organization.create', 'organization.change' THEN
	    why := 'only a super admin may create or change organizations';
	WHEN 'organization.links', 'contact.create' THEN
	    IF id IS NOT NULL
		AND id NOT IN (SELECT sb.access_admin_org_ids(who)) THEN
		why := sb.access_link_refusal(who, id, action);
	    END IF;
	WHEN 'organization.contact' THEN
	    IF NOT sb.access_links(who, id, contact) THEN
		why := sb.access_link_refusal(who, id, action);
	    END IF;
	WHEN 'organization.primary' THEN
	    IF NOT sb.access_admins(who, id) THEN
		why := sb.access_link_refusal(who, id, action);
	    END IF;
	WHEN 'contact.change' THEN
	    why := sb.access_contact_block(who, id);
	WHEN 'item.create' THEN
	    NULL;
	WHEN 'phone.change', 'address.change' THEN
	    IF NOT sb.access_item_editable(who, kind, id, false) THEN
		why := 'read-only access';
	    END IF;
	WHEN 'phone.delete', 'address.delete' THEN
	    IF NOT sb.access_item_editable(who, kind, id, true) THEN
		why := format('the %s is also used where you may not change '
		    'it', kind);
	    END IF;
	END CASE;
    END IF;
    IF why IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = why;
    END IF;
END
$$;

-- The person a command acts for: the login, or the role it set with SET
-- ROLE (PostgreSQL lets it set only roles it is a member of). Inside a
-- SECURITY DEFINER function current_user is the owner; neither of these
-- changes there.
CREATE OR REPLACE FUNCTION sb.caller() RETURNS name
    LANGUAGE sql STABLE
    RETURN CASE current_setting('role'::text) WHEN 'none'::text THEN
        (SESSION_USER)::text ELSE current_setting('role'::text) END;

GRANT EXECUTE ON FUNCTION sb.caller() TO switchboard_user;

-- Whether the caller runs the cluster itself: a superuser (the demo
-- loader, the tests' set-up) or the owner role (migrations).
CREATE OR REPLACE FUNCTION sb.caller_is_root() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    RETURN ((sb.caller() = 'switchboard_owner'::name) OR COALESCE((SELECT
        r.rolsuper FROM pg_roles r WHERE (r.rolname = sb.caller())), false));

GRANT EXECUTE ON FUNCTION sb.caller_is_root() TO switchboard_user;

-- Why who may not delete contact p_id, or NULL when who may as far as
-- ownership goes: a contact an organization owns is deleted by that
-- organization's admins (and super admins, and the cluster's superusers
-- who run the migrations and the demo). The event policy still decides.
-- Asked for a role the session may not act as, or about a contact who
-- does not see, it names no organization.
CREATE OR REPLACE FUNCTION sb.contact_delete_refusal(p_id uuid, who name DEFAULT
    CURRENT_USER) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
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

GRANT EXECUTE ON FUNCTION sb.contact_delete_refusal(p_id uuid, who name) TO
    switchboard_user;

-- The organizations other than the contact's owner (and p_org, the one
-- the contact is deleted from) that link it now, as who may know them: one
-- row per organization who sees (by name), then one row with a NULL name
-- and how many more link it that who does not see. Nothing for a contact
-- who does not see, or when who is not a role the session user may act as.
CREATE OR REPLACE FUNCTION sb.contact_linked_elsewhere(p_id uuid, who name
    DEFAULT CURRENT_USER, p_org uuid DEFAULT NULL::uuid) RETURNS
    TABLE(organization_name text, hidden_count integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
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

GRANT EXECUTE ON FUNCTION sb.contact_linked_elsewhere(p_id uuid, who name, p_org
    uuid) TO switchboard_user;

-- Why the current user may not change contact p_id ("owned by Northwind
-- Health Partners", "read-only access"), or NULL when they may. NULL too
-- for a contact they do not see, exactly as for one that does not exist.
CREATE OR REPLACE FUNCTION sb.contact_readonly_reason(p_id uuid, who name
    DEFAULT CURRENT_USER) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN CASE WHEN (sb.access_sees(who, 'contact'::text, p_id) AND (EXISTS
        (SELECT 1 FROM sb.contacts WHERE (contacts.id =
        contact_readonly_reason.p_id)))) THEN sb.access_contact_block(who, p_id)
        ELSE NULL::text END;

GRANT EXECUTE ON FUNCTION sb.contact_readonly_reason(p_id uuid, who name) TO
    switchboard_user;

-- Give role the access of kind (for organization org, which provider and
-- partner admins need and support staff may omit: all organizations).
-- Returns false when role already had it.
CREATE OR REPLACE FUNCTION sb.membership_grant(p_role name, p_kind text, p_org
    uuid DEFAULT NULL::uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    org_kind text;
    n integer;
BEGIN
    PERFORM sb.access_check_granter();
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role
	AND rolcanlogin AND NOT rolsuper AND NOT rolbypassrls
	AND pg_has_role(rolname, 'switchboard_user', 'MEMBER')) THEN
	PERFORM sb.raise_invalid(format('%s is not a person''s login role',
	    p_role), 'A person''s login role can log in and is a member of '
	    'switchboard_user.');
    END IF;
    SELECT kind INTO org_kind FROM organizations WHERE id = p_org;
    IF p_kind IS NULL OR p_kind NOT IN ('super_admin', 'provider_admin',
	'support', 'partner_admin') THEN
	PERFORM sb.raise_invalid(format('%s is not a kind of access',
	    coalesce(p_kind, 'nothing')), 'The kinds are super_admin, '
	    'provider_admin, support and partner_admin.');
    ELSIF p_org IS NOT NULL AND org_kind IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('organization %s not found', p_org);
    ELSIF p_kind = 'super_admin' AND p_org IS NOT NULL THEN
	PERFORM sb.raise_invalid('a super admin covers every organization, '
	    'not one');
    ELSIF p_kind IN ('provider_admin', 'partner_admin') AND p_org IS NULL
    THEN
	PERFORM sb.raise_invalid(format('a %s needs an organization',
	    replace(p_kind, '_', ' ')));
    ELSIF p_kind = 'partner_admin' AND org_kind IS DISTINCT FROM 'partner'
    THEN
	PERFORM sb.raise_invalid('a partner admin needs a partner '
	    'organization');
    END IF;
    INSERT INTO memberships (role, kind, organization_id)
    VALUES (p_role, p_kind, p_org) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n = 1;
END
$$;

GRANT EXECUTE ON FUNCTION sb.membership_grant(p_role name, p_kind text, p_org
    uuid) TO switchboard_user;

-- Take that access away again. Returns false when role did not have it.
-- The last super admin who can log in keeps it: without one, nobody but
-- a superuser could grant anything again. The lock makes two revokes of
-- the last two take turns.
CREATE OR REPLACE FUNCTION sb.membership_revoke(p_role name, p_kind text, p_org
    uuid DEFAULT NULL::uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    PERFORM sb.access_check_granter();
    PERFORM pg_advisory_xact_lock(hashtext('membership.super_admin'));
    IF p_kind = 'super_admin' AND EXISTS (SELECT 1 FROM memberships
	WHERE role = p_role AND kind = 'super_admin')
	AND NOT EXISTS (SELECT 1 FROM memberships m
	    JOIN pg_roles r ON r.rolname = m.role
	    WHERE m.kind = 'super_admin' AND m.role <> p_role
	      AND r.rolcanlogin) THEN
	PERFORM sb.raise_invalid(format('%s is the last super admin',
	    p_role), 'Make another login a super admin first.');
    END IF;
    DELETE FROM memberships WHERE role = p_role AND kind = p_kind
       AND organization_id IS NOT DISTINCT FROM p_org;
    RETURN FOUND;
END
$$;

GRANT EXECUTE ON FUNCTION sb.membership_revoke(p_role name, p_kind text, p_org
    uuid) TO switchboard_user;

-- Why who may not change contact p_contact's link to organization p_org
-- (its role there, its validity; with p_primary, its primary mark), or
-- NULL when who may: as sb.authorize's organization.contact (and
-- organization.primary) say, whoever owns the contact. NULL too for an
-- organization or contact who does not see, exactly as for one that does
-- not exist.
CREATE OR REPLACE FUNCTION sb.organization_contact_readonly_reason(p_org uuid,
    p_contact uuid, who name DEFAULT CURRENT_USER, p_primary boolean DEFAULT
    false) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN CASE WHEN (sb.access_sees(who, 'organization'::text, p_org) AND
        sb.access_sees(who, 'contact'::text, p_contact) AND (EXISTS (SELECT 1
        FROM sb.organizations WHERE (organizations.id =
        organization_contact_readonly_reason.p_org))) AND (CASE WHEN p_primary
        THEN NOT sb.access_admins(who, p_org) ELSE NOT sb.access_links(who,
        p_org, p_contact) END)) THEN sb.access_link_refusal(who, p_org, CASE
        WHEN p_primary THEN 'organization.primary'::text ELSE
        'organization.contact'::text END) ELSE NULL::text END;

GRANT EXECUTE ON FUNCTION sb.organization_contact_readonly_reason(p_org uuid,
    p_contact uuid, who name, p_primary boolean) TO switchboard_user;

-- Why the current user may not change organization p_id's own phones and
-- addresses ("read-only access"), or NULL when they may. NULL too for an
-- organization they do not see, exactly as for one that does not exist.
CREATE OR REPLACE FUNCTION sb.organization_readonly_reason(p_id uuid, who name
    DEFAULT CURRENT_USER) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    RETURN CASE WHEN (sb.access_sees(who, 'organization'::text, p_id) AND
        (EXISTS (SELECT 1 FROM sb.organizations WHERE (organizations.id =
        organization_readonly_reason.p_id))) AND (NOT (p_id IN (SELECT
        sb.access_admin_org_ids(who) AS access_admin_org_ids)))) THEN
        'read-only access'::text ELSE NULL::text END;

GRANT EXECUTE ON FUNCTION sb.organization_readonly_reason(p_id uuid, who name)
    TO switchboard_user;

CREATE POLICY command_log_actor ON sb.command_log USING ((actor = CURRENT_USER))
    WITH CHECK ((actor = CURRENT_USER));

CREATE POLICY command_log_owner ON sb.command_log TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.address_types TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.addresses TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.contact_addresses TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.contact_lookups TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.contact_merges TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.contact_methods TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.contact_phones TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.contact_roles TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.contacts TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.domain_events TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.email_types TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.emails TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.memberships TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.name_pairs TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.name_variants TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.name_words TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.name_nicknames TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.organization_addresses TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.organization_contact_counts TO switchboard_owner
    USING (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.organization_contacts TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.organization_kinds TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.organization_phones TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.organizations TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.phone_addresses TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY owner_all ON sb.phone_types TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.phones TO switchboard_owner USING (true) WITH
    CHECK (true);

CREATE POLICY owner_all ON sb.schema_migrations TO switchboard_owner USING
    (true) WITH CHECK (true);

CREATE POLICY owner_all ON sb.schema_modules TO switchboard_owner USING (true)
    WITH CHECK (true);

CREATE POLICY person_read ON sb.address_types FOR SELECT TO switchboard_user
    USING (true);

CREATE POLICY person_read ON sb.addresses FOR SELECT TO switchboard_user USING
    ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR (id IN (
    SELECT sb.access_address_ids(CURRENT_USER) AS access_address_ids))));

CREATE POLICY person_read ON sb.contact_addresses FOR SELECT TO switchboard_user
    USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR
    (contact_id IN ( SELECT sb.access_contact_ids(CURRENT_USER) AS
    access_contact_ids))));

CREATE POLICY person_read ON sb.contact_lookups FOR SELECT TO switchboard_user
    USING (((actor = CURRENT_USER) OR sb.access_is_super(CURRENT_USER)));

CREATE POLICY person_read ON sb.contact_methods FOR SELECT TO switchboard_user
    USING (true);

CREATE POLICY person_read ON sb.contact_phones FOR SELECT TO switchboard_user
    USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR
    (contact_id IN ( SELECT sb.access_contact_ids(CURRENT_USER) AS
    access_contact_ids))));

CREATE POLICY person_read ON sb.contact_roles FOR SELECT TO switchboard_user
    USING (true);

CREATE POLICY person_read ON sb.contacts FOR SELECT TO switchboard_user USING
    ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR (id IN (
    SELECT sb.access_contact_ids(CURRENT_USER) AS access_contact_ids))));

CREATE POLICY person_read ON sb.domain_events FOR SELECT TO switchboard_user
    USING (sb.access_sees(CURRENT_USER, stream_type, stream_id));

CREATE POLICY person_read ON sb.email_types FOR SELECT TO switchboard_user USING
    (true);

CREATE POLICY person_read ON sb.name_nicknames FOR SELECT TO switchboard_user
    USING (true);

CREATE POLICY person_read ON sb.emails FOR SELECT TO switchboard_user USING (((
    SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR (contact_id
    IN ( SELECT sb.access_contact_ids(CURRENT_USER) AS access_contact_ids))));

CREATE POLICY person_read ON sb.memberships FOR SELECT TO switchboard_user USING
    (((role = CURRENT_USER) OR sb.access_is_super(CURRENT_USER)));

CREATE POLICY person_read ON sb.organization_addresses FOR SELECT TO
    switchboard_user USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS
    access_sees_all) OR (organization_id IN ( SELECT
    sb.access_org_ids(CURRENT_USER) AS access_org_ids))));

CREATE POLICY person_read ON sb.organization_contact_counts FOR SELECT TO
    switchboard_user USING (( SELECT sb.access_sees_all(CURRENT_USER) AS
    access_sees_all));

CREATE POLICY person_read ON sb.organization_contacts FOR SELECT TO
    switchboard_user USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS
    access_sees_all) OR (organization_id IN ( SELECT
    sb.access_org_ids(CURRENT_USER) AS access_org_ids))));

CREATE POLICY person_read ON sb.organization_kinds FOR SELECT TO
    switchboard_user USING (true);

CREATE POLICY person_read ON sb.organization_phones FOR SELECT TO
    switchboard_user USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS
    access_sees_all) OR (organization_id IN ( SELECT
    sb.access_org_ids(CURRENT_USER) AS access_org_ids))));

CREATE POLICY person_read ON sb.organizations FOR SELECT TO switchboard_user
    USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR (id
    IN ( SELECT sb.access_org_ids(CURRENT_USER) AS access_org_ids))));

CREATE POLICY person_read ON sb.phone_addresses FOR SELECT TO switchboard_user
    USING ((( SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR
    (phone_id IN ( SELECT sb.access_phone_ids(CURRENT_USER) AS
    access_phone_ids))));

CREATE POLICY person_read ON sb.phone_types FOR SELECT TO switchboard_user USING
    (true);

CREATE POLICY person_read ON sb.phones FOR SELECT TO switchboard_user USING (((
    SELECT sb.access_sees_all(CURRENT_USER) AS access_sees_all) OR (id IN (
    SELECT sb.access_phone_ids(CURRENT_USER) AS access_phone_ids))));

CREATE POLICY person_read ON sb.schema_migrations FOR SELECT TO switchboard_user
    USING (true);

CREATE POLICY person_read ON sb.schema_modules FOR SELECT TO switchboard_user
    USING (true);
