-- Duplicate contacts: candidate pairs by blocking, their evidence, a score.

-- How alike two folded words are, 0 to 1: 1 when equal, else the better
-- of trigram similarity and edit distance (trigrams miss a typo in a
-- short name: "ryan", "ryna"); NULL when either is missing. A plain
-- expression, so that the planner inlines it into the matcher's query.
CREATE OR REPLACE FUNCTION sb.duplicate_word_sim(a text, b text) RETURNS real
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN coalesce(a, '') = '' OR coalesce(b, '') = '' THEN NULL
	WHEN a = b THEN 1
	ELSE greatest(sb.similarity(a, b), 1 - sb.levenshtein(left(a, 255),
	    left(b, 255))::real / greatest(length(a), length(b))) END;

-- The mean of the two similarities that are known; NULL if neither is.
CREATE OR REPLACE FUNCTION sb.duplicate_mean(x real, y real) RETURNS real
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (coalesce(x, 0) + coalesce(y, 0)) / nullif((x IS NOT NULL)::int
	+ (y IS NOT NULL)::int, 0);

-- A folded first name and the names it may be short for (sb.name_nicknames):
-- two given names are one when these share a name.
CREATE OR REPLACE FUNCTION sb.duplicate_given(fn text) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT array_agg(n.name) FROM sb.name_nicknames n
	WHERE n.nickname = fn) || fn;

-- How alike two names are, from their folded first and last names and
-- given names (sb.duplicate_given): first and last name compared as
-- written and swapped, the better kept; a given name and its nickname (or
-- two nicknames of one name) are 0.95 alike. A set-returning SQL function
-- so that the planner inlines it into the queries that call it.
CREATE OR REPLACE FUNCTION sb.duplicate_names(xfn text, xln text,
    xgiven text[], yfn text, yln text, ygiven text[]) RETURNS TABLE(fs real,
    ls real, swapped boolean)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    BEGIN ATOMIC
    SELECT CASE WHEN w.swapped THEN w.fl ELSE w.ff END,
	   CASE WHEN w.swapped THEN w.lf ELSE w.ll END, w.swapped
      FROM (SELECT v.*, coalesce(sb.duplicate_mean(v.fl, v.lf)
	   > sb.duplicate_mean(v.ff, v.ll) + 0.2, false) AS swapped
      FROM (SELECT CASE WHEN xfn <> yfn AND xgiven && ygiven THEN 0.95
		   ELSE sb.duplicate_word_sim(xfn, yfn) END AS ff,
		   sb.duplicate_word_sim(xln, yln) AS ll,
		   sb.duplicate_word_sim(xfn, yln) AS fl,
		   sb.duplicate_word_sim(xln, yfn) AS lf) AS v) AS w;
END;

-- The bound the names set on a pair's score: 2.5 times their mean
-- similarity less 0.9, or at one address (best, true) the better of the
-- two in place of the mean (see sb.duplicate_evidence).
CREATE OR REPLACE FUNCTION sb.duplicate_bound(fs real, ls real, best boolean)
    RETURNS real
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN greatest(0, 2.5 * coalesce(CASE WHEN best THEN greatest(fs, ls)
	ELSE sb.duplicate_mean(fs, ls) END, 0) - 0.9);

