-- Organizations in the Unicode root order (ICU's "und"), the order of a
-- person whose locale is C, POSIX or none (src/store-collate.c): their
-- list reads its first page and the next ones along this index, as the
-- folded order of before reads along organizations_name_fold. Another
-- collation (sv-SE, en-US) sorts the organizations it lists each time:
-- about 20 ms for 100,000 organizations. A server built without ICU has
-- no "und-x-icu" and keeps the folded order, without this index.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_collation
	WHERE collname = 'und-x-icu' AND collprovider = 'i'
	AND collnamespace = 'pg_catalog'::pg_catalog.regnamespace) THEN
	CREATE INDEX organizations_name_root ON sb.organizations
	    USING btree (name COLLATE pg_catalog."und-x-icu", id);
    END IF;
END $$;
