"""Each audit event names its code (``referral.approved``) and carries structured context.

Added with plain ``ALTER TABLE ... ADD COLUMN`` on both databases, as in 0003: Django would
rebuild the table on SQLite, which would drop the append-only triggers of migration 0002.
"""

from typing import Any

from django.db import migrations, models

COLUMNS = {
    "postgresql": [
        "ALTER TABLE audit_auditevent ADD COLUMN code varchar(60) NOT NULL DEFAULT ''",
        "ALTER TABLE audit_auditevent ADD COLUMN context jsonb NOT NULL DEFAULT '{}'::jsonb",
    ],
    "sqlite": [
        "ALTER TABLE audit_auditevent ADD COLUMN code varchar(60) NOT NULL DEFAULT ''",
        "ALTER TABLE audit_auditevent ADD COLUMN context text NOT NULL DEFAULT '{}' "
        "CHECK (JSON_VALID(context))",
    ],
}


def add_columns(apps: Any, schema_editor: Any) -> None:
    for statement in COLUMNS[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def drop_columns(apps: Any, schema_editor: Any) -> None:
    for column in ("context", "code"):
        schema_editor.execute(f"ALTER TABLE audit_auditevent DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_key")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="code",
                    field=models.CharField(blank=True, default="", max_length=60),
                ),
                migrations.AddField(
                    model_name="auditevent",
                    name="context",
                    field=models.JSONField(blank=True, default=dict),
                ),
            ],
        )
    ]
