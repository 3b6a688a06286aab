-- Baseline: the tables, types, indexes, data and grants of migrations 1-45.
--
-- The history before it was squashed into this file; a database that has
-- those 40 migrations applied skips it (src/migrate.c checks their
-- checksums, sql/legacy.sha256, and records this file in their place).
-- Functions, views, triggers and policies live in sql/modules/, the key
-- functions the tables below use in sql/modules/keys.sql, applied first.
-- Made once from a database that had the history applied (pg_dump);
-- from here on, a change to a table is a new numbered migration.

CREATE TABLE sb.memberships (
    role name NOT NULL,
    kind text NOT NULL,
    organization_id uuid,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    granted_by name DEFAULT SESSION_USER NOT NULL,
    CONSTRAINT memberships_kind_check CHECK ((kind = ANY
        (ARRAY['super_admin'::text, 'provider_admin'::text, 'support'::text,
        'partner_admin'::text]))),
    CONSTRAINT memberships_scope CHECK (
CASE kind
    WHEN 'super_admin'::text THEN (organization_id IS NULL)
    WHEN 'support'::text THEN true
    ELSE (organization_id IS NOT NULL)
END)
);

ALTER TABLE ONLY sb.memberships FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organizations (
    id uuid NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    referring_partner_id uuid,
    subdomain text,
    active boolean DEFAULT true NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by text NOT NULL,
    CONSTRAINT organizations_check CHECK ((referring_partner_id <> id)),
    CONSTRAINT organizations_name_check CHECK (((btrim(name) <> ''::text) AND
        (char_length(name) <= 200))),
    CONSTRAINT organizations_subdomain_check CHECK ((subdomain ~
        '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT organizations_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sb.organizations FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.contact_addresses (
    contact_id uuid NOT NULL,
    address_id uuid NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone
);

ALTER TABLE ONLY sb.contact_addresses FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.contact_phones (
    contact_id uuid NOT NULL,
    phone_id uuid NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT contact_phones_primary_active CHECK ((NOT (is_primary AND
        (deleted_at IS NOT NULL))))
);

ALTER TABLE ONLY sb.contact_phones FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.contacts (
    id uuid NOT NULL,
    first_name text,
    last_name text,
    title text,
    preferred_contact_method text,
    do_not_contact boolean DEFAULT false NOT NULL,
    active boolean DEFAULT true NOT NULL,
    owner_organization_id uuid,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by text NOT NULL,
    deleted_at timestamp with time zone,
    name_key text GENERATED ALWAYS AS (sb.contact_name_key(first_name,
        last_name)) STORED,
    word_key text GENERATED ALWAYS AS (sb.contact_word_key(first_name,
        last_name)) STORED,
    last_word_key text GENERATED ALWAYS AS (sb.contact_word_key(last_name,
        first_name)) STORED,
    CONSTRAINT contacts_first_name_check CHECK ((char_length(first_name) <=
        100)),
    CONSTRAINT contacts_last_name_check CHECK ((char_length(last_name) <= 100)),
    CONSTRAINT contacts_name_required CHECK (((btrim(COALESCE(first_name,
        ''::text)) <> ''::text) OR (btrim(COALESCE(last_name, ''::text)) <>
        ''::text))),
    CONSTRAINT contacts_title_check CHECK ((char_length(title) <= 100)),
    CONSTRAINT contacts_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sb.contacts FORCE ROW LEVEL SECURITY;

-- The event log. Positions come from an identity column, so a transaction
-- that took a smaller position may commit after one that took a larger
-- one: a reader that remembered only the largest position it saw would
-- skip the late one. Readers therefore order the log by (xact_id,
-- position) instead. Every transaction still running, or yet to start, has
-- a transaction id at or above pg_snapshot_xmin(pg_current_snapshot());
-- events below that bound are settled: no event will ever appear before
-- them in that order. A reader advances its cursor only over settled
-- events, and remembers the few unsettled (already committed, newer)
-- events it has delivered early so that it does not deliver them again
-- (see src/store-feed.c).
CREATE TABLE sb.domain_events (
    "position" bigint NOT NULL,
    event_id uuid NOT NULL,
    stream_type text NOT NULL,
    stream_id uuid NOT NULL,
    stream_version integer NOT NULL,
    event_type text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    actor text DEFAULT CURRENT_USER NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    xact_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
    CONSTRAINT domain_events_event_type_check CHECK ((event_type ~
        '^[a-z_]+(\.[a-z_]+)+$'::text)),
    CONSTRAINT domain_events_payload_check CHECK ((jsonb_typeof(payload) =
        'object'::text)),
    CONSTRAINT domain_events_stream_type_check CHECK ((stream_type = ANY
        (ARRAY['contact'::text, 'organization'::text, 'phone'::text,
        'address'::text]))),
    CONSTRAINT domain_events_stream_version_check CHECK ((stream_version > 0))
);

ALTER TABLE ONLY sb.domain_events FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organization_addresses (
    organization_id uuid NOT NULL,
    address_id uuid NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone
);

ALTER TABLE ONLY sb.organization_addresses FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organization_contacts (
    organization_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    role text NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    starts_on date,
    ends_on date,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT organization_contacts_primary_active CHECK ((NOT (is_primary AND
        (deleted_at IS NOT NULL)))),
    CONSTRAINT organization_contacts_window CHECK ((ends_on >= starts_on))
);

ALTER TABLE ONLY sb.organization_contacts FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organization_phones (
    organization_id uuid NOT NULL,
    phone_id uuid NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone
);

ALTER TABLE ONLY sb.organization_phones FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.phone_addresses (
    phone_id uuid NOT NULL,
    address_id uuid NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone
);

ALTER TABLE ONLY sb.phone_addresses FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.emails (
    id uuid NOT NULL,
    contact_id uuid NOT NULL,
    address text NOT NULL,
    type text NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT emails_address_check CHECK ((char_length(address) <= 254)),
    CONSTRAINT emails_address_syntax CHECK ((address ~
        '^[^@[:space:]]+@[^@[:space:].]+(\.[^@[:space:].]+)+$'::text))
);

ALTER TABLE ONLY sb.emails FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.command_log (
    command_id uuid NOT NULL,
    command text NOT NULL,
    result jsonb,
    actor name DEFAULT CURRENT_USER NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT command_log_command_check CHECK ((char_length(command) <= 200))
);

ALTER TABLE ONLY sb.command_log FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.addresses (
    id uuid NOT NULL,
    label text,
    type text NOT NULL,
    street1 text,
    street2 text,
    city text,
    region text,
    postal_code text,
    country text NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    search_key text GENERATED ALWAYS AS (sb.address_search_key(street1, street2,
        city, region, postal_code)) STORED,
    CONSTRAINT addresses_city_check CHECK ((char_length(city) <= 100)),
    CONSTRAINT addresses_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT addresses_label_check CHECK ((char_length(label) <= 100)),
    CONSTRAINT addresses_postal_code_check CHECK ((char_length(postal_code) <=
        20)),
    CONSTRAINT addresses_region_check CHECK ((char_length(region) <= 100)),
    CONSTRAINT addresses_street1_check CHECK ((char_length(street1) <= 200)),
    CONSTRAINT addresses_street2_check CHECK ((char_length(street2) <= 200)),
    CONSTRAINT addresses_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sb.addresses FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.phones (
    id uuid NOT NULL,
    number text NOT NULL,
    e164 text NOT NULL,
    extension text,
    type text NOT NULL,
    sms_capable boolean DEFAULT false NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT phones_e164_check CHECK ((e164 ~ '^\+[1-9][0-9]{6,14}$'::text)),
    CONSTRAINT phones_extension_check CHECK ((extension ~
        '^[0-9]{1,10}$'::text)),
    CONSTRAINT phones_number_check CHECK (((btrim(number) <> ''::text) AND
        (char_length(number) <= 50))),
    CONSTRAINT phones_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sb.phones FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.address_types (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.address_types FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.contact_lookups (
    id bigint NOT NULL,
    actor name NOT NULL,
    organization_id uuid,
    email text,
    phone text,
    found uuid[] NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY sb.contact_lookups FORCE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_lookups ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY
    (
    SEQUENCE NAME sb.contact_lookups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE sb.contact_methods (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.contact_methods FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.contact_roles (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.contact_roles FORCE ROW LEVEL SECURITY;

ALTER TABLE sb.domain_events ALTER COLUMN "position" ADD GENERATED ALWAYS AS
    IDENTITY (
    SEQUENCE NAME sb.domain_events_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE sb.email_types (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.email_types FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.name_words (
    word text NOT NULL
);

ALTER TABLE ONLY sb.name_words FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organization_contact_counts (
    organization_id uuid NOT NULL,
    contacts integer NOT NULL
);

ALTER TABLE ONLY sb.organization_contact_counts FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.organization_kinds (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.organization_kinds FORCE ROW LEVEL SECURITY;

CREATE TABLE sb.phone_types (
    code text NOT NULL,
    label text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    system boolean DEFAULT false NOT NULL,
    CONSTRAINT organization_kinds_code_check CHECK ((code ~
        '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT organization_kinds_label_check CHECK (((char_length(label) >= 1)
        AND (char_length(label) <= 100)))
);

ALTER TABLE ONLY sb.phone_types FORCE ROW LEVEL SECURITY;

INSERT INTO sb.address_types VALUES ('physical', 'Physical', 10, true, true);
INSERT INTO sb.address_types VALUES ('mailing', 'Mailing', 20, true, true);
INSERT INTO sb.address_types VALUES ('billing', 'Billing', 30, true, true);

INSERT INTO sb.contact_methods VALUES ('email', 'Email', 10, true, true);
INSERT INTO sb.contact_methods VALUES ('phone', 'Phone', 20, true, true);
INSERT INTO sb.contact_methods VALUES ('sms', 'SMS', 30, true, true);
INSERT INTO sb.contact_methods VALUES ('mail', 'Mail', 40, true, true);

INSERT INTO sb.contact_roles VALUES ('billing', 'Billing', 10, true, true);
INSERT INTO sb.contact_roles VALUES ('technical', 'Technical', 20, true, true);
INSERT INTO sb.contact_roles VALUES ('emergency', 'Emergency', 30, true, true);
INSERT INTO sb.contact_roles VALUES ('stakeholder', 'Stakeholder', 40, true,
    true);
INSERT INTO sb.contact_roles VALUES ('admin', 'Admin', 50, true, true);

INSERT INTO sb.email_types VALUES ('work', 'Work', 10, true, true);
INSERT INTO sb.email_types VALUES ('personal', 'Personal', 20, true, true);

INSERT INTO sb.organization_kinds VALUES ('provider', 'Provider', 10, true,
    true);
INSERT INTO sb.organization_kinds VALUES ('partner', 'Partner', 20, true, true);
INSERT INTO sb.organization_kinds VALUES ('platform', 'Platform', 30, true,
    true);

INSERT INTO sb.phone_types VALUES ('mobile', 'Mobile', 10, true, true);
INSERT INTO sb.phone_types VALUES ('office', 'Office', 20, true, true);
INSERT INTO sb.phone_types VALUES ('fax', 'Fax', 30, true, true);
INSERT INTO sb.phone_types VALUES ('emergency', 'Emergency', 40, true, true);

ALTER TABLE ONLY sb.address_types
    ADD CONSTRAINT address_types_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.addresses
    ADD CONSTRAINT addresses_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sb.command_log
    ADD CONSTRAINT command_log_pkey PRIMARY KEY (command_id);

ALTER TABLE ONLY sb.contact_addresses
    ADD CONSTRAINT contact_addresses_pkey PRIMARY KEY (contact_id, address_id);

ALTER TABLE ONLY sb.contact_lookups
    ADD CONSTRAINT contact_lookups_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sb.contact_methods
    ADD CONSTRAINT contact_methods_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.contact_phones
    ADD CONSTRAINT contact_phones_pkey PRIMARY KEY (contact_id, phone_id);

ALTER TABLE ONLY sb.contact_roles
    ADD CONSTRAINT contact_roles_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sb.domain_events
    ADD CONSTRAINT domain_events_event_id_key UNIQUE (event_id);

ALTER TABLE ONLY sb.domain_events
    ADD CONSTRAINT domain_events_pkey PRIMARY KEY ("position");

ALTER TABLE ONLY sb.domain_events
    ADD CONSTRAINT domain_events_stream_type_stream_id_stream_version_key UNIQUE
        (stream_type, stream_id, stream_version);

ALTER TABLE ONLY sb.email_types
    ADD CONSTRAINT email_types_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.emails
    ADD CONSTRAINT emails_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sb.memberships
    ADD CONSTRAINT memberships_role_kind_organization_id_key UNIQUE NULLS NOT
        DISTINCT (role, kind, organization_id);

ALTER TABLE ONLY sb.name_words
    ADD CONSTRAINT name_words_pkey PRIMARY KEY (word);

ALTER TABLE ONLY sb.organization_addresses
    ADD CONSTRAINT organization_addresses_pkey PRIMARY KEY (organization_id,
        address_id);

ALTER TABLE ONLY sb.organization_contact_counts
    ADD CONSTRAINT organization_contact_counts_pkey PRIMARY KEY
        (organization_id);

ALTER TABLE ONLY sb.organization_contacts
    ADD CONSTRAINT organization_contacts_pkey PRIMARY KEY (organization_id,
        contact_id, role);

ALTER TABLE ONLY sb.organization_kinds
    ADD CONSTRAINT organization_kinds_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.organization_phones
    ADD CONSTRAINT organization_phones_pkey PRIMARY KEY (organization_id,
        phone_id);

ALTER TABLE ONLY sb.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sb.organizations
    ADD CONSTRAINT organizations_subdomain_key UNIQUE (subdomain);

ALTER TABLE ONLY sb.phone_addresses
    ADD CONSTRAINT phone_addresses_pkey PRIMARY KEY (phone_id, address_id);

ALTER TABLE ONLY sb.phone_types
    ADD CONSTRAINT phone_types_pkey PRIMARY KEY (code);

ALTER TABLE ONLY sb.phones
    ADD CONSTRAINT phones_pkey PRIMARY KEY (id);

CREATE INDEX addresses_search_trgm ON sb.addresses USING gin (search_key
    sb.gin_trgm_ops);

CREATE INDEX contact_addresses_address ON sb.contact_addresses USING btree
    (address_id);

CREATE UNIQUE INDEX contact_phones_one_primary ON sb.contact_phones USING btree
    (contact_id) WHERE (is_primary AND (deleted_at IS NULL));

CREATE INDEX contact_phones_phone ON sb.contact_phones USING btree (phone_id);

CREATE INDEX contacts_name_fold ON sb.contacts USING btree (name_key COLLATE
    "C", id);

CREATE INDEX contacts_owner ON sb.contacts USING btree (owner_organization_id);

CREATE INDEX contacts_word_first ON sb.contacts USING btree (word_key COLLATE
    "C", id);

CREATE INDEX contacts_word_last ON sb.contacts USING btree (last_word_key
    COLLATE "C", id);

CREATE INDEX contacts_word_trgm ON sb.contacts USING gin (word_key
    sb.gin_trgm_ops);

CREATE INDEX domain_events_creator ON sb.domain_events USING btree (actor,
    stream_type) WHERE (stream_version = 1);

CREATE INDEX domain_events_feed ON sb.domain_events USING btree (xact_id,
    "position");

CREATE INDEX domain_events_type ON sb.domain_events USING btree (event_type);

CREATE INDEX domain_events_unlinker ON sb.domain_events USING btree (actor,
    event_type) WHERE (event_type ~~ '%.unlinked'::text);

CREATE INDEX emails_address ON sb.emails USING btree (lower(address));

CREATE INDEX emails_address_prefix ON sb.emails USING btree (lower(address)
    text_pattern_ops);

CREATE INDEX emails_address_trgm ON sb.emails USING gin (lower(address)
    sb.gin_trgm_ops);

CREATE INDEX emails_contact ON sb.emails USING btree (contact_id) INCLUDE
    (is_primary, address);

CREATE UNIQUE INDEX emails_one_primary ON sb.emails USING btree (contact_id)
    WHERE is_primary;

CREATE INDEX name_words_trgm ON sb.name_words USING gin (word sb.gin_trgm_ops);

CREATE INDEX organization_addresses_address ON sb.organization_addresses USING
    btree (address_id);

CREATE INDEX organization_contacts_active ON sb.organization_contacts USING
    btree (organization_id, role) WHERE (deleted_at IS NULL);

CREATE INDEX organization_contacts_contact ON sb.organization_contacts USING
    btree (contact_id) INCLUDE (organization_id, role, starts_on, ends_on) WHERE
    (deleted_at IS NULL);

CREATE UNIQUE INDEX organization_contacts_one_primary ON
    sb.organization_contacts USING btree (organization_id, role) WHERE
    (is_primary AND (deleted_at IS NULL));

CREATE INDEX organization_contacts_windowed ON sb.organization_contacts USING
    btree (organization_id) WHERE ((deleted_at IS NULL) AND ((starts_on IS NOT
    NULL) OR (ends_on IS NOT NULL)));

CREATE INDEX organization_phones_phone ON sb.organization_phones USING btree
    (phone_id);

CREATE INDEX organizations_id_name ON sb.organizations USING btree (id) INCLUDE
    (name);

CREATE INDEX organizations_name_fold ON sb.organizations USING btree
    (sb.fold(name) COLLATE "C", id);

CREATE INDEX organizations_name_trgm ON sb.organizations USING gin
    (sb.fold(name) sb.gin_trgm_ops);

CREATE INDEX organizations_referring_partner ON sb.organizations USING btree
    (referring_partner_id) WHERE (referring_partner_id IS NOT NULL);

CREATE INDEX phone_addresses_address ON sb.phone_addresses USING btree
    (address_id);

CREATE INDEX phones_e164 ON sb.phones USING btree (e164);

CREATE INDEX phones_e164_digits_trgm ON sb.phones USING gin (substr(e164, 2)
    sb.gin_trgm_ops);

CREATE INDEX phones_number_digits_trgm ON sb.phones USING gin
    (regexp_replace(number, '[^0-9]'::text, ''::text, 'g'::text)
    sb.gin_trgm_ops);

ALTER TABLE ONLY sb.addresses
    ADD CONSTRAINT addresses_type_fkey FOREIGN KEY (type) REFERENCES
        sb.address_types(code);

ALTER TABLE ONLY sb.contact_addresses
    ADD CONSTRAINT contact_addresses_address_id_fkey FOREIGN KEY (address_id)
        REFERENCES sb.addresses(id);

ALTER TABLE ONLY sb.contact_addresses
    ADD CONSTRAINT contact_addresses_contact_id_fkey FOREIGN KEY (contact_id)
        REFERENCES sb.contacts(id);

ALTER TABLE ONLY sb.contact_phones
    ADD CONSTRAINT contact_phones_contact_id_fkey FOREIGN KEY (contact_id)
        REFERENCES sb.contacts(id);

ALTER TABLE ONLY sb.contact_phones
    ADD CONSTRAINT contact_phones_phone_id_fkey FOREIGN KEY (phone_id)
        REFERENCES sb.phones(id);

ALTER TABLE ONLY sb.contacts
    ADD CONSTRAINT contacts_owner_organization_id_fkey FOREIGN KEY
        (owner_organization_id) REFERENCES sb.organizations(id);

ALTER TABLE ONLY sb.contacts
    ADD CONSTRAINT contacts_preferred_contact_method_fkey FOREIGN KEY
        (preferred_contact_method) REFERENCES sb.contact_methods(code);

ALTER TABLE ONLY sb.emails
    ADD CONSTRAINT emails_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES
        sb.contacts(id);

ALTER TABLE ONLY sb.emails
    ADD CONSTRAINT emails_type_fkey FOREIGN KEY (type) REFERENCES
        sb.email_types(code);

ALTER TABLE ONLY sb.organization_addresses
    ADD CONSTRAINT organization_addresses_address_id_fkey FOREIGN KEY
        (address_id) REFERENCES sb.addresses(id);

ALTER TABLE ONLY sb.organization_addresses
    ADD CONSTRAINT organization_addresses_organization_id_fkey FOREIGN KEY
        (organization_id) REFERENCES sb.organizations(id);

ALTER TABLE ONLY sb.organization_contacts
    ADD CONSTRAINT organization_contacts_contact_id_fkey FOREIGN KEY
        (contact_id) REFERENCES sb.contacts(id);

ALTER TABLE ONLY sb.organization_contacts
    ADD CONSTRAINT organization_contacts_organization_id_fkey FOREIGN KEY
        (organization_id) REFERENCES sb.organizations(id);

ALTER TABLE ONLY sb.organization_contacts
    ADD CONSTRAINT organization_contacts_role_fkey FOREIGN KEY (role) REFERENCES
        sb.contact_roles(code);

ALTER TABLE ONLY sb.organization_phones
    ADD CONSTRAINT organization_phones_organization_id_fkey FOREIGN KEY
        (organization_id) REFERENCES sb.organizations(id);

ALTER TABLE ONLY sb.organization_phones
    ADD CONSTRAINT organization_phones_phone_id_fkey FOREIGN KEY (phone_id)
        REFERENCES sb.phones(id);

ALTER TABLE ONLY sb.organizations
    ADD CONSTRAINT organizations_kind_fkey FOREIGN KEY (kind) REFERENCES
        sb.organization_kinds(code);

ALTER TABLE ONLY sb.organizations
    ADD CONSTRAINT organizations_referring_partner_id_fkey FOREIGN KEY
        (referring_partner_id) REFERENCES sb.organizations(id);

ALTER TABLE ONLY sb.phone_addresses
    ADD CONSTRAINT phone_addresses_address_id_fkey FOREIGN KEY (address_id)
        REFERENCES sb.addresses(id);

ALTER TABLE ONLY sb.phone_addresses
    ADD CONSTRAINT phone_addresses_phone_id_fkey FOREIGN KEY (phone_id)
        REFERENCES sb.phones(id);

ALTER TABLE ONLY sb.phones
    ADD CONSTRAINT phones_type_fkey FOREIGN KEY (type) REFERENCES
        sb.phone_types(code);

ALTER TABLE sb.address_types ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.addresses ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.command_log ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_addresses ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_lookups ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_methods ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_phones ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contact_roles ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.contacts ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.domain_events ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.email_types ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.emails ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.memberships ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.name_words ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organization_addresses ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organization_contact_counts ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organization_contacts ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organization_kinds ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organization_phones ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.organizations ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.phone_addresses ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.phone_types ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.phones ENABLE ROW LEVEL SECURITY;

ALTER TABLE sb.schema_migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.schema_migrations FORCE ROW LEVEL SECURITY;

GRANT USAGE ON SCHEMA sb TO switchboard_user;

GRANT SELECT ON TABLE sb.memberships TO switchboard_user;

GRANT SELECT ON TABLE sb.organizations TO switchboard_user;

GRANT SELECT ON TABLE sb.contact_addresses TO switchboard_user;

GRANT SELECT ON TABLE sb.contact_phones TO switchboard_user;

GRANT SELECT ON TABLE sb.contacts TO switchboard_user;

REVOKE ALL ON TABLE sb.domain_events FROM switchboard_owner;
GRANT SELECT,INSERT,REFERENCES,TRIGGER ON TABLE sb.domain_events TO
    switchboard_owner;
GRANT SELECT ON TABLE sb.domain_events TO switchboard_user;

GRANT SELECT ON TABLE sb.organization_addresses TO switchboard_user;

GRANT SELECT ON TABLE sb.organization_contacts TO switchboard_user;

GRANT SELECT ON TABLE sb.organization_phones TO switchboard_user;

GRANT SELECT ON TABLE sb.phone_addresses TO switchboard_user;

GRANT SELECT ON TABLE sb.emails TO switchboard_user;

GRANT SELECT,INSERT ON TABLE sb.command_log TO switchboard_user;

GRANT UPDATE(result) ON TABLE sb.command_log TO switchboard_user;

GRANT SELECT ON TABLE sb.addresses TO switchboard_user;

GRANT SELECT ON TABLE sb.phones TO switchboard_user;

GRANT SELECT ON TABLE sb.address_types TO switchboard_user;

GRANT SELECT ON TABLE sb.contact_lookups TO switchboard_user;

GRANT SELECT ON TABLE sb.contact_methods TO switchboard_user;

GRANT SELECT ON TABLE sb.contact_roles TO switchboard_user;

GRANT SELECT ON TABLE sb.email_types TO switchboard_user;

GRANT SELECT ON TABLE sb.name_words TO switchboard_user;

GRANT SELECT ON TABLE sb.organization_contact_counts TO switchboard_user;

GRANT SELECT ON TABLE sb.organization_kinds TO switchboard_user;

GRANT SELECT ON TABLE sb.phone_types TO switchboard_user;

GRANT SELECT ON TABLE sb.schema_migrations TO switchboard_user;
