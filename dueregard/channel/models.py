"""Channel panel meetings for a case, their actions, and the reviews after support ends.

Channel is the multi-agency programme a local authority chairs for people at risk of being
drawn into terrorism. The college attends; it records who was there (by role), whether the
person consented to support, the actions and who owns them, and the outcome. When support
ends, reviews fall due at 6 and 12 months.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet
from dueregard.core.personal_data import PersonalData


class SupportConsent(models.TextChoices):
    GIVEN = "given", _("Consented to support")
    REFUSED = "refused", _("Declined support")
    NOT_YET = "not_yet", _("Not yet asked")


class PanelOutcome(models.TextChoices):
    NOT_YET_KNOWN = "not_yet_known", _("Not known yet: to be recorded when the panel decides")
    SUPPORT_OFFERED = "support_offered", _("Adopted: support offered")
    CONTINUE = "continue", _("Continue: review at the next panel")
    NO_FURTHER_ACTION = "no_further_action", _("Not adopted: no further Channel action")
    OTHER_SERVICES = "other_services", _("Referred to other services")
    SUPPORT_ENDED = "support_ended", _("Support ended")


class ChannelQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: object) -> ChannelQuerySet:
        if not membership.may.RUN_CHANNEL:  # type: ignore[attr-defined]
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)  # type: ignore[attr-defined]


class PanelMeeting(OrganisationOwnedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="channel_panels")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    met_on = models.DateField(_("date of the panel"))
    consent = models.CharField(
        _("consent to support"), max_length=10, choices=SupportConsent.choices
    )
    summary = EncryptedTextField(
        _("summary"), help_text=_("What the panel discussed and decided, in plain facts.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=PanelOutcome.choices)
    support_ended_on = models.DateField(_("support ended on"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(
        _("outcome recorded later, at"),
        null=True,
        blank=True,
        help_text=_("Set when the outcome was not known at the meeting and was recorded later."),
    )
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = EncryptedTextField(
        _("how the outcome was learned"),
        # Nullable: panels recorded before outcomes could follow hold NULL.
        null=True,
        blank=True,
        help_text=_("For example: the chair's letter of 3 March confirmed support."),
    )

    objects = OrganisationManager.from_queryset(ChannelQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["met_on", "id"]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("summary", "outcome_note"), person=("case__parties__person",)
    )


class Attendee(OrganisationOwnedModel):
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="attendees")
    role = models.CharField(_("role"), max_length=120)
    name = models.CharField(_("name"), max_length=120, blank=True)
    agency = models.CharField(_("agency"), max_length=120, blank=True)

    objects = OrganisationManager.from_queryset(ChannelQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["id"]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("name",),
        person=("meeting__case__parties__person",),
        unlisted="a panel attendee, named as the recorder wrote",
    )


class PanelActionQuerySet(ChannelQuerySet):
    def overdue(self) -> PanelActionQuerySet:
        """Actions not done whose due date has passed (the reminder job)."""
        return self.filter(done_at__isnull=True, due_on__lt=timezone.localdate())


class PanelAction(OrganisationOwnedModel):
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField(_("action"))
    owner = models.CharField(
        _("owner"), max_length=160, help_text=_("Role and agency, e.g. 'Intervention provider'.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationManager.from_queryset(PanelActionQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["id"]

    @property
    def is_overdue(self) -> bool:
        return (
            self.done_at is None and self.due_on is not None and self.due_on < timezone.localdate()
        )

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("description",), person=("meeting__case__parties__person",)
    )


class ChannelReviewQuerySet(ChannelQuerySet):
    def overdue(self) -> ChannelReviewQuerySet:
        return self.filter(held_at__isnull=True, due_on__lt=timezone.localdate())


class ChannelReview(OrganisationOwnedModel):
    """A review 6 or 12 months after Channel support ended."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("months after support ended"))
    due_on = models.DateField(_("due"))
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = EncryptedTextField(blank=True)

    objects = OrganisationManager.from_queryset(ChannelReviewQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Reminders and the dashboard: reviews not yet held, by due date.
            models.Index(
                fields=["organisation", "held_at", "due_on"], name="channel_review_due_idx"
            ),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.held_at is None and self.due_on < timezone.localdate()

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("summary",), person=("case__parties__person",))
