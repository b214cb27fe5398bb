# The action plan moved here from ``risks``: its tables keep their names
# (``risks_actionitem`` and the rest), so this migration changes only Django's state.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import dueregard.core.fields


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organisations", "0001_initial"),
        ("risks", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="ActionItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("number", models.PositiveIntegerField(verbose_name="number")),
                (
                    "objective",
                    dueregard.core.fields.EncryptedTextField(
                        help_text="What this achieves for the organisation. Describe the organisation's position: no names or details of any person.",
                        verbose_name="objective",
                    ),
                ),
                (
                    "action",
                    dueregard.core.fields.EncryptedTextField(
                        help_text="What will be done. Describe the organisation's position: no names or details of any person.",
                        verbose_name="action",
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Not started"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "Dropped"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("completed_on", models.DateField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "owners",
                    models.ManyToManyField(
                        related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="owners"
                    ),
                ),
                (
                    "risks",
                    models.ManyToManyField(
                        blank=True,
                        related_name="action_items",
                        to="risks.risk",
                        verbose_name="linked risks",
                    ),
                ),
            ],
            options={
                "db_table": "risks_actionitem",
                "ordering": ["due_on", "number"],
                "indexes": [
                    models.Index(
                        fields=["organisation", "status", "due_on"], name="risk_action_due_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "number"), name="risk_action_unique_number"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="EvidenceFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("file", models.FileField(upload_to="evidence/%Y/%m/")),
                ("original_name", models.CharField(max_length=200)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence",
                        to="actions.actionitem",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "db_table": "risks_evidencefile",
                "ordering": ["created_at"],
            },
        ),
        migrations.CreateModel(
            name="ProgressNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("noted_on", models.DateField(verbose_name="date")),
                (
                    "body",
                    dueregard.core.fields.EncryptedTextField(
                        help_text="Describe the organisation's position: no names or details of any person.",
                        verbose_name="progress",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notes",
                        to="actions.actionitem",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "db_table": "risks_progressnote",
                "verbose_name": "progress note",
                "ordering": ["noted_on", "id"],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
