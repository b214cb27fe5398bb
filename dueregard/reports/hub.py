"""The "Prevent duty" page: every register, log and record around the case work.

The links are data. Each names a URL whose view is wrapped in ``member_required``; a
member sees a link only when that view's own access test lets them in, so the page never
repeats (or contradicts) a permission rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


@dataclass(frozen=True)
class Link:
    url_name: str
    title: str | Promise
    description: str | Promise


@dataclass(frozen=True)
class Section:
    title: str | Promise
    links: tuple[Link, ...]


SECTIONS = (
    Section(
        _("Risk and planning"),
        (
            Link(
                "risks:register",
                _("Prevent risk register"),
                _("Risks by theme, the heatmap, published versions and what moved."),
            ),
            Link(
                "actions:action_plan",
                _("Action plan"),
                _("What the organisation is doing about its risks, with owners and dates."),
            ),
            Link(
                "checks:overview",
                _("IT filtering, monitoring and faith facilities"),
                _("Checks of the web filter and monitoring, alerts passed on, prayer rooms."),
            ),
            Link(
                "policydoc:overview",
                _("Prevent policy"),
                _("The policy document, generated from live data, and its versions."),
            ),
        ),
    ),
    Section(
        _("Referrals and information sharing"),
        (
            Link(
                "referrals:list",
                _("Referrals"),
                _("Referrals to police Prevent, Channel and social care, and their outcomes."),
            ),
            Link(
                "sharing:log",
                _("Information-sharing log"),
                _("Every disclosure of personal data outside the organisation."),
            ),
            Link(
                "contacts:list",
                _("Contacts"),
                _("Prevent leads, police, local authority, Channel and emergency numbers."),
            ),
        ),
    ),
    Section(
        _("Training and events"),
        (
            Link(
                "training:compliance",
                _("Training compliance"),
                _("Who is trained, who is due and who is overdue, by requirement."),
            ),
            Link("training:mine", _("My training"), _("Your training records and what is due.")),
            Link(
                "events:list",
                _("External speakers and events"),
                _("Requests, due diligence and decisions; ask for a speaker to be checked."),
            ),
        ),
    ),
    Section(
        _("Partnership and the local picture"),
        (
            Link(
                "partnership:overview",
                _("Partnership and the local picture"),
                _("Meetings with Prevent partners, the threat level and the local picture."),
            ),
            Link(
                "partnership:updates",
                _("Updates to staff"),
                _("Short updates from the safeguarding team; confirm you have read them."),
            ),
        ),
    ),
    Section(
        _("Policies"),
        (
            Link(
                "policies:list",
                _("Policy register"),
                _("Policies, their versions and reviews; confirm you have read them."),
            ),
        ),
    ),
)


def may_open(membership: Membership, url_name: str) -> bool:
    """Whether the member's role grants the permission the view declares (``permission``,
    set by ``member_required``; ``None`` is any member)."""
    view = resolve(reverse(url_name)).func
    perm = getattr(view, "permission", None)
    return perm is None or bool(membership.can(perm))


def sections_for(membership: Membership) -> list[tuple[Section, list[Link]]]:
    shown = []
    for section in SECTIONS:
        links = [link for link in section.links if may_open(membership, link.url_name)]
        if links:
            shown.append((section, links))
    return shown
