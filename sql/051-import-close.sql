-- An import asks what to do with a record whose name is close to that of
-- a contact the importer sees (sb.contact_import's p_close): the
-- function without it goes.
DROP FUNCTION IF EXISTS sb.contact_import(uuid, text, text, text, jsonb);
