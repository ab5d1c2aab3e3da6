-- Version 11: an operator's password is their own (issue 16, H3). A password someone else chose
-- (the admin who added an operator, or the one-time password a second person receives when a
-- supervisor or admin grant takes effect) only lets its holder choose their own at first sign-in.
ALTER TABLE operators ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- Operators that exist already had their passwords chosen by the admin who added them (only the
-- first admin, whom the installation itself added, chose their own): each chooses their own at
-- their next sign-in.
UPDATE operators SET must_change_password = 1
WHERE username NOT IN (SELECT subject FROM audit_log WHERE action = 'operator.add' AND operator = 'system' AND subject IS NOT NULL);
-- Supervisor and admin grants still waiting were asked for before one-time passwords had a part
-- for each person (the one who confirmed them would have received the whole password): they are
-- declined, to be asked for again.
UPDATE pending_grants SET state = 'declined', decided_by = 'system', decided_at = requested_at, password_hash = NULL
WHERE state = 'pending' AND kind IN ('operator.add', 'operator.role', 'operator.enable');
