-- The live change feed: each event records the transaction that wrote it,
-- and every committed event wakes the listeners of channel sb_events.
--
-- Positions come from an identity column, so a transaction that took a
-- smaller position may commit after one that took a larger one: a reader
-- that remembered only the largest position it saw would skip the late
-- one. Readers therefore order the log by (xact_id, position) instead.
-- Every transaction still running, or yet to start, has a transaction id
-- at or above pg_snapshot_xmin(pg_current_snapshot()); events below that
-- bound are settled: no event will ever appear before them in that order.
-- A reader advances its cursor only over settled events, and remembers
-- the few unsettled (already committed, newer) events it has delivered
-- early so that it does not deliver them again (see src/store-feed.c).

ALTER TABLE sb.domain_events
    ADD COLUMN xact_id xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX domain_events_feed ON sb.domain_events (xact_id, position);

-- The notification is only a wake-up call: readers re-read the log from
-- their cursor, so a lost one loses nothing. Its payload is empty, so it
-- tells a listener nothing its row-level security would hide, and the
-- server folds the identical notifications of one transaction into one.
-- NOTIFY is delivered at commit.
CREATE FUNCTION sb.domain_events_notify() RETURNS trigger
    LANGUAGE plpgsql SET search_path = sb, pg_temp AS $$
BEGIN
    PERFORM pg_notify('sb_events', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER domain_events_notify AFTER INSERT ON sb.domain_events
    FOR EACH ROW EXECUTE FUNCTION sb.domain_events_notify();

-- Internal: only the trigger runs it.
REVOKE EXECUTE ON FUNCTION sb.domain_events_notify() FROM PUBLIC,
    switchboard_user;
