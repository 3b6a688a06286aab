-- Who may see and change what, enforced by row-level security.
--
-- Each person logs in as their own role, a member of the NOLOGIN group
-- role switchboard_user; sb.memberships maps roles to kinds of access:
--   super_admin     sees and changes everything
--   provider_admin  of an organization: its contacts, phones, addresses
--   support         read-only, for one organization (or all: NULL)
--   partner_admin   of a partner: changes the contacts it owns; sees what
--                   it and the organizations it referred link
-- Policies name current_user (never a setting a client can change). The
-- access_* helpers read across scope as the owner, so they act only for a
-- role the session user can act as: asking about someone else answers as
-- for a stranger.

-- Roles are global to the cluster: create the group role (as the
-- superuser running the migration) unless an earlier database did.
RESET ROLE;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles
	WHERE rolname = 'switchboard_user') THEN
	CREATE ROLE switchboard_user NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
SET LOCAL ROLE switchboard_owner;

-- No foreign key to organizations: rebuilding the projections truncates
-- them. The grant function checks the organization instead.
CREATE TABLE sb.memberships (
    role	name NOT NULL,
    kind	text NOT NULL CHECK (kind IN
		('super_admin', 'provider_admin', 'support', 'partner_admin')),
    organization_id uuid,
    granted_at	timestamptz NOT NULL DEFAULT now(),
    granted_by	name NOT NULL DEFAULT session_user,
    CONSTRAINT memberships_scope CHECK (CASE kind
	WHEN 'super_admin' THEN organization_id IS NULL
	WHEN 'support' THEN true
	ELSE organization_id IS NOT NULL END),
    UNIQUE NULLS NOT DISTINCT (role, kind, organization_id)
);

-- Every "add existing contact" lookup: who asked what, what was found.
CREATE TABLE sb.contact_lookups (
    id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor	name NOT NULL,
    organization_id uuid,
    email	text,
    phone	text,
    found	uuid[] NOT NULL,
    recorded_at	timestamptz NOT NULL DEFAULT now()
);

-- Who created a stream: the actor of its first event.
CREATE INDEX domain_events_creator ON sb.domain_events (actor, stream_type)
    WHERE stream_version = 1;

-- Whether the session user may act as who (itself, or a role it holds).
CREATE FUNCTION sb.access_acting(who name) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN who IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles
	WHERE rolname = who) AND pg_has_role(session_user, who, 'MEMBER');

