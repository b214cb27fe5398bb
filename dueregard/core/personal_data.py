"""The registry of personal data: what each model holds about a person, declared once.

A model that holds anything about a person says so next to its fields::

    personal_data = PersonalData(
        fields=("description",),
        person=("person",),
        unlisted="a subject described without a directory entry",
    )

* ``fields``: every field holding personal data, encrypted or not. Which are encrypted is
  read from the field class (``EncryptedTextField``), never repeated here; every
  encrypted field of the model must be listed.
* ``files``: its file fields; each must be a ``SealedFileField`` (encrypted at rest).
* How a row links to a person, at least one of:
  ``person``: paths from the row to a ``people.Person`` (``""`` is the person's own row);
  ``staff``: paths to the ``accounts.User`` it is about (a member of staff);
  ``unlisted``: what its free text may say of people found through no link (a subject
  described without a directory entry, a speaker, a name in a risk's description).

``registry()`` finds the declarations by walking ``apps.get_models()``, so ``core`` names
no domain app. Key rotation reads its encrypted fields and files; the cross-organisation
leak test, subject access and destruction read its links. Mistakes in a declaration (a
field or path that does not exist, an encrypted field or a file left out) raise
``ImproperlyConfigured`` when the registry is built; ``core/tests/test_personal_data.py``
fails for a model with a person, an encrypted field or a file that declares nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from dueregard.core.fields import EncryptedTextField
from dueregard.core.sealed_files import SealedFileField

PERSON_MODEL = "people.Person"


@dataclass(frozen=True)
class PersonalData:
    """What one model holds about people: see the module docstring."""

    fields: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    unlisted: str = ""


@dataclass(frozen=True)
class Entry:
    """One model's checked declaration, with its fields resolved."""

    model: type[models.Model]
    declared: PersonalData
    encrypted_fields: tuple[EncryptedTextField[Any, Any], ...]
    files: tuple[SealedFileField, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    def plain_fields(self) -> tuple[str, ...]:
        """The personal fields stored as they are (not encrypted)."""
        encrypted = {f.name for f in self.encrypted_fields}
        return tuple(name for name in self.declared.fields if name not in encrypted)


class Registry:
    """Every declaration, in ``apps.get_models()`` order."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, model: object) -> bool:
        return any(entry.model is model for entry in self.entries)

    def models_about_person(self) -> Iterator[tuple[type[models.Model], str]]:
        """(model, path to ``people.Person``) for each way a row can be about a person.

        ``model._base_manager.filter(**{path or "pk": person.pk})`` are its rows about
        ``person`` (a model with several paths is yielded once for each).
        """
        for entry in self.entries:
            for path in entry.declared.person:
                yield entry.model, path

    def models_about_staff(self) -> Iterator[tuple[type[models.Model], str]]:
        """(model, path to the user) for rows about a member of staff."""
        for entry in self.entries:
            for path in entry.declared.staff:
                yield entry.model, path

    def unlisted(self) -> Iterator[tuple[type[models.Model], str]]:
        """(model, what its text may say) for rows that may describe people by text alone."""
        for entry in self.entries:
            if entry.declared.unlisted:
                yield entry.model, entry.declared.unlisted

    def encrypted_fields(
        self,
    ) -> Iterator[tuple[type[models.Model], list[EncryptedTextField[Any, Any]]]]:
        """Every model with encrypted fields, with those fields."""
        for entry in self.entries:
            if entry.encrypted_fields:
                yield entry.model, list(entry.encrypted_fields)

    def files(self) -> Iterator[tuple[type[models.Model], SealedFileField]]:
        """Every sealed file field, with its model."""
        for entry in self.entries:
            for field in entry.files:
                yield entry.model, field


@cache
def registry() -> Registry:
    """The registry of the installed models, built and checked once."""
    return Registry(
        [
            _check(model, declared)
            for model in apps.get_models()
            if isinstance(declared := getattr(model, "personal_data", None), PersonalData)
        ]
    )


def _check(model: type[models.Model], declared: PersonalData) -> Entry:
    label = model._meta.label

    def refuse(problem: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"{label}.personal_data: {problem}")

    if not (declared.person or declared.staff or declared.unlisted):
        raise refuse("say how a row links to a person (person, staff or unlisted)")
    for name in (*declared.fields, *declared.files):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            raise refuse(f"it has no field {name!r}") from None
    encrypted = tuple(f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField))
    left_out = [f.name for f in encrypted if f.name not in declared.fields]
    if left_out:
        raise refuse(f"encrypted fields not listed in fields: {left_out}")
    files = tuple(f for f in model._meta.concrete_fields if isinstance(f, models.FileField))
    if sorted(f.name for f in files) != sorted(declared.files):
        raise refuse(f"files must list exactly its file fields: {[f.name for f in files]}")
    unsealed = [f.name for f in files if not isinstance(f, SealedFileField)]
    if unsealed:
        raise refuse(f"files must be SealedFileFields (encrypted at rest): {unsealed}")
    for path in declared.person:
        if _follow(model, path) != PERSON_MODEL:
            raise refuse(f"person path {path!r} does not lead to {PERSON_MODEL}")
    for path in declared.staff:
        if _follow(model, path) != settings.AUTH_USER_MODEL:
            raise refuse(f"staff path {path!r} does not lead to {settings.AUTH_USER_MODEL}")
    sealed = tuple(f for f in files if isinstance(f, SealedFileField))
    return Entry(model=model, declared=declared, encrypted_fields=encrypted, files=sealed)


def _follow(model: type[models.Model], path: str) -> str | None:
    """The label of the model ``path`` (``a__b__c``) leads to; None if it leads nowhere."""
    current: type[models.Model] = model
    for name in path.split("__") if path else ():
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        related = field.related_model
        if related is None or isinstance(related, str):
            return None
        current = related
    return current._meta.label
