"""The allowed-from table: every change refused from a status it does not allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    ChronologyEntry,
    DecisionKind,
    PartyRole,
    Review,
    ReviewOutcome,
    SupportAction,
)
from dueregard.cases.services import ALLOWED_FROM
from dueregard.cases.tests.builders import (
    case_in_status,
    categorise,
    in_a_week,
    refresh,
    snapshot,
)
from dueregard.concerns.categories import prevent_category
from dueregard.concerns.models import Concern, ConcernType, SafeguardingCategory
from dueregard.core.errors import TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.testing.factories import make_concern, make_person

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
    safeguarding_category: SafeguardingCategory | None


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
    "set the type of concern of": lambda m, w: services.set_category(
        m, w.case, w.safeguarding_category, w.category
    ),
}


def build_world(dsl: Membership, learner: Person, status: str) -> World:
    case, review, action = case_in_status(dsl, learner, status)
    case = categorise(dsl, case)  # closing needs it; setting it again is allowed anywhere
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
        safeguarding_category=prevent_category(org.pk),
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
