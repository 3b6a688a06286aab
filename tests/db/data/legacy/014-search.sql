-- The directory search through its indexes (found by bench/run).
--
-- Row-level security keeps a person's own conditions from reaching an
-- index unless every function in them is LEAKPROOF: LIKE, the trigram
-- similarity and the folding functions are not, so as a person every
-- branch of the search scanned its whole table (110 ms a keystroke at 10k
-- contacts, seconds at 100k). sb.directory_search runs as the owner, where
-- the trigram and btree indexes apply, and filters each branch by what the
-- session's person may see with the very functions the person_read
-- policies call. session_user, not current_user (the owner here): a login
-- role that has SET ROLE to a narrower role is shown nothing it could not
-- see by itself, and the caller's query joins the hits back to sb.contacts
-- under its own policies anyway. It returns contact ids and the matched
-- text of the best few matches per branch, nothing else.

-- A contact address as search text, folded. IMMUTABLE for its index
-- (concat_ws is only STABLE: it formats any type; here all are text).
CREATE FUNCTION sb.address_search_key(street1 text, street2 text,
    city text, region text, postal_code text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sb.fold(concat_ws(' ', street1, street2, city, region,
	postal_code));

CREATE INDEX addresses_search_trgm ON sb.addresses USING gin
    (sb.address_search_key(street1, street2, city, region, postal_code)
    sb.gin_trgm_ops);

-- Whether who sees every row: superusers (no policy applies to them) and
-- the people sb.access_sees_all names; NULL for roles no policy admits.
CREATE FUNCTION sb.search_sees_all(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sb, pg_temp
    RETURN CASE
	WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = who) THEN true
	WHEN pg_has_role(who, 'switchboard_user', 'MEMBER')
	THEN sb.access_sees_all(who)
	ELSE NULL END;

-- Up to lim matches per branch: (contact, what matched, matched text,
-- rank 0 name ('name' contains the text, 'similar' is close to it), 1
-- email, 2 phone, 3 address). Under three characters only
-- name prefixes match (no trigram to look up); phones need three digits.
CREATE FUNCTION sb.directory_search(q text, lim integer)
    RETURNS TABLE (contact_id uuid, what text, matched text, rank integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = sb, pg_temp ROWS 100 AS $$
DECLARE
    who name := session_user;
    f text := sb.fold(btrim(coalesce(q, '')));
    esc text;
    digits text := regexp_replace(coalesce(q, ''), '[^0-9]', '', 'g');
    sees_all boolean := sb.search_sees_all(session_user);
BEGIN
    IF sees_all IS NULL OR f = '' THEN
	RETURN;
    END IF;
    esc := replace(replace(replace(f, '\', '\\'), '%', '\%'), '_', '\_');
    IF length(f) < 3 THEN
	RETURN QUERY SELECT c.id, 'name'::text, ''::text, 0
	  FROM contacts c
	 WHERE c.deleted_at IS NULL
	   AND contact_name_key(c.first_name, c.last_name) COLLATE "C"
	       LIKE esc || '%'
	   AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
	 ORDER BY contact_name_key(c.first_name, c.last_name) COLLATE "C",
	       c.id
	 LIMIT lim;
	RETURN;
    END IF;
    esc := '%' || esc || '%';
    RETURN QUERY
    (SELECT c.id, CASE WHEN contact_name_key(c.first_name, c.last_name)
	    LIKE esc THEN 'name' ELSE 'similar' END, ''::text, 0
       FROM contacts c
      WHERE c.deleted_at IS NULL
	AND (contact_name_key(c.first_name, c.last_name) LIKE esc
	     OR contact_name_key(c.first_name, c.last_name) OPERATOR(sb.%) f)
	AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
      LIMIT lim)
    UNION ALL
    (SELECT e.contact_id, 'email'::text, e.address, 1
       FROM emails e
      WHERE lower(e.address) LIKE esc
	AND (sees_all OR e.contact_id IN (SELECT access_contact_ids(who)))
      LIMIT lim)
    UNION ALL
    (SELECT cp.contact_id, 'phone'::text, p.number, 2
       FROM phones p
       JOIN contact_phones cp ON cp.phone_id = p.id
	AND cp.deleted_at IS NULL
      WHERE length(digits) >= 3 AND p.deleted_at IS NULL
	AND (substr(p.e164, 2) LIKE '%' || digits || '%'
	     OR regexp_replace(p.number, '[^0-9]', '', 'g')
		LIKE '%' || digits || '%')
	AND (sees_all OR (p.id IN (SELECT access_phone_ids(who))
	     AND cp.contact_id IN (SELECT access_contact_ids(who))))
      LIMIT lim)
    UNION ALL
    (SELECT ca.contact_id, 'address'::text,
	    concat_ws(', ', a.street1, a.city), 3
       FROM addresses a
       JOIN contact_addresses ca ON ca.address_id = a.id
	AND ca.deleted_at IS NULL
      WHERE a.deleted_at IS NULL
	AND address_search_key(a.street1, a.street2, a.city, a.region,
	    a.postal_code) LIKE esc
	AND (sees_all OR (a.id IN (SELECT access_address_ids(who))
	     AND ca.contact_id IN (SELECT access_contact_ids(who))))
      LIMIT lim);
END
$$;

REVOKE EXECUTE ON FUNCTION sb.search_sees_all(name),
    sb.directory_search(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb.directory_search(text, integer)
    TO switchboard_user;
