-- Row-level security at scale (found by bench/run): the person_read
-- policies called sb.access_sees_all(current_user), a SECURITY DEFINER
-- function the planner cannot inline, once per row: some 100 us a row, so
-- every scan of a large table took seconds. As a scalar subquery it is an
-- InitPlan, evaluated once per query; what each policy allows is the same.
--
-- Search matches emails and phone digits anywhere in the text (LIKE
-- '%...%'), which a btree cannot serve: trigram indexes on the very
-- expressions the directory search uses.

ALTER POLICY person_read ON sb.organizations
    USING ((SELECT sb.access_sees_all(current_user))
	OR id IN (SELECT sb.access_org_ids(current_user)));

ALTER POLICY person_read ON sb.contacts
    USING ((SELECT sb.access_sees_all(current_user))
	OR id IN (SELECT sb.access_contact_ids(current_user)));

ALTER POLICY person_read ON sb.phones
    USING ((SELECT sb.access_sees_all(current_user))
	OR id IN (SELECT sb.access_phone_ids(current_user)));

ALTER POLICY person_read ON sb.addresses
    USING ((SELECT sb.access_sees_all(current_user))
	OR id IN (SELECT sb.access_address_ids(current_user)));

ALTER POLICY person_read ON sb.emails
    USING ((SELECT sb.access_sees_all(current_user))
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));

ALTER POLICY person_read ON sb.organization_contacts
    USING ((SELECT sb.access_sees_all(current_user))
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));

ALTER POLICY person_read ON sb.organization_phones
    USING ((SELECT sb.access_sees_all(current_user))
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));

ALTER POLICY person_read ON sb.organization_addresses
    USING ((SELECT sb.access_sees_all(current_user))
	OR organization_id IN (SELECT sb.access_org_ids(current_user)));

ALTER POLICY person_read ON sb.contact_phones
    USING ((SELECT sb.access_sees_all(current_user))
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));

ALTER POLICY person_read ON sb.contact_addresses
    USING ((SELECT sb.access_sees_all(current_user))
	OR contact_id IN (SELECT sb.access_contact_ids(current_user)));

ALTER POLICY person_read ON sb.phone_addresses
    USING ((SELECT sb.access_sees_all(current_user))
	OR phone_id IN (SELECT sb.access_phone_ids(current_user)));


CREATE INDEX emails_address_trgm
    ON sb.emails USING gin (lower(address) sb.gin_trgm_ops);
CREATE INDEX phones_e164_digits_trgm
    ON sb.phones USING gin (substr(e164, 2) sb.gin_trgm_ops);
CREATE INDEX phones_number_digits_trgm ON sb.phones
    USING gin (regexp_replace(number, '[^0-9]', '', 'g') sb.gin_trgm_ops);
