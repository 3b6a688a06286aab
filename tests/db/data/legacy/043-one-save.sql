-- What a person saves as one form is one command, so it lands whole or
-- not at all.
--
-- Before, the new-contact form ran four commands (the contact, its link,
-- its email, its mobile) and the contact form with a changed role two
-- (the role, then the fields): a refusal of the last left the first ones
-- saved. Each function here runs the commands of one form in the
-- statement that calls it; every command inside still authorizes itself,
-- and an error in any of them rolls all of them back.

-- The new-contact form: the contact, its link to org in p_role, and, when
-- given, its primary work email and its primary mobile (number as
-- written, extension, and the E.164 form the program computed, which the
-- server checks against the number).
CREATE FUNCTION sb.contact_create_linked(org uuid, p_role text,
    first_name text, last_name text, title text DEFAULT NULL,
    preferred_contact_method text DEFAULT NULL,
    do_not_contact boolean DEFAULT false,
    owner_organization_id uuid DEFAULT NULL, email text DEFAULT NULL,
    mobile text DEFAULT NULL, mobile_extension text DEFAULT NULL,
    mobile_e164 text DEFAULT NULL) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
DECLARE
    c uuid;
BEGIN
    PERFORM sb.check_text(254, p_role, email, mobile, mobile_extension,
	mobile_e164);
    PERFORM sb.authorize('organization.links', org);
    c := sb.contact_create(first_name, last_name, title,
	preferred_contact_method, do_not_contact, owner_organization_id);
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

-- The contact form with its link: the link's role and primary mark (as
-- sb.organization_contact_change_role) and the contact's own fields (as
-- sb.contact_update), together. Returns the contact's new version.
CREATE FUNCTION sb.contact_update_in_role(id uuid,
    expected_version integer, changes jsonb, org uuid, old_role text,
    new_role text, make_primary boolean, since integer DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM sb.check_text(100, old_role, new_role);
    PERFORM sb.authorize('organization.links', org);
    PERFORM sb.organization_contact_change_role(org, id, old_role,
	new_role, make_primary, since);
    RETURN sb.contact_update(id, expected_version, changes);
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_create_linked(uuid, text, text, text,
    text, text, boolean, uuid, text, text, text, text),
    sb.contact_update_in_role(uuid, integer, jsonb, uuid, text, text,
    boolean, integer) TO switchboard_user;
