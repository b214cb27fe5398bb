"""The work on an open case: reviews, notes, people on the case, support actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from dueregard.cases import services
from dueregard.cases.models import (
    ActionStatus,
    CaseStatus,
    ChronologyEntry,
    PartyRole,
    ReviewOutcome,
    ReviewStatus,
)
from dueregard.cases.services import ACTION_ALLOWED_FROM
from dueregard.cases.tests.builders import (
    case_in_status,
    freeze,
    in_a_week,
    open_case,
    refresh,
    snapshot,
)
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.testing.factories import make_person

# --- Reviews --------------------------------------------------------------------------


def test_continuing_after_a_review_schedules_the_next_at_the_usual_interval(
    dsl, learner, monkeypatch
):
    case, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))

    held = services.hold_review(
        dsl, review, summary="Engaging well.", outcome=ReviewOutcome.CONTINUE
    )

    assert held.status == ReviewStatus.HELD
    assert held.held_by == dsl.user
    assert held.held_at == now
    next_review = case.reviews.get(status=ReviewStatus.SCHEDULED)
    assert next_review.due_at == now + timedelta(hours=48)
    assert refresh(case).status == CaseStatus.INTERNAL_SUPPORT


def test_continuing_after_a_review_can_schedule_the_next_at_a_given_time(dsl, learner):
    case, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    when = (timezone.now() + timedelta(days=5)).replace(microsecond=0)

    services.hold_review(
        dsl, review, summary="Engaging.", outcome=ReviewOutcome.CONTINUE, next_due_at=when
    )

    assert case.reviews.get(status=ReviewStatus.SCHEDULED).due_at == when


def test_a_next_review_in_the_past_is_refused(dsl, learner):
    _, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    before = snapshot()

    with pytest.raises(DomainError, match="next review must be in the future"):
        services.hold_review(
            dsl,
            review,
            summary="Engaging.",
            outcome=ReviewOutcome.CONTINUE,
            next_due_at=timezone.now() - timedelta(hours=1),
        )

    assert snapshot() == before


def test_ending_support_moves_internal_support_back_to_awaiting_a_decision(dsl, learner):
    case, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)

    services.hold_review(dsl, review, summary="Settled.", outcome=ReviewOutcome.END_SUPPORT)

    assert refresh(case).status == CaseStatus.AWAITING_DECISION
    assert not case.reviews.filter(status=ReviewStatus.SCHEDULED).exists()
    assert case.chronology.filter(title="Support ended: awaiting the next decision").exists()


def test_a_review_cannot_be_held_twice(dsl, learner):
    _, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    services.hold_review(dsl, review, summary="Engaging.", outcome=ReviewOutcome.CONTINUE)
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match="already been held"):
        services.hold_review(dsl, review, summary="Again.", outcome=ReviewOutcome.CONTINUE)

    assert snapshot() == before


# --- Notes, people, actions -----------------------------------------------------------


def test_a_back_dated_note_keeps_the_time_it_was_written(dsl, learner, monkeypatch):
    case = open_case(dsl, learner)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))
    happened = now - timedelta(days=3)

    note = services.add_note(dsl, case, body="Tutor reported a remark.", occurred_at=happened)

    assert note.occurred_at == happened
    assert note.created_at == now
    entry = case.chronology.get(title="Note")
    assert entry.occurred_at == happened
    assert entry.created_at == now


def test_a_note_cannot_be_dated_in_the_future(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="future"):
        services.add_note(dsl, case, body="Later.", occurred_at=timezone.now() + timedelta(hours=1))

    assert snapshot() == before


def test_a_chronology_entry_refuses_to_be_edited_or_deleted(dsl, learner):
    entry = open_case(dsl, learner).chronology.first()
    assert entry is not None
    entry.title = "Rewritten"

    with pytest.raises(ValueError, match="never edited"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()


def test_the_chronology_refuses_bulk_edits_and_deletes(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(ValueError), transaction.atomic():
        ChronologyEntry.objects.filter(case=case).update(title="Rewritten")
    with pytest.raises(ValueError), transaction.atomic():
        ChronologyEntry.objects.filter(case=case).delete()

    assert snapshot() == before


def test_a_person_of_another_organisation_cannot_be_linked(dsl, learner, other_org):
    case = open_case(dsl, learner)
    stranger = make_person(other_org, "Sam", "Elsewhere")
    before = snapshot()

    with pytest.raises(DomainError, match="your own organisation"):
        services.add_party(dsl, case, role=PartyRole.WITNESS, person=stranger)

    assert snapshot() == before


def test_the_same_person_cannot_be_linked_twice(dsl, learner, org):
    case = open_case(dsl, learner)
    witness = make_person(org, "Kit", "Marsh")
    services.add_party(dsl, case, role=PartyRole.WITNESS, person=witness)
    before = snapshot()

    for person in (witness, learner):
        with pytest.raises(DomainError, match="already linked"):
            services.add_party(dsl, case, role=PartyRole.OTHER, person=person)

    assert snapshot() == before
    roles = dict(case.parties.values_list("person__given_name", "role"))
    assert roles == {"Robin": PartyRole.SUBJECT, "Kit": PartyRole.WITNESS}


def test_an_action_owner_must_be_a_member_of_the_organisation(dsl, outsider_dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="member of your organisation"):
        services.add_action(
            dsl, case, description="Mentoring", owner=outsider_dsl.user, due_on=in_a_week()
        )

    assert snapshot() == before


ACTION_DISALLOWED = [
    (source, target)
    for source in ActionStatus.values
    for target in ActionStatus.values
    if source not in ACTION_ALLOWED_FROM.get(target, frozenset())
]


@pytest.mark.parametrize(("source", "target"), ACTION_DISALLOWED)
def test_an_action_changes_only_from_open(dsl, learner, source, target):
    _, _, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    if source != ActionStatus.OPEN:
        services.set_action_status(dsl, action, source)
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match=ActionStatus(source).label.lower()):
        services.set_action_status(dsl, action, target)

    assert snapshot() == before


@pytest.mark.parametrize("target", sorted(ACTION_ALLOWED_FROM))
def test_an_open_action_can_be_marked_done_or_cancelled(dsl, learner, target):
    _, _, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)

    changed = services.set_action_status(dsl, action, target)

    assert changed.status == target
    assert changed.completed_at is not None