-- The evidence on every candidate pair among the contacts ids (a < b).
-- Blocking: a pair is a candidate only when it shares a key: its folded
-- names in either order; a last name and the other name's initial, or
-- that name's Double Metaphone code and the initial (first and last name
-- swapped too); a given name or its nickname's name with the last name;
-- an address's postcode and street number; a postcode and the Double
-- Metaphone code of a name; an email; the last seven digits of a phone.
-- A name key more than 100 contacts share, the whole name's too, is left
-- out: a name that common is no evidence alone, so such a pair must share
-- an address, an email or a phone to be looked at (at 1M generated
-- contacts, 2,880 names each shared by about 350 made 170 million
-- pairs); a probe of the names' trigram index for each contact took
-- hours at 1M. Names are compared by
-- sb.duplicate_names. The names bound the score, at 2.5 times their
-- mean similarity less 0.9 (colleagues share an office's address and
-- phone, and no address makes two names one person); at the same street,
-- number and postcode (or city) one name alike is enough, the better of
-- the two in place of the mean. Only the matcher below calls it, with the
-- ids of the active contacts the caller sees; a pair is scored only when
-- both its contacts are among them (the joins with f).
--
-- The planner cannot count the ids, so nothing filters the ids in f (an
-- estimate of one row joined every pair to every contact in a nested
-- loop), and the branches are not narrowed to the ids one by one.
CREATE OR REPLACE FUNCTION sb.duplicate_evidence(ids uuid[]) RETURNS
    TABLE(a uuid, b uuid, first_sim real, last_sim real, swapped boolean,
	email text, phone text, street_sim real, number_eq boolean,
	postcode_eq boolean, city_sim real, shared_org boolean,
	title_eq boolean, bound real, name_share bigint)
    LANGUAGE sql STABLE
    SET search_path TO 'sb', 'pg_temp'
    SET pg_trgm.similarity_threshold TO '0.4'
    BEGIN ATOMIC
    WITH scope AS MATERIALIZED (
	SELECT DISTINCT u.id FROM unnest(ids) AS u(id)
    ), f AS MATERIALIZED (
	SELECT c.id, sb.fold(btrim(c.first_name)) AS fn,
	       sb.fold(btrim(c.last_name)) AS ln,
	       nullif(sb.fold(btrim(c.title)), '') AS title,
	       sb.duplicate_given(sb.fold(btrim(c.first_name))) AS given,
	       ad.street, ad.numbers, ad.postcodes, ad.cities,
	       (SELECT array_agg(DISTINCT lower(m.address)) FROM sb.emails m
		 WHERE m.contact_id = c.id) AS emails,
	       (SELECT array_agg(DISTINCT right(p.e164, 7))
		  FROM sb.contact_phones l JOIN sb.phones p ON p.id = l.phone_id
		 WHERE l.contact_id = c.id AND l.deleted_at IS NULL
		   AND p.deleted_at IS NULL) AS phones,
	       c.owner_organization_id AS owner
	  FROM scope s JOIN sb.contacts c ON c.id = s.id
	  CROSS JOIN LATERAL (SELECT
	       nullif(string_agg(sb.fold(concat_ws(' ', d.street1, d.street2)),
		   ' '), '') AS street,
	       array_agg(DISTINCT substring(d.street1 FROM '[0-9]+'))
		   FILTER (WHERE d.street1 ~ '[0-9]') AS numbers,
	       array_agg(DISTINCT upper(replace(d.postal_code, ' ', '')))
		   FILTER (WHERE d.postal_code <> '') AS postcodes,
	       array_agg(DISTINCT sb.fold(d.city))
		   FILTER (WHERE d.city <> '') AS cities
	      FROM sb.contact_addresses l JOIN sb.addresses d
		ON d.id = l.address_id
	     WHERE l.contact_id = c.id AND l.deleted_at IS NULL
	       AND d.deleted_at IS NULL) AS ad
    ), named AS MATERIALIZED (
	SELECT f.id, 'n ' || least(f.fn, f.ln) || ' ' || greatest(f.fn, f.ln)
	       AS k
	  FROM f
	UNION
	SELECT f.id, 'i ' || v.l || ' ' || left(v.f, 1)
	  FROM f CROSS JOIN LATERAL (VALUES (f.fn, f.ln),
	       (f.ln, f.fn)) AS v(f, l)
	 WHERE v.l <> ''
	UNION
	SELECT f.id, 'g ' || g.n || ' ' || f.ln
	  FROM f, unnest(f.given) g(n)
	 WHERE f.ln <> ''
	UNION
	SELECT f.id, 's ' || sb.dmetaphone(v.l) || ' ' || left(v.f, 1)
	  FROM f CROSS JOIN LATERAL (VALUES (f.fn, f.ln),
	       (f.ln, f.fn)) AS v(f, l)
	 WHERE v.l <> '' AND sb.dmetaphone(v.l) <> ''
    ), shared AS MATERIALIZED (
	SELECT n.k, count(*) AS n FROM named n GROUP BY n.k
    ), keys AS MATERIALIZED (
	SELECT DISTINCT f.id, pc || ' ' || nr AS k
	  FROM f, unnest(f.postcodes) pc, unnest(f.numbers) nr
	UNION
	SELECT f.id, pc || ' ' || sb.dmetaphone(v.w)
	  FROM f, unnest(f.postcodes) pc, unnest(ARRAY[f.fn, f.ln]) v(w)
	 WHERE v.w <> ''
	UNION
	SELECT n.id, n.k FROM named n
	 WHERE n.k IN (SELECT s.k FROM shared s WHERE s.n <= 100)
    ), pairs AS (
	SELECT x.id AS a, y.id AS b
	  FROM keys x JOIN keys y ON y.k = x.k AND y.id > x.id
	UNION
	SELECT x.contact_id, y.contact_id
	  FROM scope s JOIN sb.emails x ON x.contact_id = s.id
	  JOIN sb.emails y ON lower(y.address) = lower(x.address)
	   AND y.contact_id > x.contact_id
	UNION
	SELECT x.contact_id, y.contact_id
	  FROM scope s JOIN sb.contact_phones x ON x.contact_id = s.id
	  JOIN sb.phones px ON px.id = x.phone_id
	  JOIN sb.phones py ON right(py.e164, 7) = right(px.e164, 7)
	  JOIN sb.contact_phones y ON y.phone_id = py.id
	   AND y.contact_id > x.contact_id
	 WHERE x.deleted_at IS NULL AND y.deleted_at IS NULL
	   AND px.deleted_at IS NULL AND py.deleted_at IS NULL
    )
    SELECT p.a, p.b,
	   n.fs, n.ls,
	   n.swapped,
	   (SELECT min(v) FROM unnest(x.emails) v WHERE v = ANY (y.emails)),
	   (SELECT min(v) FROM unnest(x.phones) v WHERE v = ANY (y.phones)),
	   sb.similarity(x.street, y.street),
	   x.numbers && y.numbers,
	   x.postcodes && y.postcodes,
	   CASE WHEN x.cities && y.cities THEN 1::real
		ELSE (SELECT max(sb.similarity(u, v))
			FROM unnest(x.cities) u, unnest(y.cities) v) END,
	   coalesce(x.owner = y.owner, false),
	   x.title = y.title,
	   sb.duplicate_bound(n.fs, n.ls, sb.similarity(x.street, y.street)
	       >= 0.6 AND x.numbers && y.numbers
	       AND (x.postcodes && y.postcodes OR x.cities && y.cities)),
	   w.n
      FROM pairs p JOIN f x ON x.id = p.a JOIN f y ON y.id = p.b
     CROSS JOIN LATERAL sb.duplicate_names(x.fn, x.ln, x.given, y.fn, y.ln,
	   y.given) AS n
      LEFT JOIN shared w
	ON w.k = 'n ' || least(x.fn, x.ln) || ' ' || greatest(x.fn, x.ln)
       AND least(x.fn, x.ln) = least(y.fn, y.ln)
       AND greatest(x.fn, x.ln) = greatest(y.fn, y.ln);
