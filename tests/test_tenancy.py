"""Every model that holds an organisation's data is scoped by the organisation manager.

A model is organisation-linked when a chain of foreign keys leads from it to
``Organisation``. Each such model must have the fail-closed ``OrganisationManager`` as its
default manager (so its related managers are scoped too), and its ``organisation_path``
must lead to ``Organisation``; then the behaviour of ``core/tests/test_scope.py`` holds for
it. The behavioural checks below run on the models that were once holes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from dueregard.concerns.models import ConcernSubject, ConcernType, ConcernTypeList
from dueregard.core.models import OrganisationManager, organisation_path
from dueregard.core.scope import ScopeError, organisation_scope
from dueregard.organisations.models import Membership, Organisation, ReferenceCounter
from dueregard.organisations.services import next_reference
from dueregard.testing.factories import in_scope, make_concern

#: Platform tables: linked to an organisation, yet deliberately not scoped.
PLATFORM_TABLES = {
    # The append-only, hash-chained audit trail. One chain per organisation plus the
    # platform's own (events with no organisation); verification walks whole chains and
    # every read filters by organisation explicitly. It holds no narrative content.
    "audit.AuditEvent",
}


def _links_to_organisation(model: type[models.Model], seen: frozenset[type] = frozenset()) -> bool:
    for field in model._meta.concrete_fields:
        target = field.related_model if field.many_to_one or field.one_to_one else None
        if not isinstance(target, type) or target in seen or target is model:
            continue
        if target is Organisation or _links_to_organisation(target, seen | {model}):
            return True
    return False


def _organisation_linked_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if model is not Organisation and _links_to_organisation(model):
            yield model


def _resolves_to_organisation(model: type[models.Model], path: str) -> bool:
    current = model
    for name in path.split("__"):
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or not isinstance(field.related_model, type):
            return False
        current = field.related_model
    return current is Organisation


def test_the_walk_finds_the_organisation_linked_models() -> None:
    found = {m._meta.label for m in _organisation_linked_models()}
    # Directly (own column), through another row, and through a nullable list.
    assert {"cases.Case", "concerns.ConcernSubject", "concerns.ConcernType"} <= found
    assert "organisations.Organisation" not in found
    assert "accounts.User" not in found


def test_every_organisation_linked_model_is_scoped_through_a_path_to_its_organisation() -> None:
    holes = []
    for model in _organisation_linked_models():
        label = model._meta.label
        if label in PLATFORM_TABLES:
            continue
        if not isinstance(model._default_manager, OrganisationManager):
            holes.append(f"{label}: default manager is not an OrganisationManager")
        elif not _resolves_to_organisation(model, organisation_path(model)):
            holes.append(f"{label}: organisation_path {organisation_path(model)!r} is wrong")
    assert holes == []


def test_the_platform_allow_list_names_only_linked_unscoped_models() -> None:
    linked = {m._meta.label: m for m in _organisation_linked_models()}
    for label in PLATFORM_TABLES:
        assert label in linked
        assert not isinstance(linked[label]._default_manager, OrganisationManager)


@pytest.fixture
def both(teacher, learner, outsider_dsl):
    """A concern in each organisation, each about someone described, not in the directory."""
    ours = make_concern(teacher, None, unknown_subject="Learner in a red coat")
    theirs = make_concern(outsider_dsl, None, unknown_subject="Visitor in a grey hoodie")
    with in_scope(outsider_dsl):
        next_reference(outsider_dsl.organisation, "C")
        ConcernTypeList.objects.create(
            organisation=outsider_dsl.organisation,
            name="Brookmere types",
            version="1",
            effective_from="2025-01-01",
        )
    return ours, theirs


def test_once_holes_raise_outside_any_scope(both) -> None:
    with organisation_scope(None):
        for model in (ConcernSubject, Membership, ReferenceCounter, ConcernTypeList, ConcernType):
            with pytest.raises(ScopeError):
                list(model.objects.all())


def test_once_holes_show_only_the_scopes_organisation(both, org, teacher, outsider_dsl) -> None:
    ours, theirs = both
    assert list(ConcernSubject.objects.values_list("concern_id", flat=True)) == [ours.pk]
    assert list(ours.subjects.all()) == list(ConcernSubject.objects.all())
    assert not Membership.objects.filter(pk=outsider_dsl.pk).exists()
    assert not ReferenceCounter.objects.filter(organisation=outsider_dsl.organisation).exists()
    assert not ConcernTypeList.objects.filter(name="Brookmere types").exists()
    with in_scope(outsider_dsl):
        assert list(ConcernSubject.objects.values_list("concern_id", flat=True)) == [theirs.pk]
        assert ConcernTypeList.objects.filter(name="Brookmere types").exists()
    # The national list is everyone's.
    national = ConcernTypeList.objects.filter(organisation__isnull=True)
    assert national.exists()
    with in_scope(outsider_dsl):
        assert national.count() == ConcernTypeList.objects.filter(organisation=None).count()


def test_a_users_memberships_in_scope_and_across_organisations(org, dsl, other_org) -> None:
    from dueregard.testing.factories import make_member

    second = make_member(other_org, "dsl", dsl.user.email)
    # The related manager is the scoped default manager's: only this organisation's.
    assert list(dsl.user.memberships.all()) == [dsl]
    assert set(Membership.across_organisations.filter(user=dsl.user)) == {dsl, second}
    with organisation_scope(None), pytest.raises(ScopeError):
        list(dsl.user.memberships.all())


def test_the_switch_link_counts_every_organisation_of_the_user(client, dsl, other_org) -> None:
    from dueregard.testing.factories import make_member

    client.force_login(dsl.user)
    assert "Switch organisation" not in client.get("/", follow=True).content.decode()
    make_member(other_org, "staff", dsl.user.email)
    page = client.get("/", follow=True).content.decode()
    assert "Switch organisation" in page
    assert "Brookmere College" in client.get("/organisation/switch/").content.decode()
    # A membership that has ended is not one to switch to, so it is not counted either.
    Membership.across_organisations.filter(organisation=other_org).update(is_active=False)
    assert "Switch organisation" not in client.get("/", follow=True).content.decode()


def test_a_new_organisation_linked_model_would_be_caught() -> None:
    """The walk would report a model like ConcernSubject before it was scoped."""
    assert _resolves_to_organisation(ConcernSubject, "concern__organisation")
    assert not _resolves_to_organisation(ConcernSubject, "concern")
    assert not _resolves_to_organisation(ConcernSubject, "description")
