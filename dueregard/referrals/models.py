"""External referrals and their follow-ups.

A referral is prepared (draft) by the DSL or a deputy, submitted, approved or sent back by
the DSL / Prevent lead, then sent and followed to its outcome. Nothing leaves the
organisation before approval; when it does, the disclosure is an entry in the
information-sharing log (``sharing.Disclosure``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.permissions import Can
from dueregard.referrals.content import SECTION_CODES
from dueregard.sharing import lawful


class ReferralKind(models.TextChoices):
    POLICE_PREVENT = "police_prevent", _("Police Prevent referral")
    CHANNEL = "channel", _("Channel (through the local authority)")
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", _("Children's social care")
    ADULT_SOCIAL_CARE = "adult_social_care", _("Adult social care")
    LADO = "lado", _("LADO (concern about a member of staff)")
    POLICE_NON_EMERGENCY = "police_non_emergency", _("Police (non-emergency)")
    OTHER = "other", _("Other agency")


#: Which directory entries the agency picker offers for each kind of referral.
CONTACT_KINDS: dict[str, tuple[str, ...]] = {
    ReferralKind.POLICE_PREVENT: ("police_prevent",),
    ReferralKind.CHANNEL: ("channel_panel", "la_prevent"),
    ReferralKind.CHILDRENS_SOCIAL_CARE: ("childrens_social_care",),
    ReferralKind.ADULT_SOCIAL_CARE: ("adult_social_care",),
    ReferralKind.LADO: ("lado",),
    ReferralKind.POLICE_NON_EMERGENCY: ("police_non_emergency",),
    ReferralKind.OTHER: (),  # any agency
}

#: Directory entries that are never the agency of a referral: the organisation's own leads
#: and the emergency numbers.
NOT_AGENCIES = frozenset({"emergency", "dsl", "deputy_dsl"})


def contact_fits(referral_kind: str, contact_kind: str) -> bool:
    """Whether a directory entry of ``contact_kind`` may receive a referral of ``referral_kind``.

    The kinds listed in ``CONTACT_KINDS``; for "other", any agency in the directory.
    """
    if contact_kind in NOT_AGENCIES:
        return False
    allowed = CONTACT_KINDS.get(referral_kind)
    if allowed is None:
        return False
    return not allowed or contact_kind in allowed


def referral_kind_for(contact_kind: str) -> str:
    """The kind of referral a directory entry is listed under in the agency picker."""
    for kind, contact_kinds in CONTACT_KINDS.items():
        if contact_kind in contact_kinds:
            return str(kind)
    return str(ReferralKind.OTHER)


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, not yet sent")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the agency")
    ADOPTED = "adopted", _("Adopted by the agency")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    SUPPORT_IN_PROGRESS = "support_in_progress", _("Support in progress")
    CLOSED = "closed", _("Closed")


#: Statuses reached only through the lead's approval. CLOSED is not one: a referral may be
#: closed (withdrawn) from a draft. Whether the document may be produced is ``is_approved``
#: (the lead's approval recorded), never the status alone.
RELEASED = frozenset(
    {
        ReferralStatus.APPROVED,
        ReferralStatus.SENT,
        ReferralStatus.ACKNOWLEDGED,
        ReferralStatus.ADOPTED,
        ReferralStatus.NOT_ADOPTED,
        ReferralStatus.SUPPORT_IN_PROGRESS,
    }
)
OPEN_REFERRAL_STATUSES = frozenset(ReferralStatus) - {ReferralStatus.CLOSED}


class SendMethod(models.TextChoices):
    SECURE_EMAIL = "secure_email", _("Secure email")
    PORTAL = "portal", _("The agency's online portal")
    PHONE = "phone", _("Phone, followed by the written referral")
    IN_PERSON = "in_person", _("Handed over in person")
    POST = "post", _("Recorded post")


class ReferralQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Any) -> ReferralQuerySet:
        """The DSL team's referrals; nobody else sees any (restriction is checked per case)."""
        if not membership.can(Can.PREPARE_REFERRAL):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


def _section(label: Any, hint: Any) -> EncryptedTextField[Any, Any]:
    # Nullable: rows made before these columns existed hold NULL, not undecryptable "".
    return EncryptedTextField(label, null=True, blank=True, help_text=hint)


