"""Training and CPD: courses, requirements by role, training records, briefings, imports.

The subject of a training record is a ``Membership``: requirements are set by role, and a
person's role lives on their membership of this organisation (someone who works for two
organisations has two roles and two compliance positions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData
from dueregard.core.sealed_files import SealedFileField
from dueregard.organisations.models import Role


class CourseKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    QUALIFICATION = "qualification", _("Qualification")
    BRIEFING = "briefing", _("Briefing")


class Course(OrganisationOwnedModel):
    """A course or briefing staff can complete."""

    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(
        _("provider"), max_length=200, help_text=_("Who runs it, e.g. the Home Office e-learning.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("How long a completion stays current. Leave empty for a one-off course."),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="course_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class Audience(models.TextChoices):
    """Who a requirement applies to, by role in the organisation."""

    ALL_STAFF = "all_staff", _("All staff (everyone but inspectors)")
    SAFEGUARDING_TEAM = "safeguarding_team", _("DSL and deputy DSLs")
    DSL = "dsl", _("DSL / Prevent lead only")
    SENIOR_LEADERS = "senior_leaders", _("Senior leaders and board members")
    STAFF_ONLY = "staff", _("Staff members (not leads or administrators)")
    ADMINISTRATORS = "administrators", _("Administrators")


AUDIENCE_ROLES: dict[str, tuple[str, ...]] = {
    Audience.ALL_STAFF: (
        Role.STAFF,
        Role.DSL,
        Role.DEPUTY_DSL,
        Role.SENIOR_LEADER,
        Role.ADMINISTRATOR,
    ),
    Audience.SAFEGUARDING_TEAM: (Role.DSL, Role.DEPUTY_DSL),
    Audience.DSL: (Role.DSL,),
    Audience.SENIOR_LEADERS: (Role.SENIOR_LEADER,),
    Audience.STAFF_ONLY: (Role.STAFF,),
    Audience.ADMINISTRATORS: (Role.ADMINISTRATOR,),
}


class Requirement(OrganisationOwnedModel):
    """Training a group of roles must hold, renewed every so many months."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("What staff must hold, e.g. Prevent awareness.")
    )
    audience = models.CharField(_("applies to"), max_length=20, choices=Audience.choices)
    courses = models.ManyToManyField(
        Course,
        related_name="requirements",
        verbose_name=_("courses that count"),
        help_text=_("Completing any one of these courses meets the requirement."),
    )
    interval_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if doing it once is enough."),
    )
    new_starter_days = models.PositiveSmallIntegerField(
        _("new staff must complete it within (days)"),
        default=28,
        help_text=_("Counted from the day the person joined the organisation in dueregard."),
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def roles(self) -> tuple[str, ...]:
        return AUDIENCE_ROLES[self.audience]


class TrainingProfile(OrganisationOwnedModel):
    """Where a member works and when they started, for filters and new-starter deadlines."""

    membership = models.OneToOneField(
        "organisations.Membership", on_delete=models.PROTECT, related_name="training_profile"
    )
    site = models.ForeignKey(
        "organisations.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(
        _("started on"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count from the day they were added to dueregard."),
    )

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(staff=("membership__user",))


class RecordSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    SESSION = "session", _("Session register")
    IMPORT = "import", _("CSV import")
    BRIEFING = "briefing", _("CPD briefing")
    SELF = "self", _("Recorded by the member")


class TrainingRecord(OrganisationOwnedModel):
    """One completion of a course by a member. Never edited: a correction is a new record."""

    member = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField(_("date completed"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    source = models.CharField(max_length=20, choices=RecordSource.choices)
    briefing = models.ForeignKey(
        "training.Briefing", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    evidence = SealedFileField(
        upload_to="training/%Y/%m/", blank=True, sealed_as="training_evidence"
    )
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-completed_on", "-created_at"]
        indexes = [
            # The compliance matrix reads every current record of the organisation by member.
            models.Index(
                fields=["organisation", "member", "course"], name="training_rec_member_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.completed_on:%d %b %Y}"

    @property
    def awaiting_verification(self) -> bool:
        """Recorded by the member and not yet verified: it does not count yet."""
        return (
            self.source == RecordSource.SELF and not self.verified_by_id and not self.withdrawn_at
        )

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        files=("evidence",),
        fields=("withdrawn_reason", "evidence_name"),
        staff=("member__user",),
    )


class Briefing(OrganisationOwnedModel):
    """A CPD briefing (e.g. a counter-terrorism update from the police) and who attended."""

    title = models.CharField(_("title"), max_length=200)
    given_by = models.CharField(
        _("given by"), max_length=200, help_text=_("The team or organisation that gave it.")
    )
    held_on = models.DateField(_("date held"))
    summary = EncryptedTextField(
        _("summary"),
        blank=True,
        help_text=_("What was covered. No names of learners or of anyone the briefing was about."),
    )
    attendees = models.ManyToManyField(
        "organisations.Membership", related_name="briefings_attended", blank=True
    )
    counts_as = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counts as"),
        help_text=_("Set by a DSL: attendance then counts as completing this course."),
    )
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("summary", "given_by"),
        staff=("attendees__user",),
        unlisted="who gave the briefing, as written",
    )


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", _("Due within 30 days")
    OVERDUE = "overdue", _("Overdue")


class TrainingReminder(OrganisationOwnedModel):
    """That a member was reminded of one requirement at one stage for one due date.

    A reminder is sent once per (member, requirement, stage, due date): renewing moves
    the due date, so the next expiry is reminded afresh.
    """

    member = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    due_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "requirement", "stage", "due_on"],
                name="training_reminder_once",
            )
        ]

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(staff=("member__user",))


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking rows")
    SAVING = "saving", _("Saving")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(OrganisationOwnedModel):
    """A CSV of training records being checked and imported by the background worker."""

    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    content = EncryptedTextField(blank=True)  # emptied once the job ends
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{line, column, message}]
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("content",), unlisted="an uploaded CSV of staff and their training"
    )
