-- Persons change data through the command functions only, and each
-- command says in its first lines which permission it needs.
--
-- Before, the commands ran as the caller and appended events through a
-- policy on sb.domain_events that admitted each event by reading its
-- payload. Any login could append events of its own making instead: a
-- link to another organization's contact with a decoy id of its own in
-- the payload, keys the appliers then copied (contact_id into an email,
-- deleted_at into a contact), invented before values, 50 MB payloads.
-- Now:
--   - persons have no INSERT on the event log; the commands run as the
--     owner (SECURITY DEFINER), build each event themselves (before
--     values from the projections, actor and time from the server) and
--     append it with the caller as its actor;
--   - each command first calls sb.authorize with the permission it needs
--     and the ids it acts on: that function is the one place that says
--     who holds which permission;
--   - the appliers take only the keys each event type defines;
--   - text arguments and payloads have a size limit, checked first;
--   - persons may execute only the functions granted at the end, and new
--     functions are private until a migration grants them.
-- The SQLSTATEs stay those of 002: SB003 for what the caller does not
-- see (exactly as for what does not exist), 42501 for what the caller
-- sees but may not change.

DROP POLICY person_append ON sb.domain_events;
REVOKE INSERT ON sb.domain_events FROM switchboard_user;

-- The person a command acts for: the login, or the role it set with SET
-- ROLE (PostgreSQL lets it set only roles it is a member of). Inside a
-- SECURITY DEFINER function current_user is the owner; neither of these
-- changes there.
CREATE FUNCTION sb.caller() RETURNS name
    LANGUAGE sql STABLE
    RETURN CASE current_setting('role') WHEN 'none' THEN session_user
	ELSE current_setting('role') END;

-- Whether the caller runs the cluster itself: a superuser (the demo
-- loader, the tests' set-up) or the owner role (migrations).
CREATE FUNCTION sb.caller_is_root() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = sb, pg_temp
    RETURN sb.caller() = 'switchboard_owner' OR coalesce((SELECT r.rolsuper
	FROM pg_roles r WHERE r.rolname = sb.caller()), false);

-- SB004 when any of texts is longer than max characters. Commands call
-- it before any other work, so that a huge argument costs nothing more.
CREATE FUNCTION sb.check_text(max integer, VARIADIC texts text[])
    RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(texts) AS t WHERE char_length(t) > max)
    THEN
	PERFORM sb.raise_invalid(format('a text is longer than %s '
	    'characters', max));
    END IF;
END
$$;

