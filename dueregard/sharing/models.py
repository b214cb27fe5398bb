"""The information-sharing log: every disclosure of personal data outside the organisation.

One ``Disclosure`` per disclosure (a referral sent, its document produced, a call or meeting
recorded afterwards). The log is append-only: a correction is a new entry that names the one
it corrects. The table keeps its first name (``referrals_disclosure``): the log began as part
of the referrals app.
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
from dueregard.sharing import lawful


class DisclosureKind(models.TextChoices):
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    DOCUMENT = "document", _("Document printed or downloaded for an agency")
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting or panel")
    EMAIL = "email", _("Email or letter")
    SAR = "sar", _("Subject access response")
    OTHER = "other", _("Other")


class DisclosureQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Any) -> DisclosureQuerySet:
        """The DSL team and inspectors read the log; nobody else."""
        if not membership.can(Can.READ_SHARING_LOG):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def openable_by(self, membership: Any) -> DisclosureQuerySet:
        """Entries the DSL team member may read in full: none on a case (directly or through
        its referral) that is restricted, unless the member is named on it or holds a live
        break-glass grant. The same rule as ``cases.access.can_open``, as one query.
        """
        from dueregard.cases.models import BreakGlass, Case

        now = timezone.now()

        def openable(case_field: str) -> models.Q:
            named = Case.restricted_to.through.objects.filter(
                case_id=models.OuterRef(case_field), user_id=membership.user_id
            )
            grant = BreakGlass.objects.filter(
                case_id=models.OuterRef(case_field),
                user_id=membership.user_id,
                expires_at__gt=now,
            )
            return (
                models.Q(**{f"{case_field}__isnull": True})
                | models.Q(**{f"{case_field.removesuffix('_id')}__is_restricted": False})
                | models.Exists(named)
                | models.Exists(grant)
            )

        return self.filter(openable("case_id"), openable("referral__case_id"))

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The information-sharing log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The information-sharing log is append-only.")


class Disclosure(OrganisationOwnedModel):
    """One disclosure of personal data outside the organisation. Append-only."""

    disclosed_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("how"), max_length=20, choices=DisclosureKind.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.CharField(
        _("to whom"), max_length=200, help_text=_("The agency, and the officer if known.")
    )
    what = EncryptedTextField(_("what was shared"))
    purpose = EncryptedTextField(_("why"))
    lawful_basis_art6 = models.CharField(max_length=10, choices=lawful.Article6.choices)
    lawful_basis_art9 = models.CharField(max_length=10, choices=lawful.Article9.choices)
    lawful_basis_sch1 = models.CharField(max_length=10, choices=lawful.Schedule1.choices)
    lawful_basis_art10 = models.CharField(max_length=10, choices=lawful.Article10.choices)
    consent = models.CharField(max_length=12, choices=lawful.Consent.choices)
    consent_reason = EncryptedTextField(blank=True, default="")
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = EncryptedTextField(
        _("what was wrong with the entry"),
        # Nullable: entries logged before corrections had a reason hold NULL.
        null=True,
        blank=True,
        help_text=_("Only on a correction: what the corrected entry got wrong."),
    )

    objects = OrganisationManager.from_queryset(DisclosureQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        db_table = "referrals_disclosure"
        ordering = ["-disclosed_at", "-id"]
        indexes = [
            # The log's date filter and its default order, per organisation.
            models.Index(fields=["organisation", "disclosed_at"], name="disclosure_org_date_idx"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The information-sharing log is append-only: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("The information-sharing log is append-only.")

    @property
    def approval_is_stated(self) -> bool:
        """Whether the approver is named only on the recorder's word.

        An entry written when a referral was sent or its document produced names the lead
        who approved the referral in the app (``Referral.approved_by``): confirmed. An entry
        recorded by hand (or a correction) names the approver the recorder chose; unless the
        approver recorded it themselves, it reads "as stated by <recorder>" (``created_by``).
        """
        if self.approved_by_id is None:
            return False
        if self.referral_id is not None and self.corrects_id is None:
            return False
        return self.approved_by_id != self.created_by_id

    def basis_lines(self) -> list[str]:
        return lawful.describe(
            self.lawful_basis_art6,
            self.lawful_basis_art9,
            self.lawful_basis_sch1,
            self.lawful_basis_art10,
        )

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("what", "purpose", "consent_reason", "correction_reason"),
        person=("person", "case__parties__person"),
    )
