"""Cases: the DSL's record of one situation, from triage to closure.

State lives in ``Case.status`` and moves only through ``cases.services`` (the allowed-from
table is ``cases.services.ALLOWED_FROM``). Everything that happens is also written to the
case's chronology, which is append-only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import (
    OrganisationManager,
    OrganisationOwnedModel,
    OrganisationQuerySet,
)
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can


class CaseStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    INTERNAL_SUPPORT = "internal_support", _("Internal support")
    EXTERNAL_REFERRAL = "external_referral", _("External referral")
    EMERGENCY = "emergency", _("Emergency")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(
    {
        CaseStatus.AWAITING_DECISION,
        CaseStatus.INTERNAL_SUPPORT,
        CaseStatus.EXTERNAL_REFERRAL,
        CaseStatus.EMERGENCY,
    }
)


class CaseQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> CaseQuerySet:
        """Cases exist only for the DSL and deputies; every other role sees none.

        Restricted cases are still listed (by reference only) so a DSL can break glass;
        their content is guarded by ``cases.access``.
        """
        if not membership.can(Can.HANDLE_CASES):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


class Case(OrganisationOwnedModel):
    reference = models.CharField(max_length=20)
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING_DECISION
    )
    category = models.ForeignKey(
        "concerns.ConcernType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Prevent type"),
        help_text=_(
            "The Home Office Prevent type that counts in the Prevent figures, set by the DSL "
            "when the category is the Prevent one."
        ),
    )
    safeguarding_category = models.ForeignKey(
        "concerns.SafeguardingCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_(
            "The safeguarding category that counts in the figures, set by the DSL; "
            "a case cannot be closed without one."
        ),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case lead"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome_summary = EncryptedTextField(blank=True)
    monitor = models.BooleanField(default=False)
    monitor_rationale = EncryptedTextField(blank=True)
    monitor_review_on = models.DateField(null=True, blank=True)
    is_restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text=_("The named DSLs who may open this case without breaking glass."),
    )

    objects = OrganisationManager.from_queryset(CaseQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_unique_ref")
        ]
        indexes = [
            # The case list and dashboard counts: one organisation's cases by status.
            models.Index(fields=["organisation", "status"], name="case_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("outcome_summary", "monitor_rationale"), person=("parties__person",)
    )


class PartyRole(models.TextChoices):
    SUBJECT = "subject", _("Subject")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class CaseParty(OrganisationOwnedModel):
    """A person linked to a case, with their own role in it (a label never spreads)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = EncryptedTextField(null=True, blank=True)
    role = models.CharField(max_length=20, choices=PartyRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=models.Q(person__isnull=False),
                name="case_party_once",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(description__isnull=False),
                name="case_party_person_or_description",
            ),
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person else (self.description or "")

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("description",),
        person=("person",),
        unlisted="a party described without a directory entry",
    )


class DecisionKind(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    INTERNAL_SUPPORT = "internal_support", _("Internal support")
    EXTERNAL_REFERRAL = "external_referral", _("External referral")
    EMERGENCY = "emergency", _("Emergency")


class Decision(OrganisationOwnedModel):
    """One decision with its rationale. A change of mind is a new decision, never an edit."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    rationale = EncryptedTextField(
        _("rationale"),
        help_text=_("Why this decision: what you weighed, who you consulted, what you ruled out."),
    )
    decided_at = models.DateTimeField(default=timezone.now)
    police_called_by = models.CharField(_("who called the police"), max_length=150, blank=True)
    police_called_at = models.DateTimeField(_("when the police were called"), null=True, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=60, blank=True)

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Decisions are never edited; record a new decision instead")
        super().save(*args, **kwargs)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("rationale",), person=("case__parties__person",))


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class SupportAction(OrganisationOwnedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField(
        _("action"), help_text=_("What will be done, by whom, for the person.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default="open")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            # Overdue actions on the dashboard and in reminders.
            models.Index(fields=["organisation", "status", "due_on"], name="action_due_idx"),
        ]

    def __str__(self) -> str:
        return str(self.description)

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("description",), person=("case__parties__person",))


class ReviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue support and schedule the next review")
    END_SUPPORT = "end_support", _("Support no longer needed: move the case on")


class Review(OrganisationOwnedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default="scheduled")
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = EncryptedTextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # Overdue and upcoming reviews on the dashboard and in reminders.
            models.Index(fields=["organisation", "status", "due_at"], name="review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Review due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ReviewStatus.SCHEDULED and self.due_at < timezone.now()

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("summary",), person=("case__parties__person",))


class Note(OrganisationOwnedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    body = EncryptedTextField(_("note"))
    occurred_at = models.DateTimeField(
        _("when it happened"),
        help_text=_("Back-date to when it happened; the time you wrote it is recorded too."),
    )

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"Note {self.public_id}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("body",), person=("case__parties__person",))


class ChronologyKind(models.TextChoices):
    """What kind of event an entry records: set by the service that writes it, filtered on."""

    CONCERN = "concern", _("Concern raised")
    DECISION = "decision", _("Triage and decisions")
    PARTY = "party", _("People linked")
    SUPPORT = "support", _("Support actions")
    REVIEW = "review", _("Reviews")
    NOTE = "note", _("Notes")
    REFERRAL = "referral", _("Referrals")
    SHARING = "sharing", _("Information shared")
    CHANNEL = "channel", _("Channel")
    RESTRICTION = "restriction", _("Restriction and break glass")
    CLOSURE = "closure", _("Closure, reopening and monitoring")
    OTHER = "other", _("Other")


class ChronologyQuerySet(OrganisationQuerySet):
    """Bulk changes would rewrite history: refused like single ones."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise ValueError("Chronology entries are never edited; add a correction instead")

    def delete(self) -> NoReturn:
        raise ValueError("Chronology entries are never deleted")


class ChronologyEntry(OrganisationOwnedModel):
    """One event on a case's timeline. Append-only: corrections are new entries.

    ``occurred_at`` is when it happened (may be back-dated); ``created_at`` is when it was
    written; ``created_by`` is who did it (the reporter, for a concern raised). ``title``
    is not encrypted: names and narrative go in ``body``.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ChronologyKind.choices)
    title = models.CharField(max_length=200)
    body = EncryptedTextField(blank=True)

    objects = OrganisationManager.from_queryset(ChronologyQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name_plural = "chronology entries"
        indexes = [
            models.Index(fields=["case", "occurred_at"], name="chronology_case_idx"),
            # The chronology page and the printed chronology narrowed to kinds of entry.
            models.Index(fields=["case", "kind", "occurred_at"], name="chronology_case_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Chronology entries are never edited; add a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Chronology entries are never deleted")

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("body",), person=("case__parties__person",))


class BreakGlass(OrganisationOwnedModel):
    """A DSL not named on a restricted case opened it anyway, with a reason.

    Grants access for ``DURATION``; every grant is audited and listed for the lead.
    """

    DURATION = timedelta(hours=8)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(help_text=_("Why you need this case now."))
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "break-glass grants"

    def __str__(self) -> str:
        return f"Break glass on {self.case_id}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("reason",), person=("case__parties__person",), staff=("user",)
    )
