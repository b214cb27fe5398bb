"""Encrypt descriptions of people not in the directory.

A subject row gets a public id (the encryption binds each ciphertext to its row); the
column becomes text (ciphertext is longer than 300 characters); an empty description
becomes NULL, so the constraint reads "a person, or a description"; the data step
encrypts what is there; then Django's idea of the field changes, with no SQL.
"""

import uuid

from django.db import migrations, models

import dueregard.core.fields
from dueregard.core.fields import encrypt_columns


def give_ids(apps, schema_editor):
    Subject = apps.get_model("concerns", "ConcernSubject")
    for pk in Subject.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
        Subject.objects.filter(pk=pk).update(public_id=uuid.uuid4())


def forwards(apps, schema_editor):
    Subject = apps.get_model("concerns", "ConcernSubject")
    Subject.objects.filter(description="").update(description=None)
    encrypt_columns(Subject, ["description"])


def backwards(apps, schema_editor):
    Subject = apps.get_model("concerns", "ConcernSubject")
    encrypt_columns(Subject, ["description"], decrypt=True)
    Subject.objects.filter(description__isnull=True).update(description="")


class Migration(migrations.Migration):
    dependencies = [("concerns", "0003_encrypt_narrative")]

    operations = [
        migrations.AddField(
            model_name="concernsubject",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="concernsubject",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RemoveConstraint(
            model_name="concernsubject", name="concern_subject_person_or_description"
        ),
        migrations.AlterField(
            model_name="concernsubject",
            name="description",
            field=models.TextField(null=True, blank=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="concernsubject",
                    name="description",
                    field=dueregard.core.fields.EncryptedTextField(
                        blank=True,
                        null=True,
                        help_text=(
                            "When the person is not in the directory: what you know of who "
                            "they are."
                        ),
                    ),
                ),
            ]
        ),
        migrations.AddConstraint(
            model_name="concernsubject",
            constraint=models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(description__isnull=False),
                name="concern_subject_person_or_description",
            ),
        ),
    ]
