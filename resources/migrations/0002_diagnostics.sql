-- Version 2: policy values (SPEC §6) and stored diagnosis reports.

CREATE TABLE policy (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- A report never holds the code that was diagnosed, in any spelling.
CREATE TABLE diagnoses (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    at             {{INT64}} NOT NULL,
    created_at     {{INT64}} NOT NULL,
    operator       TEXT NOT NULL,
    case_id        TEXT,
    attempt_id     TEXT,
    primary_cause  TEXT,
    report         TEXT NOT NULL
);
CREATE INDEX diagnoses_account ON diagnoses (account_id, created_at);
CREATE INDEX diagnoses_case ON diagnoses (case_id);

-- Attempts are read newest-first per account with the id as tie-break; with the id in the
-- index that needs no sort, even for accounts with a million attempts.
DROP INDEX login_attempts_account_at;
CREATE INDEX login_attempts_account_at ON login_attempts (account_id, at, id);
