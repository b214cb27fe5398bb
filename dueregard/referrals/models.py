"""External referrals, at their simplest: who to, when, their reference, and who approved.

A later issue completes referrals (contacts directory, lawful basis, information sharing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel


class ReferralKind(models.TextChoices):
    POLICE_PREVENT = "police_prevent", _("Police Prevent / Channel")
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", _("Children's social care")
    ADULT_SOCIAL_CARE = "adult_social_care", _("Adult social care")
    LADO = "lado", _("Local authority designated officer (staff)")
    OTHER = "other", _("Other agency")


class ReferralStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")


class Referral(OrganisationOwnedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("kind of referral"), max_length=30, choices=ReferralKind.choices)
    agency = models.CharField(_("agency"), max_length=200, help_text=_("Who the referral goes to."))
    referred_on = models.DateField(_("date of referral"))
    agency_reference = models.CharField(_("agency's reference"), max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.AWAITING_APPROVAL
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral"