CREATE FUNCTION sb.access_is_super(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN sb.access_acting(who) AND EXISTS (SELECT 1 FROM sb.memberships
	WHERE role = who AND kind = 'super_admin');

-- Super admins and support staff for all organizations see every row.
CREATE FUNCTION sb.access_sees_all(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN sb.access_acting(who) AND EXISTS (SELECT 1 FROM sb.memberships
	WHERE role = who AND (kind = 'super_admin' OR (kind = 'support'
	    AND organization_id IS NULL)));

-- Organizations whose rows who sees.
CREATE FUNCTION sb.access_org_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT o.id FROM sb.organizations o
     WHERE sb.access_acting(who) AND EXISTS (SELECT 1 FROM sb.memberships m
	WHERE m.role = who AND (m.kind = 'super_admin'
	    OR (m.kind = 'support' AND m.organization_id IS NULL)
	    OR m.organization_id = o.id
	    OR (m.kind = 'partner_admin'
		AND o.referring_partner_id = m.organization_id)));
END;

-- Organizations who administers (changes their links and contacts).
CREATE FUNCTION sb.access_admin_org_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT o.id FROM sb.organizations o
     WHERE sb.access_acting(who) AND EXISTS (SELECT 1 FROM sb.memberships m
	WHERE m.role = who AND (m.kind = 'super_admin'
	    OR (m.kind IN ('provider_admin', 'partner_admin')
		AND m.organization_id = o.id)));
END;

-- Streams of type who created that nothing links yet: a new contact,
-- phone or address stays visible to its creator until it is linked.
CREATE FUNCTION sb.access_orphan_ids(who name, p_type text)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT e.stream_id FROM sb.domain_events e
     WHERE sb.access_acting(who) AND e.actor = who AND e.stream_type = p_type
       AND e.stream_version = 1
       AND NOT EXISTS (SELECT 1 FROM sb.organization_contacts l
	   WHERE p_type = 'contact' AND l.contact_id = e.stream_id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contacts c
	   WHERE p_type = 'contact' AND c.id = e.stream_id
	     AND c.owner_organization_id IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contact_phones l
	   WHERE p_type = 'phone' AND l.phone_id = e.stream_id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.organization_phones l
	   WHERE p_type = 'phone' AND l.phone_id = e.stream_id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contact_addresses l
	   WHERE p_type = 'address' AND l.address_id = e.stream_id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.organization_addresses l
	   WHERE p_type = 'address' AND l.address_id = e.stream_id
	     AND l.deleted_at IS NULL);
END;

CREATE FUNCTION sb.access_contact_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    WITH orgs AS (SELECT sb.access_org_ids(who) AS id)
    SELECT l.contact_id FROM sb.organization_contacts l
     WHERE l.deleted_at IS NULL AND l.organization_id IN (SELECT id FROM orgs)
    UNION
    SELECT c.id FROM sb.contacts c
     WHERE c.owner_organization_id IN (SELECT id FROM orgs)
    UNION
    SELECT sb.access_orphan_ids(who, 'contact');
END;

CREATE FUNCTION sb.access_phone_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT l.phone_id FROM sb.organization_phones l
     WHERE l.deleted_at IS NULL
       AND l.organization_id IN (SELECT sb.access_org_ids(who))
    UNION
    SELECT l.phone_id FROM sb.contact_phones l
     WHERE l.deleted_at IS NULL
       AND l.contact_id IN (SELECT sb.access_contact_ids(who))
    UNION
    SELECT sb.access_orphan_ids(who, 'phone');
END;

CREATE FUNCTION sb.access_address_ids(who name) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT l.address_id FROM sb.organization_addresses l
     WHERE l.deleted_at IS NULL
       AND l.organization_id IN (SELECT sb.access_org_ids(who))
    UNION
    SELECT l.address_id FROM sb.contact_addresses l
     WHERE l.deleted_at IS NULL
       AND l.contact_id IN (SELECT sb.access_contact_ids(who))
    UNION
    SELECT l.address_id FROM sb.phone_addresses l
     WHERE l.deleted_at IS NULL
       AND l.phone_id IN (SELECT sb.access_phone_ids(who))
    UNION
    SELECT sb.access_orphan_ids(who, 'address');
END;

-- Whether who sees the entity (stream) id of type p_type.
CREATE FUNCTION sb.access_sees(who name, p_type text, p_id uuid)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN sb.access_sees_all(who) OR CASE p_type
	WHEN 'organization' THEN p_id IN (SELECT sb.access_org_ids(who))
	WHEN 'contact' THEN p_id IN (SELECT sb.access_contact_ids(who))
	WHEN 'phone' THEN p_id IN (SELECT sb.access_phone_ids(who))
	WHEN 'address' THEN p_id IN (SELECT sb.access_address_ids(who))
	ELSE false END;

-- Why who may not change contact p_id, or NULL when who may. Partner
-- organizations own their contacts: only their admins (and super admins)
-- change them, and the reason names the owner so the program can say so.
CREATE FUNCTION sb.access_contact_block(who name, p_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
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

-- Why the current user may not change contact p_id ("owned by Northwind
-- Health Partners", "read-only access"), or NULL when they may. NULL too
-- for a contact they do not see, exactly as for one that does not exist.
CREATE FUNCTION sb.contact_readonly_reason(p_id uuid,
    who name DEFAULT current_user) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN CASE WHEN sb.access_sees(who, 'contact', p_id)
	AND EXISTS (SELECT 1 FROM sb.contacts WHERE id = p_id)
	THEN sb.access_contact_block(who, p_id) END;

-- Whether who may change phone or address p_id: someone it is linked to
-- is theirs to change (or they created it and nothing links it yet).
-- With every_link, all its active links must be theirs (for a delete,
-- which ends them all).
CREATE FUNCTION sb.access_item_editable(who name, p_type text, p_id uuid,
    every_link boolean) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
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

-- Whether the other side of a link event is something who sees, so that
-- linking cannot pull a row of another scope into one's own.
CREATE FUNCTION sb.access_link_target_ok(who name, p_event_type text,
    payload jsonb) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN p_event_type !~ '\.(linked|added)$'
	OR (payload ? 'contact_id' AND sb.access_sees(who, 'contact',
	    (payload->>'contact_id')::uuid))
	OR (payload ? 'phone_id' AND sb.access_sees(who, 'phone',
	    (payload->>'phone_id')::uuid))
	OR (payload ? 'address_id' AND sb.access_sees(who, 'address',
	    (payload->>'address_id')::uuid))
	OR (payload ? 'email_id' AND NOT EXISTS (SELECT 1 FROM sb.emails
	    WHERE id = (payload->>'email_id')::uuid));

-- A change of a contact's own stream (fields, emails, phone and address
-- links) that who may record.
CREATE FUNCTION sb.access_contact_change_ok(who name, p_id uuid,
    p_event_type text, payload jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    AS $$
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
$$;

-- Whether who may append this event: the WITH CHECK of domain_events.
CREATE FUNCTION sb.access_may_append(who name, p_type text, p_id uuid,
    p_version integer, p_event_type text, payload jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
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
	RETURN p_id IN (SELECT sb.access_admin_org_ids(who))
	    AND p_event_type ~ '^organization\.(contact|phone|address)\.'
	    AND sb.access_link_target_ok(who, p_event_type, payload);
    ELSE
	RETURN sb.access_item_editable(who, p_type, p_id,
		p_event_type LIKE '%.deleted')
	    AND sb.access_link_target_ok(who, p_event_type, payload);
    END CASE;
END
$$;

-- Row-level security on every table, forced on the owner too: the owner
-- (the apply trigger, rebuild, the helpers above) keeps full access
-- through its own policy; persons get the policies below.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'sb' AND c.relkind IN ('r', 'p') LOOP
	EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
	EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
	IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t
	    AND polroles = ARRAY['switchboard_owner'::regrole::oid]) THEN
	    EXECUTE format('CREATE POLICY owner_all ON %s TO '
		'switchboard_owner USING (true) WITH CHECK (true)', t);
	END IF;
    END LOOP;
END $$;

-- Lookups and the migration record: everyone reads everything.
CREATE POLICY person_read ON sb.organization_kinds FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.contact_roles FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.phone_types FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.address_types FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.email_types FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.contact_methods FOR SELECT
    TO switchboard_user USING (true);
CREATE POLICY person_read ON sb.schema_migrations FOR SELECT
    TO switchboard_user USING (true);

-- Projections: the rows of what one sees. Those who see all short-circuit the
-- sets, which each query computes once.
CREATE POLICY person_read ON sb.organizations FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR id IN (SELECT sb.access_org_ids(current_user)));
CREATE POLICY person_read ON sb.contacts FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR id IN (SELECT sb.access_contact_ids(current_user)));
CREATE POLICY person_read ON sb.phones FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR id IN (SELECT sb.access_phone_ids(current_user)));
CREATE POLICY person_read ON sb.addresses FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR id IN (SELECT sb.access_address_ids(current_user)));
CREATE POLICY person_read ON sb.emails FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));
CREATE POLICY person_read ON sb.organization_contacts FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));
CREATE POLICY person_read ON sb.organization_phones FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));
CREATE POLICY person_read ON sb.organization_addresses FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));
CREATE POLICY person_read ON sb.contact_phones FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));
CREATE POLICY person_read ON sb.contact_addresses FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));
CREATE POLICY person_read ON sb.phone_addresses FOR SELECT
    TO switchboard_user USING (sb.access_sees_all(current_user)
	OR phone_id IN (SELECT sb.access_phone_ids(current_user)));

