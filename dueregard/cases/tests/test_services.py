"""Case services: every decision path, the allowed-from table, roles, atomicity, and the
web pages that call them."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.audit.services import verify_all
from dueregard.cases import chronology, services
from dueregard.cases.access import can_open
from dueregard.cases.models import (
    ActionStatus,
    BreakGlass,
    Case,
    CaseStatus,
    ChronologyEntry,
    Decision,
    DecisionKind,
    PartyRole,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.services import ACTION_ALLOWED_FROM, ALLOWED_FROM
from dueregard.cases.tests.builders import (
    a_referral,
    an_emergency,
    case_in_status,
    fail_on_call,
    freeze,
    in_a_week,
    open_case,
    refresh,
    snapshot,
)
from dueregard.concerns.models import Concern, ConcernStatus, ConcernType
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.referrals import follow_ups, sending
from dueregard.referrals import services as referral_services
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus
from dueregard.referrals.testing import a_draft_change
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_concern, make_person

# --- Decisions ------------------------------------------------------------------------


def test_no_further_action_closes_the_case_with_the_rationale(dsl, learner):
    case, review, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    done = services.add_action(
        dsl, case, description="Tutor check-in", owner=dsl.user, due_on=in_a_week()
    )
    services.set_action_status(dsl, done, ActionStatus.DONE)

    decision = services.record_decision(
        dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="  Misunderstood a joke.  "
    )

    case = refresh(case)
    assert decision.kind == DecisionKind.NO_FURTHER_ACTION
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert case.outcome_summary == "Misunderstood a joke."
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.CANCELLED
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.CANCELLED
    assert SupportAction.objects.get(pk=done.pk).status == ActionStatus.DONE
    closed = case.chronology.get(title="Case closed")
    assert "1 scheduled review(s) cancelled." in closed.body
    assert "1 open action(s) cancelled." in closed.body


def test_internal_support_schedules_a_review_after_the_organisations_interval(
    dsl, learner, monkeypatch
):
    dsl.organisation.review_interval_hours = 72
    dsl.organisation.save()
    case = open_case(dsl, learner)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))

    services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring agreed."
    )

    review = case.reviews.get()
    assert refresh(case).status == CaseStatus.INTERNAL_SUPPORT
    assert review.status == ReviewStatus.SCHEDULED
    assert review.due_at == now + timedelta(hours=72)


def test_a_second_internal_support_decision_does_not_add_a_second_review(dsl, learner):
    case = open_case(dsl, learner)
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="First.")
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Again.")

    assert case.decisions.count() == 2
    assert case.reviews.filter(status=ReviewStatus.SCHEDULED).count() == 1


def test_external_referral_creates_a_referral_awaiting_approval(deputy, learner):
    case = open_case(deputy, learner)

    services.record_decision(
        deputy,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Meets the threshold.",
        referral=a_referral(agency_reference="PP-1"),
    )

    referral = case.referrals.get()
    assert refresh(case).status == CaseStatus.EXTERNAL_REFERRAL
    assert referral.status == ReferralStatus.AWAITING_APPROVAL
    assert referral.agency == "Invented Police Prevent Team"
    assert referral.approved_by is None
    assert referral.created_by == deputy.user


def test_external_referral_needs_the_referral_details(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="referral's agency"):
        services.record_decision(dsl, case, kind=DecisionKind.EXTERNAL_REFERRAL, rationale="Refer.")

    assert snapshot() == before


def test_emergency_needs_the_police_details(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="called the police"):
        services.record_decision(dsl, case, kind=DecisionKind.EMERGENCY, rationale="Threat.")

    assert snapshot() == before


def test_emergency_writes_the_police_call_back_dated_to_the_call_time(dsl, learner, monkeypatch):
    case = open_case(dsl, learner)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))
    called_at = now - timedelta(hours=2)

    decision = services.record_decision(
        dsl,
        case,
        kind=DecisionKind.EMERGENCY,
        rationale="Threat.",
        emergency=an_emergency(called_at),
    )

    assert refresh(case).status == CaseStatus.EMERGENCY
    assert decision.police_called_by == "Dana Lead"
    assert decision.police_called_at == called_at
    assert decision.police_reference == "INV-0042"
    entry = case.chronology.get(title="Police called under the emergency procedure")
    assert entry.occurred_at == called_at
    assert entry.created_at == now
    assert "INV-0042" in entry.body


def test_a_decision_needs_a_rationale(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="rationale"):
        services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="  ")

    assert snapshot() == before


def test_an_unknown_decision_kind_is_refused_with_a_message(dsl, learner):
    case = open_case(dsl, learner)

    with pytest.raises(DomainError, match="Choose one of the four decisions"):
        services.record_decision(dsl, case, kind="shrug", rationale="Unsure.")


def test_a_change_of_decision_is_a_new_decision_never_an_edit(dsl, learner):
    case = open_case(dsl, learner)
    first = services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring first."
    )
    first_row = Decision.objects.filter(pk=first.pk).values().get()

    second = services.record_decision(
        dsl,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Escalated.",
        referral=a_referral(),
    )

    assert second.pk != first.pk
    assert Decision.objects.filter(pk=first.pk).values().get() == first_row
    assert list(case.decisions.values_list("kind", flat=True)) == [
        DecisionKind.INTERNAL_SUPPORT,
        DecisionKind.EXTERNAL_REFERRAL,
    ]


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


# --- Closing, reopening, monitoring ---------------------------------------------------


def test_reopening_needs_a_reason(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)
    before = snapshot()

    with pytest.raises(DomainError, match="reason for reopening"):
        services.reopen_case(dsl, case, reason=" ")

    assert snapshot() == before


def test_reopening_a_closed_case_awaits_a_new_decision_and_ends_monitoring(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)
    services.set_monitor(dsl, case, rationale="Watch.", review_on=in_a_week())

    services.reopen_case(dsl, case, reason="A new concern came in.")

    case = refresh(case)
    assert case.status == CaseStatus.AWAITING_DECISION
    assert case.closed_at is None
    assert case.monitor is False
    event = AuditEvent.objects.filter(object_id=case.public_id).latest("sequence")
    assert event.reason == services.REASON_IN_CHRONOLOGY  # the text stays encrypted
    assert case.chronology.filter(title="Case reopened").get().body == "A new concern came in."


def test_monitoring_a_closed_case_needs_a_future_date(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)
    before = snapshot()

    for day in (timezone.localdate(), timezone.localdate() - timedelta(days=1)):
        with pytest.raises(DomainError, match="must be in the future"):
            services.set_monitor(dsl, case, rationale="Watch.", review_on=day)

    assert snapshot() == before
    services.set_monitor(dsl, case, rationale="Watch.", review_on=in_a_week())
    case = refresh(case)
    assert case.monitor is True
    assert case.monitor_review_on == in_a_week()
    assert case.monitor_rationale == "Watch."


def test_ending_monitoring_of_an_unmonitored_case_is_refused(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)

    with pytest.raises(TransitionNotAllowed, match="not being monitored"):
        services.end_monitor(dsl, case, reason="Done.")


# --- Restriction and break glass ------------------------------------------------------


def test_only_the_dsl_may_restrict_a_case(dsl, deputy, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(NotPermitted):
        services.restrict_case(deputy, case, [deputy.user])

    assert snapshot() == before


def test_a_case_can_be_restricted_only_to_dsls_and_deputies(dsl, teacher, outsider_dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    for user in (teacher.user, outsider_dsl.user):
        with pytest.raises(DomainError, match="only to DSLs and deputies"):
            services.restrict_case(dsl, case, [user])

    assert snapshot() == before


def test_restriction_names_the_lead_too_and_an_empty_list_lifts_it(dsl, deputy, learner):
    case = open_case(dsl, learner)

    services.restrict_case(dsl, case, [deputy.user])
    case = refresh(case)
    assert case.is_restricted is True
    assert set(case.restricted_to.all()) == {dsl.user, deputy.user}

    services.restrict_case(dsl, case, [])
    case = refresh(case)
    assert case.is_restricted is False
    assert not case.restricted_to.exists()


def test_a_deputy_not_named_on_a_restricted_case_cannot_open_it(dsl, deputy, learner):
    case = open_case(dsl, learner)
    assert can_open(deputy, case)

    services.restrict_case(dsl, case, [dsl.user])

    assert can_open(dsl, refresh(case))
    assert not can_open(deputy, refresh(case))


def test_a_dsl_of_another_organisation_can_never_open_a_case(dsl, outsider_dsl, learner):
    assert not can_open(outsider_dsl, open_case(dsl, learner))


def test_break_glass_needs_a_reason(dsl, deputy, learner):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    before = snapshot()

    with pytest.raises(DomainError, match="reason"):
        services.break_glass(deputy, refresh(case), reason="  ")

    assert snapshot() == before


def test_break_glass_only_on_a_restricted_case(dsl, deputy, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match="not restricted"):
        services.break_glass(deputy, case, reason="Covering for the lead.")

    assert snapshot() == before


def test_break_glass_opens_the_case_for_eight_hours_and_not_after(
    dsl, deputy, learner, monkeypatch
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    case = refresh(case)
    start = freeze(monkeypatch, timezone.now().replace(microsecond=0))

    grant = services.break_glass(deputy, case, reason="Covering for the lead today.")

    assert grant.expires_at == start + timedelta(hours=8)
    assert can_open(deputy, case)
    freeze(monkeypatch, start + timedelta(hours=8) - timedelta(seconds=1))
    assert can_open(deputy, case)
    freeze(monkeypatch, start + timedelta(hours=8))
    assert not can_open(deputy, case)
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert event.object_id == case.public_id
    assert event.reason == services.REASON_IN_CHRONOLOGY
    assert grant.reason == "Covering for the lead today."
    assert event.actor == deputy.user


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


# --- The allowed-from table -----------------------------------------------------------


@dataclass
class World:
    """One case and what hangs off it, for calling any change on the case."""

    case: Case
    review: Review
    action: SupportAction
    concern: Concern
    person: Person
    category: ConcernType | None


Change = Callable[[Membership, World], object]

#: One call per row of ``ALLOWED_FROM``, with arguments the service would accept.
CHANGES: dict[str, Change] = {
    "record a decision on": lambda m, w: services.record_decision(
        m, w.case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring."
    ),
    "link a concern to": lambda m, w: services.link_concern_to_case(m, w.concern, w.case),
    "add a person to": lambda m, w: services.add_party(
        m, w.case, role=PartyRole.WITNESS, person=w.person
    ),
    "add an action to": lambda m, w: services.add_action(
        m, w.case, description="Mentoring", owner=m.user, due_on=in_a_week()
    ),
    "update an action on": lambda m, w: services.set_action_status(m, w.action, ActionStatus.DONE),
    "hold a review on": lambda m, w: services.hold_review(
        m, w.review, summary="Engaging.", outcome=ReviewOutcome.CONTINUE
    ),
    "add a note to": lambda m, w: services.add_note(m, w.case, body="Spoke to the tutor."),
    "close": lambda m, w: services.close_case(m, w.case, outcome_summary="Support worked."),
    "reopen": lambda m, w: services.reopen_case(m, w.case, reason="A new concern."),
    "set the monitor flag on": lambda m, w: services.set_monitor(
        m, w.case, rationale="Watch.", review_on=in_a_week()
    ),
    "end monitoring of": lambda m, w: services.end_monitor(m, w.case, reason="No longer needed."),
    "change the restriction of": lambda m, w: services.restrict_case(m, w.case, [m.user]),
    "set the type of concern of": lambda m, w: services.set_category(m, w.case, w.category),
}


def build_world(dsl: Membership, learner: Person, status: str) -> World:
    case, review, action = case_in_status(dsl, learner, status)
    if status == CaseStatus.CLOSED:
        services.set_monitor(dsl, case, rationale="Watch.", review_on=in_a_week())
        case = refresh(case)
    org = dsl.organisation
    return World(
        case=case,
        review=review,
        action=action,
        concern=make_concern(dsl, learner),
        person=make_person(org, "Kit", "Marsh"),
        category=ConcernType.objects.filter(is_not_sure=False).first(),
    )


def test_every_row_of_the_allowed_from_table_has_a_change_to_call():
    assert set(CHANGES) == set(ALLOWED_FROM)


DISALLOWED = [
    (change, status)
    for change, allowed in ALLOWED_FROM.items()
    for status in CaseStatus.values
    if status not in allowed
]
ALLOWED = [
    (change, status)
    for change, allowed in ALLOWED_FROM.items()
    for status in CaseStatus.values
    if status in allowed
]


@pytest.mark.parametrize(("change", "status"), DISALLOWED, ids=[f"{c}|{s}" for c, s in DISALLOWED])
def test_a_change_from_a_status_not_allowed_is_refused_and_writes_nothing(
    dsl, learner, change, status
):
    world = build_world(dsl, learner, status)
    before = snapshot()

    with pytest.raises(TransitionNotAllowed) as refused:
        CHANGES[change](dsl, world)

    message = str(refused.value)
    assert CaseStatus(status).label.lower() in message
    assert change in message
    assert snapshot() == before


@pytest.mark.parametrize(("change", "status"), ALLOWED, ids=[f"{c}|{s}" for c, s in ALLOWED])
def test_a_change_from_an_allowed_status_is_recorded(dsl, learner, change, status):
    world = build_world(dsl, learner, status)
    entries = ChronologyEntry.objects.filter(case=world.case).count()
    events = AuditEvent.objects.count()

    CHANGES[change](dsl, world)

    assert ChronologyEntry.objects.filter(case=world.case).count() > entries
    assert AuditEvent.objects.count() > events


# --- Roles ----------------------------------------------------------------------------


@dataclass
class RoleWorld:
    case: Case
    review: Review
    action: SupportAction
    concern: Concern
    referral: Referral


#: Every state-changing service of cases and referrals, called with valid arguments.
SERVICES: dict[str, Callable[[Membership, RoleWorld], object]] = {
    "open_case_from_concern": lambda m, w: services.open_case_from_concern(m, w.concern),
    "link_concern_to_case": lambda m, w: services.link_concern_to_case(m, w.concern, w.case),
    "record_decision": lambda m, w: services.record_decision(
        m, w.case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring."
    ),
    "add_party": lambda m, w: services.add_party(
        m, w.case, role=PartyRole.OTHER, description="A visitor"
    ),
    "add_action": lambda m, w: services.add_action(
        m, w.case, description="Mentoring", owner=m.user, due_on=in_a_week()
    ),
    "set_action_status": lambda m, w: services.set_action_status(m, w.action, ActionStatus.DONE),
    "hold_review": lambda m, w: services.hold_review(
        m, w.review, summary="Engaging.", outcome=ReviewOutcome.CONTINUE
    ),
    "add_note": lambda m, w: services.add_note(m, w.case, body="Spoke to the tutor."),
    "close_case": lambda m, w: services.close_case(m, w.case, outcome_summary="Done."),
    "reopen_case": lambda m, w: services.reopen_case(m, w.case, reason="New concern."),
    "set_monitor": lambda m, w: services.set_monitor(
        m, w.case, rationale="Watch.", review_on=in_a_week()
    ),
    "end_monitor": lambda m, w: services.end_monitor(m, w.case, reason="Enough."),
    "set_category": lambda m, w: services.set_category(m, w.case, None),
    "restrict_case": lambda m, w: services.restrict_case(m, w.case, []),
    "break_glass": lambda m, w: services.break_glass(m, w.case, reason="Covering."),
    "record_referral": lambda m, w: referral_services.record_referral(m, w.case, a_referral()),
    "approve_referral": lambda m, w: referral_services.approve_referral(m, w.referral),
    "prepare_referral": lambda m, w: referral_services.prepare_referral(m, w.case, a_referral()),
    "update_draft": lambda m, w: referral_services.update_draft(m, w.referral, a_draft_change()),
    "submit_for_approval": lambda m, w: referral_services.submit_for_approval(m, w.referral),
    "send_back": lambda m, w: referral_services.send_back(m, w.referral, reason="Add detail."),
    "record_sent": lambda m, w: sending.record_sent(m, w.referral, method="portal"),
    "log_document": lambda m, w: sending.log_document(m, w.referral, file_format="pdf"),
    "record_progress": lambda m, w: referral_services.record_progress(
        m, w.referral, status="closed", note="Withdrawn."
    ),
    "add_follow_up": lambda m, w: follow_ups.add_follow_up(
        m, w.referral, description="Chase.", owner=m.user, due_on=in_a_week()
    ),
    "complete_follow_up": lambda m, w: follow_ups.complete_follow_up(
        m,
        FollowUp(referral=w.referral, organisation_id=w.referral.organisation_id),
        outcome="Done.",
    ),
    "append": lambda m, w: sharing_services.append(
        m, Disclosure(organisation_id=w.case.organisation_id, case=w.case, referral=w.referral)
    ),
    "record_disclosure": lambda m, w: sharing_services.record_disclosure(m, a_disclosure(w.case)),
}


def _public_services(module: Any) -> set[str]:
    """Functions of ``module`` whose first parameter is the acting membership."""
    names = set()
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        parameters = list(inspect.signature(function).parameters)
        if parameters and parameters[0] == "membership":
            names.add(name)
    return names


def test_every_service_has_a_row_in_the_role_table():
    found = _public_services(services) | _public_services(referral_services)
    found |= _public_services(sending) | _public_services(follow_ups)
    found |= _public_services(sharing_services)
    # can_open answers a question, require_handler checks a role, lock reads a row for a
    # change: none of them changes anything.
    assert found - {"can_open", "require_handler", "lock"} == set(SERVICES)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_roles_without_case_rights_are_refused_every_case_service(
    dsl, teacher, governor, admin, inspector, learner, service
):
    case, review, action = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    world = RoleWorld(case, review, action, make_concern(dsl, learner), case.referrals.get())
    before = snapshot()

    for member in (teacher, governor, admin, inspector):
        with pytest.raises(NotPermitted):
            SERVICES[service](member, world)

    assert snapshot() == before


# The services' own organisation check, without the help of the scope (which would hide
# the case from the outsider): a job or command that runs unscoped must not get through.
@pytest.mark.unscoped
@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_dsl_of_another_organisation_can_change_nothing(dsl, outsider_dsl, learner, service):
    case, review, action = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    if service == "break_glass":
        services.restrict_case(dsl, case, [dsl.user])
        case = refresh(case)
    world = RoleWorld(case, review, action, make_concern(dsl, learner), case.referrals.get())
    before = snapshot()

    with pytest.raises(NotPermitted):
        SERVICES[service](outsider_dsl, world)

    assert snapshot() == before


# Break glass is how a member not named gets in; a new concern belongs to no case yet.
CASE_BOUND = sorted(set(SERVICES) - {"break_glass", "open_case_from_concern"})


@pytest.mark.parametrize("service", CASE_BOUND)
def test_a_deputy_not_named_on_a_restricted_case_can_change_nothing(dsl, deputy, learner, service):
    case, review, action = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    services.restrict_case(dsl, case, [dsl.user])
    case = refresh(case)
    world = RoleWorld(case, review, action, make_concern(dsl, learner), case.referrals.get())
    before = snapshot()

    with pytest.raises(NotPermitted):
        SERVICES[service](deputy, world)

    assert snapshot() == before


def test_after_breaking_glass_a_deputy_can_work_on_the_case(dsl, deputy, learner):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    services.break_glass(deputy, refresh(case), reason="Covering for the lead.")

    services.add_note(deputy, refresh(case), body="Spoke to the tutor.")

    assert case.notes.get().created_by == deputy.user


def test_the_deputy_cannot_approve_a_referral(dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    before = snapshot()

    with pytest.raises(NotPermitted, match="DSL / Prevent lead"):
        referral_services.approve_referral(deputy, referral)

    assert snapshot() == before


def test_the_dsl_approves_a_referral_once(dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()

    approved = referral_services.approve_referral(dsl, referral, agency_reference="PP-77")

    assert approved.status == ReferralStatus.APPROVED
    assert approved.approved_by == dsl.user
    assert approved.approved_at is not None
    assert approved.agency_reference == "PP-77"
    assert case.chronology.filter(title__startswith="Referral approved").exists()
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="already been approved"):
        referral_services.approve_referral(dsl, referral)
    assert snapshot() == before


def test_a_referral_of_a_closed_case_cannot_be_approved(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    services.close_case(dsl, case, outcome_summary="Police took no action.")
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match="Reopen the case"):
        referral_services.approve_referral(dsl, case.referrals.get())

    assert snapshot() == before


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


# --- Atomicity ------------------------------------------------------------------------


def test_a_decision_that_fails_half_way_leaves_nothing_behind(dsl, learner, monkeypatch):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    before = snapshot()
    # The 1st chronology entry is the decision; the 2nd ("Case closed") fails.
    monkeypatch.setattr(chronology, "add", fail_on_call(2, chronology.add))

    with pytest.raises(RuntimeError, match="injected"):
        services.record_decision(
            dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="Nothing more."
        )

    assert snapshot() == before
    assert not verify_all()


def test_opening_a_case_that_fails_at_its_second_audit_event_leaves_nothing_behind(
    dsl, learner, monkeypatch
):
    concern = make_concern(dsl, learner)
    before = snapshot()
    monkeypatch.setattr(services, "record_by", fail_on_call(2, services.record_by))

    with pytest.raises(RuntimeError, match="injected"):
        services.open_case_from_concern(dsl, concern)

    assert snapshot() == before
    assert Concern.objects.get(pk=concern.pk).status == ConcernStatus.AWAITING_TRIAGE
    assert not verify_all()
    # The reference was not used up: the next case still gets the first number.
    case = services.open_case_from_concern(dsl, concern)
    assert case.reference.endswith("-000001")


def test_a_referral_decision_that_fails_at_its_audit_event_leaves_nothing_behind(
    dsl, learner, monkeypatch
):
    case = open_case(dsl, learner)
    before = snapshot()
    monkeypatch.setattr(referral_services, "log", fail_on_call(1, referral_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        services.record_decision(
            dsl,
            case,
            kind=DecisionKind.EXTERNAL_REFERRAL,
            rationale="Refer.",
            referral=a_referral(),
        )

    assert snapshot() == before


def test_a_break_glass_that_fails_at_its_audit_event_grants_nothing(
    dsl, deputy, learner, monkeypatch
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    case = refresh(case)
    monkeypatch.setattr(services, "record_by", fail_on_call(1, services.record_by))

    with pytest.raises(RuntimeError, match="injected"):
        services.break_glass(deputy, case, reason="Covering.")

    assert not BreakGlass.objects.exists()
    assert not can_open(deputy, case)


# --- Through the web ------------------------------------------------------------------


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"public_id": obj.public_id})


WEB_REFUSALS = [
    # (url name, status of the case, object the url is for, form data)
    ("cases:close", CaseStatus.CLOSED, "case", {"outcome_summary": "Again."}),
    ("cases:decide", CaseStatus.CLOSED, "case", {"kind": "internal_support", "rationale": "x"}),
    ("cases:add_party", CaseStatus.CLOSED, "case", {"role": "other", "description": "A visitor"}),
    ("cases:hold_review", CaseStatus.CLOSED, "review", {"summary": "x", "outcome": "continue"}),
    ("cases:reopen", CaseStatus.INTERNAL_SUPPORT, "case", {"reason": "Why not."}),
    ("cases:reopen", CaseStatus.AWAITING_DECISION, "case", {"reason": "Why not."}),
    ("cases:monitor", CaseStatus.EMERGENCY, "case", {"rationale": "x", "review_on": "2099-01-01"}),
]


@pytest.mark.parametrize(("name", "status", "obj", "data"), WEB_REFUSALS)
def test_a_refused_change_through_the_web_says_why_with_409(
    client, dsl, learner, name, status, obj, data
):
    case, review, _ = case_in_status(dsl, learner, status)
    login(client, dsl)
    before = snapshot()

    response = client.post(_url(name, review if obj == "review" else case), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert f"This case is {CaseStatus(status).label.lower()}: you cannot" in page
    assert snapshot() == before


def test_adding_an_action_to_a_closed_case_through_the_web_is_refused(client, dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)
    login(client, dsl)
    before = snapshot()

    response = client.post(
        _url("cases:add_action", case),
        {"description": "Mentoring", "owner": str(dsl.user.public_id), "due_on": "2099-01-01"},
    )

    assert response.status_code == 409
    assert "you cannot add an action to it" in response.content.decode()
    assert snapshot() == before


def test_marking_an_action_of_a_closed_case_done_redirects_with_the_reason(client, dsl, learner):
    _, _, action = case_in_status(dsl, learner, CaseStatus.CLOSED)
    login(client, dsl)

    response = client.post(_url("cases:action_status", action), {"status": "done"}, follow=True)

    assert response.status_code == 200
    assert "you cannot update an action on it" in response.content.decode()
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.CANCELLED


INVALID_FORMS = [
    ("cases:close", {"outcome_summary": ""}, "This field is required."),
    (
        "cases:decide",
        {"kind": "external_referral", "rationale": "Refer."},
        "Enter the agency the referral goes to",
    ),
    (
        "cases:decide",
        {
            "kind": "emergency",
            "rationale": "Threat.",
            "police_called_by": "Dana Lead",
            "police_called_on": "2099-01-01",
        },
        "The call cannot be in the future",
    ),
    ("cases:add_note", {"body": "Later.", "occurred_on": "2099-01-01"}, "future"),
    ("cases:add_party", {"role": "witness"}, "Choose a person from the directory or describe"),
]


@pytest.mark.parametrize(("name", "data", "message"), INVALID_FORMS)
def test_invalid_input_shows_the_error_summary(client, dsl, learner, name, data, message):
    case = open_case(dsl, learner)
    login(client, dsl)
    before = snapshot()

    response = client.post(_url(name, case), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert snapshot() == before


def test_a_next_review_in_the_past_through_the_web_shows_the_error_summary(client, dsl, learner):
    _, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    login(client, dsl)

    response = client.post(
        _url("cases:hold_review", review),
        {"summary": "Engaging.", "outcome": "continue", "next_due_on": "2000-01-01"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The next review must be in the future." in page
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SCHEDULED


def test_a_deputy_breaks_glass_on_a_restricted_case_and_the_lead_sees_why(
    client: Client, dsl, deputy, learner
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    login(client, deputy)
    detail = _url("cases:detail", case)

    response = client.get(detail)
    assert response.status_code == 403
    page = response.content.decode()
    assert "This case is restricted" in page
    assert learner.family_name not in page
    assert "Chronology" not in page
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor=deputy.user).exists()

    response = client.post(detail, {"reason": ""})
    assert response.status_code == 403
    assert "govuk-error-summary" in response.content.decode()
    assert not BreakGlass.objects.exists()

    response = client.post(detail, {"reason": "Covering while the lead is on leave."})
    assert response.status_code == 302
    assert response["Location"] == detail

    response = client.get(detail)
    assert response.status_code == 200
    assert learner.family_name in response.content.decode()

    client.logout()
    login(client, dsl)
    response = client.get(_url("cases:access_log", case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Break glass" in page
    assert "Covering while the lead is on leave." in page
    assert deputy.user.full_name in page
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert event.actor == deputy.user
    assert event.object_id == case.public_id
    assert event.reason == services.REASON_IN_CHRONOLOGY
