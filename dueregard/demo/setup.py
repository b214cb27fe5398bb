"""Loading the demo: organisations, sites, logins and people from ``data/organisations.json``,
then every history (the case stories and each app's loader) in one time order.

Organisations, sites and logins are set up directly (there is no service for them yet);
people go through ``people.services``. ``load_demo`` writes everything in one transaction:
the demo is there entirely or not at all.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.concerns.models import Indicator, SafeguardingCategory, current_concern_types
from dueregard.demo import stories
from dueregard.demo.engine import (
    Demo,
    DemoOrganisation,
    Extra,
    Playable,
    days,
    play,
    read,
    span,
    travel_to,
)
from dueregard.demo.loaders import (
    checks,
    contacts,
    events,
    partnership,
    policies,
    risks,
    subjectaccess,
    training,
)
from dueregard.organisations.models import Membership, Organisation, Role, Site
from dueregard.people.models import PersonKind
from dueregard.people.services import create_person

_PLAN = read("organisations")
#: The one password of every demo login. Public by design: never use it elsewhere.
DEMO_PASSWORD: str = _PLAN["password"]
ORGANISATIONS: list[dict[str, Any]] = _PLAN["organisations"]
FEMALE_NAMES: tuple[str, ...] = tuple(_PLAN["female_names"])
MALE_NAMES: tuple[str, ...] = tuple(_PLAN["male_names"])
FAMILY_NAMES: tuple[str, ...] = tuple(_PLAN["family_names"])

#: Each app's history, played with the stories (in this order at equal moments).
LOADERS = (
    Extra("contacts", contacts.load),
    Extra("risks", risks.load),
    Extra("training", training.load),
    Extra("events", events.load),
    Extra("policies", policies.load),
    Extra("partnership", partnership.load),
    Extra("checks", checks.load),
    Extra("subjectaccess", subjectaccess.load),
)


def logins(plan: dict[str, Any]) -> list[dict[str, str]]:
    """The organisation's logins: key, email, full name, role, job title."""
    shared = _PLAN["shared_login"]
    return [
        {
            "key": key,
            "email": shared["email"] if key == "sessional" else f"{key}@{plan['domain']}",
            "full_name": shared["full_name"] if key == "sessional" else name,
            "role": role,
            "job_title": title,
        }
        for key, name, role, title in plan["logins"]
    ]


def demo_organisations() -> models.QuerySet[Organisation]:
    return Organisation.objects.filter(name__in=[plan["name"] for plan in ORGANISATIONS])


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


def _set_up_organisation(
    demo: Demo, plan: dict[str, Any], users: dict[str, User]
) -> DemoOrganisation:
    organisation = Organisation.objects.create(
        name=plan["name"],
        triage_target_hours=plan["triage_target_hours"],
        privileged_factor=plan["privileged_factor"],
    )
    sites = [Site.objects.create(organisation=organisation, name=name) for name in plan["sites"]]
    members = {}
    for login in logins(plan):
        if login["role"] == Role.INSPECTOR:
            continue  # added just before the inspection: see ``_add_inspectors``
        members[login["key"]] = Membership.objects.create(
            user=users[login["email"]],
            organisation=organisation,
            role=login["role"],
            job_title=login["job_title"],
            receives_alerts=login["role"] in (Role.DSL, Role.DEPUTY_DSL),
        )
    org = DemoOrganisation(plan, organisation, sites, members)
    org.types = {t.code: t for t in current_concern_types(organisation.pk)}
    # The default categories came with the organisation (``concerns.categories``).
    org.categories = {
        c.key: c for c in SafeguardingCategory.objects.filter(organisation_id=organisation.pk)
    }
    _add_people(demo, org)
    return org


def _add_people(demo: Demo, org: DemoOrganisation) -> None:
    rng, today = demo.rng, demo.today
    sizes = org.plan["people"]
    # The administrator keeps the directory, as the import would.
    administrator = org.members["admin"]
    taken: set[tuple[str, str]] = set()
    numbers = {"L": rng.randrange(4000, 9000), "S": rng.randrange(10, 60), "CT": 0}
    plan: Sequence[tuple[str, str]] = (
        [(PersonKind.LEARNER, "L")] * sizes["learners"]
        + [(PersonKind.STAFF, "S")] * sizes["staff"]
        + [(PersonKind.CONTRACTOR, "CT")] * sizes["contractors"]
        + [(PersonKind.VISITOR, "")] * sizes["visitors"]
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
            young = rng.random() < org.plan["young_share"]
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


def _create_users() -> dict[str, User]:
    # One hash for one public password: hashing it afresh per login would cost seconds.
    password_hash = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for login in (login for plan in ORGANISATIONS for login in logins(plan)):
        if login["email"] in users:
            continue
        user = User.objects.create_user(login["email"], None, full_name=login["full_name"])
        validate_password(DEMO_PASSWORD, user)
        user.password = password_hash
        user.save(update_fields=["password"])
        users[login["email"]] = user
    return users


def _add_inspectors(demo: Demo, users: dict[str, User]) -> None:
    for org in demo.organisations.values():
        for login in logins(org.plan):
            if login["role"] == Role.INSPECTOR:
                org.members[login["key"]] = Membership.objects.create(
                    user=users[login["email"]],
                    organisation=org.organisation,
                    role=login["role"],
                    job_title=login["job_title"],
                    expires_at=demo.real_now + days(30),
                )


def load_demo(
    story_list: Sequence[stories.Story] | None = None,
    now: datetime | None = None,
    loaders: Sequence[Playable] = LOADERS,
) -> Demo:
    """Create the demo organisations and play the stories and loaders up to ``now``.

    ``story_list`` defaults to every story in the data files; ``now`` to now. Raises
    ``ValueError`` if the demo organisations already exist, or if a story would act after
    ``now``.
    """
    if demo_organisations().exists():
        raise ValueError("The demo organisations already exist")
    validate_password(DEMO_PASSWORD)
    if story_list is None:
        story_list = stories.all_stories()
    # Not for security: a fixed seed so every load tells the same stories.
    demo = Demo(rng=random.Random(_PLAN["seed"]), real_now=now or timezone.now())  # noqa: S311
    set_up_at = min(story.starts(demo.real_now) for story in story_list) - span(
        _PLAN["set_up_before"]
    )
    demo.set_up_at = set_up_at
    with transaction.atomic():
        with travel_to(set_up_at):
            users = _create_users()
            demo.indicators = {i.code: i for i in Indicator.objects.all()}
            for plan in ORGANISATIONS:
                demo.organisations[plan["key"]] = _set_up_organisation(demo, plan, users)

        def inspectors(demo: Demo) -> Iterator[datetime]:
            yield demo.real_now - days(2)
            _add_inspectors(demo, users)

        play(demo, [*story_list, Extra("inspectors", inspectors), *loaders])
    return demo
