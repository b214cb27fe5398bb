"""Everything held about one person, gathered for a subject access response.

There is no list of models here: what is about a person is what the registry of personal
data says (``core/personal_data.py``: ``models_about_person()``, and ``models_about_staff()``
when the person is also a member of staff). A new model that declares its link is
collected without a change here; ``tests/test_canary.py`` proves nothing is missed.

Each record is read in full: every stored field but its row id and organisation (a field
of another person or a member is shown as their name, which the redaction terms can then
hide), and its sealed files, decrypted. Records on restricted cases the member may not open
are counted, not read: the response cannot go until a DSL named on the case handles it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dueregard.audit.queries import SEEN, events_about
from dueregard.cases.queries import records_about_person
from dueregard.core.models import organisation_filter
from dueregard.core.personal_data import Entry, registry
from dueregard.core.sealed_files import SealedFileField
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.subjectaccess.models import SubjectAccessRequest

#: Fields that say nothing about the person (a row's id, its tenant), or must never leave
#: (a staff account's password hash).
SKIPPED = frozenset({"id", "organisation", "password"})


@dataclass(frozen=True)
class Value:
    """One field of a record: its name, its label and its value (JSON-ready)."""

    name: str
    label: str
    value: Any
    shown: str = ""  # how a person reads it, when not the value itself (a date)

    @property
    def text(self) -> str:
        """The value as the PDF and the page show it."""
        if self.shown:
            return self.shown
        if self.value is None or self.value == "":
            return "—"
        if isinstance(self.value, bool):
            return "Yes" if self.value else "No"
        if isinstance(self.value, dict | list):
            return json.dumps(self.value, ensure_ascii=False)
        return str(self.value)


@dataclass(frozen=True)
class File:
    """A sealed file of a record, by the name it has in the ZIP."""

    model: type[models.Model]
    pk: int
    field_name: str
    path: str  # inside the ZIP, e.g. attachments/attachment-<uuid>-file.txt

    def read(self) -> bytes:
        row = self.model._base_manager.get(pk=self.pk)
        data: bytes = getattr(row, self.field_name).unseal()
        return data


@dataclass
class Record:
    label: str  # the model's label, e.g. "cases.Note"
    public_id: str
    values: list[Value]
    files: list[File] = field(default_factory=list)


@dataclass
class Section:
    label: str  # the model's label
    title: str  # its plural name, for people
    records: list[Record]


@dataclass(frozen=True)
class Seen:
    """One line of the person's "who has seen it" log."""

    at: datetime
    who: str
    what: str
    record: str


@dataclass
class Held:
    """What is held about one person, as the response sends it (before redaction)."""

    sections: list[Section]
    seen: list[Seen]
    other_people: dict[int, Person]
    staff: dict[int, Any]
    blocked: int  # records on restricted cases the member may not open
    #: Names of people outside the directory the records hold (a carer, a panel
    #: attendee): the ``name`` field of a model the registry says names such people.
    unlisted_names: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[File]:
        return [f for s in self.sections for r in s.records for f in r.files]

    @property
    def count(self) -> int:
        return sum(len(s.records) for s in self.sections)


def _paths(sar: SubjectAccessRequest) -> dict[type[models.Model], Q]:
    """For each model, which of its rows are about the request's person (or their account)."""
    about: dict[type[models.Model], Q] = {}
    for model, path in registry().models_about_person():
        about[model] = about.get(model, Q()) | Q(**{path or "pk": sar.person_id})
    if sar.staff_user_id is not None:
        for model, path in registry().models_about_staff():
            # A member may belong to several organisations: only this one's rows (the
            # account itself is the platform's, in no organisation).
            mine = Q(**{path or "pk": sar.staff_user_id})
            if model._meta.label != settings.AUTH_USER_MODEL:
                mine &= organisation_filter(model, sar.organisation_id)
            about[model] = about.get(model, Q()) | mine
    return about


