-- RecoveryDesk schema, version 1: platform data (SPEC §3, §4) and operators (SPEC §7).
-- Placeholders in double braces are filled by core/storage/SqlDialect for SQLite or PostgreSQL.
-- Times are milliseconds since the epoch, UTC. Email and phone exist only encrypted
-- (AES-256-GCM with the data key) plus a keyed fingerprint for lookups and change detection.

CREATE TABLE accounts (
    id                 TEXT PRIMARY KEY,
    handle             TEXT,
    display_name       TEXT,
    email_enc          {{BLOB}},
    email_fp           TEXT,
    email_verified_at  {{INT64}},
    phone_enc          {{BLOB}},
    phone_fp           TEXT,
    phone_verified_at  {{INT64}},
    created_at         {{INT64}} NOT NULL,
    tf_enabled         INTEGER,
    tf_method          TEXT,
    tf_since           {{INT64}},
    status             TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX accounts_handle ON accounts (handle);
CREATE INDEX accounts_email_fp ON accounts (email_fp);
CREATE INDEX accounts_phone_fp ON accounts (phone_fp);

CREATE TABLE code_sets (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
    generated_at    {{INT64}} NOT NULL,
    generator       TEXT,
    format          TEXT NOT NULL,
    declared_state  TEXT NOT NULL DEFAULT 'active',
    code_count      INTEGER NOT NULL,
    superseded_at   {{INT64}},
    superseded_by   TEXT,
    revoked_at      {{INT64}},
    revoked_reason  TEXT,
    origin          TEXT NOT NULL DEFAULT 'import'
);
CREATE INDEX code_sets_account ON code_sets (account_id, generated_at);

CREATE TABLE codes (
    set_id       TEXT NOT NULL REFERENCES code_sets (id) DEFERRABLE INITIALLY DEFERRED,
    idx          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    lookup_tag   TEXT,
    fits_format  INTEGER,
    used_at      {{INT64}},
    used_device  TEXT,
    used_ip      TEXT,
    PRIMARY KEY (set_id, idx)
);
CREATE INDEX codes_lookup_tag ON codes (lookup_tag);

CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
    label       TEXT,
    first_seen  {{INT64}} NOT NULL
);
CREATE INDEX devices_account ON devices (account_id);

CREATE TABLE device_events (
    id         {{AUTO_ID}},
    device_id  TEXT NOT NULL REFERENCES devices (id) DEFERRABLE INITIALLY DEFERRED,
    at         {{INT64}} NOT NULL,
    event      TEXT NOT NULL,
    actor      TEXT,
    note       TEXT,
    UNIQUE (device_id, at, event)
);

CREATE TABLE login_attempts (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
    at            {{INT64}} NOT NULL,
    method        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    device_id     TEXT,
    ip            TEXT,
    country       TEXT,
    city          TEXT,
    lat           {{REAL}},
    lon           {{REAL}},
    reason        TEXT,
    clock_skew_s  {{INT64}}
);
CREATE INDEX login_attempts_account_at ON login_attempts (account_id, at);

CREATE TABLE security_events (
    id          {{AUTO_ID}},
    account_id  TEXT NOT NULL REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
    at          {{INT64}} NOT NULL,
    event       TEXT NOT NULL,
    detail      TEXT,
    UNIQUE (account_id, at, event)
);

CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    start_at    {{INT64}} NOT NULL,
    end_at      {{INT64}} NOT NULL,
    components  TEXT,
    generators  TEXT,
    regions     TEXT,
    summary     TEXT
);
CREATE INDEX incidents_window ON incidents (start_at, end_at);

CREATE TABLE operators (
    username       TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    failed_count   INTEGER NOT NULL DEFAULT 0,
    locked_until   {{INT64}},
    created_at     {{INT64}} NOT NULL
);
