"""Encrypt descriptions of linked people not in the directory, and support actions.

The columns become text (ciphertext is longer than 300 characters); an empty party
description becomes NULL, so the constraint reads "a person, or a description"; the data
step encrypts what is there; then Django's idea of the field changes, with no SQL.
"""

from django.db import migrations, models

import dueregard.core.fields
from dueregard.core.fields import encrypt_columns


def forwards(apps, schema_editor):
    Party = apps.get_model("cases", "CaseParty")
    Party.objects.filter(description="").update(description=None)
    encrypt_columns(Party, ["description"])
    encrypt_columns(apps.get_model("cases", "SupportAction"), ["description"])


def backwards(apps, schema_editor):
    Party = apps.get_model("cases", "CaseParty")
    encrypt_columns(Party, ["description"], decrypt=True)
    Party.objects.filter(description__isnull=True).update(description="")
    encrypt_columns(apps.get_model("cases", "SupportAction"), ["description"], decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_encrypt_text")]

    operations = [
        migrations.RemoveConstraint(model_name="caseparty", name="case_party_person_or_description"),
        migrations.AlterField(
            model_name="caseparty",
            name="description",
            field=models.TextField(null=True, blank=True),
        ),
        migrations.AlterField(
            model_name="supportaction",
            name="description",
            field=models.TextField(),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="caseparty",
                    name="description",
                    field=dueregard.core.fields.EncryptedTextField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="supportaction",
                    name="description",
                    field=dueregard.core.fields.EncryptedTextField(
                        help_text="What will be done, by whom, for the person.",
                        verbose_name="action",
                    ),
                ),
            ]
        ),
        migrations.AddConstraint(
            model_name="caseparty",
            constraint=models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(description__isnull=False),
                name="case_party_person_or_description",
            ),
        ),
    ]
