"""In-app alerts. Being alerted is not access: an alert only points at a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


class AlertKind(models.TextChoices):
    NEW_CONCERN = "new_concern", _("A new concern needs triage")
    EMERGENCY_CONCERN = "emergency_concern", _("An emergency concern was raised")
    OVERDUE = "overdue", _("Overdue reviews or actions")
    BREAK_GLASS = "break_glass", _("A restricted case was opened by break glass")


#: Kinds that stay unread until someone acts on the record (triage), however often the
#: alert is opened: an emergency must not drop out of sight because it was glanced at.
HELD_UNTIL_ACTED = frozenset({AlertKind.EMERGENCY_CONCERN})


class AlertQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> AlertQuerySet:
        """Only the member's own alerts in this organisation: nobody sees another's."""
        return self.filter(
            organisation_id=membership.organisation_id, recipient_id=membership.user_id
        )


class Alert(OrganisationOwnedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts"
    )
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    message = models.CharField(max_length=200, help_text=_("Never names or details."))
    link = models.CharField(max_length=200)
    # The public id of the concern or case the alert is about (none for overdue counts):
    # acting on that record resolves its alerts (``notifications.services.resolve_alerts``).
    record_id = models.UUIDField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationManager.from_queryset(AlertQuerySet)()  # type: ignore[misc, assignment]

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
            # Resolving the alerts about a concern once it is triaged.
            models.Index(
                fields=["organisation", "record_id"],
                condition=models.Q(read_at__isnull=True, record_id__isnull=False),
                name="alert_unread_record_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def held_until_acted(self) -> bool:
        """Opening it does not mark it read: acting on its record does."""
        return self.kind in HELD_UNTIL_ACTED
