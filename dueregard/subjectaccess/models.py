"""Subject access requests (UK GDPR Art 15): the request, its deadline and its redactions.

A request is about one person of the directory (and, when that person is also a member of
staff, their user account: training and the like). The deadline is one calendar month
from the day the request was received (``deadlines.py``), extendable with a reason to at
most three months. What is held about the person is never listed here: it is read from the
registry of personal data (``collect.py``). Other people's names in what is sent are
redaction terms, proposed by the app and accepted or overridden by the DSL team.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationManager, OrganisationOwnedModel, OrganisationQuerySet
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.permissions import Can


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SENT = "sent", _("Response sent")
    CLOSED = "closed", _("Closed without a response")


class HandlersOnlyQuerySet(OrganisationQuerySet):
    def visible_to(self, membership: Any) -> HandlersOnlyQuerySet:
        """The DSL team handles subject access; nobody else sees the requests."""
        if not membership.can(Can.HANDLE_SUBJECT_ACCESS):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


class SubjectAccessRequest(OrganisationOwnedModel):
    """A person's request for a copy of what the organisation holds about them."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("their staff account"),
        help_text=_("When the person is also a member of staff: their training and the like."),
    )
    received_on = models.DateField(_("date received"))
    due_on = models.DateField(_("response due"))
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    identity_how = EncryptedTextField(_("how identity was checked"), blank=True, default="")
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = EncryptedTextField(_("why it was extended"), blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    sent_at = models.DateTimeField(_("response sent"), null=True, blank=True)
    closed_reason = EncryptedTextField(_("why it was closed"), blank=True, default="")
    # The reminder job's memory: the last stage ("due_soon", "overdue") reminded, and for
    # which deadline (an extension starts the stages again).
    reminded_stage = models.CharField(max_length=10, blank=True, default="")
    reminded_for = models.DateField(null=True, blank=True)

    objects = OrganisationManager.from_queryset(HandlersOnlyQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        verbose_name = _("subject access request")
        verbose_name_plural = _("subject access requests")
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "due_on"], name="sar_org_status_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on:%d %b %Y}"

    @property
    def deadline(self) -> date:
        """The day the response is due: the extended date when extended."""
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("identity_how", "extension_reason", "closed_reason"),
        person=("person",),
        staff=("staff_user",),
    )


class TermKind(models.TextChoices):
    OTHER_PERSON = "person", _("Another person's name")
    STAFF = "staff", _("A member of staff's name")
    ADDED = "added", _("Added by hand")


class TermDecision(models.TextChoices):
    PROPOSED = "proposed", _("Proposed: not yet decided")
    ACCEPTED = "accepted", _("Redact")
    OVERRIDDEN = "overridden", _("Keep: not redacted")


class RedactionTerm(OrganisationOwnedModel):
    """Words to replace with "[redacted]" in one request's response.

    Other people's names are proposed by the app; each is accepted (redacted) or overridden
    (kept) by the DSL team. Words added by hand are redacted.
    """

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="terms"
    )
    text = EncryptedTextField(_("words to redact"))
    kind = models.CharField(_("kind"), max_length=10, choices=TermKind.choices)
    decision = models.CharField(
        _("decision"), max_length=12, choices=TermDecision.choices, default=TermDecision.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationManager.from_queryset(HandlersOnlyQuerySet)()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["kind", "created_at", "id"]

    def __str__(self) -> str:
        return f"Redaction term ({self.get_kind_display()})"

    @property
    def redacts(self) -> bool:
        return self.decision == TermDecision.ACCEPTED

    # What this holds about people (core/personal_data.py): names of people other than the
    # request's subject, so deliberately not linked to the subject.
    personal_data = PersonalData(
        fields=("text",), unlisted="another person's name, to redact from a response"
    )
