"""Organisations (the tenants), their sites, and who works for them in which role."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import (
    OrganisationManager,
    OrganisationOwnedModel,
    OrganisationQuerySet,
    TimeStampedModel,
)
from dueregard.core.personal_data import PersonalData

if TYPE_CHECKING:
    from dueregard.organisations.permissions import Can


class PrivilegedFactor(models.TextChoices):
    """Which second factor DSLs, deputy DSLs and administrators must sign in with."""

    PASSKEY = "passkey", _("A passkey or security key only (it cannot be phished)")
    ANY = "any", _("A passkey or an authenticator app")


class OrganisationKind(models.TextChoices):
    """What sort of provider an organisation is (the Prevent duty guidance differs a little)."""

    COLLEGE = "college", _("Further education college")
    SIXTH_FORM = "sixth_form", _("Sixth-form college")
    TRAINING_PROVIDER = "training_provider", _("Independent training provider")
    ADULT_LEARNING = "adult_learning", _("Adult and community learning provider")
    OTHER = "other", _("Other education or training provider")


class OrganisationLookup(models.QuerySet["Organisation"]):
    def identified_by(self, value: str) -> OrganisationLookup:
        """The organisation named by ``value``: its public id (a UUID) or its slug."""
        value = value.strip()
        try:
            return self.filter(public_id=uuid.UUID(value))
        except ValueError:
            return self.filter(slug=value.lower())


class Organisation(TimeStampedModel):
    """A college or training provider. Nothing of one organisation is visible to another.

    ``slug`` is the short name administrators' commands and API keys use for it; it is
    made from the name when not given.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. larkfield-training."),
    )
    kind = models.CharField(
        _("kind of provider"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.COLLEGE,
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=4,
        default="C",
        help_text=_("Letters that start every concern reference, e.g. C for C-2026-000123."),
    )
    triage_target_hours = models.PositiveSmallIntegerField(
        _("triage target (hours)"),
        default=8,
        help_text=_("How soon a new concern should be triaged. Default: the same working day."),
    )
    emergency_target_minutes = models.PositiveSmallIntegerField(
        _("emergency triage target (minutes)"),
        default=15,
        help_text=_("How soon a concern where someone is in immediate danger should be triaged."),
    )
    review_interval_hours = models.PositiveSmallIntegerField(
        _("review interval (hours)"),
        default=48,
        help_text=_("When the first review falls due after an internal-support decision."),
    )
    privileged_factor = models.CharField(
        _("second factor for DSLs, deputies and administrators"),
        max_length=10,
        choices=PrivilegedFactor.choices,
        default=PrivilegedFactor.PASSKEY,
        help_text=_(
            "Passkeys resist phishing: a code from an authenticator app can be typed into a "
            "fake sign-in page, a passkey cannot. Only the DSL changes this."
        ),
    )

    objects = models.Manager.from_queryset(OrganisationLookup)()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = free_slug(self.name)
        super().save(*args, **kwargs)

    @property
    def triage_target(self) -> timedelta:
        return timedelta(hours=self.triage_target_hours)

    @property
    def emergency_target(self) -> timedelta:
        return timedelta(minutes=self.emergency_target_minutes)

    def triage_target_for(self, *, emergency: bool) -> timedelta:
        """How soon a concern should be triaged: emergencies have their own, short target."""
        return self.emergency_target if emergency else self.triage_target

    @property
    def review_interval(self) -> timedelta:
        return timedelta(hours=self.review_interval_hours)


def free_slug(name: str) -> str:
    """A slug made from ``name`` that no organisation has yet (``-2``, ``-3``... if needed)."""
    base = slugify(name)[:44].strip("-") or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Site(OrganisationOwnedModel):
    """A campus, centre or workplace of an organisation."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", _("Staff member")
    DSL = "dsl", _("Designated Safeguarding Lead / Prevent lead")
    DEPUTY_DSL = "deputy_dsl", _("Deputy DSL")
    SENIOR_LEADER = "senior_leader", _("Senior leader or board member")
    ADMINISTRATOR = "administrator", _("Administrator")
    INSPECTOR = "inspector", _("Inspector")


class MembershipQuerySet(OrganisationQuerySet):
    def active(self) -> MembershipQuerySet:
        now = timezone.now()
        return self.filter(is_active=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def safeguarding_leads(self) -> MembershipQuerySet:
        """Active members who handle cases (the DSL team)."""
        from dueregard.organisations.permissions import Can, roles_with

        return self.active().filter(role__in=roles_with(Can.HANDLE_CASES))


class Membership(TimeStampedModel):
    """One user's role in one organisation. A user may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    receives_alerts = models.BooleanField(
        _("receives new-concern alerts"),
        default=False,
        help_text=_(
            "Being alerted is separate from access: tick for the DSLs who should be told "
            "at once when a concern is raised."
        ),
    )
    is_active = models.BooleanField(default=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Inspectors' access ends at this time.")
    )

    #: Scoped like every organisation's data (``core.scope``): inside an organisation's
    #: scope, only its members. So is the related manager ``user.memberships``.
    objects = OrganisationManager.from_queryset(MembershipQuerySet)()
    #: A user's memberships in every organisation, for the few places that must see them
    #: before or across scopes: the organisation switcher, ``MembershipMiddleware`` (runs
    #: before any scope is open) and the sign-in and second-factor rules of ``accounts``.
    across_organisations = models.Manager.from_queryset(MembershipQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            )
        ]
        indexes = [
            # The alert fan-out and the owner pickers list an organisation's members by role.
            models.Index(fields=["organisation", "role"], name="membership_org_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def can(self, perm: Can) -> bool:
        """Whether this member's role grants ``perm`` (the table: ``permissions.GRANTS``)."""
        from dueregard.organisations.permissions import can

        return can(self, perm)

    @property
    def may(self) -> _May:
        """The table for templates: ``{% if membership.may.HANDLE_CASES %}``."""
        return _May(self)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("job_title",), staff=("user",))


class _May:
    """``may.X`` is ``membership.can(Can.X)``; an unknown name fails loudly."""

    def __init__(self, membership: Membership) -> None:
        self._membership = membership

    def __getattr__(self, name: str) -> bool:
        from dueregard.organisations.permissions import Can

        if name.startswith("_"):
            raise AttributeError(name)
        return self._membership.can(Can[name])


class ReferenceCounter(models.Model):
    """The last number issued per organisation, year and kind of reference."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects = OrganisationManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "year"], name="reference_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last}"
