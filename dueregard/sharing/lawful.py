"""Lawful bases and conditions for sharing personal data outside the organisation.

Kept as data (codes with labels) so the form, the referral document, the sharing log and its
exports all say the same words. Codes are stored; labels may be reworded.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Article6(models.TextChoices):
    LEGAL_OBLIGATION = "6_1_c", _("Art 6(1)(c) legal obligation")
    PUBLIC_TASK = "6_1_e", _("Art 6(1)(e) public task")
    VITAL_INTERESTS = "6_1_d", _("Art 6(1)(d) vital interests")
    CONSENT = "6_1_a", _("Art 6(1)(a) consent")


class Article9(models.TextChoices):
    NONE = "none", _("No special category data shared")
    SUBSTANTIAL_PUBLIC_INTEREST = (
        "9_2_g",
        _("Art 9(2)(g) substantial public interest (with a DPA 2018 Sch 1 Part 2 condition)"),
    )
    VITAL_INTERESTS = "9_2_c", _("Art 9(2)(c) vital interests, the person being unable to consent")
    HEALTH_SOCIAL_CARE = (
        "9_2_h",
        _("Art 9(2)(h) health or social care (with DPA 2018 Sch 1 para 2)"),
    )
    EXPLICIT_CONSENT = "9_2_a", _("Art 9(2)(a) explicit consent")


class Schedule1(models.TextChoices):
    NONE = "none", _("DPA 2018 Schedule 1: no condition needed")
    SAFEGUARDING = (
        "p18",
        _("DPA 2018 Sch 1 para 18: safeguarding of children and of individuals at risk"),
    )
    UNLAWFUL_ACTS = "p10", _("DPA 2018 Sch 1 para 10: preventing or detecting unlawful acts")
    STATUTORY = "p6", _("DPA 2018 Sch 1 para 6: statutory and government purposes")
    HEALTH_SOCIAL_CARE = "p2", _("DPA 2018 Sch 1 para 2: health or social care purposes")


class Article10(models.TextChoices):
    NONE = "none", _("No criminal offence data shared")
    UNLAWFUL_ACTS = (
        "p10",
        _("Art 10 with DPA 2018 Sch 1 para 10: preventing or detecting unlawful acts"),
    )
    SAFEGUARDING = "p18", _("Art 10 with DPA 2018 Sch 1 para 18: safeguarding")


class Consent(models.TextChoices):
    GIVEN = "given", _("Sought and given")
    REFUSED = "refused", _("Sought and refused")
    NOT_SOUGHT = "not_sought", _("Not sought")


#: Art 9 conditions that need a Schedule 1 condition beside them.
NEEDS_SCHEDULE_1 = frozenset({Article9.SUBSTANTIAL_PUBLIC_INTEREST, Article9.HEALTH_SOCIAL_CARE})


def check_basis(art6: str, art9: str, sch1: str, art10: str) -> list[tuple[str, str]]:
    """Problems with a lawful basis, as (field, message); empty when it is complete."""
    problems: list[tuple[str, str]] = []
    if art6 not in Article6.values:
        problems.append(("lawful_basis_art6", "Choose the UK GDPR Article 6 lawful basis."))
    if art9 not in Article9.values:
        problems.append(
            (
                "lawful_basis_art9",
                "Choose the Article 9 condition, or say no special category data is shared.",
            )
        )
    if art10 not in Article10.values:
        problems.append(
            (
                "lawful_basis_art10",
                "Choose the Article 10 condition, or say no criminal offence data is shared.",
            )
        )
    if sch1 not in Schedule1.values:
        problems.append(("lawful_basis_sch1", "Choose the DPA 2018 Schedule 1 condition, or none."))
    elif art9 in NEEDS_SCHEDULE_1 and sch1 == Schedule1.NONE:
        problems.append(
            (
                "lawful_basis_sch1",
                "Article 9(2)(g) and 9(2)(h) need a DPA 2018 Schedule 1 condition.",
            )
        )
    return problems


def check_consent(consent: str, reason: str) -> list[tuple[str, str]]:
    """Sharing without consent is allowed, never silently: it needs the reason."""
    if consent not in Consent.values:
        return [("consent", "Say whether consent was sought and whether it was given.")]
    if consent != Consent.GIVEN and not reason.strip():
        return [("consent_reason", "Give the reason for sharing without consent.")]
    return []


def describe(art6: str, art9: str, sch1: str, art10: str) -> list[str]:
    """The basis as lines of text, for documents and the log."""
    lines = []
    for enum, code in ((Article6, art6), (Article9, art9), (Schedule1, sch1), (Article10, art10)):
        if code in enum.values:
            lines.append(str(enum(code).label))
    return lines