-- Who may do what: the one place that says it. Each command calls this
-- first with the permission it needs and the id it acts on:
--
--   organization.create         super admins
--   organization.change   org   super admins (name, kind, partner, ...)
--   organization.links    org   admins of org: the contacts linked to it,
--                               their roles and primary marks, its own
--                               phones and addresses
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
CREATE FUNCTION sb.authorize(action text, id uuid DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
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
		why := 'read-only access';
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

-- The log: the caller is the actor, and an event is at most 16 KB.
CREATE OR REPLACE FUNCTION sb.append_event(p_event_id uuid,
    p_stream_type text, p_stream_id uuid, p_expected_version integer,
    p_event_type text, p_payload jsonb) RETURNS bigint
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    pos bigint;
    cur integer;
BEGIN
    IF octet_length(p_payload::text) > 16384 THEN
	PERFORM sb.raise_invalid('the change is too large');
    END IF;
    -- One writer per stream at a time: the version check below then sees
    -- every committed event of the stream.
    PERFORM pg_advisory_xact_lock(hashtext(p_stream_type),
	hashtext(p_stream_id::text));
    SELECT position INTO pos FROM domain_events
     WHERE event_id = p_event_id;
    IF FOUND THEN
	RETURN pos;
    END IF;
    SELECT coalesce(max(stream_version), 0) INTO cur FROM domain_events
     WHERE stream_type = p_stream_type AND stream_id = p_stream_id;
    IF p_expected_version IS DISTINCT FROM cur AND
	p_expected_version IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = format('%s %s was changed by someone else '
		'(now at version %s, expected %s)', p_stream_type,
		p_stream_id, cur, p_expected_version),
	    HINT = 'Reload it and make the change again.';
    END IF;
    INSERT INTO domain_events (event_id, stream_type, stream_id,
	stream_version, event_type, payload, actor)
    VALUES (p_event_id, p_stream_type, p_stream_id, cur + 1, p_event_type,
	coalesce(p_payload, '{}'), sb.caller());
    SELECT position INTO pos FROM domain_events
     WHERE event_id = p_event_id;
    RETURN pos;
END
$$;

-- What the appliers may take from an event.

-- The fields of an entity (or of an email) that events carry.
CREATE FUNCTION sb.event_fields(stream text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    RETURN CASE stream
	WHEN 'contact' THEN ARRAY['first_name', 'last_name', 'title',
	    'preferred_contact_method', 'do_not_contact', 'active',
	    'owner_organization_id']
	WHEN 'organization' THEN ARRAY['name', 'kind', 'subdomain',
	    'referring_partner_id', 'active']
	WHEN 'phone' THEN ARRAY['number', 'e164', 'extension', 'type',
	    'sms_capable']
	WHEN 'address' THEN ARRAY['type', 'country', 'label', 'street1',
	    'street2', 'city', 'region', 'postal_code']
	WHEN 'email' THEN ARRAY['address', 'type', 'is_primary'] END;

-- SB004 unless every key of e's payload is one its type defines: at the
-- top, and inside "before" and "after" (objects, or null). A deletion's
-- "before" is the whole row it ended, search keys and id included; it is
-- kept for the history and never applied.
CREATE FUNCTION sb.event_check(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    verb text := substring(e.event_type from '[a-z_]+$');
    prefix text := regexp_replace(e.event_type, '\.[a-z_]+$', '');
    top text[];
    fields text[];
    bad text;
BEGIN
    IF e.event_type ~ '^(contact|organization|phone|address)\.'
	'(created|updated|deleted)$' THEN
	top := CASE verb WHEN 'created' THEN ARRAY['after']
	    WHEN 'updated' THEN ARRAY['before', 'after']
	    ELSE ARRAY['before'] END;
	fields := sb.event_fields(e.stream_type) || CASE verb
	    WHEN 'deleted' THEN ARRAY['id', 'name_key', 'word_key',
		'last_word_key', 'search_key'] ELSE '{}' END;
    ELSIF prefix = 'organization.contact' THEN
	top := ARRAY['contact_id', 'role', 'before', 'after'];
	fields := ARRAY['starts_on', 'ends_on', 'is_primary'];
    ELSIF prefix = 'contact.email' THEN
	top := ARRAY['email_id', 'before', 'after'];
	fields := sb.event_fields('email');
    ELSIF (sb.link_table(prefix)).tbl IS NOT NULL THEN
	top := ARRAY[(sb.link_table(prefix)).b_col, 'before', 'after'];
	fields := ARRAY['is_primary'];
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END IF;
    SELECT string_agg(DISTINCT x.k, ', ') INTO bad FROM (
	SELECT k FROM jsonb_object_keys(e.payload) AS k
	 WHERE k <> ALL (top)
	UNION ALL
	SELECT p.key || ' (not an object)' FROM jsonb_each(e.payload) p
	 WHERE p.key IN ('before', 'after')
	   AND jsonb_typeof(p.value) NOT IN ('object', 'null')
	UNION ALL
	SELECT p.key || '.' || k FROM jsonb_each(e.payload) p,
	    jsonb_object_keys(CASE jsonb_typeof(p.value) WHEN 'object'
		THEN p.value ELSE '{}' END) AS k
	 WHERE p.key IN ('before', 'after') AND k <> ALL (fields)) x;
    IF bad IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('an event %s may not carry %s', e.event_type,
		bad);
    END IF;
END
$$;

-- apply_event of 002, checking the event first.
CREATE OR REPLACE FUNCTION sb.apply_event(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    tbl regclass;
    seen integer;
BEGIN
    PERFORM sb.event_check(e);
    tbl := CASE e.stream_type WHEN 'contact' THEN 'contacts'
	WHEN 'organization' THEN 'organizations' WHEN 'phone' THEN 'phones'
	WHEN 'address' THEN 'addresses' END;
    EXECUTE format('SELECT version FROM %s WHERE id = $1', tbl)
	INTO seen USING e.stream_id;
    IF seen >= e.stream_version THEN
	RETURN;
    END IF;
    IF e.event_type ~ '^(contact|organization|phone|address)\.'
	'(created|updated|deleted)$' THEN
	PERFORM sb.apply_entity(e, tbl);
	IF e.event_type LIKE '%.deleted' THEN
	    PERFORM sb.apply_deleted_links(e);
	END IF;
    ELSIF e.event_type LIKE 'organization.contact.%' THEN
	PERFORM sb.apply_organization_contact(e);
    ELSIF e.event_type LIKE 'contact.email.%' THEN
	PERFORM sb.apply_email(e);
    ELSE
	PERFORM sb.apply_link_event(e);
    END IF;
    EXECUTE format('UPDATE %s SET version = $2, updated_at = $3 %s '
	'WHERE id = $1', tbl, CASE WHEN tbl IN ('contacts'::regclass,
	'organizations'::regclass) THEN ', updated_by = $4' ELSE '' END)
	USING e.stream_id, e.stream_version, e.recorded_at, e.actor;
END
$$;

-- bulk_check of 012, checking every event's keys too.
CREATE OR REPLACE FUNCTION sb.bulk_check(lo bigint, hi bigint) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(DISTINCT event_type, ', ') INTO bad
      FROM domain_events WHERE position BETWEEN lo AND hi
       AND event_type <> ALL (sb.bulk_event_types());
    IF bad IS NOT NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('cannot project in bulk: event types %s', bad),
	    HINT = 'Replay the range with sb.apply_event.';
    END IF;
    PERFORM sb.event_check(e) FROM domain_events e
     WHERE e.position BETWEEN lo AND hi;
END
$$;

-- The shared steps of the commands: limits first.

CREATE OR REPLACE FUNCTION sb.change_set(tbl regclass, cur jsonb,
    changes jsonb, allowed text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
DECLARE
    bad text;
    new jsonb;
    k text;
    b jsonb := '{}';
    a jsonb := '{}';
BEGIN
    PERFORM sb.check_text(4000, changes::text);
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

-- Contacts.

CREATE OR REPLACE FUNCTION sb.contact_create(first_name text,
    last_name text, title text DEFAULT NULL,
    preferred_contact_method text DEFAULT NULL,
    do_not_contact boolean DEFAULT false,
    owner_organization_id uuid DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- A new owner must be one of the caller's organizations.
CREATE OR REPLACE FUNCTION sb.contact_update(id uuid,
    expected_version integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- contact_delete of 022, authorized: besides changing the contact, the
-- caller must administer from_org; the refusals of 022 follow.
CREATE OR REPLACE FUNCTION sb.contact_delete(p_id uuid,
    expected_version integer DEFAULT NULL, from_org uuid DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- Organizations.

CREATE OR REPLACE FUNCTION sb.organization_create(name text, kind text,
    subdomain text DEFAULT NULL, referring_partner_id uuid DEFAULT NULL)
    RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(200, name, kind, subdomain);
    PERFORM sb.authorize('organization.create');
    PERFORM sb.organization_check_partner(referring_partner_id);
    RETURN sb.entity_create('organization', jsonb_build_object(
	'name', btrim(name), 'kind', kind,
	'subdomain', nullif(lower(btrim(subdomain)), ''),
	'referring_partner_id', referring_partner_id, 'active', true));
END
$$;

CREATE OR REPLACE FUNCTION sb.organization_update(id uuid,
    expected_version integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('organization.change', id);
    IF changes ? 'referring_partner_id' THEN
	PERFORM sb.organization_check_partner(
	    (changes->>'referring_partner_id')::uuid);
    END IF;
    RETURN sb.entity_update('organization', id, expected_version, changes,
	ARRAY['name', 'kind', 'subdomain', 'referring_partner_id',
	    'active']);
END
$$;

-- Contacts in organizations, by role: the organization's admins.

CREATE OR REPLACE FUNCTION sb.organization_contact_link(org uuid,
    contact uuid, p_role text, starts_on date DEFAULT NULL,
    ends_on date DEFAULT NULL) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.authorize('contact.see', contact);
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

CREATE OR REPLACE FUNCTION sb.organization_contact_unlink(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.links', org);
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

CREATE OR REPLACE FUNCTION sb.organization_contact_set_primary(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    old uuid;
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.links', org);
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

CREATE OR REPLACE FUNCTION sb.organization_contact_clear_primary(org uuid,
    contact uuid, p_role text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.links', org);
    IF NOT (sb.organization_contact_get(org, contact, p_role)).is_primary
    THEN
	RETURN false;
    END IF;
    PERFORM sb.organization_contact_event(org, contact, p_role,
	'primary_set', '{"is_primary": true}', '{"is_primary": false}');
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION sb.organization_contact_set_validity(org uuid,
    contact uuid, p_role text, p_starts_on date, p_ends_on date)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    cur organization_contacts;
BEGIN
    PERFORM sb.check_text(100, p_role);
    PERFORM sb.authorize('organization.links', org);
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

-- organization_contact_change_role of 022, authorized.
CREATE OR REPLACE FUNCTION sb.organization_contact_change_role(org uuid,
    contact uuid, old_role text, new_role text, make_primary boolean,
    since integer DEFAULT NULL) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    cur organization_contacts;
BEGIN
    PERFORM sb.check_text(100, old_role, new_role);
    PERFORM sb.authorize('organization.links', org);
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

-- contact_undo_update_role of 031, authorized for both of its parts.
CREATE OR REPLACE FUNCTION sb.contact_undo_update_role(contact uuid,
    contact_version integer, before jsonb, org uuid, new_role text,
    old_role text, old_primary boolean, org_version integer,
    holder uuid DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, before::text, new_role, old_role);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.authorize('organization.links', org);
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

-- Phones and addresses.

CREATE OR REPLACE FUNCTION sb.phone_create(number text, type text,
    extension text DEFAULT NULL, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, number, type, extension, e164);
    PERFORM sb.authorize('item.create');
    RETURN sb.entity_create('phone', jsonb_build_object(
	'number', btrim(number), 'e164', sb.phone_e164(number, e164),
	'extension', nullif(btrim(extension), ''), 'type', type,
	'sms_capable', coalesce(sms_capable, false)));
END
$$;

CREATE OR REPLACE FUNCTION sb.phone_update(id uuid,
    expected_version integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('phone.change', id);
    IF changes ? 'number' AND NOT changes ? 'e164' THEN
	changes := changes || jsonb_build_object('e164',
	    sb.phone_e164(changes->>'number', NULL));
    END IF;
    RETURN sb.entity_update('phone', id, expected_version, changes,
	ARRAY['number', 'e164', 'extension', 'type', 'sms_capable']);
END
$$;

CREATE OR REPLACE FUNCTION sb.phone_delete(id uuid,
    expected_version integer DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.authorize('phone.delete', id);
    PERFORM sb.entity_delete('phone', id, expected_version);
END
$$;

CREATE OR REPLACE FUNCTION sb.address_create(type text, country text,
    label text DEFAULT NULL, street1 text DEFAULT NULL,
    street2 text DEFAULT NULL, city text DEFAULT NULL,
    region text DEFAULT NULL, postal_code text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

CREATE OR REPLACE FUNCTION sb.address_update(id uuid,
    expected_version integer, changes jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('address.change', id);
    RETURN sb.entity_update('address', id, expected_version, changes,
	ARRAY['type', 'country', 'label', 'street1', 'street2', 'city',
	    'region', 'postal_code']);
END
$$;

CREATE OR REPLACE FUNCTION sb.address_delete(id uuid,
    expected_version integer DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.authorize('address.delete', id);
    PERFORM sb.entity_delete('address', id, expected_version);
END
$$;

-- A link of prefix (such as "contact.phone") between a and b: the caller
-- must be allowed to change a (for an organization: its links) and, to
-- link, see b. The named link functions of 004 all come here.
CREATE OR REPLACE FUNCTION sb.link_set(prefix text, a uuid, b uuid,
    linked boolean) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    l record;
    a_kind text := split_part(prefix, '.', 1);
    active boolean;
BEGIN
    PERFORM sb.check_text(100, prefix);
    SELECT * INTO l FROM sb.link_table(prefix);
    IF l.tbl IS NULL THEN
	PERFORM sb.raise_invalid(format('no link %s', prefix));
    END IF;
    PERFORM sb.authorize(CASE a_kind WHEN 'organization'
	THEN 'organization.links' ELSE a_kind || '.change' END, a);
    IF linked THEN
	PERFORM sb.authorize(split_part(prefix, '.', 2) || '.see', b);
	PERFORM sb.entity_get(a_kind, a);
	PERFORM sb.entity_get(split_part(prefix, '.', 2), b);
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1 AND '
	'%I = $2 AND deleted_at IS NULL)', l.tbl, l.a_col, l.b_col)
	INTO active USING a, b;
    IF active = linked THEN
	RETURN false;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), a_kind, a, NULL,
	prefix || CASE WHEN linked THEN '.linked' ELSE '.unlinked' END,
	jsonb_build_object(l.b_col, b));
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION sb.organization_phone_add(org uuid, number text,
    type text, extension text DEFAULT NULL,
    sms_capable boolean DEFAULT false, e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- A contact's phones.

-- Whether phone is contact's primary phone; SB003 when it is not linked.
CREATE FUNCTION sb.contact_phone_is_primary(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
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

-- The event that gives phone the primary mark (mark) or takes it off.
CREATE FUNCTION sb.contact_phone_mark(contact uuid, phone uuid,
    mark boolean) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    SELECT sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.phone.primary_set', jsonb_build_object('phone_id', phone,
	'before', jsonb_build_object('is_primary', NOT mark),
	'after', jsonb_build_object('is_primary', mark)));
END;

-- The previous primary phone loses the mark first, in its own event.
CREATE OR REPLACE FUNCTION sb.contact_phone_set_primary(contact uuid,
    phone uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

CREATE OR REPLACE FUNCTION sb.contact_phone_clear_primary(contact uuid,
    phone uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.authorize('contact.change', contact);
    IF NOT sb.contact_phone_is_primary(contact, phone) THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_phone_mark(contact, phone, false);
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_phone_add(contact uuid, number text,
    type text, extension text DEFAULT NULL,
    sms_capable boolean DEFAULT false, e164 text DEFAULT NULL,
    make_primary boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
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

-- A contact's emails: only its own (an email id of another contact is
-- "not found", wherever it exists).

CREATE OR REPLACE FUNCTION sb.contact_email_add(contact uuid, address text,
    type text DEFAULT 'work', make_primary boolean DEFAULT false)
    RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    email uuid := gen_random_uuid();
BEGIN
    PERFORM sb.check_text(254, address, type);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.entity_get('contact', contact);
    IF make_primary THEN
	PERFORM sb.contact_email_clear_primary(contact);
    END IF;
    PERFORM sb.contact_email_event(contact, 'added', email, NULL,
	jsonb_build_object('address', btrim(address), 'type', type,
	    'is_primary', coalesce(make_primary, false)));
    RETURN email;
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_email_change(contact uuid,
    email uuid, changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb;
    d jsonb;
BEGIN
    PERFORM sb.check_text(4000, changes::text);
    PERFORM sb.authorize('contact.change', contact);
    SELECT to_jsonb(e) INTO cur FROM emails e
     WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('email %s of contact %s not found', email,
		contact);
    END IF;
    d := sb.change_set('sb.emails', cur, changes,
	ARRAY['address', 'type', 'is_primary']);
    IF d->'after' = '{}' THEN
	RETURN false;
    END IF;
    IF (d->'after'->>'is_primary')::boolean THEN
	PERFORM sb.contact_email_clear_primary(contact);
    END IF;
    PERFORM sb.contact_email_event(contact, 'changed', email, d->'before',
	d->'after');
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_email_remove(contact uuid,
    email uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    cur jsonb;
BEGIN
    PERFORM sb.authorize('contact.change', contact);
    SELECT to_jsonb(e) - 'contact_id' - 'id' - 'created_at' - 'updated_at'
      INTO cur FROM emails e WHERE e.id = email AND e.contact_id = contact;
    IF cur IS NULL THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_event(contact, 'removed', email, cur, NULL);
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_email_change_seen(contact uuid,
    email uuid, seen jsonb, changes jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, seen::text, changes::text);
    PERFORM sb.authorize('contact.change', contact);
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_change(contact, email, changes);
END
$$;

CREATE OR REPLACE FUNCTION sb.contact_email_remove_seen(contact uuid,
    email uuid, seen jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(4000, seen::text);
    PERFORM sb.authorize('contact.change', contact);
    IF NOT EXISTS (SELECT 1 FROM emails e WHERE e.id = email
	AND e.contact_id = contact) THEN
	RETURN false;
    END IF;
    PERFORM sb.contact_email_expect(contact, email, seen);
    RETURN sb.contact_email_remove(contact, email);
END
$$;

-- entity_expect of 030, for what the caller sees only.
CREATE OR REPLACE FUNCTION sb.entity_expect(stream_type text, id uuid,
    seen integer) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    cur integer;
BEGIN
    IF stream_type IS DISTINCT FROM 'phone'
	AND stream_type IS DISTINCT FROM 'address' THEN
	PERFORM sb.raise_invalid('no such kind of item');
    END IF;
    PERFORM sb.authorize(stream_type || '.see', id);
    PERFORM pg_advisory_xact_lock(hashtext(stream_type),
	hashtext(id::text));
    cur := (sb.entity_get(stream_type, id)->>'version')::integer;
    IF cur IS DISTINCT FROM seen THEN
	RAISE EXCEPTION USING ERRCODE = 'SB001',
	    MESSAGE = format('%s %s was changed by someone else '
		'(now at version %s, expected %s)', stream_type, id, cur,
		seen),
	    HINT = 'Look again and make the change again.';
    END IF;
    RETURN id;
END
$$;

-- "Add existing contact". A lookup is also written to the server log,
-- which a rollback cannot take back (the row in contact_lookups goes
-- with the caller's transaction). The who of 006 is gone: the lookup and
-- the link are the caller's.
DROP FUNCTION sb.contact_add_existing(uuid, text, text, text, name);
DROP FUNCTION sb.contact_find_existing(text, text, uuid, name);

CREATE FUNCTION sb.contact_find_existing(p_email text, p_phone text,
    p_org uuid DEFAULT NULL)
    RETURNS TABLE (contact_id uuid, first_name text, last_name text,
	owner_name text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    who name := sb.caller();
    want_email text;
    want_e164 text;
    ids uuid[];
BEGIN
    PERFORM sb.check_text(254, p_email, p_phone);
    IF NOT sb.caller_is_root() AND NOT EXISTS (SELECT 1 FROM memberships
	WHERE role = who AND kind <> 'support') THEN
	RAISE EXCEPTION USING ERRCODE = '42501',
	    MESSAGE = 'only admins may look for existing contacts';
    END IF;
    want_email := lower(btrim(p_email));
    want_e164 := sb.phone_normalize(p_phone);
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
    RAISE LOG 'switchboard: % looked up existing contacts by email % '
	'phone % for organization %: found %', who, quote_nullable(p_email),
	quote_nullable(p_phone), p_org, ids;
    INSERT INTO contact_lookups (actor, organization_id, email, phone, found)
    VALUES (who, p_org, p_email, p_phone, ids);
    RETURN QUERY SELECT c.id, c.first_name, c.last_name, o.name
      FROM contacts c LEFT JOIN organizations o
	ON o.id = c.owner_organization_id
     WHERE c.id = ANY (ids) ORDER BY c.last_name, c.first_name, c.id;
END
$$;

CREATE FUNCTION sb.contact_add_existing(p_org uuid, p_role text,
    p_email text, p_phone text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    ids uuid[];
BEGIN
    PERFORM sb.check_text(254, p_role, p_email, p_phone);
    PERFORM sb.authorize('organization.links', p_org);
    PERFORM sb.entity_get('organization', p_org);
    SELECT array_agg(f.contact_id) INTO ids
      FROM sb.contact_find_existing(p_email, p_phone, p_org) f;
    IF cardinality(ids) IS DISTINCT FROM 1 THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = 'no single contact has that email or phone';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM organization_contacts WHERE
	organization_id = p_org AND contact_id = ids[1] AND role = p_role
	AND deleted_at IS NULL) THEN
	PERFORM sb.organization_contact_event(p_org, ids[1], p_role,
	    'linked', NULL, '{"starts_on": null, "ends_on": null}');
    END IF;
    RETURN ids[1];
END
$$;

-- contact_find_by_name of 022, its texts limited first. Runs as the
-- caller: the search and the caller's policies decide what it finds.
DROP FUNCTION sb.contact_find_by_name(uuid, text, text, integer);
CREATE FUNCTION sb.contact_find_by_name(p_org uuid, p_role text,
    p_text text, lim integer DEFAULT 20)
    RETURNS TABLE (contact_id uuid, first_name text, last_name text,
	title text, owner_name text, email text)
    LANGUAGE plpgsql STABLE SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(200, p_role, p_text);
    RETURN QUERY
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
END
$$;

-- The search: a text of at most 200 characters and at most 1,000 hits a
-- branch, checked first. The rest is the function of 040.
CREATE OR REPLACE FUNCTION sb.directory_search(q text, lim integer)
    RETURNS TABLE (contact_id uuid, what text, matched text, rank integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = sb, pg_temp SET plan_cache_mode = force_custom_plan
    ROWS 100 AS $$
DECLARE
    who name := session_user;
    f text;
    w text;
    esc text;
    wesc text;
    pesc text;
    one text;
    alike text;
    digits text;
    sees_all boolean;
    ids uuid[];
    n bigint := 0;
    m bigint;
BEGIN
    PERFORM sb.check_text(200, q);
    IF lim IS NULL OR lim < 0 OR lim > 1000 THEN
	PERFORM sb.raise_invalid('at most 1000 hits a search');
    END IF;
    f := sb.fold(btrim(coalesce(q, '')));
    digits := regexp_replace(coalesce(q, ''), '[^0-9]', '', 'g');
    sees_all := sb.search_sees_all(session_user);
    IF sees_all IS NULL OR f = '' THEN
	RETURN;
    END IF;
    esc := replace(replace(replace(f, '\', '\\'), '%', '\%'), '_', '\_');
    pesc := esc;
    w := ltrim(regexp_replace(f, '[[:space:]._]+', ' ', 'g'));
    wesc := replace(replace(w, '\', '\\'), '%', '\%');
    IF w <> '' THEN
	SELECT array_agg(p.id ORDER BY p.name_key COLLATE "C", p.id)
	  INTO ids
	  FROM ((SELECT c.id, c.name_key
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.word_key COLLATE "C" LIKE wesc || '%'
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.word_key COLLATE "C", c.id
	     LIMIT lim)
	    UNION
	    (SELECT c.id, c.name_key
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.last_word_key COLLATE "C" LIKE wesc || '%'
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.last_word_key COLLATE "C", c.id
	     LIMIT lim)) p;
	ids := coalesce(ids[1:lim], '{}');
	n := cardinality(ids);
	RETURN QUERY SELECT u.id, 'name'::text, ''::text, 0
	  FROM unnest(ids) AS u(id);
    END IF;
    IF n >= lim OR length(f) < 3 THEN
	RETURN;
    END IF;
    IF length(w) >= 3 AND f !~ '[@0-9._]' THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.word_key LIKE '%' || wesc || '%'
	   AND c.id <> ALL (ids)
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
	SELECT hit.id, 'name'::text, ''::text, 0 FROM hit LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    esc := '%' || esc || '%';
    one := btrim(w);
    IF f !~ '[@0-9._]' AND strpos(one, ' ') = 0 THEN
	-- One word: the words of names like it, most alike first, then the
	-- names that start with such a word, first or last. Two words are
	-- alike from half their trigrams on ("hernandes" and "hernandez"
	-- share 8 of 12, "oliveira" and "olivia" 4 of 12): a whole name
	-- shares fewer with one word, hence the default 0.3 before.
	FOR alike IN SELECT nw.word FROM name_words nw
	     WHERE nw.word OPERATOR(sb.%) one
	       AND similarity(nw.word, one) >= 0.5
	     ORDER BY similarity(nw.word, one) DESC, nw.word LIMIT 10
	LOOP
	    RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.word_key COLLATE "C" >= alike
	       AND c.word_key COLLATE "C" < alike || '!'
	       AND (c.word_key = alike
		    OR c.word_key COLLATE "C" >= alike || ' ')
	       AND NOT c.word_key LIKE '%' || wesc || '%'
	       AND c.id <> ALL (ids)
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.word_key COLLATE "C", c.id
	     LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    EXIT WHEN n >= lim;
	    RETURN QUERY SELECT c.id, 'similar'::text, ''::text, 0
	      FROM contacts c
	     WHERE c.deleted_at IS NULL
	       AND c.last_word_key COLLATE "C" >= alike
	       AND c.last_word_key COLLATE "C" < alike || '!'
	       AND (c.last_word_key = alike
		    OR c.last_word_key COLLATE "C" >= alike || ' ')
	       AND NOT c.word_key LIKE '%' || wesc || '%'
	       AND c.id <> ALL (ids)
	       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	     ORDER BY c.last_word_key COLLATE "C", c.id
	     LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    EXIT WHEN n >= lim;
	END LOOP;
	IF n >= lim THEN
	    RETURN;
	END IF;
    ELSIF f !~ '[@0-9._]' THEN
	RETURN QUERY WITH hit AS MATERIALIZED (SELECT c.id
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND c.word_key OPERATOR(sb.%) w
	   AND NOT c.word_key LIKE '%' || wesc || '%'
	   AND c.id <> ALL (ids)
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who))))
	SELECT hit.id, 'similar'::text, ''::text, 0 FROM hit LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    -- Emails that start with the text (a btree range that stops at the
    -- page), then, for a text without "@", those that contain it. An
    -- address holds no white space (emails_address_syntax): a text with
    -- some, like a phone number typed in groups, matches none.
    IF f !~ '[[:space:]]' THEN
	RETURN QUERY SELECT e.contact_id, 'email'::text, e.address, 1
	  FROM emails e
	 WHERE lower(e.address) LIKE pesc || '%'
	   AND (sees_all OR e.contact_id IN (SELECT access_contact_ids(who)))
	 LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
	IF strpos(f, '@') = 0 THEN
	    RETURN QUERY WITH email AS MATERIALIZED (SELECT e.contact_id,
		e.address
	       FROM emails e
	      WHERE lower(e.address) LIKE esc
		AND NOT lower(e.address) LIKE pesc || '%'
		AND (sees_all
		     OR e.contact_id IN (SELECT access_contact_ids(who))))
	    SELECT email.contact_id, 'email'::text, email.address, 1
	      FROM email LIMIT lim - n;
	    GET DIAGNOSTICS m = ROW_COUNT;
	    n := n + m;
	    IF n >= lim THEN
		RETURN;
	    END IF;
	END IF;
    END IF;
    IF length(digits) >= 5 THEN
	RETURN QUERY WITH phone AS MATERIALIZED (SELECT cp.contact_id,
	    p.number
	   FROM phones p
	   JOIN contact_phones cp ON cp.phone_id = p.id
	    AND cp.deleted_at IS NULL
	  WHERE p.deleted_at IS NULL
	    AND (substr(p.e164, 2) LIKE '%' || digits || '%'
		 OR regexp_replace(p.number, '[^0-9]', '', 'g')
		    LIKE '%' || digits || '%')
	    AND (sees_all OR (p.id IN (SELECT access_phone_ids(who))
		 AND cp.contact_id IN (SELECT access_contact_ids(who)))))
	SELECT phone.contact_id, 'phone'::text, phone.number, 2
	  FROM phone LIMIT lim - n;
	GET DIAGNOSTICS m = ROW_COUNT;
	n := n + m;
	IF n >= lim THEN
	    RETURN;
	END IF;
    END IF;
    RETURN QUERY WITH address AS MATERIALIZED (SELECT ca.contact_id,
	    concat_ws(', ', a.street1, a.city) AS matched
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND a.search_key LIKE esc
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who)))))
    SELECT address.contact_id, 'address'::text, address.matched, 3
      FROM address LIMIT lim - n;
END
$$;

-- What persons may execute: the commands above and the reads the program
-- and the policies use. Everything else in sb is internal: persons reach
-- it only through these. New functions stay private until a migration
-- grants them.
ALTER DEFAULT PRIVILEGES FOR ROLE switchboard_owner IN SCHEMA sb
    REVOKE EXECUTE ON FUNCTIONS FROM switchboard_user;
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig, p.proname FROM pg_proc p
	JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname = 'sb'
	  AND p.proowner = 'switchboard_owner'::regrole LOOP
	EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, '
	    'switchboard_user', f.sig);
	IF f.proname = ANY (ARRAY[
	    -- Commands.
	    'command_begin', 'command_finish', 'command_result',
	    'contact_create', 'contact_update', 'contact_delete',
	    'organization_create', 'organization_update',
	    'organization_contact_link', 'organization_contact_unlink',
	    'organization_contact_set_primary',
	    'organization_contact_clear_primary',
	    'organization_contact_set_validity',
	    'organization_contact_clear_validity',
	    'organization_contact_change_role', 'contact_undo_update_role',
	    'phone_create', 'phone_update', 'phone_delete',
	    'address_create', 'address_update', 'address_delete',
	    'link_set', 'contact_phone_link', 'contact_phone_unlink',
	    'contact_address_link', 'contact_address_unlink',
	    'phone_address_link', 'phone_address_unlink',
	    'organization_phone_link', 'organization_phone_unlink',
	    'organization_address_link', 'organization_address_unlink',
	    'organization_phone_add', 'contact_phone_add',
	    'contact_phone_set_primary', 'contact_phone_clear_primary',
	    'contact_email_add', 'contact_email_change',
	    'contact_email_remove', 'contact_email_change_seen',
	    'contact_email_remove_seen', 'entity_expect',
	    'contact_add_existing', 'membership_grant', 'membership_revoke',
	    -- Reads.
	    'directory_search', 'contact_details', 'contact_find_by_name',
	    'contact_find_existing', 'contact_readonly_reason',
	    'organization_readonly_reason',
	    'organization_contact_readonly_reason',
	    'contact_linked_elsewhere', 'contact_delete_refusal',
	    'organization_contacts_on', 'fold', 'phone_normalize',
	    'raise_invalid', 'check_text',
	    -- The policies' own (each answers for the caller only).
	    'access_is_super', 'access_sees_all', 'access_sees',
	    'access_org_ids', 'access_contact_ids', 'access_phone_ids',
	    'access_address_ids']) THEN
	    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO '
		'switchboard_user', f.sig);
	END IF;
    END LOOP;
END $$;
