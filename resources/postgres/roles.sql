-- RecoveryDesk team mode: the two roles a desk needs (SPEC §12.1). Run once per server by a
-- database superuser, then create the database owned by recoverydesk_owner:
--
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f resources/postgres/roles.sql
--   sudo -u postgres createdb -O recoverydesk_owner desk
--   sudo -u postgres psql -c '\password recoverydesk_owner' -c '\password recoverydesk_app'
--
-- recoverydesk_owner owns the schema and alone runs migrations (`recoverydesk-cli init`).
-- recoverydesk_app is what desktops and the CLI connect as. `init` grants it ordinary rights on
-- every table except the audit trail, where it may only SELECT and INSERT: the server itself
-- refuses it UPDATE, DELETE and TRUNCATE there, whatever the application does.
-- Running this file again changes nothing.

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'recoverydesk_owner') THEN
        CREATE ROLE recoverydesk_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'recoverydesk_app') THEN
        CREATE ROLE recoverydesk_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
END
$roles$;
