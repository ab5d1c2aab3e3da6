-- Version 6: CLI sessions (SPEC §9). The token itself lives only in the operator's private file;
-- the database keeps its SHA-256, so reading the database (or a copy of it) resumes nobody.
-- The role at sign-in is kept so that a role change ends the session at once.
CREATE TABLE cli_sessions (
    token_hash    TEXT PRIMARY KEY,
    username      TEXT NOT NULL REFERENCES operators (username),
    role          TEXT NOT NULL,
    created_at    {{INT64}} NOT NULL,
    last_used_at  {{INT64}} NOT NULL,
    ended_at      {{INT64}}
);
CREATE INDEX cli_sessions_username ON cli_sessions (username, ended_at);