-- The log: the events of streams one sees; appends as oneself, now, and
-- only what one may change (the commands append through this too).
CREATE POLICY person_read ON sb.domain_events FOR SELECT
    TO switchboard_user USING (sb.access_sees(current_user, stream_type,
	stream_id));
CREATE POLICY person_append ON sb.domain_events FOR INSERT
    TO switchboard_user WITH CHECK (actor = current_user
	AND recorded_at = now() AND sb.access_may_append(current_user,
	    stream_type, stream_id, stream_version, event_type, payload));

-- One's own memberships and lookups; super admins see everyone's.
CREATE POLICY person_read ON sb.memberships FOR SELECT
    TO switchboard_user USING (role = current_user
	OR sb.access_is_super(current_user));
CREATE POLICY person_read ON sb.contact_lookups FOR SELECT
    TO switchboard_user USING (actor = current_user
	OR sb.access_is_super(current_user));

-- Memberships: granted and revoked only by super admins or a superuser
-- (the session user, which SET ROLE cannot change).
CREATE FUNCTION sb.access_check_granter() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    AS $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
	AND NOT sb.access_is_super(session_user) THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only a super admin may change memberships';
    END IF;
END
$$;

-- Give role the access of kind (for organization org, which provider and
-- partner admins need and support staff may omit: all organizations).
-- Returns false when role already had it.
CREATE FUNCTION sb.membership_grant(p_role name, p_kind text,
    p_org uuid DEFAULT NULL) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    org_kind text;
    n integer;
BEGIN
    PERFORM sb.access_check_granter();
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role
	AND rolcanlogin AND NOT rolsuper AND NOT rolbypassrls) THEN
	PERFORM sb.raise_invalid(format('%s is not a person''s login role',
	    p_role));
    END IF;
    SELECT kind INTO org_kind FROM organizations WHERE id = p_org;
    IF p_org IS NOT NULL AND org_kind IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('organization %s not found', p_org);
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

-- Take that access away again. Returns false when role did not have it.
CREATE FUNCTION sb.membership_revoke(p_role name, p_kind text,
    p_org uuid DEFAULT NULL) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.access_check_granter();
    DELETE FROM memberships WHERE role = p_role AND kind = p_kind
       AND organization_id IS NOT DISTINCT FROM p_org;
    RETURN FOUND;
END
$$;

