-- Merging contacts: where a merged contact went, and what each merge did.
--
-- A merged contact is archived (deleted_at) and points at the contact it
-- was merged into. sb.contact_merges keeps, for each merge, the image of
-- every row the merge wrote before and after it, so that the merge's
-- events replay it and its undo puts every row back exactly; only the
-- merge commands read or write it (sql/modules/merge.sql).

ALTER TABLE sb.contacts
    ADD COLUMN merged_into uuid REFERENCES sb.contacts(id),
    ADD CONSTRAINT contacts_merged_archived
	CHECK (merged_into IS NULL OR deleted_at IS NOT NULL);

CREATE INDEX contacts_merged_into ON sb.contacts USING btree (merged_into)
    WHERE merged_into IS NOT NULL;

CREATE TABLE sb.contact_merges (
    id uuid PRIMARY KEY,
    survivor_id uuid NOT NULL,
    merged_ids uuid[] NOT NULL CHECK (cardinality(merged_ids) > 0),
    row_images jsonb NOT NULL CHECK (jsonb_typeof(row_images) = 'array'),
    fields_before jsonb NOT NULL,
    fields_after jsonb NOT NULL,
    links_moved integer NOT NULL,
    links_hidden integer NOT NULL,
    items_moved integer NOT NULL,
    actor name NOT NULL,
    merged_at timestamp with time zone NOT NULL,
    unmerged_at timestamp with time zone,
    unmerged_by name
);

CREATE INDEX contact_merges_survivor ON sb.contact_merges USING btree
    (survivor_id);

ALTER TABLE sb.contact_merges ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.contact_merges FORCE ROW LEVEL SECURITY;

-- No policy lets a person read a row: only the merge commands do.
GRANT SELECT ON TABLE sb.contact_merges TO switchboard_user;
