"""The people directory: the organisation's community, with the minimum identifying data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData


class PersonKind(models.TextChoices):
    LEARNER = "learner", _("Learner")
    STAFF = "staff", _("Staff member")
    CONTRACTOR = "contractor", _("Contractor")
    VISITOR = "visitor", _("Visitor")


class Person(OrganisationOwnedModel):
    """Someone of the organisation's community a concern can be about.

    Only what is needed to tell two people apart: names, date of birth, the organisation's
    own reference (learner or staff number) and site. No contact details.

    Leaving is one concept with two columns: a person who has left is archived (out of the
    directory list and the pickers, their records still linked) and ``left_on`` says since
    when. The database holds them together (``person_left_when_archived``): archiving by
    hand records today, an MIS sync records the date the MIS gives. The date is what the
    retention rules count from. People are never deleted for leaving.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        help_text=_("The organisation's own number for this person, e.g. a learner number."),
    )
    site = models.ForeignKey(
        "organisations.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_archived = models.BooleanField(
        _("left"),
        default=False,
        help_text=_("Set with the date left: someone who has left is out of the pickers."),
    )
    left_on = models.DateField(
        _("date left"),
        null=True,
        blank=True,
        help_text=_("When the person left the organisation; set when they are archived."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~models.Q(reference=""),
                name="person_unique_reference",
            ),
            models.CheckConstraint(
                condition=models.Q(is_archived=False, left_on__isnull=True)
                | models.Q(is_archived=True, left_on__isnull=False),
                name="person_left_when_archived",
            ),
        ]
        indexes = [
            # The directory list and the subject picker: one organisation's people by name.
            models.Index(
                fields=["organisation", "family_name", "given_name"], name="person_org_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def label(self) -> str:
        """Full identity for pickers: name, kind, reference and date of birth."""
        parts = [self.full_name, str(self.get_kind_display())]
        if self.reference:
            parts.append(self.reference)
        if self.date_of_birth:
            parts.append(f"born {self.date_of_birth:%d %b %Y}")
        return ", ".join(parts)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("given_name", "family_name", "reference", "date_of_birth", "left_on"),
        person=("",),
    )
