-- Key functions: pure functions that indexes and generated columns use.
--
-- Applied before the numbered migrations, so a new database has them
-- before the tables that need them. They are replaced, never dropped: when
-- a definition changes, the migration computes the generated columns that
-- use it again and rebuilds the indexes that call it (src/migrate.c). A
-- function here may call only functions of this file and of extensions.

-- Accent- and case-insensitive key for name search. IMMUTABLE so that
-- indexes can use it; the dictionary is named with its schema so the
-- result does not depend on search_path.
CREATE OR REPLACE FUNCTION sb.fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN sb.unaccent('sb.unaccent'::regdictionary, lower($1));

GRANT EXECUTE ON FUNCTION sb.fold(text) TO switchboard_user;

-- The search key of a contact's name: "first last", folded.
CREATE OR REPLACE FUNCTION sb.contact_name_key(first_name text, last_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sb.fold(btrim(((COALESCE(first_name, ''::text) || ' '::text) ||
        COALESCE(last_name, ''::text))));

-- The folded name with dots, underscores and runs of white space as one
-- space: what the search compares typed words with.
CREATE OR REPLACE FUNCTION sb.contact_word_key(first_name text, last_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN btrim(regexp_replace(sb.contact_name_key(first_name, last_name),
        '[[:space:]._]+'::text, ' '::text, 'g'::text));

-- A contact address as search text, folded. IMMUTABLE for its index
-- (concat_ws is only STABLE: it formats any type; here all are text).
CREATE OR REPLACE FUNCTION sb.address_search_key(street1 text, street2 text,
    city text, region text, postal_code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sb.fold(concat_ws(' '::text, street1, street2, city, region,
        postal_code));

-- A folded name and, up to 40 characters, the name with each one of its
-- characters left out (a doubled letter gives one twice): two names one
-- edit apart (a letter left out, put in, changed, or two neighbours
-- swapped) share one of these.
CREATE OR REPLACE FUNCTION sb.name_variants(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN name || ARRAY(SELECT left(name, i - 1) || substr(name, i + 1)
        FROM generate_series(1, CASE WHEN char_length(name) <= 40 THEN
        char_length(name) ELSE 0 END) AS i);