-- "Add existing contact": contacts outside one's scope are found only by
-- an exact email address or phone number (in its E.164 form), never by a
-- name or a part, and every lookup is recorded. Only admins may look.
CREATE FUNCTION sb.contact_find_existing(p_email text, p_phone text,
    p_org uuid DEFAULT NULL, who name DEFAULT current_user)
    RETURNS TABLE (contact_id uuid, first_name text, last_name text,
	owner_name text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    want_email text := lower(btrim(p_email));
    want_e164 text := sb.phone_normalize(p_phone);
    ids uuid[];
BEGIN
    IF NOT sb.access_acting(who) OR NOT EXISTS (SELECT 1 FROM memberships
	WHERE role = who AND kind <> 'support') THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only admins may look for existing contacts';
    END IF;
    IF want_email !~ '^[^@[:space:]]+@[^@[:space:].]+(\.[^@[:space:].]+)+$'
    THEN
	want_email := NULL;
    END IF;
    SELECT coalesce(array_agg(DISTINCT c.id), '{}') INTO ids
      FROM contacts c
     WHERE c.deleted_at IS NULL AND c.active AND (
	EXISTS (SELECT 1 FROM emails m WHERE m.contact_id = c.id
	    AND lower(m.address) = want_email)
	OR EXISTS (SELECT 1 FROM contact_phones l JOIN phones p
	    ON p.id = l.phone_id WHERE l.contact_id = c.id
	    AND l.deleted_at IS NULL AND p.e164 = want_e164));
    INSERT INTO contact_lookups (actor, organization_id, email, phone, found)
    VALUES (who, p_org, p_email, p_phone, ids);
    RETURN QUERY SELECT c.id, c.first_name, c.last_name, o.name
      FROM contacts c LEFT JOIN organizations o
	ON o.id = c.owner_organization_id
     WHERE c.id = ANY (ids) ORDER BY c.last_name, c.first_name, c.id;
END
$$;

-- Link the one contact found by exact email or phone to org (which who
-- administers) in p_role; the event is recorded as who's. Returns the
-- contact's id. SB003 when nothing (or more than one contact) matches, or
-- org is not one of who's.
CREATE FUNCTION sb.contact_add_existing(p_org uuid, p_role text,
    p_email text, p_phone text, who name DEFAULT current_user)
    RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    ids uuid[];
    ver integer;
BEGIN
    IF p_org IS NULL OR p_org NOT IN (SELECT sb.access_admin_org_ids(who))
    THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('organization %s not found', p_org);
    END IF;
    SELECT array_agg(f.contact_id) INTO ids
      FROM sb.contact_find_existing(p_email, p_phone, p_org, who) f;
    IF cardinality(ids) IS DISTINCT FROM 1 THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = 'no single contact has that email or phone';
    END IF;
    IF EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = p_org AND contact_id = ids[1] AND role = p_role
	AND deleted_at IS NULL) THEN
	RETURN ids[1];
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('organization'),
	hashtext(p_org::text));
    SELECT coalesce(max(stream_version), 0) + 1 INTO ver FROM domain_events
     WHERE stream_type = 'organization' AND stream_id = p_org;
    INSERT INTO domain_events (event_id, stream_type, stream_id,
	stream_version, event_type, payload, actor)
    VALUES (gen_random_uuid(), 'organization', p_org, ver,
	'organization.contact.linked', jsonb_build_object('contact_id',
	    ids[1], 'role', p_role, 'after', jsonb_build_object(
		'starts_on', NULL, 'ends_on', NULL)), who);
    RETURN ids[1];
END
$$;

-- Privileges. Persons act through switchboard_user: read the tables
-- (rows filtered above), append events through the commands, keep their
-- command log; nothing else is written directly.
GRANT USAGE ON SCHEMA sb TO switchboard_user;
GRANT SELECT ON ALL TABLES IN SCHEMA sb TO switchboard_user;
GRANT INSERT ON sb.domain_events TO switchboard_user;
GRANT INSERT, UPDATE (result) ON sb.command_log TO switchboard_user;

-- Functions: none to PUBLIC; persons get all but the internal ones.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig, p.proname FROM pg_proc p
	JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname = 'sb'
	  AND p.proowner = 'switchboard_owner'::regrole LOOP
	EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
	IF f.proname !~ '^(apply_|rebuild_projections$|domain_events_|'
	    'access_check_granter$)' THEN
	    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO '
		'switchboard_user', f.sig);
	END IF;
    END LOOP;
END $$;
-- Later migrations: persons may call new functions unless the migration
-- revokes them (internal helpers must).
ALTER DEFAULT PRIVILEGES FOR ROLE switchboard_owner IN SCHEMA sb
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE switchboard_owner IN SCHEMA sb
    GRANT EXECUTE ON FUNCTIONS TO switchboard_user;
