-- Version 4: lockout cases, verification evidence, reset requests and the outbox (SPEC §7).

CREATE TABLE cases (
    num                 {{INT64}} PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    account_id          TEXT NOT NULL REFERENCES accounts (id),
    channel             TEXT NOT NULL,
    reporter_enc        {{BLOB}},
    summary             TEXT NOT NULL,
    priority            TEXT NOT NULL,
    state               TEXT NOT NULL,
    held_state          TEXT,
    assignee            TEXT,
    created_at          {{INT64}} NOT NULL,
    created_by          TEXT NOT NULL,
    first_response_due  {{INT64}} NOT NULL,
    resolution_due      {{INT64}} NOT NULL,
    first_response_at   {{INT64}},
    resolution          TEXT,
    resolved_at         {{INT64}},
    closed_at           {{INT64}},
    updated_at          {{INT64}} NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_state ON cases (state);
CREATE INDEX cases_assignee ON cases (assignee);
CREATE INDEX cases_account ON cases (account_id);

CREATE TABLE case_notes (
    id       {{AUTO_ID}},
    case_id  TEXT NOT NULL REFERENCES cases (id),
    at       {{INT64}} NOT NULL,
    author   TEXT NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, at);

CREATE TABLE case_events (
    id       {{AUTO_ID}},
    case_id  TEXT NOT NULL REFERENCES cases (id),
    at       {{INT64}} NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    detail   TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE evidence (
    id        {{AUTO_ID}},
    case_id   TEXT NOT NULL REFERENCES cases (id),
    method    TEXT NOT NULL,
    result    TEXT NOT NULL,
    verifier  TEXT NOT NULL,
    at        {{INT64}} NOT NULL,
    note      TEXT
);
CREATE INDEX evidence_case ON evidence (case_id, at);

CREATE TABLE reset_requests (
    id                    TEXT PRIMARY KEY,
    case_id               TEXT NOT NULL REFERENCES cases (id),
    kind                  TEXT NOT NULL,
    justification         TEXT NOT NULL,
    device_id             TEXT,
    contact_enc           {{BLOB}},
    contact_sealed        TEXT,
    state                 TEXT NOT NULL,
    requested_by          TEXT NOT NULL,
    requested_at          {{INT64}} NOT NULL,
    evidence_fingerprint  TEXT NOT NULL,
    decided_by            TEXT,
    decided_at            {{INT64}},
    decision_reason       TEXT,
    executed_by           TEXT,
    executed_at           {{INT64}},
    action_id             TEXT
);
CREATE INDEX reset_requests_case ON reset_requests (case_id);
CREATE INDEX reset_requests_state ON reset_requests (state);

CREATE TABLE outbox (
    seq           {{INT64}} PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    case_id       TEXT NOT NULL,
    request_id    TEXT NOT NULL UNIQUE,
    line          TEXT NOT NULL
);

-- sqlite-only-begin
CREATE VIRTUAL TABLE case_search USING fts5 (case_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
-- sqlite-only-end
-- postgres-only-begin
-- PostgreSQL text search over the same words (SqlDialect::searchText tokenizes like unicode61).
CREATE TABLE case_search (
    case_id  TEXT NOT NULL,
    body     TEXT NOT NULL
);
CREATE INDEX case_search_body ON case_search USING GIN (to_tsvector('simple', body));
CREATE INDEX case_search_case ON case_search (case_id);
-- postgres-only-end
