"""The Prevent action plan: what the organisation will do about its risks.

* ``ActionItem``: one item (objective, action, owners, due date, status), linked to the
  register's risks (a closed risk stays linked).
* ``ProgressNote`` (append-only) and ``EvidenceFile`` (encrypted): how it is going.

The tables keep the names they had when the plan lived in ``risks`` (``risks_actionitem``
and so on): the models moved, the data did not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import (
    OrganisationManager,
    OrganisationOwnedModel,
    OrganisationQuerySet,
)
from dueregard.core.personal_data import PersonalData
from dueregard.core.sealed_files import SealedFileField
from dueregard.organisations.models import Membership
from dueregard.risks.models import NO_PERSONAL_DATA, AppendOnlyModel, Risk, can_read


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


ACTIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItemQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> ActionItemQuerySet:
        if not can_read(membership):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def overdue(self, today: Any = None) -> ActionItemQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES, due_on__lt=today or timezone.localdate())


class ActionItem(OrganisationOwnedModel):
    number = models.PositiveIntegerField(_("number"))
    objective = EncryptedTextField(
        _("objective"),
        help_text=format_lazy(
            "{}{}", _("What this achieves for the organisation. "), NO_PERSONAL_DATA
        ),
    )
    action = EncryptedTextField(
        _("action"), help_text=format_lazy("{}{}", _("What will be done. "), NO_PERSONAL_DATA)
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("owners")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    risks = models.ManyToManyField(
        Risk, blank=True, related_name="action_items", verbose_name=_("linked risks")
    )

    objects = OrganisationManager.from_queryset(ActionItemQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        db_table = "risks_actionitem"
        ordering = ["due_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="risk_action_unique_number"
            )
        ]
        indexes = [
            # Overdue items on the dashboard and in reminders.
            models.Index(fields=["organisation", "status", "due_on"], name="risk_action_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"A{self.number}"

    @property
    def is_overdue(self) -> bool:
        """Derived, never typed: not done or dropped, and past its due date."""
        return self.status in ACTIVE_STATUSES and self.due_on < timezone.localdate()

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("objective", "action"),
        unlisted="an action-plan item may name people",
    )


class ProgressNote(AppendOnlyModel):
    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="notes")
    noted_on = models.DateField(_("date"))
    body = EncryptedTextField(_("progress"), help_text=NO_PERSONAL_DATA)

    class Meta:
        db_table = "risks_progressnote"
        ordering = ["noted_on", "id"]
        verbose_name = _("progress note")

    def __str__(self) -> str:
        return f"Progress on {self.noted_on}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("body",), unlisted="a progress note may name people")


class EvidenceFile(OrganisationOwnedModel):
    """A file showing progress on an action item: encrypted, stored under a random name.

    Served only by ``actions:evidence``, which checks scope and audits the download.
    """

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="evidence")
    # ``sealed_as`` is part of how existing files were encrypted: it never changes.
    file = SealedFileField(upload_to="evidence/%Y/%m/", sealed_as="attachment")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        db_table = "risks_evidencefile"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        files=("file",),
        fields=("original_name",),
        unlisted="an evidence file may show or name people",
    )
