-- Removing an email failed to project: sb.apply_email named its local
-- variable "id", which the DELETE's qualified reference could not reach.
-- The same function with the variable renamed; behaviour is unchanged.
CREATE OR REPLACE FUNCTION sb.apply_email(e sb.domain_events) RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
DECLARE
    email_id uuid := (e.payload->>'email_id')::uuid;
BEGIN
    CASE e.event_type
    WHEN 'contact.email.added' THEN
	PERFORM sb.apply_create('emails', e.payload->'after' ||
	    jsonb_build_object('id', email_id, 'contact_id', e.stream_id,
		'created_at', e.recorded_at, 'updated_at', e.recorded_at));
    WHEN 'contact.email.changed' THEN
	PERFORM sb.apply_update('emails', email_id, e.payload->'after' ||
	    jsonb_build_object('updated_at', e.recorded_at));
    WHEN 'contact.email.removed' THEN
	DELETE FROM emails WHERE emails.id = email_id;
    ELSE
	RAISE EXCEPTION USING ERRCODE = 'SB004',
	    MESSAGE = format('unknown event type %s', e.event_type);
    END CASE;
END
$$;
REVOKE EXECUTE ON FUNCTION sb.apply_email(sb.domain_events) FROM PUBLIC,
    switchboard_user;