END;

REVOKE ALL ON FUNCTION sb.duplicate_evidence(ids uuid[]) FROM PUBLIC;

-- A pair's score, 0 to 1, and its reasons, from its evidence: log-odds
-- points summed over the evidence, through the logistic function. A
-- similarity counts from 0.5 (above it for, below it against), a field
-- that agrees +1 and one that differs -1 times its weight; a field
-- missing on either side says nothing. An equal email is decisive.
-- Otherwise the score is at most bound, which the names set (see
-- sb.duplicate_evidence). The weights and how they were found are in
-- doc/duplicates.md.
CREATE OR REPLACE FUNCTION sb.duplicate_score(first_sim real, last_sim real,
    swapped boolean, email text, phone text, street_sim real,
    number_eq boolean, postcode_eq boolean, city_sim real,
    shared_org boolean, title_eq boolean, bound real, name_share bigint,
    OUT score numeric, OUT reasons text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    BEGIN ATOMIC
    SELECT CASE WHEN email IS NOT NULL THEN 1
	ELSE round(least(1 / (1 + exp(-(0.6 + sum(w.pts)))),
	    bound)::numeric, 2) END,
	   string_agg(w.why, '; ' ORDER BY w.k)
      FROM (VALUES
	(1, CASE WHEN email IS NOT NULL THEN 0 END, 'same email ' || email),
	(2, 1.3 * (first_sim - 0.5), 'first name '
	    || round(first_sim::numeric, 2)),
	(3, 1.2 * (last_sim - 0.5), 'last name '
	    || round(last_sim::numeric, 2)),
	(4, CASE WHEN swapped THEN 0 END, 'first and last name swapped'),
	(5, CASE WHEN phone IS NOT NULL THEN 4 END,
	    'same phone ending ' || phone),
	(6, 3.3 * (street_sim - 0.5), 'street '
	    || round(street_sim::numeric, 2)),
	(7, 1.5 * CASE number_eq WHEN true THEN 1 WHEN false THEN -1 END,
	    CASE WHEN number_eq THEN 'same number' ELSE 'other number' END),
	(8, 1.9 * CASE postcode_eq WHEN true THEN 1 WHEN false THEN -1 END,
	    CASE WHEN postcode_eq THEN 'same postcode'
	    ELSE 'other postcode' END),
	(9, 3.4 * (city_sim - 0.5), 'city ' || round(city_sim::numeric, 2)),
	(10, CASE WHEN shared_org THEN 0.3 END, 'same organization'),
	(11, CASE WHEN title_eq THEN 0.5 END, 'same title'),
	(12, CASE WHEN name_share > 2 THEN -0.5 * ln(name_share - 1) END,
	    'name shared by ' || name_share || ' contacts')
      ) AS w(k, pts, why)
     WHERE w.pts IS NOT NULL;
END;

-- How alike two people are by their names alone, and at_org whether the
-- other is at the organization the first is asked about at: the score
-- and reasons of sb.duplicate_score on sb.duplicate_names (names folded,
-- given names from sb.duplicate_given), bounded by the names. What a
-- close name is, for the question before creating a contact and for an
-- import's records against one another. A set-returning SQL function,
-- so that the planner inlines it into the queries that call it.
CREATE OR REPLACE FUNCTION sb.duplicate_name_score(xfn text, xln text,
    xgiven text[], yfn text, yln text, ygiven text[], at_org boolean)
    RETURNS TABLE(score numeric, reasons text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    BEGIN ATOMIC
    SELECT s.score, s.reasons
      FROM sb.duplicate_names(xfn, xln, xgiven, yfn, yln, ygiven) AS m
     CROSS JOIN LATERAL sb.duplicate_score(m.fs, m.ls, m.swapped, NULL,
	   NULL, NULL, NULL, NULL, NULL, at_org, NULL,
	   sb.duplicate_bound(m.fs, m.ls, false), NULL) AS s;
END;

-- The pairs of contacts the caller sees both of (all of them in
-- organization p_org, when given) that score at least p_min, best first:
-- ids, names, score and reasons. It runs as the owner, so that blocking
-- uses the indexes (and it may analyze the tables), and chooses the
-- contacts the caller sees itself, as sb.directory_search does: a pair
-- with one side out of scope is never looked at.
CREATE OR REPLACE FUNCTION sb.duplicate_pairs(p_org uuid DEFAULT NULL,
    p_min numeric DEFAULT 0.8) RETURNS TABLE(a uuid, a_name text, b uuid,
    b_name text, score numeric, reasons text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    who name := sb.caller();
    sees_all boolean := sb.search_sees_all(sb.caller());
    ids uuid[];
    t regclass;
BEGIN
    IF p_min IS NULL OR p_min < 0 OR p_min > 1 THEN
	PERFORM sb.raise_invalid('a score is from 0 to 1');
    END IF;
    -- An organization the caller does not see names no contact: its
    -- links would tell which of the caller's contacts it shares.
    IF sees_all IS NULL OR (p_org IS NOT NULL AND NOT sees_all
	AND p_org NOT IN (SELECT access_org_ids(who))) THEN
	RETURN;
    END IF;
    -- Just after an import the names' trigram index holds its new
    -- entries in its pending list, which every probe reads whole, and
    -- there are no statistics: the planner then reads every contact for
    -- each contact's trigram probe (80 s for 5,000 instead of 3). So the
    -- pending list is merged and the tables analyzed first, as
    -- autovacuum would.
    PERFORM gin_clean_pending_list('sb.contacts_word_trgm'::regclass);
    FOR t IN SELECT s.relid::regclass FROM pg_stat_all_tables s
	JOIN pg_class r ON r.oid = s.relid
	WHERE s.relid IN ('sb.contacts'::regclass, 'sb.addresses'::regclass,
	    'sb.contact_addresses'::regclass, 'sb.emails'::regclass,
	    'sb.phones'::regclass, 'sb.contact_phones'::regclass)
	  AND (r.reltuples < 0 OR s.n_mod_since_analyze > 50 + r.reltuples / 5)
    LOOP
	EXECUTE format('ANALYZE %s', t);
    END LOOP;
    SELECT coalesce(array_agg(c.id), '{}') INTO ids
      FROM contacts c
     WHERE c.deleted_at IS NULL AND c.active
       AND (sees_all OR c.id IN (SELECT access_contact_ids(who)))
       AND (p_org IS NULL OR c.owner_organization_id = p_org
	    OR c.id IN (SELECT l.contact_id FROM organization_contacts l
		WHERE l.organization_id = p_org AND l.deleted_at IS NULL));
    RETURN QUERY
    SELECT e.a, concat_ws(' ', x.first_name, x.last_name), e.b,
	   concat_ws(' ', y.first_name, y.last_name), s.score, s.reasons
      FROM duplicate_evidence(ids) e
      JOIN contacts x ON x.id = e.a JOIN contacts y ON y.id = e.b
     CROSS JOIN LATERAL duplicate_score(e.first_sim, e.last_sim, e.swapped,
	   e.email, e.phone, e.street_sim, e.number_eq, e.postcode_eq,
	   e.city_sim, e.shared_org, e.title_eq, e.bound, e.name_share) s
     WHERE (e.email IS NOT NULL OR round(e.bound::numeric, 2) >= p_min)
       AND s.score >= p_min
     ORDER BY s.score DESC, x.name_key, y.name_key, e.a, e.b;
END
$$;

GRANT EXECUTE ON FUNCTION sb.duplicate_pairs(p_org uuid, p_min numeric) TO
    switchboard_user;

-- The contacts the caller sees whose names are close to each name about
-- to be created (p_first[i] p_last[i], at organization p_org), scoring at
-- least p_min on the names (and a link at p_org) alone, best first, at
-- most p_limit for each: what to ask about before creating a contact
-- that may be there already. Scored are the contacts whose names
-- (sb.name_pairs) are, either way round: a last name within one edit of
-- the name's (sb.name_variants) and a first name within one edit, a
-- nickname of the same name (sb.name_nicknames: "Bob", "Robert") or at
-- least 0.6 alike; or the same first name and a last name at least 0.6
-- alike (sb.name_pair_near says the same of two names). Not found: two
-- names each more than one edit off ("Hasu Tebago", "Teba Hasasu"), or a
-- first name one edit off with a last name further ("Jon Smithson",
-- "John Smith"). Contacts out of the caller's scope are never looked
-- at: a name guessed must not tell who exists elsewhere (an exact email
-- or phone may: sb.contact_find_existing); support staff, who create
-- nothing, are asked nothing. Columns: the name's index i, the contact,
-- its name, the organizations the caller sees it at with its roles, the
-- score and its reasons.
CREATE OR REPLACE FUNCTION sb.contact_close_names(p_first text[],
    p_last text[], p_org uuid DEFAULT NULL, p_min numeric DEFAULT 0.8,
    p_limit integer DEFAULT 3) RETURNS TABLE(i integer, contact_id uuid,
    name text, organizations text, score numeric, reasons text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    SET jit TO 'off'
    AS $$
DECLARE
    who name := sb.caller();
    sees_all boolean := sb.search_sees_all(sb.caller());
    orgs uuid[];
    -- How alike a name more than one edit off must be: about what 0.8
    -- asks without a shared organization. A shared organization alone
    -- lifts a last name half alike over 0.8 ("Ledo Gebubi", "Ledo
    -- Sefuba": 0.82), and would ask about one made-up person in seven.
    far_sim constant real := 0.6;
BEGIN
    IF cardinality(p_first) IS DISTINCT FROM cardinality(p_last)
	OR cardinality(p_first) > 100000 THEN
	PERFORM sb.raise_invalid('as many last names as first names, at '
	    'most 100,000');
    END IF;
    IF p_min IS NULL OR p_min < 0 OR p_min > 1 THEN
	PERFORM sb.raise_invalid('a score is from 0 to 1');
    END IF;
    IF sees_all IS NULL OR cardinality(p_first) = 0
	OR (NOT sb.caller_is_root() AND NOT EXISTS (SELECT 1 FROM memberships
	    WHERE role = who AND kind <> 'support')) THEN
	RETURN;
    END IF;
    IF NOT sees_all THEN
	SELECT array_agg(o) INTO orgs FROM access_org_ids(who) AS o;
	IF p_org <> ALL (coalesce(orgs, '{}')) THEN
	    p_org := NULL;
	END IF;
    END IF;
    RETURN QUERY
    WITH want AS MATERIALIZED (
	-- The names within one edit, a name twice at times: no matter.
	SELECT v.*, v.fn COLLATE "C" AS cf, v.ln COLLATE "C" AS cl,
	       ARRAY(SELECT n.name FROM name_variants n
		WHERE n.variant = ANY (sb.name_variants(v.fn))
		UNION ALL SELECT k.nickname COLLATE "C" FROM name_nicknames k
		WHERE k.name = ANY (v.given)
		UNION ALL SELECT g COLLATE "C"
		FROM unnest(v.given) AS g) AS near_fn,
	       ARRAY(SELECT n.name FROM name_variants n
		WHERE n.variant = ANY (sb.name_variants(v.ln))
		UNION ALL SELECT v.ln COLLATE "C") AS near_ln
	  FROM (SELECT u.*, sb.duplicate_given(u.fn) AS given
		  FROM (SELECT w.i::integer AS i,
			       coalesce(sb.fold(btrim(w.f)), '') AS fn,
			       coalesce(sb.fold(btrim(w.l)), '') AS ln
			  FROM unnest(p_first, p_last) WITH ORDINALITY
			       AS w(f, l, i)
			 WHERE char_length(w.f) <= 100
			   AND char_length(w.l) <= 100) AS u
		OFFSET 0) AS v
    ), seen AS MATERIALIZED (
	SELECT s.id FROM access_contact_ids(who) AS s(id) WHERE NOT sees_all
    )
    SELECT x.i, y.id, concat_ws(' ', y.first_name, y.last_name),
	   (SELECT string_agg(r.org || ' (' || r.roles || ')', ', '
		ORDER BY r.org)
	      FROM (SELECT o.name AS org, string_agg(l.role, ', '
		       ORDER BY l.role) AS roles
		  FROM organization_contacts l
		  JOIN organizations o ON o.id = l.organization_id
		 WHERE l.contact_id = y.id AND l.deleted_at IS NULL
		   AND o.active AND (sees_all OR o.id = ANY (orgs))
		 GROUP BY o.id, o.name) AS r),
	   y.score, y.reasons
      FROM want x
     CROSS JOIN LATERAL (
	SELECT c.id, c.first_name, c.last_name, c.name_key, s.score,
	       s.reasons
	  FROM (SELECT n.*, t.score AS org_score, t.reasons AS org_reasons,
		       f.score, f.reasons
		  FROM (SELECT p.* FROM name_pairs p
			 WHERE p.last = ANY (x.near_ln)
			   AND (p.first = ANY (x.near_fn)
				OR coalesce(duplicate_word_sim(p.first, x.cf),
				   1) >= far_sim)
			UNION
			SELECT p.* FROM name_pairs p
			 WHERE p.first = x.cf
			   AND coalesce(duplicate_word_sim(p.last, x.cl), 1)
			       >= far_sim
			UNION
			SELECT p.* FROM name_pairs p
			 WHERE p.first = ANY (x.near_ln)
			   AND (p.last = ANY (x.near_fn)
				OR coalesce(duplicate_word_sim(p.last, x.cf),
				   1) >= far_sim)
			UNION
			SELECT p.* FROM name_pairs p
			 WHERE p.last = x.cf
			   AND coalesce(duplicate_word_sim(p.first, x.cl), 1)
			       >= far_sim) AS n
		 CROSS JOIN LATERAL sb.duplicate_given(n.first) AS g(given)
		 -- The names' bound (inlined) rules a pair out before its
		 -- two scores (function calls) are computed.
		 CROSS JOIN LATERAL duplicate_names(x.fn, x.ln, x.given,
		       n.first, n.last, g.given) AS m
		 CROSS JOIN LATERAL duplicate_name_score(x.fn, x.ln, x.given,
		       n.first, n.last, g.given, true) AS t
		 CROSS JOIN LATERAL duplicate_name_score(x.fn, x.ln, x.given,
		       n.first, n.last, g.given, false) AS f
		 WHERE duplicate_bound(m.fs, m.ls, false) >= p_min
		   AND t.score >= p_min
		OFFSET 0) AS n
	 -- A pair's contacts through its name key, pair by pair: joined
	 -- whole, the planner, which cannot count the names asked, hashed
	 -- every contact again for each name (0.9 s a name at 200,000).
	 CROSS JOIN LATERAL (SELECT k.* FROM contacts k
		 WHERE k.name_key = n.name_key COLLATE "C"
		   AND k.deleted_at IS NULL AND k.active
		   AND coalesce(sb.fold(btrim(k.first_name)), '') COLLATE "C"
		       = n.first
		   AND coalesce(sb.fold(btrim(k.last_name)), '') COLLATE "C"
		       = n.last
		   AND (sees_all OR k.id IN (SELECT seen.id FROM seen))
		OFFSET 0) AS c
	 -- Whether the contact is at p_org, asked once, not in each branch.
	 CROSS JOIN LATERAL (SELECT coalesce(c.owner_organization_id = p_org
		    OR EXISTS (SELECT 1 FROM organization_contacts l
			WHERE l.contact_id = c.id AND l.organization_id = p_org
			  AND l.deleted_at IS NULL), false) AS at_org
		OFFSET 0) AS o
	 CROSS JOIN LATERAL (SELECT n.org_score, n.org_reasons WHERE o.at_org
		UNION ALL
		SELECT n.score, n.reasons WHERE NOT o.at_org)
	       AS s(score, reasons)
	 WHERE s.score >= p_min
	 ORDER BY s.score DESC, c.name_key, c.id
	 LIMIT p_limit) AS y
     ORDER BY x.i, y.score DESC, y.name_key, y.id;
END
$$;

GRANT EXECUTE ON FUNCTION sb.contact_close_names(p_first text[],
    p_last text[], p_org uuid, p_min numeric, p_limit integer) TO
    switchboard_user;

-- Whether sb.contact_close_names scores the name yfn yln for the name
-- xfn xln (all folded, '' for none), either way round: the last names
-- within one edit (sb.name_variants) and the first names within one
-- edit, nicknames of one name (sb.duplicate_given) or at least 0.6
-- alike; or the same first name and last names at least 0.6 alike. What
-- an import's batch asks about among its own records.
CREATE OR REPLACE FUNCTION sb.name_pair_near(xfn text, xln text, yfn text,
    yln text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (sb.name_variants(yln) && sb.name_variants(xln)
	    AND (sb.name_variants(yfn) && sb.name_variants(xfn)
		 OR sb.duplicate_given(yfn) && sb.duplicate_given(xfn)
		 OR coalesce(sb.duplicate_word_sim(yfn, xfn), 1) >= 0.6))
	OR (yfn = xfn AND coalesce(sb.duplicate_word_sim(yln, xln), 1) >= 0.6)
	OR (sb.name_variants(yfn) && sb.name_variants(xln)
	    AND (sb.name_variants(yln) && sb.name_variants(xfn)
		 OR sb.duplicate_given(yln) && sb.duplicate_given(xfn)
		 OR coalesce(sb.duplicate_word_sim(yln, xfn), 1) >= 0.6))
	OR (yln = xfn AND coalesce(sb.duplicate_word_sim(yfn, xln), 1) >= 0.6);

-- Files names for sb.contact_close_names: each pair of folded names
-- (first[i], last[i]) with its name key, and each name of a pair new to
-- the directory under its variants, unless it is filed already: a name
-- is filed under itself with all its variants in one statement, so one
-- probe tells (a first name many people share was filed again, conflict
-- by conflict, with each new last name: about a third of the filing).
CREATE OR REPLACE FUNCTION sb.name_pairs_file(first text[], last text[],
    name_key text[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'sb', 'pg_temp'
    BEGIN ATOMIC
    WITH added AS (
	INSERT INTO sb.name_pairs (last, first, name_key)
	SELECT DISTINCT coalesce(sb.fold(btrim(c.l)), ''),
	       coalesce(sb.fold(btrim(c.f)), ''), c.k
	  FROM unnest(name_pairs_file.first, name_pairs_file.last,
	       name_pairs_file.name_key) AS c(f, l, k)
	ON CONFLICT DO NOTHING
	RETURNING first, last
    ), names AS (
	SELECT DISTINCT n.name
	  FROM added a CROSS JOIN LATERAL unnest(ARRAY[a.first, a.last])
	       AS n(name)
	 WHERE n.name <> '' AND NOT EXISTS (SELECT 1 FROM sb.name_variants f
	     WHERE f.variant = n.name AND f.name = n.name)
    )
    INSERT INTO sb.name_variants (variant, name)
    SELECT DISTINCT v.variant, n.name
      FROM names n CROSS JOIN LATERAL unnest(sb.name_variants(n.name))
	   AS v(variant)
    ON CONFLICT DO NOTHING;
END;

-- Files the names of new contacts, and of contacts renamed; an import
-- batch files its own later (sb.import_names_deferred).
CREATE OR REPLACE FUNCTION sb.name_pairs_add() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
	PERFORM name_pairs_file(ARRAY[NEW.first_name], ARRAY[NEW.last_name],
	    ARRAY[NEW.name_key]);
    ELSIF NOT import_names_deferred() THEN
	PERFORM name_pairs_file(array_agg(n.first_name),
	    array_agg(n.last_name), array_agg(n.name_key))
	  FROM new_contacts n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER name_pairs_insert AFTER INSERT ON sb.contacts REFERENCING NEW
    TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION
    sb.name_pairs_add();

-- On the names, not the name key: "Ann Marie" "Smith" renamed "Ann" "Marie
-- Smith" keeps its key and is a new pair.
CREATE TRIGGER name_pairs_update AFTER UPDATE ON sb.contacts FOR EACH ROW WHEN
    ((old.first_name IS DISTINCT FROM new.first_name)
    OR (old.last_name IS DISTINCT FROM new.last_name)) EXECUTE FUNCTION
    sb.name_pairs_add();
