"""The policy register: policies, their versions, reviews and staff acknowledgements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData
from dueregard.core.sealed_files import SealedFileField


class Policy(OrganisationOwnedModel):
    """A policy the organisation keeps, reviews and asks staff to read."""

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Who keeps the policy up to date and is reminded of its review."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review due"))
    linked = models.ManyToManyField("self", blank=True, verbose_name=_("linked policies"))
    requires_acknowledgement = models.BooleanField(
        _("staff must confirm they have read it"), default=True
    )
    generated = models.BooleanField(default=False)
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="policy_unique_title")
        ]
        indexes = [
            # The register lists policies by review date; reminders find those falling due.
            models.Index(fields=["organisation", "next_review_on"], name="policy_org_review_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(OrganisationOwnedModel):
    """One approved version: its text or file, who approved it and from when it applies.

    Versions are never changed: a new version supersedes the last.
    """

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    summary = models.CharField(
        _("what changed"), max_length=500, help_text=_("A line on what is new in this version.")
    )
    text = models.TextField(_("text"), blank=True)
    file = SealedFileField(upload_to="policies/%Y/", blank=True, sealed_as="policy_version")
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    document_url_name = models.CharField(max_length=100, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        help_text=_("The person or body that approved it, e.g. the board of governors."),
    )
    approved_on = models.DateField(_("date approved"))
    effective_on = models.DateField(_("in force from"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"], name="policy_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    @property
    def document_url(self) -> str:
        """The generated document's page, or "" if that page does not exist (yet)."""
        if not self.document_url_name:
            return ""
        try:
            return reverse(self.document_url_name)
        except NoReverseMatch:
            return ""

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        files=("file",),
        fields=("approved_by",),
        unlisted="a policy's text or file may name staff",
    )


class Acknowledgement(OrganisationOwnedModel):
    """A member's "I have read version N"."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    member = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="acknowledgement_once")
        ]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(staff=("member__user",))


class ReviewFlag(OrganisationOwnedModel):
    """That a recorded change in law or guidance asks for a policy's review.

    Never changed: a flag stands until the policy has a review or a new version recorded
    after it (``services.open_review_flags``), so the history of why a review was asked for
    stays.
    """

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="review_flags")
    changed_on = models.DateField(_("date of the change"))
    reason = models.CharField(_("what changed"), max_length=300)

    class Meta:
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["policy", "created_at"], name="policy_flag_idx")]

    def __str__(self) -> str:
        return f"{self.policy}: review asked for by a change on {self.changed_on:%d %b %Y}"


class PolicyReminder(OrganisationOwnedModel):
    """That a policy's owner was reminded of a review at one stage for one due date."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10)
    due_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "stage", "due_on"], name="policy_reminder_once"
            )
        ]


class PolicyReview(OrganisationOwnedModel):
    """A review that found no change needed: who, when and why, with the dates it set.

    It moves the policy's review dates on without a new version, so staff
    acknowledgements of the version in force still stand. Never changed: a mistaken
    review is followed by another review or a new version.
    """

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("date reviewed"))
    note = EncryptedTextField(
        _("what the review found"),
        help_text=_("What was checked and why no change is needed."),
    )
    next_review_on = models.DateField(_("next review due"))

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.policy} reviewed {self.reviewed_on:%d %b %Y}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("note",), unlisted="a review note may name people")
