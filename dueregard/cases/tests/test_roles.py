"""Who may call each case service: roles, organisations, restriction."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from dueregard.cases import services
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    DecisionKind,
    PartyRole,
    Review,
    ReviewOutcome,
    SupportAction,
)
from dueregard.cases.services import closure, decisions, restriction, support, triage
from dueregard.cases.tests.builders import (
    a_referral,
    case_in_status,
    in_a_week,
    refresh,
    snapshot,
)
from dueregard.concerns.models import Concern
from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership
from dueregard.referrals import follow_ups, sending
from dueregard.referrals import services as referral_services
from dueregard.referrals.models import FollowUp, Referral
from dueregard.referrals.testing import a_draft_change
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_concern

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
    case_modules = (triage, decisions, support, closure, restriction)
    found = set().union(*map(_public_services, case_modules)) | _public_services(referral_services)
    # can_open answers a question; it changes nothing (and is tested above).
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
