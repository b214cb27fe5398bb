"""Encrypt case narratives at rest: decisions, notes, chronology, reviews, outcomes.

The data step runs before the AlterFields, while the columns still read as plain text;
reversing it decrypts.
"""

from django.db import migrations

import dueregard.core.fields
from dueregard.core.fields import encrypt_columns

FIELDS = {
    "Case": ["outcome_summary", "monitor_rationale"],
    "Decision": ["rationale"],
    "Review": ["summary"],
    "Note": ["body"],
    "ChronologyEntry": ["body"],
    "BreakGlass": ["reason"],
}


def forwards(apps, schema_editor):
    for model, fields in FIELDS.items():
        encrypt_columns(apps.get_model("cases", model), fields)


def backwards(apps, schema_editor):
    for model, fields in FIELDS.items():
        encrypt_columns(apps.get_model("cases", model), fields, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [
        migrations.RunPython(forwards, backwards),
        # The column stays text: only Django's idea of the field changes, so no SQL
        # (SQLite would otherwise rebuild each table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="breakglass",
                    name="reason",
                    field=dueregard.core.fields.EncryptedTextField(help_text="Why you need this case now."),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="monitor_rationale",
                    field=dueregard.core.fields.EncryptedTextField(blank=True),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="outcome_summary",
                    field=dueregard.core.fields.EncryptedTextField(blank=True),
                ),
                migrations.AlterField(
                    model_name="chronologyentry",
                    name="body",
                    field=dueregard.core.fields.EncryptedTextField(blank=True),
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="rationale",
                    field=dueregard.core.fields.EncryptedTextField(
                        help_text="Why this decision: what you weighed, who you consulted, what you ruled out.",
                        verbose_name="rationale",
                    ),
                ),
                migrations.AlterField(
                    model_name="note",
                    name="body",
                    field=dueregard.core.fields.EncryptedTextField(verbose_name="note"),
                ),
                migrations.AlterField(
                    model_name="review",
                    name="summary",
                    field=dueregard.core.fields.EncryptedTextField(blank=True),
                ),
            ]
        ),
    ]
