-- A contact's details, planned once per session. The program prepared
-- this query itself, and PostgreSQL plans a prepared statement again at
-- each of its first five executions (custom plans) before it keeps a
-- generic one: over eight tables and their policies that is 4-5 ms of
-- planning for each of a session's first details at 1M contacts, among
-- them the details of the first hits of a search (server log: bind 4.8 ms,
-- 0.2 ms once generic). The plan does not depend on which contact is
-- asked for (one row by its key), so the function plans its query once.
-- Row-level security applies as for the caller's own query (SECURITY
-- INVOKER). The parts: 0 the contact, 1 its phones, emails and addresses,
-- 2 the organizations it is linked to; the caller orders them.
CREATE FUNCTION sb.contact_details(want uuid)
    RETURNS TABLE (part integer, id text, f1 text, f2 text, f3 text,
	f4 text, f5 text, f6 text, f7 text, f8 text, flag boolean,
	active boolean, sort integer, sort_key text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH k AS (SELECT * FROM sb.contacts c
	WHERE c.id = want AND c.deleted_at IS NULL)
    SELECT 0, k.id::text, coalesce(k.first_name, ''),
	coalesce(k.last_name, ''), coalesce(k.title, ''),
	coalesce(k.preferred_contact_method, ''), k.updated_by,
	to_char(k.updated_at, 'YYYY-MM-DD HH24:MI'),
	coalesce((SELECT o.name FROM sb.organizations o
	    WHERE o.id = k.owner_organization_id), ''),
	k.version::text, k.do_not_contact, k.active, 0,
	coalesce(sb.contact_readonly_reason(k.id), '')
      FROM k
    UNION ALL
    SELECT 1, p.id::text, 'phone', p.type, p.number,
	coalesce(p.extension, ''), p.e164, '', '', '', cp.is_primary, true,
	t.sort_order, p.number
      FROM k
      JOIN sb.contact_phones cp ON cp.contact_id = k.id
	AND cp.deleted_at IS NULL
      JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL
      JOIN sb.phone_types t ON t.code = p.type
    UNION ALL
    SELECT 1, e.id::text, 'email', e.type, e.address, '', '', '', '', '',
	e.is_primary, true, 100 + t.sort_order, e.address
      FROM k
      JOIN sb.emails e ON e.contact_id = k.id
      JOIN sb.email_types t ON t.code = e.type
    UNION ALL
    SELECT 1, a.id::text, 'address', a.type,
	concat_ws(', ', nullif(a.street1, ''), nullif(a.street2, ''),
	    nullif(a.city, ''), nullif(a.region, ''),
	    nullif(a.postal_code, ''), a.country),
	coalesce(a.label, ''), '', '', '', '', false, true,
	200 + t.sort_order, a.id::text
      FROM k
      JOIN sb.contact_addresses ca ON ca.contact_id = k.id
	AND ca.deleted_at IS NULL
      JOIN sb.addresses a ON a.id = ca.address_id AND a.deleted_at IS NULL
      JOIN sb.address_types t ON t.code = a.type
    UNION ALL
    SELECT 2, o.id::text, o.name, o.kind, coalesce(o.subdomain, ''),
	string_agg(oc.role || CASE WHEN oc.is_primary THEN ' (primary)'
	    ELSE '' END, ', ' ORDER BY oc.role),
	to_char(min(oc.linked_at), 'YYYY-MM-DD'), '', '', '', false,
	o.active, 0, sb.fold(o.name)
      FROM k
      JOIN sb.organization_contacts_current oc ON oc.contact_id = k.id
      JOIN sb.organizations o ON o.id = oc.organization_id
     GROUP BY o.id;
END
$$;
