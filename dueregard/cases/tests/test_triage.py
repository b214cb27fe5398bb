"""Triage: opening a case from a concern, or linking one to an open case."""

from __future__ import annotations

import pytest

from dueregard.audit import services as audit_services
from dueregard.audit.services import verify_all
from dueregard.cases import services
from dueregard.cases.services import triage
from dueregard.cases.tests.builders import (
    fail_on_call,
    open_case,
    snapshot,
)
from dueregard.concerns.models import Concern, ConcernStatus
from dueregard.core.errors import NotPermitted, TransitionNotAllowed
from dueregard.testing.factories import make_concern, make_person


def test_triaging_a_concern_twice_is_refused(dsl, learner):
    concern = make_concern(dsl, learner)
    case = services.open_case_from_concern(dsl, concern)
    other = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match="already been triaged"):
        services.open_case_from_concern(dsl, concern)
    with pytest.raises(TransitionNotAllowed, match="already been triaged"):
        services.link_concern_to_case(dsl, concern, other)

    assert snapshot() == before
    assert Concern.objects.get(pk=concern.pk).case == case


def test_a_concern_of_another_organisation_cannot_be_triaged(dsl, outsider_dsl, learner):
    concern = make_concern(dsl, learner)
    before = snapshot()

    with pytest.raises(NotPermitted):
        services.open_case_from_concern(outsider_dsl, concern)

    assert snapshot() == before


def test_linking_a_concern_adds_its_subjects_once(dsl, learner, org):
    case = open_case(dsl, learner)
    friend = make_person(org, "Alex", "Rowe")
    concern = make_concern(dsl, learner, unknown_subject="Older man at the gate")
    concern.subjects.create(person=friend)

    services.link_concern_to_case(dsl, concern, case)

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.TRIAGED
    assert concern.case == case
    people = set(case.parties.exclude(person=None).values_list("person__given_name", flat=True))
    assert people == {"Robin", "Alex"}
    assert [p.description for p in case.parties.filter(person=None)] == ["Older man at the gate"]


def test_opening_a_case_that_fails_at_its_second_audit_event_leaves_nothing_behind(
    dsl, learner, monkeypatch
):
    concern = make_concern(dsl, learner)
    before = snapshot()
    monkeypatch.setattr(triage, "log", fail_on_call(2, audit_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        services.open_case_from_concern(dsl, concern)

    assert snapshot() == before
    assert Concern.objects.get(pk=concern.pk).status == ConcernStatus.AWAITING_TRIAGE
    assert not verify_all()
    # The reference was not used up: the next case still gets the first number.
    case = services.open_case_from_concern(dsl, concern)
    assert case.reference.endswith("-000001")
