-- A search's hits show the organizations each contact is linked to: per
-- hit a lookup of its links by contact and one of each organization by
-- id. A new session's first search touches every page of those lookups
-- for the first time, and on a host with 4 kB pages each shared buffer a
-- backend has not touched yet costs a page fault (40 us each here, with
-- the kernel mapping the pages around it). EXPLAIN (ANALYZE, BUFFERS) of
-- the first key of a session ("K", 41 hits, 111 links) at 1M contacts:
-- 875 buffers, 17 ms; a lookup read the index leaf and then the heap page
-- of each link and of each organization. Both lookups now find what the
-- search needs in the index (index-only scans): 727 buffers, 10.5-11 ms
-- (the same key again: 2.5 ms).
DROP INDEX sb.organization_contacts_contact;
CREATE INDEX organization_contacts_contact ON sb.organization_contacts
    (contact_id) INCLUDE (organization_id, role, starts_on, ends_on)
    WHERE deleted_at IS NULL;
CREATE INDEX organizations_id_name ON sb.organizations (id) INCLUDE (name);
