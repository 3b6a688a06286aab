-- An organization's own link to a contact it may not edit, and the undo of
-- one save that changed both a contact's fields and its role.
--
-- A contact a partner organization owns is read-only to the admins of the
-- organizations that link it: its own stream is the owner's. Its link to
-- an organization is on that organization's stream, though, so the
-- organization's admins may change it (its role there, the primary mark,
-- the unlink); the event policy of 006 already says so. The program asks
-- here whether the link is the caller's to change, to open those fields.

-- Why who may not change contact p_contact's link to organization p_org
-- (its role there, the primary mark), or NULL when who may: who
-- administers the organization (or is a super admin), whoever owns the
-- contact. NULL too for an organization or contact who does not see,
-- exactly as for one that does not exist.
CREATE FUNCTION sb.organization_contact_readonly_reason(p_org uuid,
    p_contact uuid, who name DEFAULT current_user) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN CASE WHEN sb.access_sees(who, 'organization', p_org)
	AND sb.access_sees(who, 'contact', p_contact)
	AND EXISTS (SELECT 1 FROM sb.organizations WHERE id = p_org)
	AND p_org NOT IN (SELECT sb.access_admin_org_ids(who))
	THEN 'read-only access' END;

-- Undo, in one transaction, one save that changed contact's fields (to
-- version contact_version) and its link to org (from old_role, with
-- old_primary its mark, to new_role, leaving the organization at
-- org_version; holder had the mark for new_role before, or NULL). Checks
-- both first and refuses (SB001, saying which) when the contact or its
-- link here changed since, writing nothing; then the role goes back, the
-- mark back to its holder (when still linked in that role) and the fields
-- back to before. Returns the contact's version after.
CREATE FUNCTION sb.contact_undo_update_role(contact uuid,
    contact_version integer, before jsonb, org uuid, new_role text,
    old_role text, old_primary boolean, org_version integer,
    holder uuid DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
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

REVOKE EXECUTE ON FUNCTION
    sb.organization_contact_readonly_reason(uuid, uuid, name),
    sb.contact_undo_update_role(uuid, integer, jsonb, uuid, text, text,
	boolean, integer, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    sb.organization_contact_readonly_reason(uuid, uuid, name),
    sb.contact_undo_update_role(uuid, integer, jsonb, uuid, text, text,
	boolean, integer, uuid) TO switchboard_user;