def rows_about(sar: SubjectAccessRequest) -> Iterator[tuple[Entry, list[int]]]:
    """(registry entry, pks of its rows about the person), in the registry's order."""
    about = _paths(sar)
    for entry in registry():
        if entry.model in about:
            pks = sorted(
                set(
                    entry.model._base_manager.filter(about[entry.model]).values_list(
                        "pk", flat=True
                    )
                )
            )
            yield entry, pks


def collect(membership: Membership, sar: SubjectAccessRequest) -> Held:
    """Read everything held about the request's person, with who has seen it."""
    person = sar.person
    openable, _kinds = records_about_person(membership, person)
    sections: list[Section] = []
    other_people: dict[int, Person] = {}
    staff_ids: set[int] = set()
    blocked = 0
    unlisted_names: list[str] = []
    for entry, pks in rows_about(sar):
        model = entry.model
        if not pks:
            continue
        name = model._meta.model_name
        rows = list(model._base_manager.filter(pk__in=pks).order_by("pk"))
        may_open = (
            set(openable[name].values_list("public_id", flat=True)) if name in openable else None
        )
        if may_open is not None and sar.staff_user_id is None:
            shown = [r for r in rows if getattr(r, "public_id", None) in may_open]
        elif may_open is not None:
            # Rows reached only through the staff account are the member's own, never a
            # case's: only those about the person pass the restriction test.
            about_person = set(
                model._base_manager.filter(_person_q(model, person.pk), pk__in=pks).values_list(
                    "pk", flat=True
                )
            )
            shown = [
                r
                for r in rows
                if r.pk not in about_person or getattr(r, "public_id", None) in may_open
            ]
        else:
            shown = rows
        blocked += len(rows) - len(shown)
        people, users = _related_names(model, shown)
        other_people.update({pk: p for pk, p in people.items() if pk != person.pk})
        staff_ids.update(users)
        reached = _people_reached(entry, [r.pk for r in shown]) - {person.pk} - set(other_people)
        other_people.update({p.pk: p for p in Person._base_manager.filter(pk__in=reached)})
        if entry.declared.unlisted and "name" in entry.declared.fields:
            unlisted_names.extend(str(getattr(r, "name", "") or "") for r in shown)
        refs = _references(model, shown)
        records = [_record(entry, row, people, users, refs) for row in shown]
        if records:
            title = str(model._meta.verbose_name_plural).capitalize()
            sections.append(Section(model._meta.label, title, records))
    seen = _seen(membership, openable)
    staff_ids.update(_actor_ids(membership, openable))
    users_by_id = {u.pk: u for u in get_user_model()._base_manager.filter(pk__in=staff_ids)}
    return Held(sections, seen, other_people, users_by_id, blocked, unlisted_names)


def _person_q(model: type[models.Model], person_id: int) -> Q:
    about = Q()
    for m, path in registry().models_about_person():
        if m is model:
            about |= Q(**{path or "pk": person_id})
    return about


def _related_names(
    model: type[models.Model], rows: list[models.Model]
) -> tuple[dict[int, Person], dict[int, Any]]:
    """The people and members the rows' own links name, by pk (one query per kind)."""
    person_ids: set[int] = set()
    user_ids: set[int] = set()
    for f in model._meta.concrete_fields:
        if not f.is_relation or f.name in SKIPPED:
            continue
        target = f.related_model
        for row in rows:
            value = getattr(row, f.attname)
            if value is None:
                continue
            if target is Person:
                person_ids.add(value)
            elif target is get_user_model():
                user_ids.add(value)
    people = {p.pk: p for p in Person._base_manager.filter(pk__in=person_ids)}
    users = {u.pk: u for u in get_user_model()._base_manager.filter(pk__in=user_ids)}
    return people, users


def _people_reached(entry: Entry, pks: list[int]) -> set[int]:
    """Everyone the registry's paths reach from these rows: the person, and others beside
    them (the other parties of their case, the other subjects of a concern)."""
    if not pks:
        return set()
    found: set[int] = set()
    for path in entry.declared.person:
        if path:
            found.update(
                pid
                for pid in entry.model._base_manager.filter(pk__in=pks).values_list(path, flat=True)
                if pid is not None
            )
    return found


