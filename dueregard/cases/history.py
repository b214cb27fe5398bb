"""A person's safeguarding history for the DSL team, and the hints beside a concern.

Which records are about the person, and which of them the member may open, comes from
``cases.queries.records_about_person`` (the registry of personal data and ``can_open`` as a
query): records of a restricted case the member may not open are left out here too. Each
part of the page is one query, however long the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
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
                        referral.get_kind_display(),
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


def subjects_with_hints(membership: Membership) -> QuerySet[ConcernSubject]:
    """Concern subjects with their person and what the DSL should know at a glance, as
    annotations in the same query (so the triage queue costs no more queries):
    ``earlier_concerns`` (concerns about the person raised before this one),
    ``open_case_count`` and ``open_case_reference`` (the newest open case they are on).
    Only concerns and cases the member may open count (``openable_cases``)."""
    openable = openable_cases(membership).values("pk")
    earlier = (
        ConcernSubject.objects.filter(
            person=OuterRef("person"), concern__created_at__lt=OuterRef("concern__created_at")
        )
        .filter(Q(concern__case__isnull=True) | Q(concern__case__in=openable))
        .values("person")
        .annotate(n=Count("concern", distinct=True))
        .values("n")
    )
    on_open_cases = CaseParty.objects.filter(
        person=OuterRef("person"), case__status__in=OPEN_STATUSES, case__in=openable
    )
    subjects: QuerySet[ConcernSubject] = ConcernSubject.objects.select_related("person").annotate(
        earlier_concerns=Coalesce(Subquery(earlier, output_field=IntegerField()), 0),
        open_case_count=Coalesce(
            Subquery(
                on_open_cases.values("person").annotate(n=Count("case", distinct=True)).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        open_case_reference=Subquery(
            on_open_cases.order_by("-case__created_at", "-case__pk").values("case__reference")[:1]
        ),
    )
    return subjects
