"""The Prevent risk register.

A *score* here is a risk's likelihood x severity: a risk to the organisation, never a
judgement about a person. Risk and action text must hold no personal data (help texts say
so); it is still encrypted at rest like every long free text.

* ``Register``: one working copy per organisation (date, completed by, competence held,
  next review). ``RegisterVersion`` freezes it when published (append-only).
* ``Theme``: editable groups of risks (defaults in ``DEFAULT_THEMES``).
* ``Risk``: one row of the register; ``RiskScoreChange`` keeps every change of score.
* ``BandCell``: the organisation's own 5x5 grid of RAG bands (defaults when absent).
* ``GuidanceChange``: a DSL's note that law or guidance changed (flags the register).

The action plan that answers the register lives in ``actions`` (it links to risks; the
register never imports it).
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
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

NO_PERSONAL_DATA = _("Describe the organisation's position: no names or details of any person.")

#: Seed 000's scoring table: named levels of likelihood and severity.
LIKELIHOOD_LEVELS = {
    1: _("Improbable"),
    2: _("Unlikely"),
    3: _("Likely"),
    4: _("Very likely"),
    5: _("Almost certain"),
}
SEVERITY_LEVELS = {
    1: _("None or trivial"),
    2: _("Minor"),
    3: _("Moderate"),
    4: _("Major"),
    5: _("Catastrophic"),
}
LEVELS = range(1, 6)

DEFAULT_THEMES = (
    _("Leadership and partnership"),
    _("Staff training and capabilities"),
    _("Welfare and pastoral support"),
    _("IT and online safety"),
    _("External speakers and events"),
    _("Prayer and faith facilities"),
    _("Curriculum and fundamental British values"),
    _("Premises and emergency response"),
)


class Band(models.TextChoices):
    GREEN = "green", _("Green (low)")
    AMBER = "amber", _("Amber (medium)")
    RED = "red", _("Red (high)")


BAND_ORDER = {Band.GREEN: 0, Band.AMBER: 1, Band.RED: 2}


def default_band(score: int) -> str:
    """Default bands: 1-4 green, 5-12 amber, 15-25 red."""
    if score <= 4:
        return Band.GREEN
    if score <= 12:
        return Band.AMBER
    return Band.RED


class AppendOnlyQuerySet(OrganisationQuerySet):
    """Bulk changes would rewrite history: refused like single ones."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise ValueError("This history is never edited; add a new entry instead")

    def delete(self) -> NoReturn:
        raise ValueError("This history is never deleted")


class AppendOnlyModel(OrganisationOwnedModel):
    objects = OrganisationManager.from_queryset(AppendOnlyQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name} is never edited; add a new entry")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError(f"{self._meta.verbose_name} is never deleted")


class Register(OrganisationOwnedModel):
    """The organisation's working copy of its Prevent risk register (one per organisation)."""

    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    competence_held = models.CharField(
        _("professional competence held"),
        max_length=300,
        blank=True,
        help_text=_("The qualification or training of whoever completed the assessment."),
    )
    assessed_on = models.DateField(_("date of assessment"), null=True, blank=True)
    next_review_on = models.DateField(_("next review date"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="risk_register_one_per_org")
        ]

    def __str__(self) -> str:
        return "Prevent risk register"


