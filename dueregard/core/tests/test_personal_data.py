"""The registry of personal data: every model with something about a person declares it.

Every name and story here is invented.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from dueregard.cases.models import Case, CaseParty, Note
from dueregard.concerns.models import Attachment, Concern, ConcernSubject
from dueregard.core.fields import EncryptedTextField
from dueregard.core.personal_data import PERSON_MODEL, PersonalData, _check, registry
from dueregard.core.sealed_files import SealedFileField
from dueregard.core.tests.test_crypto import record_everything
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.testing.factories import make_concern, make_person

#: Models that link to a person (or a member) but hold nothing about them, and why.
NOT_PERSONAL: dict[str, str] = {}


def _reaches(model: type[models.Model], targets: set[str], seen: frozenset[str]) -> bool:
    """Whether a chain of forward relations (FK, one-to-one, many-to-many) leads to one of
    ``targets``. ``created_by`` and the organisation are every row's, so they do not count."""
    for field in model._meta.get_fields():
        if not field.concrete or not field.is_relation or field.name == "created_by":
            continue
        related = field.related_model
        if related is None or isinstance(related, str):
            continue
        label = related._meta.label
        if label in targets:
            return True
        if label not in seen and _reaches(related, targets, seen | {label}):
            return True
    return False


def _needs_declaring(model: type[models.Model]) -> list[str]:
    """Why ``model`` must be in the registry (empty if it need not be)."""
    reasons = []
    if model._meta.label == PERSON_MODEL or _reaches(
        model, {PERSON_MODEL, "organisations.Membership"}, frozenset({model._meta.label})
    ):
        reasons.append("it links to a person or a member")
    if any(isinstance(f, EncryptedTextField) for f in model._meta.concrete_fields):
        reasons.append("it has encrypted fields")
    if any(isinstance(f, models.FileField) for f in model._meta.concrete_fields):
        reasons.append("it has file fields")
    return reasons


def test_every_model_with_a_person_an_encrypted_field_or_a_file_is_in_the_registry() -> None:
    ours = [m for m in apps.get_models() if m.__module__.startswith("dueregard.")]
    missing = [
        f"{model._meta.label}: {', '.join(reasons)}"
        for model in ours
        if (reasons := _needs_declaring(model))
        and model not in registry()
        and model._meta.label not in NOT_PERSONAL
    ]
    assert not missing, "declare personal_data = PersonalData(...) on:\n" + "\n".join(missing)
    stale = [label for label in NOT_PERSONAL if apps.get_model(label) in registry()]
    assert not stale, f"both declared and allowed as not personal: {stale}"


def test_the_registry_holds_every_encrypted_field_and_every_file() -> None:
    """Key rotation reads the registry: anything encrypted outside it would stay under an
    old key. Every stored file is sealed."""
    every_encrypted = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    }
    every_file = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and model.__module__.startswith("dueregard.")
    }
    registered = {
        (m._meta.label, f.name) for m, fields in registry().encrypted_fields() for f in fields
    }
    files = {(m._meta.label, f.name) for m, f in registry().files()}

    assert registered == every_encrypted
    assert files == every_file
    assert all(isinstance(f, SealedFileField) for _, f in registry().files())
    assert ("training.TrainingRecord", "evidence") in files


def test_encrypted_is_read_from_the_field_class() -> None:
    entry = next(e for e in registry() if e.model is ConcernSubject)
    assert [f.name for f in entry.encrypted_fields] == ["description"]
    person = next(e for e in registry() if e.model is Person)
    assert person.encrypted_fields == ()
    assert "family_name" in person.plain_fields()


@pytest.mark.parametrize(
    ("model", "declared", "problem"),
    [
        (Note, PersonalData(fields=("body",)), "say how a row links"),
        (Note, PersonalData(person=("case__parties__person",)), "encrypted fields not listed"),
        (Note, PersonalData(fields=("body", "mood"), unlisted="x"), "no field 'mood'"),
        (Note, PersonalData(fields=("body",), person=("case",)), "does not lead to people.Person"),
        (Note, PersonalData(fields=("body",), staff=("case",)), "does not lead to"),
        (Attachment, PersonalData(person=("concern__subjects__person",)), "files must list"),
    ],
)
def test_a_wrong_declaration_stops_the_registry(
    model: type[models.Model], declared: PersonalData, problem: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=problem):
        _check(model, declared)


@isolate_apps("dueregard.core")
def test_an_unsealed_file_field_is_refused() -> None:
    class Scan(models.Model):
        public_id = models.UUIDField()
        file = models.FileField()

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return "a scan"

    with pytest.raises(ImproperlyConfigured, match="must be SealedFileFields"):
        _check(Scan, PersonalData(files=("file",), unlisted="a scan"))


def test_the_paths_find_every_row_about_a_person_and_no_other(
    private_root, dsl, deputy, teacher, learner
) -> None:
    case = record_everything(dsl, deputy, teacher, learner)
    someone_else = make_person(dsl.organisation, "Sam", "Quenby")
    make_concern(teacher, someone_else)

    pks: dict[str, set[int]] = {}
    for model, path in registry().models_about_person():
        rows = model._base_manager.filter(**{path or "pk": learner.pk})
        pks.setdefault(model._meta.label, set()).update(rows.values_list("pk", flat=True))
    found = {label: len(rows) for label, rows in pks.items()}

    assert found["people.Person"] == 1
    assert found["concerns.Concern"] == Concern.objects.filter(case=case).count() == 1
    assert found["concerns.ConcernSubject"] == 1  # the unlisted subject is not theirs
    assert found["concerns.Attachment"] == 1
    assert found["cases.Case"] == 1
    assert found["cases.CaseParty"] == CaseParty.objects.filter(person=learner).count() == 1
    assert found["cases.Note"] == Note.objects.filter(case=case).count()
    # The descriptions of people outside the directory are named for a search by hand.
    unlisted = dict(registry().unlisted())
    assert ConcernSubject in unlisted and Case not in unlisted


def test_staff_paths_find_a_members_own_rows(dsl: Membership, deputy: Membership) -> None:
    for model, path in registry().models_about_staff():
        rows = model._base_manager.filter(**{path or "pk": deputy.user.pk})
        if model._meta.label == settings.AUTH_USER_MODEL:
            assert list(rows) == [deputy.user]
        if model is Membership:
            assert list(rows) == [deputy]
