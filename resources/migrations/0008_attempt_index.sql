-- Version 8 (SQLite): one b-tree fewer for every login attempt an import writes. The IP history
-- check ("an IP none of the account's earlier attempts used", POSSIBLE_COMPROMISE) reads the
-- account's attempts in the (account, at) index, which now carries the IP, instead of an index of
-- its own. PostgreSQL keeps its IP index: an index-only scan there needs a vacuumed table.
-- sqlite-only-begin
DROP INDEX login_attempts_ip;
DROP INDEX login_attempts_account_at;
CREATE INDEX login_attempts_account_at ON login_attempts (account_id, at, id, ip);
-- sqlite-only-end
