"""Demo data: two invented organisations, their people, and 18 months of concerns and cases.

Every name, place, agency and reference here is invented; ``.example`` is the reserved
e-mail domain. Organisations, sites and logins are set up first (there is no service for
them yet). Everything after that, people included, goes through the same service
functions the web pages call, at the moment it "happened": ``travel_to`` moves
``timezone.now()`` and the stories are played in one time order, so the audit trail, the
concern and case references and every chronology read as real use would have left them.
Overdue and upcoming reviews are relative to the moment the demo is loaded.

The stories themselves (what was seen, what the DSLs did) are data, in
``organisations/management/demo_stories.py``. ``load_demo`` writes everything in one
transaction: the demo is there entirely or not at all.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, Protocol
from unittest import mock

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dueregard.accounts.models import User
from dueregard.cases import services as cases
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    DecisionKind,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.channel.models import PanelMeeting
from dueregard.concerns.models import (
    Concern,
    ConcernStatus,
    ConcernType,
    Indicator,
    current_concern_types,
)
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.contacts.models import Contact
from dueregard.organisations.models import Membership, Organisation, Role, Site
from dueregard.people.models import Person, PersonKind
from dueregard.people.services import create_person
from dueregard.referrals.models import Disclosure, FollowUp, Referral, ReferralStatus
from dueregard.referrals.services import NewReferral, approve_referral, record_sent

#: The one password of every demo login. Public by design: never use it elsewhere.
DEMO_PASSWORD = "Lantern-orchard-kestrel-27"  # noqa: S105

SEED = 2026
#: Organisations, logins and people exist this long before the first concern.
SET_UP_BEFORE = timedelta(days=14)

NFA = DecisionKind.NO_FURTHER_ACTION
SUPPORT = DecisionKind.INTERNAL_SUPPORT
CONTINUE = ReviewOutcome.CONTINUE
END_SUPPORT = ReviewOutcome.END_SUPPORT


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def days(n: float) -> timedelta:
    return timedelta(days=n)


# --- Time travel ----------------------------------------------------------------------

_real_now = timezone.now


@cache
def _fields_defaulting_to_now() -> list[models.Field[Any, Any]]:
    """Fields with ``default=timezone.now``: Django bound the real function at import."""
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.default is _real_now:
                found.append(model_field)
    return found


@contextmanager
def travel_to(moment: datetime) -> Iterator[None]:
    """Make it ``moment`` for everything inside: services, ``auto_now`` fields, defaults."""
    moment = moment.astimezone(UTC)

    def now() -> datetime:
        return moment

    with ExitStack() as stack:
        stack.enter_context(mock.patch("django.utils.timezone.now", now))
        for model_field in _fields_defaulting_to_now():
            # Django caches the bound default per field as ``_get_default``.
            stack.enter_context(mock.patch.dict(vars(model_field), {"_get_default": now}))
        yield


# --- Organisations, logins and people -------------------------------------------------


@dataclass(frozen=True)
class Login:
    key: str
    email: str
    full_name: str
    role: str
    job_title: str


@dataclass(frozen=True)
class OrganisationPlan:
    key: str
    name: str
    domain: str
    sites: tuple[str, ...]
    logins: tuple[Login, ...]
    #: learners, staff, contractors, visitors
    people: tuple[int, int, int, int]
    #: share of learners aged 16 to 19; the rest are adults
    young_share: float
    triage_target_hours: int = 8
    #: Quillmoor keeps the default (a passkey for DSLs, deputies and administrators);
    #: Ravensholt also accepts an authenticator app, so the demo works on any address.
    privileged_factor: str = "passkey"


#: A sessional lecturer who works for both: deputy DSL at one, staff member at the other.
SHARED_EMAIL = "e.demir-shaw@tutors.example"
SHARED_NAME = "Elif Demir-Shaw"


def _logins(domain: str, rows: Sequence[tuple[str, str, str, str]]) -> tuple[Login, ...]:
    return tuple(
        Login(
            key,
            SHARED_EMAIL if key == "sessional" else f"{key}@{domain}",
            SHARED_NAME if key == "sessional" else name,
            role,
            title,
        )
        for key, name, role, title in rows
    )


ORGANISATIONS = (
    OrganisationPlan(
        key="qm",
        name="Quillmoor Skills Partnership",
        domain="quillmoor.example",
        sites=("Quillmoor Centre", "Eastwold Works", "Harbour Lane Hub"),
        logins=_logins(
            "quillmoor.example",
            [
                ("dsl", "Harriet Ambleworth", Role.DSL, "Safeguarding and Prevent lead"),
                ("deputy", "Samir Castellan", Role.DEPUTY_DSL, "Quality manager"),
                ("sessional", "", Role.DEPUTY_DSL, "Sessional tutor and deputy DSL"),
                ("tutor", "Bethan Marlowe", Role.STAFF, "Learning coach"),
                ("assessor", "Dominic Ashgrove", Role.STAFF, "Apprenticeship assessor"),
                ("coach", "Funmi Adeyemi-Kerr", Role.STAFF, "Employability coach"),
                ("senior", "Gareth Quenby", Role.SENIOR_LEADER, "Managing director"),
                ("admin", "Lena Varga-Holt", Role.ADMINISTRATOR, "MIS officer"),
                ("inspector", "Rowan Tillett", Role.INSPECTOR, "Inspector"),
            ],
        ),
        people=(82, 12, 6, 5),
        young_share=0.45,
    ),
    OrganisationPlan(
        key="rv",
        name="Ravensholt College",
        domain="ravensholt.example",
        sites=("Town Campus", "Mickledene Campus", "Saltmarsh Road Construction Centre"),
        privileged_factor="any",
        logins=_logins(
            "ravensholt.example",
            [
                ("dsl", "Naomi Ellerby", Role.DSL, "Head of safeguarding"),
                ("deputy", "Kwesi Danquah-Reed", Role.DEPUTY_DSL, "Student services manager"),
                ("deputy2", "Fiona Strachan-Bell", Role.DEPUTY_DSL, "Learner welfare officer"),
                ("lecturer", "Oliver Pennock", Role.STAFF, "Construction lecturer"),
                ("tutor", "Amira Haddad-Finch", Role.STAFF, "Personal tutor"),
                ("librarian", "Declan Moorcroft", Role.STAFF, "Learning resources coordinator"),
                ("sessional", "", Role.STAFF, "Sessional lecturer"),
                ("senior", "Patricia Wynstanley", Role.SENIOR_LEADER, "Vice principal"),
                ("admin", "Ravi Menon-Clarke", Role.ADMINISTRATOR, "Systems administrator"),
                ("inspector", "Jo Brightling", Role.INSPECTOR, "Inspector"),
            ],
        ),
        people=(148, 24, 10, 8),
        young_share=0.8,
        triage_target_hours=4,
    ),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Invented combinations of common first and family names; nobody in particular.
FEMALE_NAMES = _words(
    """
    Aisha Amber Amelia Bethany Caitlin Chloe Darcey Ebony Elena Esme Faith Freya Georgia
    Hana Imani Isla Jade Keira Lacey Layla Leah Maisie Maya Megan Mia Nadia Niamh Olivia
    Paige Poppy Priya Rosie Ruby Safiya Shannon Sienna Tegan Yasmin Zara Zofia
    """
)
MALE_NAMES = _words(
    """
    Aaron Adam Alfie Ali Ben Bradley Callum Connor Declan Dylan Ethan Finley Harvey Hassan
    Ibrahim Jack Jake Jayden Kai Kieran Kofi Liam Logan Louis Luca Mason Mateusz Nathan
    Oscar Owen Reece Rhys Riley Ryan Sami Theo Tomasz Tyler Zain
    """
)
FAMILY_NAMES = _words(
    """
    Abara Ackroyd Ahmadi Aldous Ashworth Bagnall Baptiste Barraclough Bednarek Birtwistle
    Brannigan Calloway Chaudhry Cheetham Clough Costa Dabrowski Ellwood Entwistle
    Fairclough Farooqi Fenwick Garside Gorecki Greenhalgh Haigh Hargreaves Hollis Horsfall
    Ibekwe Iqbal Kaczmarek Kaur Kettlewell Lindqvist Lomax Mahmood Marsden Mensah
    Moorhouse Nowak Nwosu Oduya Okafor Ormerod Popescu Rahman Ramsbottom Riaz Rowntree
    Sandhu Shackleton Siddiqui Sowerby Stansfield Tattersall Thistlethwaite Uddin Varga
    Walmsley Whiteley Wozniak Yilmaz Zielinski
    """
)


@dataclass
class DemoOrganisation:
    plan: OrganisationPlan
    organisation: Organisation
    sites: list[Site]
    members: dict[str, Membership]
    people: list[Person] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    types: dict[str, ConcernType] = field(default_factory=dict)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, today: date, youngest: int, oldest: int) -> date:
    """A date of birth giving an age from ``youngest`` to ``oldest`` today."""
    latest = _years_before(today, youngest)
    earliest = _years_before(today, oldest + 1) + days(1)
    return earliest + days(rng.randrange((latest - earliest).days + 1))


# --- The context stories play in ------------------------------------------------------


@dataclass
class Demo:
    rng: random.Random
    real_now: datetime
    #: When the organisations, sites and logins were set up: no history before this.
    set_up_at: datetime | None = None
    organisations: dict[str, DemoOrganisation] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    #: Only to match pronouns in the narratives; the directory records no sex.
    sex: dict[int, str] = field(default_factory=dict)
    subjects: dict[str, Person] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return timezone.localdate(self.real_now)

    def pick(self, org: DemoOrganisation, wanted: str) -> Person:
        """A person not yet in any story: ``kind[:f|m][:minor|young|adult]``.

        ``@story`` is the first subject of an earlier story instead.
        """
        if wanted.startswith("@"):
            return self.subjects[wanted[1:]]
        kind, *filters = wanted.split(":")
        candidates = [
            p
            for p in org.people
            if p.kind == kind and p.pk not in org.used and all(self._matches(p, f) for f in filters)
        ]
        person = self.rng.choice(candidates)
        org.used.add(person.pk)
        return person

    def _matches(self, person: Person, wanted: str) -> bool:
        if wanted in ("f", "m"):
            return self.sex.get(person.pk) == wanted
        if person.date_of_birth is None:
            return False
        age = _age(person.date_of_birth, self.today)
        return {"minor": 16 <= age <= 17, "young": 16 <= age <= 19, "adult": age >= 19}[wanted]


@dataclass
class StoryState:
    """What a story has made so far, for its later steps."""

    org: DemoOrganisation
    names: dict[str, str]
    concern: Concern | None = None
    case: Case | None = None
    actions: list[SupportAction] = field(default_factory=list)

    def text(self, template: str, **extra: str) -> str:
        return template.format(**self.names, **extra)

    def member(self, key: str) -> Membership:
        return self.org.members[key]

    @property
    def the_case(self) -> Case:
        assert self.case is not None, "open or link a case first"
        return self.case


# --- Steps: each one service call ----------------------------------------------------


@dataclass(frozen=True)
class Step:
    after: timedelta = field(default=hours(1), kw_only=True)
    by: str = field(default="dsl", kw_only=True)

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Open(Step):
    category: str = ""

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        assert state.concern is not None
        category = state.org.types[self.category] if self.category else None
        state.case = cases.open_case_from_concern(
            state.member(self.by), state.concern, category=category
        )


@dataclass(frozen=True)
class Link(Step):
    to: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        assert state.concern is not None
        state.case = cases.link_concern_to_case(
            state.member(self.by), state.concern, demo.cases[self.to]
        )


@dataclass(frozen=True)
class Decide(Step):
    kind: str
    rationale: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.record_decision(
            state.member(self.by),
            state.the_case,
            kind=self.kind,
            rationale=state.text(self.rationale),
        )


@dataclass(frozen=True)
class Refer(Step):
    kind: str
    agency: str
    rationale: str
    consent: str = "given"
    consent_reason: str = ""

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        referral = story_referral(self, state, moment)
        cases.record_decision(
            state.member(self.by),
            state.the_case,
            kind=DecisionKind.EXTERNAL_REFERRAL,
            rationale=state.text(self.rationale),
            referral=referral,
        )


def story_referral(step: Refer, state: StoryState, moment: datetime) -> NewReferral:
    """A complete referral from a story: its rationale, the concern and a lawful basis."""
    from dueregard.referrals import lawful

    concern = state.concern
    sections = {"how_arose": state.text(step.rationale)}
    known = state.the_case.parties.filter(person__isnull=False).exists()
    shared = ["name", "date_of_birth", "how_arose"] if known else ["how_arose"]
    if concern is not None:
        sections["event"] = concern.narrative
        shared.append("event")
        labels = [str(i.label) for i in concern.indicators.all()]
        if labels:
            sections["indicators"] = (
                "Indicators noted (prompts, not proof): " + "; ".join(labels) + "."
            )
            shared.append("indicators")
    staff = step.kind == "lado"
    return NewReferral(
        kind=step.kind,
        agency=step.agency,
        referred_on=timezone.localdate(moment),
        sections=sections,
        shared_fields=shared,
        lawful_basis_art6=lawful.Article6.LEGAL_OBLIGATION
        if staff
        else lawful.Article6.PUBLIC_TASK,
        lawful_basis_art9=lawful.Article9.SUBSTANTIAL_PUBLIC_INTEREST,
        lawful_basis_sch1=lawful.Schedule1.SAFEGUARDING,
        lawful_basis_art10=lawful.Article10.UNLAWFUL_ACTS if staff else lawful.Article10.NONE,
        consent=step.consent,
        consent_reason=state.text(step.consent_reason),
        submit=True,
    )


@dataclass(frozen=True)
class Approve(Step):
    reference: str
    send: bool = True  # record it as sent by secure email straight after approval

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        referral = Referral.objects.filter(case=state.the_case).latest("id")
        approve_referral(
            state.member(self.by),
            referral,
            agency_reference=self.reference.format(yy=f"{moment:%y}"),
        )
        if self.send:
            record_sent(state.member(self.by), referral, method="secure_email")


@dataclass(frozen=True)
class Emergency(Step):
    rationale: str
    called_by: str
    called_before: timedelta
    police_reference: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        caller = state.member(self.called_by)
        called_at = moment - self.called_before
        details = cases.EmergencyDetails(
            called_by=f"{caller.user.full_name}, {caller.job_title.lower()}",
            called_at=called_at,
            police_reference=self.police_reference.format(
                date=f"{timezone.localtime(called_at):%d/%m/%Y}"
            ),
        )
        cases.record_decision(
            state.member(self.by),
            state.the_case,
            kind=DecisionKind.EMERGENCY,
            rationale=state.text(self.rationale),
            emergency=details,
        )


@dataclass(frozen=True)
class Party(Step):
    role: str
    who: str
    name_as: str = ""

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        person = demo.pick(state.org, self.who)
        if self.name_as:
            state.names[self.name_as] = person.given_name
        cases.add_party(state.member(self.by), state.the_case, role=self.role, person=person)


@dataclass(frozen=True)
class Act(Step):
    description: str
    owner: str
    due_in_days: int

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        state.actions.append(
            cases.add_action(
                state.member(self.by),
                state.the_case,
                description=state.text(self.description),
                owner=state.member(self.owner).user,
                due_on=timezone.localdate(moment) + days(self.due_in_days),
            )
        )


@dataclass(frozen=True)
class Done(Step):
    action: int

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.set_action_status(state.member(self.by), state.actions[self.action], "done")


@dataclass(frozen=True)
class Hold(Step):
    summary: str
    outcome: str = CONTINUE
    next_in: timedelta | None = None

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        review = Review.objects.get(case=state.the_case, status=ReviewStatus.SCHEDULED)
        cases.hold_review(
            state.member(self.by),
            review,
            summary=state.text(self.summary),
            outcome=self.outcome,
            next_due_at=moment + self.next_in if self.next_in else None,
        )


@dataclass(frozen=True)
class Note(Step):
    body: str
    back: timedelta = timedelta(0)

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.add_note(
            state.member(self.by),
            state.the_case,
            body=state.text(self.body),
            occurred_at=moment - self.back,
        )


@dataclass(frozen=True)
class Close(Step):
    summary: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.close_case(
            state.member(self.by), state.the_case, outcome_summary=state.text(self.summary)
        )


@dataclass(frozen=True)
class Reopen(Step):
    reason: str
    of: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.reopen_case(
            state.member(self.by), demo.cases[self.of], reason=state.text(self.reason)
        )


@dataclass(frozen=True)
class Monitor(Step):
    rationale: str
    review_in_days: int

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.set_monitor(
            state.member(self.by),
            state.the_case,
            rationale=state.text(self.rationale),
            review_on=timezone.localdate(moment) + days(self.review_in_days),
        )


@dataclass(frozen=True)
class Restrict(Step):
    to: tuple[str, ...]

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.restrict_case(
            state.member(self.by), state.the_case, [state.member(key).user for key in self.to]
        )


@dataclass(frozen=True)
class BreakGlass(Step):
    reason: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.break_glass(state.member(self.by), state.the_case, reason=self.reason)


@dataclass(frozen=True)
class SetType(Step):
    category: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        cases.set_category(state.member(self.by), state.the_case, state.org.types[self.category])


# --- Stories ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """``days`` ago at local time ``at`` (on a working day), or just ``days`` and ``hours`` ago."""

    days: int = 0
    at: str = ""
    hours: float = 0

    def resolve(self, real_now: datetime) -> datetime:
        if not self.at:
            return real_now - timedelta(days=self.days, hours=self.hours)
        day = timezone.localdate(real_now) - timedelta(days=self.days)
        while not _working_day(day):
            day -= timedelta(days=1)
        hour, minute = (int(part) for part in self.at.split(":"))
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _working_day(day: date) -> bool:
    """A weekday outside the Christmas break, when staff are about to notice things."""
    christmas = (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 2)
    return day.weekday() < 5 and not christmas


def on(days_ago: int, at: str) -> Start:
    return Start(days=days_ago, at=at)


def ago(*, hours: float = 0, days: int = 0) -> Start:
    return Start(days=days, hours=hours)


@dataclass(frozen=True)
class Story:
    """One concern as a member of staff raised it, and what the DSLs did next."""

    key: str
    org: str
    start: Start
    reporter: str
    narrative: str
    location: str
    about: tuple[str, ...] = ()
    unknown_subject: str = ""
    site: int = 0
    indicators: tuple[str, ...] = ()
    reported_type: str = "not-sure"
    immediate_danger: bool = False
    seen_before: timedelta = timedelta(minutes=35)
    steps: tuple[Step, ...] = ()

    def play(self, demo: Demo) -> Iterator[datetime]:
        """Yield each moment the story acts at; act when resumed (then it is that moment)."""
        moment = self.start.resolve(demo.real_now)
        yield moment
        org = demo.organisations[self.org]
        people = [demo.pick(org, wanted) for wanted in self.about]
        if people:
            demo.subjects[self.key] = people[0]
        names = {"name": people[0].given_name if people else ""}
        names.update({f"name{i}": p.given_name for i, p in enumerate(people[1:], start=2)})
        state = StoryState(org=org, names=names)
        state.concern = raise_concern(
            org.members[self.reporter],
            NewConcern(
                immediate_danger=self.immediate_danger,
                observed_at=moment - self.seen_before,
                location=self.location,
                narrative=state.text(self.narrative),
                people=people,
                unknown_subject=self.unknown_subject,
                site=org.sites[self.site],
                reported_type=org.types[self.reported_type] if self.reported_type else None,
                indicators=[demo.indicators[code] for code in self.indicators],
            ),
        )
        state.names["ref"] = state.concern.reference
        for step in self.steps:
            moment += step.after
            yield moment
            if state.case is not None:
                # Each step is a new request: it starts from the case as stored now.
                state.case = Case.objects.get(pk=state.case.pk)
            step.apply(demo, state, moment)
            if state.case is not None:
                demo.cases[self.key] = state.case


# --- Loading --------------------------------------------------------------------------


def demo_organisations() -> models.QuerySet[Organisation]:
    return Organisation.objects.filter(name__in=[plan.name for plan in ORGANISATIONS])


def _set_up_organisation(
    demo: Demo, plan: OrganisationPlan, users: dict[str, User]
) -> DemoOrganisation:
    organisation = Organisation.objects.create(
        name=plan.name,
        triage_target_hours=plan.triage_target_hours,
        privileged_factor=plan.privileged_factor,
    )
    sites = [Site.objects.create(organisation=organisation, name=name) for name in plan.sites]
    members = {}
    for login in plan.logins:
        if login.role == Role.INSPECTOR:
            continue  # added just before the inspection: see ``_add_inspectors``
        members[login.key] = Membership.objects.create(
            user=users[login.email],
            organisation=organisation,
            role=login.role,
            job_title=login.job_title,
            receives_alerts=login.role in (Role.DSL, Role.DEPUTY_DSL),
        )
    org = DemoOrganisation(plan, organisation, sites, members)
    org.types = {t.code: t for t in current_concern_types(organisation.pk)}
    _add_people(demo, org)
    return org


def _add_people(demo: Demo, org: DemoOrganisation) -> None:
    rng, today = demo.rng, demo.today
    learners, staff, contractors, visitors = org.plan.people
    # The administrator keeps the directory, as the import would.
    administrator = org.members["admin"]
    taken: set[tuple[str, str]] = set()
    numbers = {"L": rng.randrange(4000, 9000), "S": rng.randrange(10, 60), "CT": 0}
    plan: Sequence[tuple[str, str]] = (
        [(PersonKind.LEARNER, "L")] * learners
        + [(PersonKind.STAFF, "S")] * staff
        + [(PersonKind.CONTRACTOR, "CT")] * contractors
        + [(PersonKind.VISITOR, "")] * visitors
    )
    for kind, prefix in plan:
        sex = rng.choice("fm")
        while True:
            given = rng.choice(FEMALE_NAMES if sex == "f" else MALE_NAMES)
            family = rng.choice(FAMILY_NAMES)
            if (given, family) not in taken:
                taken.add((given, family))
                break
        born: date | None = None
        if kind == PersonKind.LEARNER:
            young = rng.random() < org.plan.young_share
            born = _birth_date(rng, today, 16, 19) if young else _birth_date(rng, today, 20, 58)
        elif kind == PersonKind.STAFF and rng.random() < 0.7:
            born = _birth_date(rng, today, 23, 64)
        reference = ""
        if prefix:
            numbers[prefix] += rng.randrange(1, 9)
            width = {"L": 6, "S": 4, "CT": 4}[prefix]
            reference = f"{prefix}{numbers[prefix]:0{width}d}"
        person = create_person(
            administrator,
            kind=kind,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            reference=reference,
            site=rng.choice(org.sites),
        )
        demo.sex[person.pk] = sex
        org.people.append(person)


def _create_users(plans: Sequence[OrganisationPlan]) -> dict[str, User]:
    # One hash for one public password: hashing it afresh per login would cost seconds.
    password_hash = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for login in (login for plan in plans for login in plan.logins):
        if login.email in users:
            continue
        user = User.objects.create_user(login.email, None, full_name=login.full_name)
        validate_password(DEMO_PASSWORD, user)
        user.password = password_hash
        user.save(update_fields=["password"])
        users[login.email] = user
    return users


def _add_inspectors(demo: Demo, users: dict[str, User]) -> None:
    for org in demo.organisations.values():
        for login in org.plan.logins:
            if login.role == Role.INSPECTOR:
                org.members[login.key] = Membership.objects.create(
                    user=users[login.email],
                    organisation=org.organisation,
                    role=login.role,
                    job_title=login.job_title,
                    expires_at=demo.real_now + days(30),
                )


class Playable(Protocol):
    @property
    def key(self) -> str: ...

    def play(self, demo: Demo) -> Iterator[datetime]: ...


@dataclass(frozen=True)
class Extra:
    """Another app's demo history (its ``AppConfig.demo_loader``), played like a story.

    The loader is a generator: it yields each moment it acts at, and acts when resumed
    (then it is that moment), in time order. So every app's history interleaves with the
    case stories and the audit trail runs forward, as real use would have left it.
    """

    key: str
    run: Callable[[Demo], Iterator[datetime]]

    def play(self, demo: Demo) -> Iterator[datetime]:
        return self.run(demo)


def play(demo: Demo, stories: Sequence[Playable]) -> None:
    """Play every story in one time order, each step at its own moment."""
    queue: list[tuple[datetime, int, Iterator[datetime]]] = []
    for order, story in enumerate(stories):
        steps = story.play(demo)
        first = next(steps, None)
        if first is not None:
            heapq.heappush(queue, (first, order, steps))
    last: datetime | None = None
    while queue:
        moment, order, steps = heapq.heappop(queue)
        if moment > demo.real_now:
            raise ValueError(f"Story {stories[order].key} would act in the future")
        if last is not None and moment < last:
            raise ValueError(f"Story {stories[order].key} would act before its previous step")
        last = moment
        with travel_to(moment):
            following = next(steps, None)
        if following is not None:
            heapq.heappush(queue, (following, order, steps))


def load_demo(stories: Sequence[Story], now: datetime | None = None) -> Demo:
    """Create the demo organisations and play ``stories`` up to ``now`` (default: now).

    Raises ``ValueError`` if the demo organisations already exist, or if a story would act
    after ``now``.
    """
    if demo_organisations().exists():
        raise ValueError("The demo organisations already exist")
    validate_password(DEMO_PASSWORD)
    # Not for security: a fixed seed so every load tells the same stories.
    demo = Demo(rng=random.Random(SEED), real_now=now or timezone.now())  # noqa: S311
    set_up_at = min(story.start.resolve(demo.real_now) for story in stories) - SET_UP_BEFORE
    demo.set_up_at = set_up_at
    with transaction.atomic():
        with travel_to(set_up_at):
            users = _create_users(ORGANISATIONS)
            demo.indicators = {i.code: i for i in Indicator.objects.all()}
            for plan in ORGANISATIONS:
                demo.organisations[plan.key] = _set_up_organisation(demo, plan, users)

        def inspectors(demo: Demo) -> Iterator[datetime]:
            yield demo.real_now - days(2)
            _add_inspectors(demo, users)

        play(demo, [*stories, Extra("inspectors", inspectors), *demo_extras()])
    return demo


def demo_extras() -> list[Extra]:
    """Other apps' demo histories, named on their ``AppConfig`` as ``demo_loader``.

    Each loader gets the ``Demo`` (organisations, their members by login key, sites and
    people) and is played with the stories, inside the same transaction (see ``Extra``).
    It goes through its app's services.
    """
    return [
        Extra(config.label, import_string(config.demo_loader))  # type: ignore[attr-defined]
        for config in apps.get_app_configs()
        if getattr(config, "demo_loader", None)
    ]


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, role, organisation) of every demo login, for the summary."""
    order = [
        Role.DSL,
        Role.DEPUTY_DSL,
        Role.STAFF,
        Role.SENIOR_LEADER,
        Role.ADMINISTRATOR,
        Role.INSPECTOR,
    ]
    members = sorted(
        Membership.objects.filter(organisation__in=demo_organisations()).select_related(
            "user", "organisation"
        ),
        key=lambda m: (m.organisation.name, order.index(Role(m.role)), m.pk),
    )
    # Only those who can sign in: the training demo's extra staff have no password.
    return [
        (m.user.email, str(m.get_role_display()), m.organisation.name)
        for m in members
        if m.user.has_usable_password()
    ]


