"""load_demo: two invented organisations and 18 months of history, made through the services.

The demo is loaded once for this module (it takes a few seconds) inside a transaction that
is rolled back at the end; every test looks at the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.models import AuditEvent
from dueregard.cases.models import (
    ActionStatus,
    BreakGlass,
    Case,
    CaseParty,
    CaseStatus,
    ChronologyEntry,
    Decision,
    DecisionKind,
    Note,
    PartyRole,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.concerns.models import Concern, ConcernStatus
from dueregard.demo.setup import (
    DEMO_PASSWORD,
    FAMILY_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    demo_organisations,
)
from dueregard.organisations.models import Membership, Organisation, Role, Site
from dueregard.people.models import Person
from dueregard.referrals.models import Referral, ReferralKind, ReferralStatus

# The demo is platform-wide (two organisations, loaded unscoped); these tests count and
# compare across both, as the platform operator would.
pytestmark = [pytest.mark.django_db, pytest.mark.unscoped]


@pytest.fixture(scope="module")
def demo_output(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    models = (
        Organisation,
        Site,
        User,
        Membership,
        Person,
        Concern,
        Case,
        ChronologyEntry,
        Decision,
        Review,
        SupportAction,
        Note,
        Referral,
        BreakGlass,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_demo_has_two_organisations_with_sites_people_and_concerns(demo_output: str) -> None:
    assert demo_organisations().count() == Organisation.objects.count() == 2
    for organisation in Organisation.objects.all():
        assert 2 <= Site.objects.filter(organisation=organisation).count() <= 3
    assert 250 <= Person.objects.count() <= 350
    assert 35 <= Concern.objects.count() <= 45
    assert set(Person.objects.values_list("kind", flat=True)) == {
        "learner",
        "staff",
        "contractor",
        "visitor",
    }


def test_demo_people_have_invented_names_and_references(demo_output: str) -> None:
    for person in Person.objects.all():
        assert person.given_name in FEMALE_NAMES + MALE_NAMES
        assert person.family_name in FAMILY_NAMES
    learner = Person.objects.filter(kind="learner").exclude(reference="").first()
    staff = Person.objects.filter(kind="staff").exclude(reference="").first()
    assert learner is not None and learner.reference[0] == "L" and len(learner.reference) == 7
    assert staff is not None and staff.reference[0] == "S" and len(staff.reference) == 5
    assert Person.objects.filter(kind="learner", date_of_birth__isnull=False).exists()


def test_demo_has_a_login_for_every_role_in_each_organisation(demo_output: str) -> None:
    for organisation in Organisation.objects.all():
        roles = set(
            Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
        )
        assert roles == set(Role.values)
        leads = Membership.objects.filter(
            organisation=organisation, role__in=[Role.DSL, Role.DEPUTY_DSL]
        )
        assert all(m.receives_alerts for m in leads)
    inspectors = Membership.objects.filter(role=Role.INSPECTOR)
    for inspector in inspectors:
        assert inspector.expires_at is not None
        assert timedelta(days=29) < inspector.expires_at - timezone.now() <= timedelta(days=30)


def test_one_demo_user_has_different_roles_in_both_organisations(demo_output: str) -> None:
    shared = User.objects.annotate(n=Count("memberships")).filter(n=2)
    assert shared.count() == 1
    roles = set(shared.get().memberships.values_list("role", flat=True))
    assert len(roles) == 2


def test_every_demo_login_uses_a_reserved_example_address(demo_output: str) -> None:
    users = list(User.objects.all())
    assert users
    assert all(user.email.endswith(".example") for user in users)
    # Logins share the demo password; the extra staff the training demo adds (so that its
    # matrix looks like a college's) cannot sign in at all.
    logins = [user for user in users if user.has_usable_password()]
    assert len(logins) >= 18
    assert all(user.check_password(DEMO_PASSWORD) for user in logins)
    assert DEMO_PASSWORD in demo_output
    assert "dsl@" in demo_output


def test_demo_has_untriaged_concerns_fresh_and_past_target(demo_output: str) -> None:
    now = timezone.now()
    untriaged = Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE)
    assert untriaged.count() >= 3
    fresh = [c for c in untriaged if c.created_at >= now - c.organisation.triage_target]
    late = [c for c in untriaged if c.created_at < now - c.organisation.triage_target]
    assert fresh and late
    assert untriaged.filter(immediate_danger=True).exists()
    assert untriaged.filter(subjects__person__isnull=True).exists()  # someone not identified


def test_demo_has_cases_closed_with_no_further_action(demo_output: str) -> None:
    closed = Case.objects.filter(
        status=CaseStatus.CLOSED, decisions__kind=DecisionKind.NO_FURTHER_ACTION
    )
    assert closed.count() >= 3
    assert all(case.outcome_summary for case in closed)


def test_demo_has_internal_support_with_overdue_and_upcoming_reviews(demo_output: str) -> None:
    now = timezone.now()
    scheduled = Review.objects.filter(
        status=ReviewStatus.SCHEDULED, case__status=CaseStatus.INTERNAL_SUPPORT
    )
    assert scheduled.filter(due_at__lt=now).exists()
    assert scheduled.filter(due_at__gte=now).exists()
    assert Review.objects.filter(status=ReviewStatus.HELD, outcome=ReviewOutcome.CONTINUE).exists()
    assert Review.objects.filter(
        status=ReviewStatus.HELD, outcome=ReviewOutcome.END_SUPPORT
    ).exists()
    assert Case.objects.filter(status=CaseStatus.AWAITING_DECISION).exists()


def test_demo_has_overdue_and_done_support_actions(demo_output: str) -> None:
    today = timezone.localdate()
    assert SupportAction.objects.filter(status=ActionStatus.OPEN, due_on__lt=today).exists()
    assert SupportAction.objects.filter(status=ActionStatus.DONE).exists()


@pytest.mark.parametrize("kind", [ReferralKind.POLICE_PREVENT, ReferralKind.CHILDRENS_SOCIAL_CARE])
def test_demo_has_referrals_awaiting_approval_and_approved(demo_output: str, kind: str) -> None:
    referrals = Referral.objects.filter(kind=kind)
    assert referrals.filter(status=ReferralStatus.AWAITING_APPROVAL).exists()
    approved = referrals.filter(status=ReferralStatus.APPROVED).exclude(agency_reference="")
    assert approved.exists()
    assert all(r.approved_by is not None for r in approved)


def test_demo_has_emergencies_with_police_references(demo_output: str) -> None:
    emergencies = Decision.objects.filter(kind=DecisionKind.EMERGENCY)
    assert emergencies.count() >= 2
    assert all(d.police_reference and d.police_called_at for d in emergencies)
    assert Case.objects.filter(status=CaseStatus.EMERGENCY).exists()


def test_demo_has_reopened_and_monitored_cases(demo_output: str) -> None:
    reopened = AuditEvent.objects.filter(summary="Case reopened").exclude(reason="")
    assert reopened.exists()
    monitored = Case.objects.filter(status=CaseStatus.CLOSED, monitor=True)
    assert monitored.exists()
    assert all(c.monitor_rationale and c.monitor_review_on for c in monitored)
    # The outcome is encrypted: the database cannot tell an empty one from a written one.
    assert sum(bool(c.outcome_summary) for c in Case.objects.filter(status=CaseStatus.CLOSED)) >= 10


def test_demo_has_a_restricted_case_opened_by_a_deputy_breaking_glass(demo_output: str) -> None:
    case = Case.objects.get(is_restricted=True)
    named = set(case.restricted_to.values_list("pk", flat=True))
    leads = set(
        Membership.objects.filter(
            organisation=case.organisation, role__in=[Role.DSL, Role.DEPUTY_DSL]
        ).values_list("user_id", flat=True)
    )
    assert named and named < leads
    grant = BreakGlass.objects.get(case=case)
    assert grant.user_id not in named
    assert Membership.objects.get(user=grant.user, organisation=case.organisation).role == (
        Role.DEPUTY_DSL
    )
    assert AuditEvent.objects.filter(action="break_glass", object_id=case.public_id).exists()


def test_demo_links_concerns_to_existing_cases(demo_output: str) -> None:
    linked = Case.objects.annotate(n=Count("concerns")).filter(n__gt=1)
    assert linked.count() >= 1


def test_demo_case_has_a_victim_and_a_witness_beside_its_subject(demo_output: str) -> None:
    roles_by_case: dict[int, set[str]] = {}
    for case_id, role in CaseParty.objects.values_list("case_id", "role"):
        roles_by_case.setdefault(case_id, set()).add(role)
    assert any(
        {PartyRole.SUBJECT, PartyRole.VICTIM, PartyRole.WITNESS} <= roles
        for roles in roles_by_case.values()
    )


def test_demo_has_back_dated_notes(demo_output: str) -> None:
    assert Note.objects.filter(occurred_at__lt=F("created_at") - timedelta(minutes=30)).exists()


def test_demo_history_runs_forward_in_time_over_eighteen_months(demo_output: str) -> None:
    now = timezone.now()
    first = Concern.objects.earliest("created_at").created_at
    assert timedelta(days=480) < now - first < timedelta(days=550)
    last_by_chain: dict[str, datetime] = {}
    for event in AuditEvent.objects.order_by("chain", "sequence"):
        assert event.occurred_at >= last_by_chain.get(event.chain, event.occurred_at)
        assert event.occurred_at <= now
        last_by_chain[event.chain] = event.occurred_at
    written = list(ChronologyEntry.objects.order_by("id").values_list("created_at", flat=True))
    assert written == sorted(written)
    for decision in Decision.objects.all():
        assert decision.decided_at == decision.created_at
    for concern in Concern.objects.exclude(triaged_at=None):
        assert concern.triaged_at is not None and concern.triaged_at >= concern.created_at
    # The clock is real again once the demo is loaded.
    assert abs(timezone.now() - datetime.now(UTC)) < timedelta(minutes=1)


def test_audit_trail_verifies_after_the_demo(demo_output: str) -> None:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_second_run_without_reset_changes_nothing(demo_output: str) -> None:
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert _counts() == before


def test_reset_is_refused_because_the_audit_trail_is_append_only(demo_output: str) -> None:
    before = _counts()
    with pytest.raises(CommandError, match="append-only"):
        call_command("load_demo", "--reset")
    assert _counts() == before


@override_settings(PROFILE="production")
def test_load_demo_never_runs_in_production(demo_output: str) -> None:
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", "--reset")


def test_demo_has_an_open_subject_access_request_due_soon(demo_output: str) -> None:
    from dueregard.subjectaccess.models import SubjectAccessRequest

    requests = list(SubjectAccessRequest._base_manager.all())
    assert {r.organisation_id for r in requests} == set(
        Organisation.objects.values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for request in requests:
        assert request.status == "open"
        assert today < request.due_on <= today + timedelta(days=14)
        assert request.terms.exists()  # other people's names, proposed for redaction
