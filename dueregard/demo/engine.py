"""The demo's engine: its data files, its clock, and playing histories in one time order.

Every name, place, agency and reference in ``data/`` is invented; ``.example`` is the
reserved e-mail domain. Everything is made through the same service functions the web
pages call, at the moment it "happened": ``travel_to`` moves ``timezone.now()`` and every
history (case stories and each app's loader) is played in one time order, so the audit
trail, the concern and case references and every chronology read as real use would have
left them. Times in the data are relative to the moment the demo is loaded, so overdue and
upcoming items stay so.
"""

from __future__ import annotations

import heapq
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from unittest import mock

from django.apps import apps
from django.db import models
from django.utils import timezone

from dueregard.cases.models import Case
from dueregard.concerns.models import ConcernType, Indicator, SafeguardingCategory
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.people.models import Person

DATA = Path(__file__).resolve().parent / "data"


@cache
def read(name: str) -> dict[str, Any]:
    """The data file ``data/<name>.json`` (plain data: never code)."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


# --- Durations and moments in the data ---------------------------------------------------

_SPAN = re.compile(r"^(-?\d+(?:\.\d+)?)([dhms])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def span(text: str) -> timedelta:
    """``"2h"``, ``"25m"``, ``"14d"`` (or ``"-3d"``) as a ``timedelta``."""
    match = _SPAN.match(text.strip())
    if match is None:
        raise ValueError(f"Not a duration: {text!r} (write e.g. 2h, 25m, 14d)")
    return timedelta(**{_UNITS[match[2]]: float(match[1])})


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def working_day(day: date) -> bool:
    """A weekday outside the Christmas break, when staff are about to notice things."""
    christmas = (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 2)
    return day.weekday() < 5 and not christmas


def moment(text: str, real_now: datetime) -> datetime:
    """When ``text`` is, counted back from ``real_now``.

    ``"-12d 09:30"``: 12 days ago at 09:30 local time, moved back to a working day;
    ``"-30h"``: exactly 30 hours ago.
    """
    back, _, clock = text.partition(" ")
    if not clock:
        return real_now + span(back)
    day = timezone.localdate(real_now) + span(back)
    while not working_day(day):
        day -= timedelta(days=1)
    hour, minute = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


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
def travel_to(when: datetime) -> Iterator[None]:
    """Make it ``when`` for everything inside: services, ``auto_now`` fields, defaults."""
    when = when.astimezone(UTC)

    def now() -> datetime:
        return when

    with ExitStack() as stack:
        stack.enter_context(mock.patch("django.utils.timezone.now", now))
        for model_field in _fields_defaulting_to_now():
            # Django caches the bound default per field as ``_get_default``.
            stack.enter_context(mock.patch.dict(vars(model_field), {"_get_default": now}))
        yield


# --- What the histories play in ------------------------------------------------------


@dataclass
class DemoOrganisation:
    plan: dict[str, Any]
    organisation: Organisation
    sites: list[Site]
    members: dict[str, Membership]
    people: list[Person] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    types: dict[str, ConcernType] = field(default_factory=dict)
    categories: dict[str, SafeguardingCategory] = field(default_factory=dict)


def age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


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
        years = age(person.date_of_birth, self.today)
        return {"minor": 16 <= years <= 17, "young": 16 <= years <= 19, "adult": years >= 19}[
            wanted
        ]


class Playable(Protocol):
    @property
    def key(self) -> str: ...

    def play(self, demo: Demo) -> Iterator[datetime]: ...


@dataclass(frozen=True)
class Extra:
    """An app's demo history (``demo.loaders``), played like a story.

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
        when, order, steps = heapq.heappop(queue)
        if when > demo.real_now:
            raise ValueError(f"Story {stories[order].key} would act in the future")
        if last is not None and when < last:
            raise ValueError(f"Story {stories[order].key} would act before its previous step")
        last = when
        with travel_to(when):
            following = next(steps, None)
        if following is not None:
            heapq.heappush(queue, (following, order, steps))