def _references(model: type[models.Model], rows: list[models.Model]) -> dict[str, dict[Any, str]]:
    """For each link to another kind of record, the public ids of the records the rows
    point to (one query per link, however many rows)."""
    found: dict[str, dict[Any, str]] = {}
    for f in model._meta.concrete_fields:
        target = f.related_model
        if not f.is_relation or f.name in SKIPPED or not isinstance(target, type):
            continue
        if target is Person or _is_user(f):
            continue
        if not any(g.name == "public_id" for g in target._meta.concrete_fields):
            continue
        ids = {getattr(row, f.attname) for row in rows} - {None}
        found[f.name] = {
            pk: str(public_id)
            for pk, public_id in target._base_manager.filter(pk__in=ids).values_list(
                "pk", "public_id"
            )
        }
    return found


def _record(
    entry: Entry,
    row: models.Model,
    people: dict[int, Person],
    users: dict[int, Any],
    refs: dict[str, dict[Any, str]],
) -> Record:
    model = entry.model
    values: list[Value] = []
    files: list[File] = []
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        label = str(f.verbose_name).capitalize()
        if isinstance(f, SealedFileField):
            stored = getattr(row, f.name)
            if stored:
                suffix = PurePosixPath(stored.name).suffix
                public_id = getattr(row, "public_id", row.pk)
                path = f"attachments/{model._meta.model_name}-{public_id}-{f.name}{suffix}"
                files.append(File(model, row.pk, f.name, path))
                values.append(Value(f.name, label, path))
            continue
        if f.is_relation:
            raw = getattr(row, f.attname)
            if raw is None:
                values.append(Value(f.name, label, None))
            elif f.related_model is Person:
                values.append(Value(f.name, label, people[raw].full_name))
            elif _is_user(f):
                user = users.get(raw)
                name = user.full_name if user is not None else ""
                values.append(Value(f.name, label, name or "A member of staff"))
            else:
                values.append(Value(f.name, label, refs.get(f.name, {}).get(raw)))
            continue
        values.append(Value(f.name, label, _plain(row, f), _readable(getattr(row, f.attname))))
    return Record(model._meta.label, str(getattr(row, "public_id", "")), values, files)


def _is_user(f: models.Field[Any, Any]) -> bool:
    target = f.related_model
    return isinstance(target, type) and target._meta.label == settings.AUTH_USER_MODEL


def _plain(row: models.Model, f: models.Field[Any, Any]) -> Any:
    choices = getattr(f, "choices", None)
    value = getattr(row, f.attname)
    if choices and value not in (None, ""):
        return str(getattr(row, f"get_{f.name}_display")())
    return jsonable(value)


def _readable(value: Any) -> str:
    """Dates and times as people write them; "" for anything shown as it is."""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%-d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %b %Y}"
    return ""


def jsonable(value: Any) -> Any:
    """A field's value as JSON can hold it."""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    return str(value)


def _seen(membership: Membership, openable: dict[str, Any]) -> list[Seen]:
    """The person's "who has seen it" log: the same events as ``cases:person_access_log``."""
    events = events_about(membership.organisation_id, openable, actions=SEEN)
    kinds = {
        m._meta.model_name: str(m._meta.verbose_name).capitalize()
        for m, _path in registry().models_about_person()
    }
    return [
        Seen(
            at=e.occurred_at,
            who=(e.actor.full_name if e.actor else "") or "The system",
            what=e.summary,
            record=kinds.get(e.object_type, e.object_type),
        )
        for e in events
    ]


def _actor_ids(membership: Membership, openable: dict[str, Any]) -> set[int]:
    events: Any = events_about(membership.organisation_id, openable, actions=SEEN)
    return {pk for pk in events.values_list("actor_id", flat=True) if pk is not None}
