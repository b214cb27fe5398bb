"""Concerns: what a member of staff noticed, in their own words, waiting for the DSL."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import (
    OrganisationManager,
    OrganisationOwnedModel,
    OrganisationQuerySet,
)
from dueregard.core.personal_data import PersonalData
from dueregard.core.sealed_files import SealedFileField
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can


class IndicatorCategory(models.Model):
    """A heading of the indicator prompts (SPEC 2.1). Shared by all organisations."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "indicator categories"

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A prompt a reporter may tick. Never proof, never a prediction, never scored."""

    category = models.ForeignKey(
        IndicatorCategory, on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(unique=True)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__order", "order"]

    def __str__(self) -> str:
        return self.label


class ConcernTypeList(models.Model):
    """A versioned list of concern types: the Home Office's, or an organisation's own.

    The Home Office changes its categories (2017/18, 2024/25), so they are data. A list
    with no organisation is a national list; ``is_current`` marks the one in use.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40, help_text=_("e.g. the statistics year 2024/25"))
    effective_from = models.DateField()
    is_current = models.BooleanField(default=False)
    counts_for_prevent = models.BooleanField(
        default=True, help_text=_("Types on this list count in the Prevent figures.")
    )

    #: National lists (no organisation) are seen in every organisation's scope.
    organisation_optional = True
    objects = OrganisationManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "version"], name="concern_type_list_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class ConcernType(models.Model):
    type_list = models.ForeignKey(ConcernTypeList, on_delete=models.PROTECT, related_name="types")
    code = models.SlugField()
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    is_not_sure = models.BooleanField(
        default=False, help_text=_("The reporter's 'not sure'; never the category that counts.")
    )

    organisation_path = "type_list__organisation"
    organisation_optional = True
    objects = OrganisationManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["type_list", "order"]
        constraints = [
            models.UniqueConstraint(fields=["type_list", "code"], name="concern_type_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


def current_concern_types(organisation_id: int) -> models.QuerySet[ConcernType]:
    """The types a reporter chooses from: the current national list and the organisation's."""
    return ConcernType.objects.filter(
        models.Q(type_list__organisation__isnull=True)
        | models.Q(type_list__organisation_id=organisation_id),
        type_list__is_current=True,
    ).select_related("type_list")


class SafeguardingCategoryQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> SafeguardingCategoryQuerySet:
        """Every member sees their organisation's categories (the reporter's short list)."""
        return self.filter(organisation_id=membership.organisation_id)

    def in_use(self) -> SafeguardingCategoryQuerySet:
        """Not retired: what can be chosen for a new record."""
        return self.filter(retired_at__isnull=True)


class SafeguardingCategory(OrganisationOwnedModel):
    """One of the organisation's own safeguarding categories (neglect, online safety, ...).

    The DSL adds, renames, retires and reorders them (``concerns.categories``); records point
    at the row, so a rename shows on old records and a retired category stays on them. The
    one marked ``is_prevent`` (radicalisation) routes a case to the Home Office Prevent
    types (``ConcernType``), which stay versioned national data.
    """

    name = models.CharField(_("name"), max_length=80)
    key = models.SlugField(
        max_length=60, help_text=_("A stable key for filters and the API; never changes.")
    )
    is_prevent = models.BooleanField(
        default=False,
        help_text=_("Radicalisation: a case in this category takes a Prevent type too."),
    )
    shown_to_reporters = models.BooleanField(
        _("on the reporters' short list"),
        default=True,
        help_text=_("Staff raising a concern choose from the categories on the short list."),
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = OrganisationManager.from_queryset(SafeguardingCategoryQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "safeguarding categories"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="safeguarding_category_unique_key"
            ),
            models.UniqueConstraint(
                Lower("name"),
                "organisation",
                name="safeguarding_category_unique_name",
            ),
            # One Prevent category per organisation: the one the Prevent figures count.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_prevent=True),
                name="safeguarding_category_one_prevent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ConcernStatus(models.TextChoices):
    AWAITING_TRIAGE = "awaiting_triage", _("Awaiting triage")
    TRIAGED = "triaged", _("Triaged")


class ConcernQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Membership) -> ConcernQuerySet:
        """DSLs see every concern of their organisation; anyone else only their own."""
        scoped = self.filter(organisation_id=membership.organisation_id)
        if membership.can(Can.TRIAGE):
            return scoped
        return scoped.filter(reporter_id=membership.user_id)


def over_triage_target(organisation: Organisation, now: datetime) -> models.Q:
    """Concerns raised longer ago than their triage target allows: emergencies against the
    organisation's emergency target, the rest against its triage target."""
    return models.Q(
        immediate_danger=True, created_at__lt=now - organisation.triage_target_for(emergency=True)
    ) | models.Q(
        immediate_danger=False,
        created_at__lt=now - organisation.triage_target_for(emergency=False),
    )


class Concern(OrganisationOwnedModel):
    """One report by one member of staff. Its narrative is never edited after submission."""

    reference = models.CharField(max_length=20)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    site = models.ForeignKey(
        "organisations.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    immediate_danger = models.BooleanField(_("someone is in immediate danger"))
    observed_at = models.DateTimeField(_("when it was seen or heard"))
    # False when the reporter gave a date only: ``observed_at`` then holds midday (or now,
    # if earlier) and is shown as the date with "time not given", never as a time.
    observed_time_given = models.BooleanField(_("the reporter gave the time"), default=True)
    location = models.CharField(_("where"), max_length=200)
    narrative = EncryptedTextField(_("what was seen or heard"))
    reported_type = models.ForeignKey(
        ConcernType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_category = models.ForeignKey(
        SafeguardingCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("what kind of concern"),
        help_text=_("The reporter's choice; the DSL sets the category that counts on the case."),
    )
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.AWAITING_TRIAGE
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OrganisationManager.from_queryset(ConcernQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="concern_unique_reference"
            )
        ]
        indexes = [
            # The triage queue: one organisation's untriaged concerns, oldest first.
            models.Index(fields=["organisation", "status", "created_at"], name="concern_queue_idx"),
            # The reporter's own list.
            models.Index(fields=["organisation", "reporter"], name="concern_reporter_idx"),
            # Concerns by month on the dashboard: one organisation's, since a date.
            models.Index(fields=["organisation", "created_at"], name="concern_created_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reporter_status(self) -> str:
        """The only status a reporter sees: received, being dealt with, or closed."""
        if self.status == ConcernStatus.AWAITING_TRIAGE:
            return str(_("Received"))
        if self.case is not None and self.case.status == "closed":
            return str(_("Closed"))
        return str(_("Being dealt with"))

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("narrative", "location"), person=("subjects__person",))


class ConcernSubject(models.Model):
    """Who a concern is about: a person from the directory, or a description."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Binds the encrypted description to this row (``core.fields``).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = EncryptedTextField(
        null=True,
        blank=True,
        help_text=_("When the person is not in the directory: what you know of who they are."),
    )

    organisation_path = "concern__organisation"
    objects = OrganisationManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(description__isnull=False),
                name="concern_subject_person_or_description",
            )
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person else (self.description or "")

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("description",),
        person=("person",),
        unlisted="a subject described without a directory entry",
    )


class Attachment(OrganisationOwnedModel):
    """A file added to a concern or case: stored outside any public folder.

    Served only by ``attachment_download``, which checks access and audits the read.
    """

    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    file = SealedFileField(upload_to="attachments/%Y/%m/", sealed_as="attachment")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        files=("file",),
        fields=("original_name",),
        person=("concern__subjects__person", "case__parties__person"),
    )


class PendingUpload(OrganisationOwnedModel):
    """A file chosen on the concern form when the form was sent back with an error.

    Held encrypted for the member who chose it, so they need not choose it again, until
    the concern is sent (then it becomes an ``Attachment``), they remove it, or it expires
    (``concerns.tasks.purge_expired_uploads`` deletes it and its file). Never served: only
    its name is shown back to the member who chose it.
    """

    #: How long a held file waits for the form to be sent.
    LIFETIME_HOURS = 2

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    file = SealedFileField(upload_to="pending/%Y/%m/", sealed_as="pending_upload")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The purge job: expired rows of one organisation.
            models.Index(fields=["organisation", "expires_at"], name="pending_upload_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        files=("file",),
        fields=("original_name",),
        unlisted="a file chosen for a concern not yet sent may show or name people",
    )
