-- Lookup codes, projections and junction tables of the directory.
--
-- Every table here is a projection of sb.domain_events (see 002): only
-- sb.apply_event, running as switchboard_owner, writes to them. Lookup
-- tables are the exception: a new role or type is a plain INSERT by an
-- administrator, with no migration (no enums, no CHECK lists).

-- Accent- and case-insensitive key for name search. IMMUTABLE so that
-- indexes can use it; the dictionary is named with its schema so the
-- result does not depend on search_path.
CREATE FUNCTION sb.fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN sb.unaccent('sb.unaccent'::regdictionary, lower($1));

-- The search key of a contact's name: "first last", folded.
CREATE FUNCTION sb.contact_name_key(first_name text, last_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sb.fold(btrim(coalesce(first_name, '') || ' ' ||
        coalesce(last_name, '')));

-- Lookup tables: one shape for all of them.
CREATE TABLE sb.organization_kinds (
    code	text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
    label	text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
    sort_order	integer NOT NULL DEFAULT 0,
    active	boolean NOT NULL DEFAULT true,
    system	boolean NOT NULL DEFAULT false
);
CREATE TABLE sb.contact_roles (LIKE sb.organization_kinds INCLUDING ALL);
CREATE TABLE sb.phone_types (LIKE sb.organization_kinds INCLUDING ALL);
CREATE TABLE sb.address_types (LIKE sb.organization_kinds INCLUDING ALL);
CREATE TABLE sb.email_types (LIKE sb.organization_kinds INCLUDING ALL);
CREATE TABLE sb.contact_methods (LIKE sb.organization_kinds INCLUDING ALL);

INSERT INTO sb.organization_kinds (code, label, sort_order, system) VALUES
    ('provider', 'Provider', 10, true),
    ('partner', 'Partner', 20, true),
    ('platform', 'Platform', 30, true);
INSERT INTO sb.contact_roles (code, label, sort_order, system) VALUES
    ('billing', 'Billing', 10, true),
    ('technical', 'Technical', 20, true),
    ('emergency', 'Emergency', 30, true),
    ('stakeholder', 'Stakeholder', 40, true),
    ('admin', 'Admin', 50, true);
INSERT INTO sb.phone_types (code, label, sort_order, system) VALUES
    ('mobile', 'Mobile', 10, true),
    ('office', 'Office', 20, true),
    ('fax', 'Fax', 30, true),
    ('emergency', 'Emergency', 40, true);
INSERT INTO sb.address_types (code, label, sort_order, system) VALUES
    ('physical', 'Physical', 10, true),
    ('mailing', 'Mailing', 20, true),
    ('billing', 'Billing', 30, true);
INSERT INTO sb.email_types (code, label, sort_order, system) VALUES
    ('work', 'Work', 10, true),
    ('personal', 'Personal', 20, true);
INSERT INTO sb.contact_methods (code, label, sort_order, system) VALUES
    ('email', 'Email', 10, true),
    ('phone', 'Phone', 20, true),
    ('sms', 'SMS', 30, true),
    ('mail', 'Mail', 40, true);

-- Projections. version is the stream version of the last event applied;
-- commands compare it for optimistic concurrency.
CREATE TABLE sb.organizations (
    id		uuid PRIMARY KEY,
    name	text NOT NULL
		CHECK (btrim(name) <> '' AND char_length(name) <= 200),
    kind	text NOT NULL REFERENCES sb.organization_kinds (code),
    referring_partner_id uuid REFERENCES sb.organizations (id)
		CHECK (referring_partner_id <> id),
    subdomain	text UNIQUE
		CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    active	boolean NOT NULL DEFAULT true,
    version	integer NOT NULL CHECK (version > 0),
    created_at	timestamptz NOT NULL,
    updated_at	timestamptz NOT NULL,
    updated_by	text NOT NULL
);

CREATE TABLE sb.contacts (
    id		uuid PRIMARY KEY,
    first_name	text CHECK (char_length(first_name) <= 100),
    last_name	text CHECK (char_length(last_name) <= 100),
    title	text CHECK (char_length(title) <= 100),
    preferred_contact_method text REFERENCES sb.contact_methods (code),
    do_not_contact boolean NOT NULL DEFAULT false,
    active	boolean NOT NULL DEFAULT true,
    owner_organization_id uuid REFERENCES sb.organizations (id),
    version	integer NOT NULL CHECK (version > 0),
    created_at	timestamptz NOT NULL,
    updated_at	timestamptz NOT NULL,
    updated_by	text NOT NULL,
    deleted_at	timestamptz,
    CONSTRAINT contacts_name_required CHECK
	(btrim(coalesce(first_name, '')) <> '' OR
	 btrim(coalesce(last_name, '')) <> '')
);

CREATE TABLE sb.addresses (
    id		uuid PRIMARY KEY,
    label	text CHECK (char_length(label) <= 100),
    type	text NOT NULL REFERENCES sb.address_types (code),
    street1	text CHECK (char_length(street1) <= 200),
    street2	text CHECK (char_length(street2) <= 200),
    city	text CHECK (char_length(city) <= 100),
    region	text CHECK (char_length(region) <= 100),
    postal_code	text CHECK (char_length(postal_code) <= 20),
    -- ISO 3166-1 alpha-2.
    country	text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    version	integer NOT NULL CHECK (version > 0),
    created_at	timestamptz NOT NULL,
    updated_at	timestamptz NOT NULL,
    deleted_at	timestamptz
);

CREATE TABLE sb.phones (
    id		uuid PRIMARY KEY,
    number	text NOT NULL
		CHECK (btrim(number) <> '' AND char_length(number) <= 50),
    e164	text NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    extension	text CHECK (extension ~ '^[0-9]{1,10}$'),
    type	text NOT NULL REFERENCES sb.phone_types (code),
    sms_capable	boolean NOT NULL DEFAULT false,
    version	integer NOT NULL CHECK (version > 0),
    created_at	timestamptz NOT NULL,
    updated_at	timestamptz NOT NULL,
    deleted_at	timestamptz
);

-- Emails belong to one contact; their events are on the contact's stream.
CREATE TABLE sb.emails (
    id		uuid PRIMARY KEY,
    contact_id	uuid NOT NULL REFERENCES sb.contacts (id),
    address	text NOT NULL CHECK (char_length(address) <= 254)
		CONSTRAINT emails_address_syntax CHECK (address ~
	'^[^@[:space:]]+@[^@[:space:].]+(\.[^@[:space:].]+)+$'),
    type	text NOT NULL REFERENCES sb.email_types (code),
    is_primary	boolean NOT NULL DEFAULT false,
    created_at	timestamptz NOT NULL,
    updated_at	timestamptz NOT NULL
);

-- Junction tables: deleted_at NULL means the link is active; unlinking
-- keeps the row so history and relinking stay simple.
CREATE TABLE sb.organization_contacts (
    organization_id uuid NOT NULL REFERENCES sb.organizations (id),
    contact_id	uuid NOT NULL REFERENCES sb.contacts (id),
    role	text NOT NULL REFERENCES sb.contact_roles (code),
    is_primary	boolean NOT NULL DEFAULT false,
    starts_on	date,
    ends_on	date,
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (organization_id, contact_id, role),
    CONSTRAINT organization_contacts_window CHECK (ends_on >= starts_on),
    CONSTRAINT organization_contacts_primary_active
	CHECK (NOT (is_primary AND deleted_at IS NOT NULL))
);
CREATE UNIQUE INDEX organization_contacts_one_primary
    ON sb.organization_contacts (organization_id, role)
    WHERE is_primary AND deleted_at IS NULL;

CREATE TABLE sb.organization_addresses (
    organization_id uuid NOT NULL REFERENCES sb.organizations (id),
    address_id	uuid NOT NULL REFERENCES sb.addresses (id),
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (organization_id, address_id)
);

CREATE TABLE sb.organization_phones (
    organization_id uuid NOT NULL REFERENCES sb.organizations (id),
    phone_id	uuid NOT NULL REFERENCES sb.phones (id),
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (organization_id, phone_id)
);

CREATE TABLE sb.contact_phones (
    contact_id	uuid NOT NULL REFERENCES sb.contacts (id),
    phone_id	uuid NOT NULL REFERENCES sb.phones (id),
    is_primary	boolean NOT NULL DEFAULT false,
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (contact_id, phone_id),
    CONSTRAINT contact_phones_primary_active
	CHECK (NOT (is_primary AND deleted_at IS NOT NULL))
);
CREATE UNIQUE INDEX contact_phones_one_primary
    ON sb.contact_phones (contact_id) WHERE is_primary AND deleted_at IS NULL;

CREATE TABLE sb.contact_addresses (
    contact_id	uuid NOT NULL REFERENCES sb.contacts (id),
    address_id	uuid NOT NULL REFERENCES sb.addresses (id),
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (contact_id, address_id)
);

CREATE TABLE sb.phone_addresses (
    phone_id	uuid NOT NULL REFERENCES sb.phones (id),
    address_id	uuid NOT NULL REFERENCES sb.addresses (id),
    linked_at	timestamptz NOT NULL,
    deleted_at	timestamptz,
    PRIMARY KEY (phone_id, address_id)
);

CREATE UNIQUE INDEX emails_one_primary
    ON sb.emails (contact_id) WHERE is_primary;

-- Search and lookup indexes. Prefix search and keyset paging on names use
-- the btree on fold(name) COLLATE "C": queries must say COLLATE "C" too.
CREATE INDEX organizations_name_trgm
    ON sb.organizations USING gin (sb.fold(name) sb.gin_trgm_ops);
CREATE INDEX organizations_name_fold
    ON sb.organizations ((sb.fold(name)) COLLATE "C", id);
CREATE INDEX organizations_referring_partner
    ON sb.organizations (referring_partner_id)
    WHERE referring_partner_id IS NOT NULL;
CREATE INDEX contacts_name_trgm ON sb.contacts
    USING gin (sb.contact_name_key(first_name, last_name) sb.gin_trgm_ops);
CREATE INDEX contacts_name_fold ON sb.contacts
    ((sb.contact_name_key(first_name, last_name)) COLLATE "C", id);
CREATE INDEX contacts_owner ON sb.contacts (owner_organization_id);
CREATE INDEX organization_contacts_active
    ON sb.organization_contacts (organization_id, role)
    WHERE deleted_at IS NULL;
CREATE INDEX organization_contacts_contact
    ON sb.organization_contacts (contact_id) WHERE deleted_at IS NULL;
CREATE INDEX organization_addresses_address
    ON sb.organization_addresses (address_id);
CREATE INDEX organization_phones_phone ON sb.organization_phones (phone_id);
CREATE INDEX contact_phones_phone ON sb.contact_phones (phone_id);
CREATE INDEX contact_addresses_address ON sb.contact_addresses (address_id);
CREATE INDEX phone_addresses_address ON sb.phone_addresses (address_id);
CREATE INDEX phones_e164 ON sb.phones (e164);
CREATE INDEX emails_address ON sb.emails (lower(address));
CREATE INDEX emails_contact ON sb.emails (contact_id);

-- Links of contacts to organizations that hold on a given day: what lists
-- show unless asked for past or future ones.
CREATE FUNCTION sb.organization_contacts_on(day date)
    RETURNS SETOF sb.organization_contacts
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM sb.organization_contacts
    WHERE deleted_at IS NULL
      AND (starts_on IS NULL OR starts_on <= day)
      AND (ends_on IS NULL OR ends_on >= day);
END;

CREATE VIEW sb.organization_contacts_current WITH (security_invoker = true)
    AS SELECT * FROM sb.organization_contacts_on(current_date);
