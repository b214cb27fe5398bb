"""A person's safeguarding history for the DSL team, and the hints beside a concern.

Which records are about the person, and which of them the member may open, comes from
``cases.queries.records_about_person`` (the registry of personal data and ``can_open`` as a
query): records of a restricted case the member may not open are left out here too. Each
part of the page is one query, however long the history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.cases.access import openable_cases
from dueregard.cases.models import (
    OPEN_STATUSES,
    ActionStatus,
    CaseParty,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.queries import records_about_person
from dueregard.channel.models import PanelMeeting
from dueregard.concerns.models import Concern, ConcernSubject
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.referrals.models import Referral

#: What the timeline can be filtered to, with the words the filter shows.
KINDS: dict[str, Any] = {
    "concern": _("Concerns"),
    "case": _("Cases"),
    "referral": _("Referrals"),
    "channel": _("Channel panels"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: what, when, the person's role in it, its state, a link."""

    kind: str
    when: datetime.date
    reference: str
    what: str
    role: str
    status: str
    url: str


@dataclass
class History:
    timeline: list[Entry]
    open_actions: list[SupportAction]
    open_reviews: list[Review]
    referrals: list[Referral]
    panels: list[PanelMeeting]


def _about(objects: dict[str, QuerySet[Any]], name: str) -> QuerySet[Any] | list[Any]:
    return objects.get(name, [])


def _day(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date()


def person_history(
    membership: Membership,
    person: Person,
    *,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> History:
    """The person's concerns, cases, referrals and Channel panels the member may open,
    newest first (``kind`` and the dates narrow the timeline only), with the open actions
    and scheduled reviews of their cases."""
    objects, _kinds = records_about_person(membership, person)

    def wanted(name: str) -> bool:
        return not kind or kind == name

    def in_range(day: datetime.date) -> bool:
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    timeline: list[Entry] = []
    if wanted("concern"):
        concerns = Concern.objects.filter(public_id__in=_about(objects, "concern")).select_related(
            "case"
        )
        for concern in concerns:
            day = _day(concern.created_at)
            if in_range(day):
                timeline.append(
                    Entry(
                        "concern",
                        day,
                        concern.reference,
                        str(_("Concern raised")),
                        str(_("Subject")),
                        concern.get_status_display(),
                        reverse("concerns:detail", args=[concern.public_id]),
                    )
                )
    if wanted("case"):
        parties = CaseParty.objects.filter(
            public_id__in=_about(objects, "caseparty"), person=person
        ).select_related("case")
        for party in parties:
            day = _day(party.case.created_at)
            if in_range(day):
                timeline.append(
                    Entry(
                        "case",
                        day,
                        party.case.reference,
                        str(_("Case opened")),
                        party.get_role_display(),
                        party.case.get_status_display(),
                        reverse("cases:detail", args=[party.case.public_id]),
                    )
                )
    referrals = list(
        Referral.objects.filter(public_id__in=_about(objects, "referral"))
        .select_related("case")
        .order_by("-referred_on", "-pk")
    )
    if wanted("referral"):
        for referral in referrals:
            if in_range(referral.referred_on):
                timeline.append(
                    Entry(
                        "referral",
                        referral.referred_on,
                        referral.display_reference,
                        str(_("Referral: %(kind)s") % {"kind": referral.get_kind_display()}),
                        str(_("Referred")),
                        referral.get_status_display(),
                        reverse("referrals:detail", args=[referral.public_id]),
                    )
                )
    panels = list(
        PanelMeeting.objects.filter(public_id__in=_about(objects, "panelmeeting"))
        .select_related("case")
        .order_by("-met_on", "-pk")
    )
    if wanted("channel"):
        for panel in panels:
            if in_range(panel.met_on):
                timeline.append(
                    Entry(
                        "channel",
                        panel.met_on,
                        panel.case.reference,
                        str(_("Channel panel")),
                        str(_("Discussed")),
                        panel.get_outcome_display(),
                        reverse("channel:case", args=[panel.case.public_id]),
                    )
                )
    timeline.sort(key=lambda entry: (entry.when, entry.reference), reverse=True)
    open_actions = list(
        SupportAction.objects.filter(
            public_id__in=_about(objects, "supportaction"), status=ActionStatus.OPEN
        )
        .select_related("case", "owner")
        .order_by("due_on", "pk")
    )
    open_reviews = list(
        Review.objects.filter(
            public_id__in=_about(objects, "review"), status=ReviewStatus.SCHEDULED
        )
        .select_related("case")
        .order_by("due_at", "pk")
    )
    return History(timeline, open_actions, open_reviews, referrals, panels)


# --- Hints beside a concern -------------------------------------------------------------


@dataclass(frozen=True)
class OpenCase:
    reference: str
    public_id: Any


@dataclass
class Hint:
    """What a concern's subject already has: earlier concerns and open cases."""

    person: Person
    earlier: int = 0
    open_cases: list[OpenCase] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.earlier or self.open_cases)


def hints_for(membership: Membership, concerns: Iterable[Concern]) -> dict[int, list[Hint]]:
    """For each concern (by pk), a hint per subject in the directory: how many concerns
    about them came before it and their open cases, the member may open. Two queries for
    the whole page; the concerns' ``subjects`` (with ``person``) should be prefetched."""
    concerns = list(concerns)
    subjects = {
        c.pk: [s.person for s in c.subjects.all() if s.person is not None] for c in concerns
    }
    person_ids = {p.pk for people in subjects.values() for p in people}
    if not person_ids:
        return {c.pk: [] for c in concerns}
    openable = openable_cases(membership).values("pk")
    raised: dict[int, dict[int, datetime.datetime]] = defaultdict(dict)
    rows = (
        ConcernSubject.objects.filter(person_id__in=person_ids)
        .filter(Q(concern__case__isnull=True) | Q(concern__case__in=openable))
        .values_list("person_id", "concern_id", "concern__created_at")
    )
    for person_id, concern_id, created_at in rows:
        raised[person_id][concern_id] = created_at
    cases: dict[int, list[OpenCase]] = defaultdict(list)
    parties = (
        CaseParty.objects.filter(
            person_id__in=person_ids, case__status__in=OPEN_STATUSES, case__in=openable
        )
        .values_list("person_id", "case__reference", "case__public_id")
        .order_by("case__created_at", "case__pk")
    )
    for person_id, reference, public_id in parties:
        if all(c.public_id != public_id for c in cases[person_id]):
            cases[person_id].append(OpenCase(reference, public_id))
    hints: dict[int, list[Hint]] = {}
    for concern in concerns:
        hints[concern.pk] = [
            Hint(
                person=person,
                earlier=sum(
                    1
                    for other, at in raised[person.pk].items()
                    if other != concern.pk and at < concern.created_at
                ),
                open_cases=list(cases[person.pk]),
            )
            for person in subjects[concern.pk]
        ]
    return hints
