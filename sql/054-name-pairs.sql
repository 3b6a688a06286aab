-- The close-name question's candidates (sb.contact_close_names), found by
-- equality instead of a probe of the names' trigram index (1 to 2 ms a
-- name against generated names, 112 ms against names many contacts
-- share): each distinct pair of folded first and last names in the
-- directory with its name key, and each folded name under each of its
-- variants (sb.name_variants), so that the names within one edit of a
-- name are those filed under one of its own variants. Kept by the
-- trigger on sb.contacts (sql/modules/duplicates.sql), added to and never
-- taken from: a pair no contact has any more finds none. Read by the
-- definer function alone: a name would tell who exists out of a login's
-- scope.
CREATE TABLE sb.name_pairs (
    last text COLLATE "C" NOT NULL,
    first text COLLATE "C" NOT NULL,
    name_key text COLLATE "C" NOT NULL,
    PRIMARY KEY (last, first, name_key)
);

CREATE INDEX name_pairs_first ON sb.name_pairs USING btree (first, last);

CREATE TABLE sb.name_variants (
    variant text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    PRIMARY KEY (variant, name)
);

INSERT INTO sb.name_pairs (last, first, name_key)
SELECT DISTINCT coalesce(sb.fold(btrim(c.last_name)), ''),
       coalesce(sb.fold(btrim(c.first_name)), ''), c.name_key
  FROM sb.contacts c;

INSERT INTO sb.name_variants (variant, name)
SELECT DISTINCT v.variant, n.name
  FROM (SELECT p.first AS name FROM sb.name_pairs p
	UNION SELECT p.last FROM sb.name_pairs p) AS n
 CROSS JOIN LATERAL unnest(sb.name_variants(n.name)) AS v(variant)
 WHERE n.name <> '';

-- Forced once filled: their policies come with the modules, after this;
-- as for sb.name_words, no policy lets a login read a row.
ALTER TABLE sb.name_pairs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.name_pairs FORCE ROW LEVEL SECURITY;
ALTER TABLE sb.name_variants ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.name_variants FORCE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE sb.name_pairs TO switchboard_user;
GRANT SELECT ON TABLE sb.name_variants TO switchboard_user;
