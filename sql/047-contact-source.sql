-- Where an imported contact came from: its source and its id there.
--
-- source_system names the kind of file ("vcard", "csv:google",
-- "csv:outlook"), never its name or path, so that a file downloaded
-- again under another name still finds the contacts it made;
-- source_record_id is the record's own id there (a vCard's UID, a CSV's
-- id column) or, for a record without one, a hash of its folded name.
-- An id is unique per owning organization: an id that another
-- organization's file brought neither matches nor blocks an import.

ALTER TABLE sb.contacts
    ADD COLUMN source_system text,
    ADD COLUMN source_record_id text,
    ADD CONSTRAINT contacts_source_system_check
	CHECK (char_length(source_system) <= 100),
    ADD CONSTRAINT contacts_source_record_id_check
	CHECK (char_length(source_record_id) <= 200),
    ADD CONSTRAINT contacts_source_both
	CHECK ((source_system IS NULL) = (source_record_id IS NULL));

CREATE UNIQUE INDEX contacts_source ON sb.contacts USING btree
    (owner_organization_id, source_system, source_record_id)
    WHERE source_system IS NOT NULL AND deleted_at IS NULL;
