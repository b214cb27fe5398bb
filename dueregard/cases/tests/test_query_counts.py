"""The DSL's busiest pages make the same number of SQL queries whatever the data size.

Demo-size data (about 40 concerns and 25 cases with people, actions, reviews, notes and
referrals) is built through the services; then ten times as much is added with
``bulk_create`` and every page must make exactly as many queries as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import count

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases import services
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseParty,
    CaseStatus,
    ChronologyEntry,
    DecisionKind,
    Note,
    PartyRole,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.tests.builders import a_referral, an_emergency, in_a_week
from dueregard.concerns.models import (
    Attachment,
    Concern,
    ConcernStatus,
    ConcernSubject,
    ConcernType,
)
from dueregard.core.models import OrganisationOwnedModel
from dueregard.organisations.models import Membership, ReferenceCounter
from dueregard.people.models import Person
from dueregard.referrals.models import Referral, ReferralKind
from dueregard.referrals.services import approve_referral
from dueregard.testing.factories import make_concern, make_person

#: The queries each page makes, measured: the session, the user, the member's active
#: memberships (one query: the current one and the header's organisation count, from
#: ``MembershipMiddleware``), then the page's own. Was 10/11/16/22 when the header counted
#: the organisations again. The triage queue is paged (25 a page), so its totals (waiting,
#: emergencies, over target) are one grouped count of the whole queue: 9 + 1. The dashboard's
#: policy panel (policies flagged by a change in law or guidance, reviews overdue) is 2.
MAX_QUERIES = {"triage queue": 10, "case list": 10, "case page": 15, "DSL dashboard": 23}

SCALE = 10


@dataclass
class Demo:
    people: list[Person]
    focus: Case  # the case whose page is measured
    serial: count[int]


def build_demo(dsl: Membership, deputy: Membership, teacher: Membership) -> Demo:
    """Demo-size data through the services: 25 cases from 25 concerns, 15 more untriaged."""
    org = dsl.organisation
    people = [make_person(org, f"Given{n}", f"Family{n}", reference=f"L{n:05d}") for n in range(30)]
    categories = list(ConcernType.objects.filter(is_not_sure=False)[:3])
    cases = []
    for n in range(25):
        person = people[n]
        concern = make_concern(teacher, person, immediate_danger=n % 7 == 0)
        case = services.open_case_from_concern(dsl, concern, category=categories[n % 3])
        services.add_party(dsl, case, role=PartyRole.WITNESS, person=people[(n + 1) % 30])
        services.add_action(
            dsl, case, description="Mentoring", owner=teacher.user, due_on=in_a_week()
        )
        services.record_decision(
            dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support."
        )
        services.add_note(dsl, case, body="Spoke to the tutor.")
        if n % 3 == 0:
            services.record_decision(
                deputy,
                case,
                kind=DecisionKind.EXTERNAL_REFERRAL,
                rationale="Refer.",
                referral=a_referral(),
            )
        if n % 5 == 0:
            services.close_case(dsl, case, outcome_summary="Support worked.")
        if n % 8 == 0:
            services.restrict_case(dsl, case, [deputy.user])
        cases.append(case)
    for n in range(10):
        make_concern(teacher, people[n], immediate_danger=n == 4)
    for n in range(10, 15):
        # Some concerns name two people and describe a third.
        concern = make_concern(teacher, people[n], unknown_subject="Older man at the gate")
        concern.subjects.create(person=people[n + 10])

    # The focus case carries a bit of everything, as a busy demo case would.
    focus = cases[1]
    services.add_party(dsl, focus, role=PartyRole.OTHER, description="A visitor")
    services.add_action(dsl, focus, description="Check-in", owner=deputy.user, due_on=in_a_week())
    done = services.add_action(
        dsl, focus, description="Call home", owner=dsl.user, due_on=in_a_week()
    )
    services.set_action_status(dsl, done, ActionStatus.DONE)
    review = focus.reviews.get(status=ReviewStatus.SCHEDULED)
    services.hold_review(dsl, review, summary="Engaging.", outcome="continue")
    services.add_note(
        dsl, focus, body="Back-dated note.", occurred_at=timezone.now() - timedelta(days=2)
    )
    services.link_concern_to_case(dsl, make_concern(teacher, people[1]), focus)
    services.record_decision(
        dsl, focus, kind=DecisionKind.EXTERNAL_REFERRAL, rationale="Refer.", referral=a_referral()
    )
    referral = focus.referrals.get()
    approve_referral(dsl, referral, agency_reference="PP-1")
    services.record_decision(
        dsl, focus, kind=DecisionKind.EMERGENCY, rationale="Threat.", emergency=an_emergency()
    )
    Attachment.objects.create(
        organisation=org,
        created_by=dsl.user,
        case=focus,
        file="attachments/invented.txt",
        original_name="statement.txt",
        content_type="text/plain",
        size=10,
    )
    return Demo(people=people, focus=focus, serial=count(10_000))


def grow(demo: Demo, dsl: Membership, deputy: Membership, teacher: Membership) -> None:
    """Add (SCALE - 1) times the demo data with bulk_create: valid rows, many of them."""
    org = dsl.organisation
    year = timezone.localdate().year
    now = timezone.now()
    extra = SCALE - 1
    serial = demo.serial

    def common() -> dict[str, object]:
        return {"organisation": org, "created_by": dsl.user}

    people = Person.objects.bulk_create(
        Person(
            organisation=org,
            given_name=f"Given{n}",
            family_name=f"Bulk{n}",
            kind="learner",
            reference=f"B{n:06d}",
        )
        for n in range(30 * extra)
    )
    # Untriaged concerns for the queue: 15 x extra, some emergencies, some over target.
    concerns = Concern.objects.bulk_create(
        Concern(
            **common(),
            reporter=teacher.user,
            reference=f"C-{year}-{next(serial):06d}",
            immediate_danger=n % 20 == 0,
            observed_at=now - timedelta(days=1),
            location="Canteen",
            narrative="Bulk invented narrative.",
        )
        for n in range(15 * extra)
    )
    ConcernSubject.objects.bulk_create(
        [ConcernSubject(concern=c, person=people[n % len(people)]) for n, c in enumerate(concerns)]
        + [ConcernSubject(concern=c, description="Someone described") for c in concerns[::2]]
    )
    # Cases: 25 x extra, each with a triaged concern, subject, witness, actions, a review,
    # notes, chronology, and for some a referral.
    statuses = [
        CaseStatus.INTERNAL_SUPPORT,
        CaseStatus.EXTERNAL_REFERRAL,
        CaseStatus.CLOSED,
        CaseStatus.AWAITING_DECISION,
        CaseStatus.EMERGENCY,
    ]
    cases = Case.objects.bulk_create(
        Case(
            **common(),
            reference=f"CASE-{year}-{next(serial):06d}",
            lead=dsl.user,
            status=statuses[n % 5],
            is_restricted=n % 9 == 0,
            closed_at=now if statuses[n % 5] == CaseStatus.CLOSED else None,
        )
        for n in range(25 * extra)
    )
    Case.restricted_to.through.objects.bulk_create(
        Case.restricted_to.through(case_id=c.pk, user_id=deputy.user_id)
        for c in cases
        if c.is_restricted
    )
    Concern.objects.bulk_create(
        Concern(
            **common(),
            reporter=teacher.user,
            reference=f"C-{year}-{next(serial):06d}",
            immediate_danger=False,
            observed_at=now - timedelta(days=2),
            location="Library",
            narrative="Bulk invented narrative.",
            status=ConcernStatus.TRIAGED,
            case=c,
            triaged_at=now,
            triaged_by=dsl.user,
        )
        for c in cases
    )
    CaseParty.objects.bulk_create(
        [
            CaseParty(**common(), case=c, person=people[n], role=PartyRole.SUBJECT)
            for n, c in enumerate(cases)
        ]
        + [
            CaseParty(**common(), case=c, person=people[-1 - n], role=PartyRole.WITNESS)
            for n, c in enumerate(cases)
        ]
    )
    add_children(cases, dsl, teacher, per_case=1)
    ReferenceCounter.objects.filter(organisation=org).update(last=next(serial))

    # The focus case grows tenfold too.
    add_children([demo.focus], dsl, teacher, per_case=extra)
    focus = demo.focus
    CaseParty.objects.bulk_create(
        CaseParty(**common(), case=focus, person=p, role=PartyRole.OTHER)
        for p in people[-3 * extra :]
    )
    Concern.objects.bulk_create(
        Concern(
            **common(),
            reporter=teacher.user,
            reference=f"C-{year}-{next(serial):06d}",
            immediate_danger=False,
            observed_at=now,
            location="Library",
            narrative="Bulk invented narrative.",
            status=ConcernStatus.TRIAGED,
            case=focus,
            triaged_at=now,
            triaged_by=dsl.user,
        )
        for _ in range(2 * extra)
    )
    Attachment.objects.bulk_create(
        Attachment(
            **common(),
            case=focus,
            file="attachments/invented.txt",
            original_name="statement.txt",
            content_type="text/plain",
            size=10,
        )
        for _ in range(extra)
    )
    ReferenceCounter.objects.filter(organisation=org).update(last=next(serial))


def add_children(cases: list[Case], dsl: Membership, teacher: Membership, per_case: int) -> None:
    now = timezone.now()
    today = timezone.localdate()
    rows: dict[type[OrganisationOwnedModel], list[OrganisationOwnedModel]] = {
        SupportAction: [],
        Review: [],
        Note: [],
        ChronologyEntry: [],
        Referral: [],
    }
    for c in cases:
        base = {"organisation_id": c.organisation_id, "created_by": dsl.user, "case": c}
        for n in range(per_case):
            rows[SupportAction] += [
                SupportAction(
                    **base,
                    description="Mentoring",
                    owner=teacher.user,
                    due_on=today - timedelta(days=n % 3),
                ),
                SupportAction(
                    **base,
                    description="Done",
                    owner=dsl.user,
                    due_on=today,
                    status=ActionStatus.DONE,
                    completed_at=now,
                ),
            ]
            rows[Review] += [
                Review(**base, due_at=now + timedelta(hours=n - 24)),
                Review(
                    **base,
                    due_at=now - timedelta(days=3),
                    status=ReviewStatus.HELD,
                    held_at=now,
                    held_by=dsl.user,
                    summary="Held.",
                    outcome="continue",
                ),
            ]
            rows[Note] += [Note(**base, body="Bulk note.", occurred_at=now - timedelta(hours=n))]
            rows[ChronologyEntry] += [
                ChronologyEntry(
                    **base, occurred_at=now - timedelta(hours=n), title="Note", body="Bulk note."
                )
                for _ in range(3)
            ]
            rows[Referral] += [
                Referral(
                    **base,
                    kind=ReferralKind.CHILDRENS_SOCIAL_CARE,
                    agency="Invented LA",
                    referred_on=today,
                    approved_by=dsl.user if n % 2 else None,
                    status="approved" if n % 2 else "awaiting_approval",
                    approved_at=now if n % 2 else None,
                )
            ]
    for model, objects in rows.items():
        model.objects.bulk_create(objects)


def measure(client: Client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for page, url in urls.items():
        client.get(url)  # warm-up: first-time rows such as the chain head
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, page
        counts[page] = len(queries)
    return counts


def test_the_dsls_pages_make_a_fixed_number_of_queries_whatever_the_data_size(
    client, dsl, deputy, teacher, django_assert_max_num_queries
):
    demo = build_demo(dsl, deputy, teacher)
    login(client, dsl)
    urls = {
        "triage queue": reverse("concerns:triage_queue"),
        "case list": reverse("cases:list") + "?status=all",
        "case page": reverse("cases:detail", kwargs={"public_id": demo.focus.public_id}),
        "DSL dashboard": reverse("reports:dashboard"),
    }
    assert Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE).count() >= 15
    small = measure(client, urls)

    grow(demo, dsl, deputy, teacher)
    assert Case.objects.count() == 25 * SCALE
    assert Concern.objects.count() >= 40 * SCALE
    large = measure(client, urls)

    print(f"\nSQL queries per page (demo size -> {SCALE}x): {small} -> {large}")
    assert large == small
    assert small == MAX_QUERIES
    for page, url in urls.items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            client.get(url)
