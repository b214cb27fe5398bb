"""Partnership work and the local picture (seed policies: "working in partnership").

* ``Meeting``: a partnership meeting or briefing (police Prevent, the local authority's or
  the DfE's Prevent co-ordinator, Channel, a multi-agency workshop): when, who attended
  (agencies and roles), what was learnt. Its ``MeetingAction`` rows are what the
  organisation agreed to do; each can become an action-plan item in one step.
* ``ThreatLevel``: the national threat level as the DSL records it, append-only: the
  current level is the latest entry, with what the organisation did about the change.
* ``PictureNote``: a dated note on the local threat picture (often from a briefing) and
  the organisation's response.
* ``StaffUpdate`` and ``UpdateAcknowledgement``: a short update the DSL sends to all staff
  or to some roles, which each of them acknowledges once.

Nothing here is about a learner: the text fields say so, and are encrypted all the same
because a note from a briefing may name a partner's officer.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.actions.models import ActionItem
from dueregard.core.fields import EncryptedTextField
from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.models import Membership
from dueregard.risks.models import AppendOnlyModel

NO_LEARNERS = _("Never name or describe a learner here.")


class PartnerKind(models.TextChoices):
    POLICE_PREVENT = "police_prevent", _("Police Prevent team")
    LA_PREVENT = "la_prevent", _("Local authority Prevent co-ordinator")
    DFE_PREVENT = "dfe_prevent", _("DfE regional Prevent co-ordinator")
    CHANNEL = "channel", _("Channel panel")
    MULTI_AGENCY = "multi_agency", _("Multi-agency workshop or forum")
    OTHER = "other", _("Other partner")


class Meeting(OrganisationOwnedModel):
    held_on = models.DateField(_("date held"))
    kind = models.CharField(_("partner"), max_length=20, choices=PartnerKind.choices)
    title = models.CharField(_("title"), max_length=200)
    attended = EncryptedTextField(_("who attended"))
    learnt = EncryptedTextField(_("what was learnt"))

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="partnership_held_idx")]

    def __str__(self) -> str:
        return self.title

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("attended", "learnt"),
        unlisted="a meeting record may name partners' officers and staff",
    )


class MeetingAction(OrganisationOwnedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField(_("action"))
    item = models.OneToOneField(
        ActionItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_action",
        verbose_name=_("action-plan item"),
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Action from {self.meeting}"

    personal_data = PersonalData(
        fields=("description",), unlisted="an agreed action may name partners or staff"
    )


class Level(models.TextChoices):
    LOW = "low", _("Low: an attack is highly unlikely")
    MODERATE = "moderate", _("Moderate: an attack is possible but not likely")
    SUBSTANTIAL = "substantial", _("Substantial: an attack is likely")
    SEVERE = "severe", _("Severe: an attack is highly likely")
    CRITICAL = "critical", _("Critical: an attack is highly likely in the near future")


class ThreatLevel(AppendOnlyModel):
    level = models.CharField(_("national threat level"), max_length=20, choices=Level.choices)
    changed_on = models.DateField(_("date it changed"))
    response = EncryptedTextField(_("what the organisation did"), blank=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("threat level entry")

    def __str__(self) -> str:
        return f"{self.get_level_display()} from {self.changed_on}"

    personal_data = PersonalData(
        fields=("response",), unlisted="what the organisation did may name staff"
    )


class PictureNote(AppendOnlyModel):
    noted_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="picture_notes",
        verbose_name=_("from the meeting"),
    )
    note = EncryptedTextField(_("what the local picture is"))
    response = EncryptedTextField(_("what the organisation did"), blank=True)

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("local picture note")

    def __str__(self) -> str:
        return f"Local picture on {self.noted_on}"

    personal_data = PersonalData(
        fields=("note", "response"), unlisted="a note on the local picture may name partners"
    )


class StaffUpdate(OrganisationOwnedModel):
    """A short update for staff, acknowledged by each member it is for."""

    title = models.CharField(_("title"), max_length=200)
    body = EncryptedTextField(_("update"))
    # The ``Role`` values it is for; empty: every member who acknowledges updates.
    roles = models.JSONField(_("for"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.title

    personal_data = PersonalData(fields=("body",), unlisted="an update may name staff")


class UpdateAcknowledgement(AppendOnlyModel):
    update = models.ForeignKey(
        StaffUpdate, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "member"], name="update_ack_once")]
        verbose_name = _("acknowledgement of an update")

    def __str__(self) -> str:
        return f"Acknowledged {self.update}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(staff=("member__user",))
