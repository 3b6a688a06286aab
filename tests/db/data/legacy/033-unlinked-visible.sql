-- An admin who takes a phone or address off its last owner can see it
-- again, so that undo can link it back: streams nothing links stay
-- visible to their creator (006) and now also to whoever unlinked them.
-- Only phones and addresses: a contact is deleted, never left unlinked
-- by one person's step, and emails are rows of their contact.
CREATE OR REPLACE FUNCTION sb.access_orphan_ids(who name, p_type text)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
BEGIN ATOMIC
    SELECT o.id FROM (
	SELECT e.stream_id AS id FROM sb.domain_events e
	 WHERE e.actor = who AND e.stream_type = p_type
	   AND e.stream_version = 1
	UNION
	SELECT (e.payload->>(p_type || '_id'))::uuid FROM sb.domain_events e
	 WHERE e.actor = who AND p_type IN ('phone', 'address')
	   AND e.event_type IN ('contact.' || p_type || '.unlinked',
	       'organization.' || p_type || '.unlinked')) o
     WHERE sb.access_acting(who)
       AND NOT EXISTS (SELECT 1 FROM sb.organization_contacts l
	   WHERE p_type = 'contact' AND l.contact_id = o.id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contacts c
	   WHERE p_type = 'contact' AND c.id = o.id
	     AND c.owner_organization_id IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contact_phones l
	   WHERE p_type = 'phone' AND l.phone_id = o.id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.organization_phones l
	   WHERE p_type = 'phone' AND l.phone_id = o.id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.contact_addresses l
	   WHERE p_type = 'address' AND l.address_id = o.id
	     AND l.deleted_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM sb.organization_addresses l
	   WHERE p_type = 'address' AND l.address_id = o.id
	     AND l.deleted_at IS NULL);
END;

-- The unlinks of one person, for the lookup above.
CREATE INDEX domain_events_unlinker ON sb.domain_events (actor, event_type)
    WHERE event_type LIKE '%.unlinked';
