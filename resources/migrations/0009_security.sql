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

-- Four eyes on who may approve (issue 16, finding 1). Granting supervisor or admin (a new
-- operator, a role change, re-enabling one) and changing the delivery key wait here until a
-- second person confirms: another admin or a supervisor, never the one who asked. Only a desk
-- with no such person grants at once; the operator row then says so (granted_alone), and every
-- approval such an operator makes is marked in the audit trail.
ALTER TABLE operators ADD COLUMN granted_alone INTEGER NOT NULL DEFAULT 0;
CREATE TABLE pending_grants (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('operator.add', 'operator.role', 'operator.enable', 'delivery_key.set')),
    username      TEXT,
    role          TEXT CHECK (role IS NULL OR role IN ('agent', 'supervisor', 'admin')),
    display_name  TEXT,
    password_hash TEXT,
    key_pem       TEXT,
    key_sha256    TEXT,
    requested_by  TEXT NOT NULL,
    requested_at  {{INT64}} NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'declined')),
    decided_by    TEXT,
    decided_at    {{INT64}}
);
CREATE INDEX pending_grants_state ON pending_grants (state, requested_at);

-- The delivery key in force is the newest row: the SHA-256 of its PEM, pinned by the audited
-- command that installed it and compared with delivery.pub.pem at every use (a swapped file is
-- refused, never used silently). Append-only: the history of keys stays.
CREATE TABLE delivery_keys (
    seq         {{AUTO_ID}},
    sha256      TEXT NOT NULL,
    pinned_at   {{INT64}} NOT NULL,
    pinned_by   TEXT NOT NULL,
    confirmed_by TEXT
);
-- sqlite-only-begin
CREATE TRIGGER delivery_keys_append_only_update BEFORE UPDATE ON delivery_keys
BEGIN
    SELECT RAISE(ABORT, 'the delivery key pins are append-only');
END;
CREATE TRIGGER delivery_keys_append_only_delete BEFORE DELETE ON delivery_keys
BEGIN
    SELECT RAISE(ABORT, 'the delivery key pins are append-only');
END;
-- sqlite-only-end
-- postgres-only-begin
CREATE TRIGGER delivery_keys_append_only BEFORE UPDATE OR DELETE ON delivery_keys
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
-- postgres-only-end
