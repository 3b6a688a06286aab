-- Take the primary mark off a contact's phone, leaving none marked: the
-- undo of marking a phone primary when no phone had the mark before.
-- sb.contact_phone_set_primary only moves the mark, so nothing else can.

-- Returns false, recording nothing, when the phone is not marked.
CREATE FUNCTION sb.contact_phone_clear_primary(contact uuid, phone uuid)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    cur boolean;
BEGIN
    SELECT is_primary INTO cur FROM contact_phones
     WHERE contact_id = contact AND phone_id = phone AND deleted_at IS NULL;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003', MESSAGE = format(
	    'phone %s is not linked to contact %s', phone, contact);
    ELSIF NOT cur THEN
	RETURN false;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), 'contact', contact, NULL,
	'contact.phone.primary_set', jsonb_build_object('phone_id', phone,
	'before', '{"is_primary": true}'::jsonb,
	'after', '{"is_primary": false}'::jsonb));
    RETURN true;
END
$$;
