"""API keys: how a school's MIS or another system reaches ``/api/v1/`` for one organisation.

A key is shown once, when it is issued (``dr_<prefix>_<secret>``); only its prefix (to find
it) and the SHA-256 of the whole token (to check it) are kept. Each key has scopes, the
only things it may do, and acts as a member: the member it was issued for (keys that read
cases) or else the member who issued it. The member's role is read from the permission
table on every request, so a key can never do more than its member may.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData


class Scope(models.TextChoices):
    PEOPLE_READ = "people:read", _("Read the people directory")
    PEOPLE_WRITE = "people:write", _("Sync the people directory from the MIS")
    CONCERNS_WRITE = "concerns:write", _("Raise concerns on behalf of named members")
    TRAINING_WRITE = "training:write", _("Import training records")
    FIGURES_READ = "figures:read", _("Read the aggregate figures (small numbers suppressed)")
    CASES_READ = "cases:read", _("Read cases and their chronology (a named DSL-team member)")


class ApiKey(OrganisationOwnedModel):
    """One organisation's key for the API (``api/keys.py`` issues, checks and revokes it)."""

    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What uses the key, e.g. 'MIS nightly sync'. No personal data."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    for_member = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member the key acts as; needed for reading cases."),
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("API key")
        ordering = ["-created_at"]
        indexes = [
            # The keys page: one organisation's keys, newest first.
            models.Index(fields=["organisation", "-created_at"], name="apikey_org_created_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not self.is_revoked and not self.is_expired

    # What this holds about people (core/personal_data.py): which member a key acts as.
    personal_data = PersonalData(staff=("for_member__user",))
