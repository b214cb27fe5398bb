"""Evidence for two of the register's themes: IT and online safety, and prayer and faith
facilities.

* ``FilteringCheck``: a test of the web filter or the monitoring system (date, what was
  tested, the result, what was done about a gap, who checked). Append-only.
* ``MonitoringAlert``: that the monitoring system raised an alert and when it reached the
  DSL, by category and outcome. Never who it was about: a concern about a learner is raised
  as a concern. Append-only.
* ``PrayerRoom`` (its rules and who oversees it), its ``RoomCheck`` rows (append-only) and
  the ``FaithDate`` rows of the multi-faith calendar the organisation observes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData
from dueregard.organisations.models import Site
from dueregard.risks.models import AppendOnlyModel

NO_LEARNERS = _("Never name or describe a learner here.")


class CheckKind(models.TextChoices):
    FILTERING = "filtering", _("Web filtering")
    MONITORING = "monitoring", _("Monitoring")


class CheckResult(models.TextChoices):
    WORKED = "worked", _("Worked as expected")
    GAP = "gap", _("A gap was found")


class FilteringCheck(AppendOnlyModel):
    kind = models.CharField(_("what was checked"), max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField(_("date checked"))
    tested = models.CharField(_("what was tested"), max_length=300)
    result = models.CharField(_("result"), max_length=20, choices=CheckResult.choices)
    action = models.TextField(_("what was done about it"), blank=True, help_text=NO_LEARNERS)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("filtering or monitoring check")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check on {self.checked_on}"

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(staff=("checked_by",))


class AlertOutcome(models.TextChoices):
    CONCERN = "concern", _("A concern was raised")
    NO_ACTION = "no_action", _("Looked at: no further action")
    FALSE_POSITIVE = "false_positive", _("False alarm")


class MonitoringAlert(AppendOnlyModel):
    received_on = models.DateField(_("date of the alert"))
    category = models.CharField(
        _("category"),
        max_length=100,
        help_text=_("As the monitoring system names it, for example: extremism, self-harm."),
    )
    passed_on = models.DateField(_("date it reached the DSL"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=AlertOutcome.choices)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("monitoring alert")

    def __str__(self) -> str:
        return f"Monitoring alert on {self.received_on}"


class PrayerRoom(OrganisationOwnedModel):
    name = models.CharField(_("name"), max_length=200)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("site")
    )
    rules = models.TextField(_("how it is used"), help_text=_("Opening times, booking, rules."))
    overseen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overseen by"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="prayer_room_unique")
        ]

    def __str__(self) -> str:
        return self.name

    personal_data = PersonalData(staff=("overseen_by",))


class RoomCheck(AppendOnlyModel):
    room = models.ForeignKey(PrayerRoom, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField(_("date checked"))
    findings = models.TextField(_("what was found"), help_text=NO_LEARNERS)
    action = models.TextField(_("what was done about it"), blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("check of a prayer room")

    def __str__(self) -> str:
        return f"{self.room} checked on {self.checked_on}"


class FaithDate(OrganisationOwnedModel):
    observed_on = models.DateField(_("date"))
    name = models.CharField(_("what is observed"), max_length=200)
    notes = models.CharField(_("what the organisation does"), max_length=300, blank=True)

    class Meta:
        ordering = ["observed_on", "name"]

    def __str__(self) -> str:
        return self.name
