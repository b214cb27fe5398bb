"""In-app alerts. Being alerted is not access: an alert only points at a page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel


class AlertKind(models.TextChoices):
    NEW_CONCERN = "new_concern", _("A new concern needs triage")
    EMERGENCY_CONCERN = "emergency_concern", _("An emergency concern was raised")
    OVERDUE = "overdue", _("Overdue reviews or actions")


class Alert(OrganisationOwnedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts"
    )
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    message = models.CharField(max_length=200, help_text=_("Never names or details."))
    link = models.CharField(max_length=200)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A user's alerts (the alerts page).
            models.Index(fields=["recipient", "read_at"], name="alert_unread_idx"),
            # The alert badge on every signed-in page, and marking all read: only the
            # unread rows, with the organisation in the index so that counting them is an
            # index-only scan rather than a heap read per alert.
            models.Index(
                fields=["recipient", "organisation"],
                condition=models.Q(read_at__isnull=True),
                name="alert_unread_badge_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
