"""What a referral can share: identifying details of the person and the content sections.

The sections follow the DfE list of what a Prevent referral should describe. The preparer
ticks what is shared; the document and the sharing log carry only the ticked items.

Ticked by default (data minimisation, UK GDPR Art 5(1)(c)): the person's name and date of
birth (the least an agency needs to identify them and check its own records), and the
three sections that say what the concern is (how it arose, the event, the indicators).
Everything else is shared only when the preparer ticks it, for this referral.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    code: str
    label: str | Promise
    hint: str | Promise = ""


IDENTITY = (
    Item("name", _("Full name")),
    Item("date_of_birth", _("Date of birth")),
    Item("person_reference", _("Our reference for the person (e.g. learner number)")),
    Item("person_kind", _("Learner, staff or other")),
    Item("site", _("Site they attend or work at")),
)

SECTIONS = (
    Item(
        "how_arose",
        _("How and why the concern arose"),
        _("Who noticed what, when, and why it worried them."),
    ),
    Item("event", _("The event or incident"), _("What happened, where and when, in plain facts.")),
    Item(
        "indicators",
        _("Indicators observed"),
        _("Behaviours and circumstances seen; they are prompts, not proof."),
    ),
    Item(
        "online_activity",
        _("Online activity"),
        _("Sites, platforms or material involved, if known."),
    ),
    Item("associates", _("Contacts and associates"), _("People or groups of concern, if known.")),
    Item(
        "intent_to_harm",
        _("Intent to harm"),
        _("Any expressed intent to harm themselves or others."),
    ),
    Item(
        "additional_needs",
        _("Additional needs"),
        _("SEND, health, language or care needs the agency should know."),
    ),
    Item(
        "other_safeguarding",
        _("Other safeguarding concerns"),
        _("Any other concerns known to the organisation."),
    ),
    Item(
        "discussions",
        _("Discussions with the person and parents or carers"),
        _("What they were told and what they said."),
    ),
    Item(
        "unmet_needs",
        _("What may happen if needs are not met"),
        _("Your view of the risk to them or others."),
    ),
)

IDENTITY_CODES = tuple(i.code for i in IDENTITY)
SECTION_CODES = tuple(i.code for i in SECTIONS)
ALL_CODES = IDENTITY_CODES + SECTION_CODES
LABELS = {i.code: i.label for i in (*IDENTITY, *SECTIONS)}

DEFAULT_SHARED = ("name", "date_of_birth", "how_arose", "event", "indicators")


def labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Labels of ``codes`` in document order."""
    chosen = set(codes)
    return [str(LABELS[c]) for c in ALL_CODES if c in chosen]