class Referral(OrganisationOwnedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    reference = models.CharField(
        _("our reference"), max_length=20, blank=True, help_text=_("Given when prepared.")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who the referral is about (a subject of the case)."),
    )
    kind = models.CharField(_("kind of referral"), max_length=30, choices=ReferralKind.choices)
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("agency from the directory"),
    )
    agency = models.CharField(
        _("agency"),
        max_length=200,
        help_text=_("Who the referral goes to, as it was when the referral was made."),
    )
    referred_on = models.DateField(_("date of referral"))
    agency_reference = models.CharField(_("agency's reference"), max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )

    how_arose = _section(_("How and why the concern arose"), "")
    event = _section(_("The event or incident"), "")
    indicators = _section(_("Indicators observed"), "")
    online_activity = _section(_("Online activity"), "")
    associates = _section(_("Contacts and associates"), "")
    intent_to_harm = _section(_("Intent to harm"), "")
    additional_needs = _section(_("Additional needs"), "")
    other_safeguarding = _section(_("Other safeguarding concerns"), "")
    discussions = _section(_("Discussions with the person and parents or carers"), "")
    unmet_needs = _section(_("What may happen if needs are not met"), "")
    shared_fields = models.JSONField(
        _("what is shared"),
        default=list,
        blank=True,
        help_text=_("Codes of the identifying details and sections ticked for sharing."),
    )

    lawful_basis_art6 = models.CharField(
        _("UK GDPR Article 6 basis"), max_length=10, blank=True, choices=lawful.Article6.choices
    )
    lawful_basis_art9 = models.CharField(
        _("Article 9 condition"), max_length=10, blank=True, choices=lawful.Article9.choices
    )
    lawful_basis_sch1 = models.CharField(
        _("DPA 2018 Schedule 1 condition"),
        max_length=10,
        blank=True,
        choices=lawful.Schedule1.choices,
    )
    lawful_basis_art10 = models.CharField(
        _("Article 10 condition"), max_length=10, blank=True, choices=lawful.Article10.choices
    )
    consent = models.CharField(
        _("consent"), max_length=12, blank=True, choices=lawful.Consent.choices
    )
    consent_reason = EncryptedTextField(
        _("reason for sharing without consent"), null=True, blank=True
    )

    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_method = models.CharField(
        _("how it was sent"), max_length=20, blank=True, choices=SendMethod.choices
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationManager.from_queryset(ReferralQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["referred_on", "id"]
        indexes = [
            # The DSL's referral list and the dashboard: an organisation's referrals by status.
            models.Index(fields=["organisation", "status"], name="referral_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral"

    @property
    def display_reference(self) -> str:
        return self.reference or f"{self.case.reference}/R"

    def section_text(self, code: str) -> str:
        assert code in SECTION_CODES
        return str(getattr(self, code) or "")

    @property
    def is_approved(self) -> bool:
        """Whether the DSL / Prevent lead actually approved it (who and when are recorded).

        The only test for producing the document or logging it as shared: a referral closed
        from a draft has a "later" status but was never approved.
        """
        return self.approved_at is not None and self.approved_by_id is not None

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=(
            "how_arose",
            "event",
            "indicators",
            "online_activity",
            "associates",
            "intent_to_harm",
            "additional_needs",
            "other_safeguarding",
            "discussions",
            "unmet_needs",
            "consent_reason",
        ),
        person=("person",),
    )


class FollowUpQuerySet(OrganisationQuerySet):
    def overdue(self) -> FollowUpQuerySet:
        return self.filter(done_at__isnull=True, due_on__lt=timezone.localdate())


class FollowUp(OrganisationOwnedModel):
    """Something to chase or do about a referral by a date (e.g. 'chase the outcome')."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="follow_ups")
    description = EncryptedTextField(
        _("what to do"), help_text=_("For example: chase the police for their decision.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = EncryptedTextField(_("what happened"), blank=True, default="")

    objects = OrganisationManager.from_queryset(FollowUpQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Reminders and the dashboard: open follow-ups by due date.
            models.Index(fields=["organisation", "done_at", "due_on"], name="followup_due_idx"),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("description", "outcome"), person=("referral__person",))
