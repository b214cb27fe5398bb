"""Database triggers that refuse UPDATE and DELETE on audit events, whatever the client."""

from django.db import migrations

from dueregard.audit.triggers import POSTGRES, POSTGRES_REVERSE, SQLITE, SQLITE_REVERSE


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRES_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
