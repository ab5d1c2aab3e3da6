-- Version 9: security review findings (issue 16).
-- Sign-in guesses in flight: a guess takes a slot before its password hash is checked, so
-- parallel sign-ins can never look at more than five passwords per lock window; a slot whose
-- sign-in died (a killed process) is free again a minute after the newest guess began.
ALTER TABLE operators ADD COLUMN guesses_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN guess_started_at {{INT64}};

-- The signed checkpoints are append-only on SQLite too (PostgreSQL has had it since version 3):
-- deleting one is tampering that `audit verify` reports.
-- sqlite-only-begin
CREATE TRIGGER audit_checkpoints_append_only_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the audit checkpoints are append-only');
END;
CREATE TRIGGER audit_checkpoints_append_only_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'the audit checkpoints are append-only');
END;
-- sqlite-only-end
