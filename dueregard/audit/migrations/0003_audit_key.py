"""Each audit event names the key that sealed it (``audit/keys.py``).

Added with plain ``ALTER TABLE ... ADD COLUMN`` on both databases: Django would rebuild the
table on SQLite, which would drop the append-only triggers of migration 0002.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE audit_auditevent "
                    "ADD COLUMN key_id varchar(32) NOT NULL DEFAULT ''",
                    "ALTER TABLE audit_auditevent DROP COLUMN key_id",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="key_id",
                    field=models.CharField(blank=True, default="", max_length=32),
                ),
            ],
        )
    ]
