-- Links between an owner and its items, as events.

-- A link of prefix (such as "contact.phone") between a and b: the caller
-- must be allowed to change a (for an organization: its links) and, to
-- link, see b. The named link functions (sb.contact_phone_link, ...) all
-- come here.
CREATE OR REPLACE FUNCTION sb.link_set(prefix text, a uuid, b uuid, linked
    boolean) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'sb', 'pg_temp'
    AS $_$
DECLARE
    l record;
    a_kind text := split_part(prefix, '.', 1);
    active boolean;
BEGIN
    PERFORM sb.check_text(100, prefix);
    SELECT * INTO l FROM sb.link_table(prefix);
    IF l.tbl IS NULL THEN
	PERFORM sb.raise_invalid(format('no link %s', prefix));
    END IF;
    PERFORM sb.authorize(CASE a_kind WHEN 'organization'
	THEN 'organization.links' ELSE a_kind || '.change' END, a);
    IF linked THEN
	PERFORM sb.authorize(split_part(prefix, '.', 2) || '.see', b);
	PERFORM sb.entity_get(a_kind, a);
	PERFORM sb.entity_get(split_part(prefix, '.', 2), b);
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1 AND '
	'%I = $2 AND deleted_at IS NULL)', l.tbl, l.a_col, l.b_col)
	INTO active USING a, b;
    IF active = linked THEN
	RETURN false;
    END IF;
    PERFORM sb.append_event(gen_random_uuid(), a_kind, a, NULL,
	prefix || CASE WHEN linked THEN '.linked' ELSE '.unlinked' END,
	jsonb_build_object(l.b_col, b));
    RETURN true;
END
$_$;

GRANT EXECUTE ON FUNCTION sb.link_set(prefix text, a uuid, b uuid, linked
    boolean) TO switchboard_user;
