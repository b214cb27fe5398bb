"""The contacts directory: who the organisation calls about Prevent and safeguarding.

Contacts are agencies, teams and the organisation's own leads, never learners. Every member
may read the emergency ones (the immediate-danger page shows them); the DSL team and
administrators keep the directory.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import OrganisationOwnedModel
from dueregard.core.personal_data import PersonalData


class ContactKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency number")
    DSL = "dsl", _("DSL / Prevent lead of the organisation")
    DEPUTY_DSL = "deputy_dsl", _("Deputy DSL of the organisation")
    POLICE_PREVENT = "police_prevent", _("Police Prevent team")
    POLICE_NON_EMERGENCY = "police_non_emergency", _("Police (non-emergency)")
    LA_PREVENT = "la_prevent", _("Local authority Prevent co-ordinator")
    DFE_PREVENT = "dfe_prevent", _("DfE regional Prevent co-ordinator")
    CHANNEL_PANEL = "channel_panel", _("Channel panel")
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", _("Children's social care")
    ADULT_SOCIAL_CARE = "adult_social_care", _("Adult social care")
    LADO = "lado", _("Local authority designated officer (LADO)")
    OTHER = "other", _("Other")


#: Kinds everyone in the organisation may read (the immediate-danger page).
PUBLIC_KINDS = frozenset({ContactKind.EMERGENCY, ContactKind.DSL, ContactKind.DEPUTY_DSL})


class ContactQuerySet(models.QuerySet["Contact"]):
    pass


class Contact(OrganisationOwnedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=ContactKind.choices)
    name = models.CharField(
        _("name or team"),
        max_length=200,
        help_text=_("The team or the person's name and role, e.g. 'Prevent Engagement Team'."),
    )
    agency = models.CharField(
        _("agency"),
        max_length=200,
        blank=True,
        help_text=_("The body they work for, e.g. the police force or the council."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    out_of_hours_phone = models.CharField(_("out-of-hours phone"), max_length=40, blank=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("A secure address if they have one.")
    )
    address = models.TextField(_("address or portal"), blank=True)
    areas = models.CharField(
        _("areas covered"),
        max_length=300,
        blank=True,
        help_text=_("Boroughs, counties or regions, e.g. 'North and East districts'."),
    )
    sites = models.ManyToManyField(
        "organisations.Site",
        blank=True,
        related_name="+",
        verbose_name=_("sites covered"),
        help_text=_("Leave empty if the contact covers every site."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("When to use this contact; never details of a case.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        indexes = [
            # The agency picker and the emergency page: an organisation's active contacts by kind.
            models.Index(fields=["organisation", "kind", "is_active"], name="contact_org_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})" if self.agency else self.name

    @property
    def label(self) -> str:
        return str(self)

    # What this holds about people (core/personal_data.py).
    personal_data = PersonalData(
        fields=("name", "phone", "out_of_hours_phone", "email", "notes"),
        unlisted="a professional contact: their name, numbers and email",
    )
