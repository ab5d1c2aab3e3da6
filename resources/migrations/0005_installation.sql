-- Version 5: which key directory belongs to this database, and an index for IP history.

-- Fingerprints of the keys (never the keys): a database opened with another key directory
-- is refused instead of silently finding no code and no contact.
CREATE TABLE installation (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- "An IP that appears in none of the account's earlier attempts" (POSSIBLE_COMPROMISE). It starts
-- with ip so that the planner never prefers it for the per-account time ranges.
CREATE INDEX login_attempts_ip ON login_attempts (ip, account_id, at);
