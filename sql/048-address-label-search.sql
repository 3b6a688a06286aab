-- Address labels ("Downtown office") are found by the directory search,
-- accents and case folded, as the rest of an address is.
CREATE INDEX addresses_label_trgm ON sb.addresses USING gin
    (sb.fold(label) sb.gin_trgm_ops) WHERE label IS NOT NULL;
