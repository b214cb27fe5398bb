"""The people directory: the organisation's community, with the minimum identifying data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import EncryptedTextField
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


class FlagKind(models.TextChoices):
    LOOKED_AFTER = "looked_after", _("Looked after")
    CARE_EXPERIENCED = "care_experienced", _("Care-experienced")
    SEND = "send", _("Special educational needs (SEND)")
    EHCP = "ehcp", _("Education, health and care plan (EHCP)")
    YOUNG_CARER = "young_carer", _("Young carer")
    SOCIAL_CARE = "social_care", _("Known to social care")
    OTHER = "other", _("Other (described below)")


class PersonFlag(OrganisationOwnedModel):
    """Something the organisation records about a person that the DSL team should know.

    Dated and never edited: a flag is added with the day it starts and ended with the day it
    ends (who ended it and when is kept), so the person's page shows the history.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(_("flag"), max_length=30, choices=FlagKind.choices)
    detail = EncryptedTextField(
        _("details"),
        blank=True,
        help_text=_("Only what the DSL team needs, e.g. the local authority or the plan."),
    )
    starts_on = models.DateField(_("since"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="person_flag_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_current(self) -> bool:
        return self.ends_on is None

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("kind", "detail", "starts_on", "ends_on"), person=("person",)
    )


class CarerContact(OrganisationOwnedModel):
    """A parent's or carer's contact details, for the DSL team to reach the family."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="carer_contacts")
    name = EncryptedTextField(_("name"))
    relationship = EncryptedTextField(
        _("relationship to the person"), help_text=_("For example mother, foster carer, uncle.")
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    parental_responsibility = models.BooleanField(_("has parental responsibility"))
    notes = EncryptedTextField(
        _("notes"),
        blank=True,
        help_text=_("For example: not to be contacted without the DSL; court order in place."),
    )

    class Meta:
        verbose_name = _("parent or carer contact")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.name)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("name", "relationship", "phone", "email", "parental_responsibility", "notes"),
        person=("person",),
        unlisted="a parent or carer, who is not in the directory",
    )


class RelationKind(models.TextChoices):
    SIBLING = "sibling", _("Sibling")
    FAMILY = "family", _("Other family member")
    HOUSEHOLD = "household", _("Lives in the same household")
    PEER = "peer", _("Friend or peer")
    OTHER = "other", _("Other")


class PersonRelation(OrganisationOwnedModel):
    """Two people of the directory linked: siblings, family, household. Both ways alike."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations_to")
    kind = models.CharField(_("how they are related"), max_length=20, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("related person")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="person_relation_not_self"
            ),
            models.UniqueConstraint(fields=["person", "other"], name="person_relation_once"),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(fields=("kind",), person=("person", "other"))
