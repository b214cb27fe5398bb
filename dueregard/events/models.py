"""External speakers and events: the request, due diligence, risk, decision and outcome.

The risk level is about the event (its topic, audience and setting), never a score of a
speaker or any other person.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can


class EventStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CHECKING = "checking", _("Checks in progress")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_conditions", _("Approved with conditions")
    DECLINED = "declined", _("Declined")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


#: GOV.UK tag colour for each state.
STATUS_TAG = {
    EventStatus.SUBMITTED: "govuk-tag--blue",
    EventStatus.CHECKING: "govuk-tag--light-blue",
    EventStatus.AWAITING_DECISION: "govuk-tag--yellow",
    EventStatus.APPROVED: "govuk-tag--green",
    EventStatus.APPROVED_WITH_CONDITIONS: "govuk-tag--turquoise",
    EventStatus.DECLINED: "govuk-tag--red",
    EventStatus.HELD: "govuk-tag--grey",
    EventStatus.CANCELLED: "govuk-tag--grey",
}


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Decision(models.TextChoices):
    APPROVED = EventStatus.APPROVED.value, _("Approve")
    APPROVED_WITH_CONDITIONS = (
        EventStatus.APPROVED_WITH_CONDITIONS.value,
        _("Approve with conditions"),
    )
    DECLINED = EventStatus.DECLINED.value, _("Decline")


class EventRequestQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> Self:
        """Reviewers see every request; anyone else only the requests they submitted."""
        rows = super().visible_to(membership)
        if membership.can(Can.REVIEW_EVENT):
            return rows
        return rows.filter(created_by_id=membership.user_id)


class EventRequest(OrganisationOwnedModel):
    """A request to hold an event with an external speaker."""

    topic = models.CharField(
        _("topic"), max_length=200, help_text=_("The title or subject of the talk or event.")
    )
    organiser = models.CharField(
        _("organiser"),
        max_length=200,
        help_text=_("The department, society or group organising it."),
    )
    speakers = EncryptedTextField(
        _("speakers"),
        help_text=_("Each speaker's name and the organisation they represent, one a line."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(
        _("venue"), max_length=200, help_text=_("Room and site, or the online platform.")
    )
    mode = models.CharField(_("online or in person"), max_length=10, choices=Mode.choices)
    audience = models.CharField(
        _("audience"),
        max_length=300,
        help_text=_("Who will attend and about how many, e.g. Level 3 learners, about 60."),
    )
    under_18s = models.BooleanField(_("under-18s will attend"), default=False)
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.SUBMITTED
    )
    # The latest assessment, copied here for lists and filters; every assessment is kept
    # as a ``RiskAssessment`` row.
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    risk_notes = EncryptedTextField(_("why this risk level"), blank=True)
    independent_chair = models.BooleanField(_("independent chair"), default=False)
    recorded = models.BooleanField(_("the event is recorded"), default=False)
    balance_of_views = models.BooleanField(
        _("balance of views (another speaker or Q&A)"), default=False
    )
    other_mitigations = EncryptedTextField(_("other mitigations"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on_assessment = models.ForeignKey(
        "events.RiskAssessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The risk assessment current when the decision was made."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rationale = EncryptedTextField(_("rationale"), blank=True)
    freedom_of_speech = EncryptedTextField(_("freedom of speech and academic freedom"), blank=True)
    conditions = EncryptedTextField(_("conditions"), blank=True)
    post_event_notes = EncryptedTextField(_("post-event notes"), blank=True)
    cancelled_reason = EncryptedTextField(_("why it was cancelled"), blank=True)

    objects = OrganisationManager.from_queryset(EventRequestQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]
        indexes = [
            # The calendar list: one organisation's events by start time and state.
            models.Index(fields=["organisation", "starts_at"], name="event_org_start_idx"),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def tag_class(self) -> str:
        return STATUS_TAG[EventStatus(self.status)]

    @property
    def mitigations(self) -> list[Any]:
        chosen = []
        for name in ("independent_chair", "recorded", "balance_of_views"):
            if getattr(self, name):
                chosen.append(self._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        return chosen

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=(
            "organiser",
            "speakers",
            "risk_notes",
            "other_mitigations",
            "rationale",
            "freedom_of_speech",
            "conditions",
            "post_event_notes",
            "cancelled_reason",
        ),
        unlisted="external speakers and organisers, and what was found about them",
    )


class CheckKind(models.TextChoices):
    SEARCH = "search", _("Online and media searches")
    REFERENCES = "references", _("References from other organisations")
    PREVIOUS_EVENTS = "previous_events", _("Previous events and talks")
    AFFILIATIONS = "affiliations", _("Affiliations and organisations")
    OTHER = "other", _("Other check")


class DueDiligenceCheck(OrganisationOwnedModel):
    """One due-diligence check on a request: what was done, what it found, who, when."""

    event = models.ForeignKey(EventRequest, on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(_("kind of check"), max_length=20, choices=CheckKind.choices)
    outcome = EncryptedTextField(
        _("what was found"),
        help_text=_(
            "Searches made and sources, what they found, and what that means for the event."
        ),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("date of the check"))

    class Meta:
        ordering = ["done_on", "created_at"]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("outcome",), unlisted="what a check found about a speaker")


class RiskAssessmentQuerySet(OrganisationQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ValueError("A risk assessment is never changed: assess the event again")

    def delete(self) -> Any:
        raise ValueError("A risk assessment is never deleted")


class RiskAssessment(OrganisationOwnedModel):
    """One assessment of an event's risk level and mitigations, by whom and when.

    Never changed: assessing again adds a new row, and the decision records the one it was
    made on. The level is about the event (topic, audience, setting), never a person.
    """

    event = models.ForeignKey(EventRequest, on_delete=models.PROTECT, related_name="assessments")
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_notes = EncryptedTextField(_("why this risk level"), blank=True)
    independent_chair = models.BooleanField(_("independent chair"), default=False)
    recorded = models.BooleanField(_("the event is recorded"), default=False)
    balance_of_views = models.BooleanField(
        _("balance of views (another speaker or Q&A)"), default=False
    )
    other_mitigations = EncryptedTextField(_("other mitigations"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty only for an assessment made before each one was kept."),
    )
    assessed_at = models.DateTimeField()

    objects = OrganisationManager.from_queryset(RiskAssessmentQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [
            # The event page lists an event's assessments, newest first.
            models.Index(fields=["event", "assessed_at"], name="event_assessment_idx"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A risk assessment is never changed: assess the event again")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("A risk assessment is never deleted")

    @property
    def mitigations(self) -> list[Any]:
        return [
            self._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            for name in ("independent_chair", "recorded", "balance_of_views")
            if getattr(self, name)
        ]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("risk_notes", "other_mitigations"),
        unlisted="an assessment of a speaker",
    )
