"""Encrypt concern narratives and attachment files at rest (core/crypto.py).

The data step runs before the AlterField, while the column still reads as plain text;
reversing it decrypts. Attachment files are rewritten in place (atomic swap per file);
a file missing from this machine is left for ``manage.py rotate_keys``.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.db import migrations

import dueregard.core.fields
from dueregard.core import crypto
from dueregard.core.fields import encrypt_columns


def _files(apps, *, decrypt):
    Attachment = apps.get_model("concerns", "Attachment")
    for public_id, name in Attachment._base_manager.values_list("public_id", "file").iterator():
        path = Path(default_storage.path(name))
        if path.is_file():
            crypto.reseal_file(
                path, crypto.attachment_associated_data(public_id), decrypt=decrypt
            )


def forwards(apps, schema_editor):
    encrypt_columns(apps.get_model("concerns", "Concern"), ["narrative"])
    _files(apps, decrypt=False)


def backwards(apps, schema_editor):
    encrypt_columns(apps.get_model("concerns", "Concern"), ["narrative"], decrypt=True)
    _files(apps, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_reference_data")]

    operations = [
        migrations.RunPython(forwards, backwards),
        # The column stays text: only Django's idea of the field changes, so no SQL
        # (SQLite would otherwise rebuild each table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="concern",
                    name="narrative",
                    field=dueregard.core.fields.EncryptedTextField(verbose_name="what was seen or heard"),
                ),
            ]
        ),
    ]
