"""The organisation's Prevent policy: its own text sections, versioned, and its details.

The printed policy (``policydoc.document``) puts these texts together with live data: the
named leads, the process for raising a concern and the four decisions, the current risk
register and action plan. Only the text sections and details are kept here.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet
from dueregard.core.personal_data import PersonalData


class PolicyDocument(OrganisationOwnedModel):
    """One per organisation: who owns the policy, its review dates and related policies."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("policy owner"),
    )
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The body that approves it, e.g. the board of governors."),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    linked_policies = models.TextField(
        _("linked policies"),
        blank=True,
        help_text=_("One policy per line, e.g. Safeguarding and child protection policy."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="policydoc_one_per_org")
        ]

    def __str__(self) -> str:
        return "Prevent policy"

    @property
    def linked_policy_list(self) -> list[str]:
        return [line.strip() for line in self.linked_policies.splitlines() if line.strip()]


class PolicySection(OrganisationOwnedModel):
    """One of the policy's own text sections (the working copy the DSL edits)."""

    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("heading"), max_length=120)
    body = EncryptedTextField(
        _("text"),
        help_text=_(
            "Plain English for staff, learners and parents. Leave a blank line between "
            "paragraphs; start a line with '- ' for a bullet point. No personal data."
        ),
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="policydoc_section_key")
        ]

    def __str__(self) -> str:
        return self.title

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("body",), unlisted="the policy text names the organisation's leads"
    )


class PolicyVersionQuerySet(OrganisationQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ValueError("Published policy versions are never edited")

    def delete(self) -> NoReturn:
        raise ValueError("Published policy versions are never deleted")


class PolicyVersion(OrganisationOwnedModel):
    """A published policy, frozen: the section texts and details as they stood."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(
        _("summary of changes"),
        max_length=300,
        help_text=_("What changed, e.g. annual review; new section on online safety."),
    )
    owner_name = models.CharField(max_length=200, blank=True)
    approved_by = models.CharField(max_length=200, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    linked_policies = models.TextField(blank=True)
    sections = EncryptedTextField()

    objects = OrganisationManager.from_queryset(PolicyVersionQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="policydoc_version_unique")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Published policy versions are never edited")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Published policy versions are never deleted")

    @property
    def section_list(self) -> list[dict[str, str]]:
        data: list[dict[str, str]] = json.loads(self.sections)
        return data

    @property
    def linked_policy_list(self) -> list[str]:
        return [line.strip() for line in self.linked_policies.splitlines() if line.strip()]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("sections", "owner_name", "approved_by"),
        unlisted="a frozen policy names its owner, approver and leads",
    )
