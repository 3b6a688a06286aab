-- An organization's own phones and addresses: a phone made and linked in
-- one command, and why a person may not change an organization's items.

-- A new phone, linked to the organization at once. The link event goes
-- on the organization's stream, so row-level security decides: only who
-- administers the organization (or a super admin) may record it.
CREATE FUNCTION sb.organization_phone_add(org uuid, number text, type text,
    extension text DEFAULT NULL, sms_capable boolean DEFAULT false,
    e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    phone uuid;
BEGIN
    PERFORM sb.entity_get('organization', org);
    phone := sb.phone_create(number, type, extension, sms_capable, e164);
    PERFORM sb.append_event(gen_random_uuid(), 'organization', org, NULL,
	'organization.phone.linked', jsonb_build_object('phone_id', phone));
    RETURN phone;
END
$$;

-- Why the current user may not change organization p_id's own phones and
-- addresses ("read-only access"), or NULL when they may. NULL too for an
-- organization they do not see, exactly as for one that does not exist.
CREATE FUNCTION sb.organization_readonly_reason(p_id uuid,
    who name DEFAULT current_user) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN CASE WHEN sb.access_sees(who, 'organization', p_id)
	AND EXISTS (SELECT 1 FROM sb.organizations WHERE id = p_id)
	AND p_id NOT IN (SELECT sb.access_admin_org_ids(who))
	THEN 'read-only access' END;
