-- Version 3: the tamper-evident audit trail (SPEC §8).
-- `id` is the append order; `seq` the chained sequence number. Verification reads by id, so
-- a swapped seq shows as reordering and a missing one as a deletion.

CREATE TABLE audit_log (
    id         {{AUTO_ID}},
    seq        {{INT64}} NOT NULL UNIQUE,
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject);

CREATE TABLE audit_checkpoints (
    seq        {{INT64}} PRIMARY KEY,
    hash       TEXT NOT NULL,
    signature  TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- sqlite-only-begin
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- sqlite-only-end
-- postgres-only-begin
-- The application role has no UPDATE, DELETE or TRUNCATE here at all (SqlDialect::afterMigration);
-- these triggers refuse them to the owner too, unless it drops them on purpose.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
-- postgres-only-end
