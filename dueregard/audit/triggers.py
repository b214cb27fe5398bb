"""SQL for the database triggers that keep audit events append-only.

Installed by migration 0002. On PostgreSQL a TRUNCATE (used only by test teardown) does not
fire row triggers; on SQLite the browser tests' flush must lift the delete trigger and put
it back (see tests/browser/conftest.py).
"""

SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)
SQLITE_NO_DELETE = (
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)
SQLITE = [SQLITE_NO_UPDATE, SQLITE_NO_DELETE]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]
POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_event_append_only();",
]
