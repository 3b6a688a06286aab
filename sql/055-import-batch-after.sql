-- An import's batch writes its contacts before it takes the
-- organization's stream, and may wait for the batch before it
-- (sb.contact_import_batch's p_after): the functions with the old
-- arguments go.
DROP FUNCTION IF EXISTS sb.contact_import_batch(uuid, text, text, text,
    jsonb);
DROP FUNCTION IF EXISTS sb.import_batch_project(uuid, name);
