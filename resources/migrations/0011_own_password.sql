-- Version 11: an operator's password is their own (issue 16, H3). A password someone else chose
-- (the admin who added an operator, or the one-time password a second person receives when a
-- supervisor or admin grant takes effect) only lets its holder choose their own at first sign-in.
ALTER TABLE operators ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