def state_counts(organisation: Organisation) -> dict[str, int]:
    """Sites, people, concerns in each state and the case work around them, as of now."""
    now, today = timezone.now(), timezone.localdate()
    concerns = Concern.objects.filter(organisation=organisation)
    untriaged = concerns.filter(status=ConcernStatus.AWAITING_TRIAGE)
    scheduled = Review.objects.filter(organisation=organisation, status=ReviewStatus.SCHEDULED)
    actions = SupportAction.objects.filter(organisation=organisation)
    referrals = Referral.objects.filter(organisation=organisation)
    case_rows = Case.objects.filter(organisation=organisation)
    return {
        "sites": Site.objects.filter(organisation=organisation).count(),
        "people": Person.objects.filter(organisation=organisation).count(),
        "concerns": concerns.count(),
        "awaiting triage": untriaged.count(),
        "  past the triage target": untriaged.filter(
            created_at__lt=now - organisation.triage_target
        ).count(),
        "  flagged immediate danger": untriaged.filter(immediate_danger=True).count(),
        **{
            f"in cases: {CaseStatus(status).label.lower()}": concerns.filter(
                case__status=status
            ).count()
            for status in CaseStatus
        },
        "  closed and monitored": concerns.filter(
            case__status=CaseStatus.CLOSED, case__monitor=True
        ).count(),
        "cases": case_rows.count(),
        "  with more than one concern": case_rows.annotate(n=models.Count("concerns"))
        .filter(n__gt=1)
        .count(),
        "  reopened": case_rows.filter(chronology__title="Case reopened").distinct().count(),
        "  restricted": case_rows.filter(is_restricted=True).count(),
        "  opened by break glass": case_rows.filter(break_glass__isnull=False).distinct().count(),
        "reviews overdue": scheduled.filter(due_at__lt=now).count(),
        "reviews upcoming": scheduled.filter(due_at__gte=now).count(),
        "reviews held": Review.objects.filter(
            organisation=organisation, status=ReviewStatus.HELD
        ).count(),
        "actions overdue": actions.filter(status=ActionStatus.OPEN, due_on__lt=today).count(),
        "actions open, not yet due": actions.filter(
            status=ActionStatus.OPEN, due_on__gte=today
        ).count(),
        "actions done": actions.filter(status=ActionStatus.DONE).count(),
        **{
            f"referrals: {ReferralStatus(status).label.lower()}": referrals.filter(
                status=status
            ).count()
            for status in ReferralStatus
        },
        "referral follow-ups overdue": FollowUp.objects.filter(organisation=organisation)
        .overdue()
        .count(),
        "disclosures in the sharing log": Disclosure.objects.filter(
            organisation=organisation
        ).count(),
        "contacts in the directory": Contact.objects.filter(organisation=organisation).count(),
        "Channel panel meetings": PanelMeeting.objects.filter(organisation=organisation).count(),
    }
