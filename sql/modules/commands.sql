-- The command log: idempotent commands, begun and finished by id.

-- Claim command_id for this transaction: true when it is new, false when
-- it was applied before (by the same person). An id another person used
-- is refused (SB004) rather than reported as applied, so a collision can
-- never silently drop a command.
CREATE OR REPLACE FUNCTION sb.command_begin(p_command_id uuid, p_command text)
    RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    IF p_command_id IS NULL OR p_command IS NULL THEN
	PERFORM sb.raise_invalid('a command needs an id and a name');
    END IF;
    INSERT INTO command_log (command_id, command)
    VALUES (p_command_id, p_command)
    ON CONFLICT (command_id) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 1 THEN
	RETURN true;
    END IF;
    IF EXISTS (SELECT 1 FROM command_log WHERE command_id = p_command_id)
    THEN
	RETURN false;
    END IF;
    PERFORM sb.raise_invalid(format('command id %s cannot be used',
	p_command_id), 'Start the command again with a new id.');
    RETURN NULL;
END
$$;

GRANT EXECUTE ON FUNCTION sb.command_begin(p_command_id uuid, p_command text) TO
    switchboard_user;

-- Record the result of a command claimed by command_begin. SB003 when
-- the id is not in the caller's log.
CREATE OR REPLACE FUNCTION sb.command_finish(p_command_id uuid, p_result jsonb)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'sb', 'pg_temp'
    AS $$
BEGIN
    UPDATE command_log SET result = p_result
     WHERE command_id = p_command_id;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('command %s not found', p_command_id);
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION sb.command_finish(p_command_id uuid, p_result jsonb)
    TO switchboard_user;

-- The recorded result of one of the caller's commands; NULL when there is
-- none (or the command returned nothing).
CREATE OR REPLACE FUNCTION sb.command_result(p_command_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 SELECT command_log.result
    FROM sb.command_log
   WHERE (command_log.command_id = command_result.p_command_id);
END;

GRANT EXECUTE ON FUNCTION sb.command_result(p_command_id uuid) TO
    switchboard_user;
