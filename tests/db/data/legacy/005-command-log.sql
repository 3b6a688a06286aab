-- Idempotent commands: each command carries an id chosen by the client
-- once per user action and reused on retry; the log says whether that id
-- was already applied, and what it returned.
--
-- A client runs, in one transaction: command_begin (false: applied
-- before, read command_result instead), the command functions, then
-- command_finish with the result. A second transaction with the same id
-- waits on the first one's row until it ends: after a commit it sees
-- false, after a rollback it claims the id itself.

CREATE TABLE sb.command_log (
    command_id	uuid PRIMARY KEY,
    command	text NOT NULL CHECK (char_length(command) <= 200),
    result	jsonb,
    actor	name NOT NULL DEFAULT current_user,
    recorded_at	timestamptz NOT NULL DEFAULT now()
);

-- Each person sees and writes only their own commands; the owner keeps
-- full access under FORCE. Grants to persons come with the access
-- migration.
ALTER TABLE sb.command_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.command_log FORCE ROW LEVEL SECURITY;
CREATE POLICY command_log_owner ON sb.command_log TO switchboard_owner
    USING (true) WITH CHECK (true);
CREATE POLICY command_log_actor ON sb.command_log TO PUBLIC
    USING (actor = current_user) WITH CHECK (actor = current_user);
REVOKE ALL ON sb.command_log FROM PUBLIC;

-- Claim command_id for this transaction: true when it is new, false when
-- it was applied before (by the same person). An id another person used
-- is refused (SB004) rather than reported as applied, so a collision can
-- never silently drop a command.
CREATE FUNCTION sb.command_begin(p_command_id uuid, p_command text)
    RETURNS boolean
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
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

-- Record the result of a command claimed by command_begin. SB003 when
-- the id is not in the caller's log.
CREATE FUNCTION sb.command_finish(p_command_id uuid, p_result jsonb)
    RETURNS void
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    UPDATE command_log SET result = p_result
     WHERE command_id = p_command_id;
    IF NOT FOUND THEN
	RAISE EXCEPTION USING ERRCODE = 'SB003',
	    MESSAGE = format('command %s not found', p_command_id);
    END IF;
END
$$;

-- The recorded result of one of the caller's commands; NULL when there is
-- none (or the command returned nothing).
CREATE FUNCTION sb.command_result(p_command_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT result FROM sb.command_log WHERE command_id = p_command_id;
END;