class Theme(OrganisationOwnedModel):
    name = models.CharField(
        _("theme"), max_length=120, help_text=_("For example: IT and online safety.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="risk_theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class BandCell(OrganisationOwnedModel):
    """One cell of the organisation's own grid; a missing cell takes ``default_band``."""

    likelihood = models.PositiveSmallIntegerField()
    severity = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=Band.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "likelihood", "severity"], name="risk_band_cell_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(severity__gte=1, severity__lte=5),
                name="risk_band_cell_in_grid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.likelihood}x{self.severity}: {self.band}"


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RiskQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> RiskQuerySet:
        if not can_read(membership):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


def can_read(membership: Membership) -> bool:
    """DSL, deputies, senior leaders and inspectors read the register and action plan."""
    return membership.can(Can.READ_RISKS)


def can_edit(membership: Membership) -> bool:
    """The DSL and deputies keep the register and the action plan."""
    return membership.can(Can.EDIT_RISKS)


class Risk(OrganisationOwnedModel):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="risks")
    number = models.PositiveIntegerField(_("number"))
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="risks", verbose_name=_("theme")
    )
    intended_outcome = EncryptedTextField(
        _("intended outcome"),
        help_text=format_lazy(
            "{}{}", _("What good looks like, e.g. leaders own the Prevent duty. "), NO_PERSONAL_DATA
        ),
    )
    description = EncryptedTextField(
        _("risk or vulnerability"),
        help_text=format_lazy(
            "{}{}", _("What could go wrong for the organisation. "), NO_PERSONAL_DATA
        ),
    )
    actions_taken = EncryptedTextField(
        _("actions taken"), blank=True, help_text=_("Controls already in place.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_role = models.CharField(
        _("owning role(s)"),
        max_length=200,
        blank=True,
        help_text=_("Job roles that share it, e.g. Designated Safeguarding Lead; Principal."),
    )
    further_actions = EncryptedTextField(
        _("further actions"),
        blank=True,
        help_text=_("What still needs doing. Each can become an action-plan item."),
    )
    evidence = EncryptedTextField(
        _("evidence of progress"),
        blank=True,
        help_text=_("Where an inspector can see it working: minutes, records, reports."),
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationManager.from_queryset(RiskQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["theme__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="risk_unique_number"),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(severity__gte=1, severity__lte=5),
                name="risk_scores_in_range",
            ),
        ]
        indexes = [
            # The register page and the heatmap: one organisation's open risks.
            models.Index(fields=["organisation", "status"], name="risk_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"R{self.number}"

    @property
    def reference(self) -> str:
        return f"R{self.number}"

    @property
    def score(self) -> int:
        return self.likelihood * self.severity

    @property
    def likelihood_label(self) -> str:
        return str(LIKELIHOOD_LEVELS[self.likelihood])

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LEVELS[self.severity])

    @property
    def is_open(self) -> bool:
        return self.status == RiskStatus.OPEN

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("intended_outcome", "description", "actions_taken", "further_actions", "evidence"),
        unlisted="a risk's description and actions may name people",
    )


class RiskScoreChange(AppendOnlyModel):
    """One change of a risk's score: who (``created_by``), when (``created_at``), from, to."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="score_changes")
    old_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    old_severity = models.PositiveSmallIntegerField(null=True, blank=True)
    new_likelihood = models.PositiveSmallIntegerField()
    new_severity = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("score change")

    def __str__(self) -> str:
        return f"{self.old_score} -> {self.new_score}"

    @property
    def old_score(self) -> int | None:
        if self.old_likelihood is None or self.old_severity is None:
            return None
        return self.old_likelihood * self.old_severity

    @property
    def new_score(self) -> int:
        return self.new_likelihood * self.new_severity


class RegisterVersion(AppendOnlyModel):
    """A published register, frozen: its details and every risk as it stood (JSON, encrypted)."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    completed_by_name = models.CharField(max_length=200, blank=True)
    competence_held = models.CharField(max_length=300, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    summary = models.CharField(
        _("summary of changes"),
        max_length=300,
        help_text=_("What changed since the last version, e.g. annual review; new IT risks."),
    )
    snapshot = EncryptedTextField()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("register version")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"], name="risk_register_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def risks(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.snapshot)
        return data

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("snapshot", "completed_by_name"),
        unlisted="the frozen register names its author and may name others",
    )


class GuidanceChange(AppendOnlyModel):
    """A DSL's record that law or guidance changed: the register needs a review."""

    changed_on = models.DateField(_("date of the change"))
    description = models.CharField(
        _("what changed"),
        max_length=300,
        help_text=_("For example: revised Prevent duty guidance in force."),
    )

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("law or guidance change")

    def __str__(self) -> str:
        return self.description
