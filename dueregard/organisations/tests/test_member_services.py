"""Adding and changing members: who may, the rules on roles, alerts and expiry, the audit."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.members import (
    MemberDetailsError,
    MemberTerms,
    add_member,
    change_member,
)
from dueregard.organisations.models import Membership, Organisation, Role
from dueregard.testing.factories import make_member


def _add(actor: Membership, role: str = Role.STAFF, **extra: object) -> Membership:
    email = str(extra.pop("email", "new.tutor@larkfield.example"))
    full_name = str(extra.pop("full_name", "Noor Newcomer"))
    terms = MemberTerms(role=role, **extra)  # type: ignore[arg-type]
    return add_member(actor, email=email, full_name=full_name, terms=terms)


def _change(
    actor: Membership, member: Membership, *, is_active: bool | None = None, **changes: object
) -> Membership:
    """Change only what is given; everything else is resubmitted as it is."""
    current = MemberTerms.of(member)
    terms = MemberTerms(
        role=str(changes.get("role", current.role)),
        job_title=str(changes.get("job_title", current.job_title)),
        receives_alerts=bool(changes.get("receives_alerts", current.receives_alerts)),
        last_day=changes.get("last_day", current.last_day),  # type: ignore[arg-type]
    )
    return change_member(
        actor, member, terms=terms, is_active=member.is_active if is_active is None else is_active
    )


def _fields(error: pytest.ExceptionInfo[MemberDetailsError]) -> list[str]:
    return [field for field, _message in error.value.problems]


def _summaries() -> list[str]:
    """Each event's summary and context as text (for checking no names went in)."""
    return [f"{e.summary} {e.context}" for e in AuditEvent.objects.order_by("sequence")]


def _events() -> list[tuple[str, dict[str, object]]]:
    return [(e.code, e.context) for e in AuditEvent.objects.order_by("sequence")]


# --- Adding ------------------------------------------------------------------------------


def test_new_person_gets_an_account_without_a_usable_password(dsl: Membership) -> None:
    member = _add(dsl, Role.STAFF, job_title=" Tutor ", email=" New.Tutor@Larkfield.example ")

    member.refresh_from_db()
    user = member.user
    assert user.email == "new.tutor@larkfield.example"
    assert user.full_name == "Noor Newcomer"
    assert not user.has_usable_password()
    assert (member.organisation, member.role, member.job_title) == (
        dsl.organisation,
        Role.STAFF,
        "Tutor",
    )
    assert member.created_by == dsl.user
    assert member.is_active and not member.receives_alerts and member.expires_at is None


def test_adding_a_member_is_audited_by_role_without_personal_data(admin: Membership) -> None:
    member = _add(admin, Role.STAFF)

    added = AuditEvent.objects.get(object_id=member.public_id)
    assert (added.action, added.object_type, added.actor) == (
        AuditAction.CREATE,
        "membership",
        admin.user,
    )
    assert (added.code, added.context["role"]) == ("membership.added", "staff")
    assert added.summary == "Member added"
    account = AuditEvent.objects.get(object_id=member.user.public_id)
    assert account.code == "user.created"
    assert all("Noor" not in s and "larkfield.example" not in s for s in _summaries())


def test_person_from_another_organisation_keeps_their_account_and_gets_a_second_membership(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    member = _add(dsl, Role.SENIOR_LEADER, email="DSL@brookmere.example", full_name="Another Name")

    assert member.user == outsider_dsl.user
    member.user.refresh_from_db()
    assert member.user.full_name == "Olly Outside"
    assert member.user.has_usable_password()
    assert User.objects.filter(email="dsl@brookmere.example").count() == 1
    assert set(
        Membership.across_organisations.filter(user=member.user).values_list("role", flat=True)
    ) == {
        Role.DSL,
        Role.SENIOR_LEADER,
    }
    assert not AuditEvent.objects.filter(code="user.created").exists()


def test_someone_already_a_member_cannot_be_added_again(
    dsl: Membership, teacher: Membership
) -> None:
    with pytest.raises(MemberDetailsError, match="already a member") as caught:
        _add(dsl, Role.SENIOR_LEADER, email="Teacher@Larkfield.example")

    assert _fields(caught) == ["email"]
    assert teacher.user.memberships.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.parametrize("role", [Role.DSL, Role.DEPUTY_DSL])
def test_administrator_cannot_appoint_a_safeguarding_lead(admin: Membership, role: Role) -> None:
    with pytest.raises(NotPermitted, match="Only the DSL can appoint"):
        _add(admin, role, receives_alerts=True)

    assert not User.objects.filter(email="new.tutor@larkfield.example").exists()


@pytest.mark.parametrize("role", [Role.DSL, Role.DEPUTY_DSL])
def test_dsl_appoints_safeguarding_leads_who_may_receive_alerts(
    dsl: Membership, role: Role
) -> None:
    member = _add(dsl, role, receives_alerts=True)

    assert (member.role, member.receives_alerts) == (role, True)
    assert ("membership.added", role.value) in [
        (code, context.get("role")) for code, context in _events()
    ]


@pytest.mark.parametrize("persona", ["deputy", "teacher", "governor", "inspector"])
def test_only_the_dsl_and_administrators_add_members(
    persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(NotPermitted):
        _add(request.getfixturevalue(persona), Role.STAFF)

    assert not User.objects.filter(email="new.tutor@larkfield.example").exists()


@pytest.mark.parametrize(
    "role", [Role.STAFF, Role.SENIOR_LEADER, Role.ADMINISTRATOR, Role.INSPECTOR]
)
def test_alerts_are_refused_for_roles_other_than_dsl_and_deputy(
    dsl: Membership, role: Role
) -> None:
    last_day = timezone.localdate() + timedelta(days=5) if role == Role.INSPECTOR else None

    with pytest.raises(MemberDetailsError, match="Only a DSL or deputy DSL") as caught:
        _add(dsl, role, receives_alerts=True, last_day=last_day)

    assert _fields(caught) == ["receives_alerts"]


def test_inspector_needs_a_last_day_of_access(admin: Membership) -> None:
    with pytest.raises(MemberDetailsError, match="last day") as caught:
        _add(admin, Role.INSPECTOR)

    assert _fields(caught) == ["last_day"]


def test_inspector_last_day_cannot_be_in_the_past(admin: Membership) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(MemberDetailsError, match="today or later"):
        _add(admin, Role.INSPECTOR, last_day=yesterday)


def test_inspector_access_lasts_at_most_ninety_days(admin: Membership) -> None:
    today = timezone.localdate()

    with pytest.raises(MemberDetailsError, match="at most 90 days"):
        _add(admin, Role.INSPECTOR, last_day=today + timedelta(days=91))
    member = _add(admin, Role.INSPECTOR, last_day=today + timedelta(days=90))

    assert member.expires_at is not None
    assert member.expires_at - timezone.now() <= timedelta(days=91)


def test_inspector_access_ends_at_midnight_after_the_last_day(admin: Membership) -> None:
    today = timezone.localdate()

    member = _add(admin, Role.INSPECTOR, last_day=today)

    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    assert member.expires_at == midnight
    assert member.expires_at > timezone.now()
    assert Membership.objects.active().filter(pk=member.pk).exists()
    assert MemberTerms.of(member).last_day == today


@pytest.mark.parametrize("role", [Role.STAFF, Role.DSL, Role.ADMINISTRATOR])
def test_a_last_day_is_refused_for_roles_other_than_inspector(dsl: Membership, role: Role) -> None:
    with pytest.raises(MemberDetailsError, match="Only inspectors") as caught:
        _add(dsl, role, last_day=timezone.localdate() + timedelta(days=3))

    assert _fields(caught) == ["last_day"]


def test_every_problem_is_reported_at_once(dsl: Membership) -> None:
    with pytest.raises(MemberDetailsError) as caught:
        _add(dsl, Role.STAFF, email="not-an-address", full_name=" ", receives_alerts=True)

    assert _fields(caught) == ["email", "full_name", "receives_alerts"]


# --- Changing ----------------------------------------------------------------------------


def test_role_change_is_audited_with_the_old_and_new_role(
    dsl: Membership, teacher: Membership
) -> None:
    changed = _change(dsl, teacher, role=Role.DEPUTY_DSL, receives_alerts=True)

    changed.refresh_from_db()
    assert (changed.role, changed.receives_alerts) == (Role.DEPUTY_DSL, True)
    events = AuditEvent.objects.filter(object_id=teacher.public_id).order_by("sequence")
    assert [(e.action, e.code, e.context) for e in events] == [
        (AuditAction.CHANGE, "membership.role_changed", {"from": "staff", "to": "deputy_dsl"}),
        (AuditAction.CHANGE, "membership.changed", {"receives_alerts": True}),
    ]
    assert all(e.actor == dsl.user for e in events)


def test_deactivation_and_reactivation_are_audited(admin: Membership, teacher: Membership) -> None:
    _change(admin, teacher, is_active=False)
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert not Membership.objects.active().filter(pk=teacher.pk).exists()

    _change(admin, teacher, is_active=True)
    teacher.refresh_from_db()

    assert teacher.is_active
    assert [code for code, _context in _events()] == [
        "membership.deactivated",
        "membership.reactivated",
    ]


def test_saving_an_unchanged_member_writes_nothing(dsl: Membership, teacher: Membership) -> None:
    _change(dsl, teacher)

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.DSL, Role.DEPUTY_DSL])
def test_administrator_cannot_make_anyone_a_safeguarding_lead(
    admin: Membership, teacher: Membership, role: Role
) -> None:
    with pytest.raises(NotPermitted, match="Only the DSL"):
        _change(admin, teacher, role=role)

    teacher.refresh_from_db()
    assert teacher.role == Role.STAFF


@pytest.mark.parametrize(
    "change",
    [
        {"role": Role.STAFF, "receives_alerts": False},
        {"is_active": False},
        {"job_title": "Deputy Head"},
        {"receives_alerts": False},
    ],
)
def test_administrator_cannot_change_or_remove_a_safeguarding_lead(
    admin: Membership, deputy: Membership, change: dict[str, object]
) -> None:
    with pytest.raises(NotPermitted, match="Only the DSL"):
        _change(admin, deputy, **change)  # type: ignore[arg-type]

    deputy.refresh_from_db()
    assert (deputy.role, deputy.is_active, deputy.receives_alerts) == (
        Role.DEPUTY_DSL,
        True,
        True,
    )


def test_administrator_manages_the_other_roles(
    admin: Membership, teacher: Membership, governor: Membership
) -> None:
    _change(admin, teacher, role=Role.ADMINISTRATOR, job_title="Data manager")
    _change(admin, governor, is_active=False)

    teacher.refresh_from_db()
    governor.refresh_from_db()
    assert (teacher.role, teacher.job_title) == (Role.ADMINISTRATOR, "Data manager")
    assert not governor.is_active


def test_dsl_removes_a_deputy_by_changing_their_role(dsl: Membership, deputy: Membership) -> None:
    _change(dsl, deputy, role=Role.STAFF, receives_alerts=False)

    deputy.refresh_from_db()
    assert (deputy.role, deputy.receives_alerts) == (Role.STAFF, False)
    assert ("membership.role_changed", {"from": "deputy_dsl", "to": "staff"}) in _events()


@pytest.mark.parametrize("persona", ["deputy", "teacher", "governor", "inspector"])
def test_only_the_dsl_and_administrators_change_members(
    persona: str, governor: Membership, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(persona)
    target = governor if persona != "governor" else request.getfixturevalue("teacher")

    with pytest.raises(NotPermitted):
        _change(actor, target, is_active=False)


@pytest.mark.parametrize("role", [Role.STAFF, Role.SENIOR_LEADER])
def test_administrator_cannot_demote_themselves(admin: Membership, role: Role) -> None:
    with pytest.raises(NotPermitted, match="your own role"):
        _change(admin, admin, role=role)

    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_dsl_cannot_demote_themselves_even_with_another_dsl(
    dsl: Membership, org: Organisation
) -> None:
    make_member(org, Role.DSL, "second.lead@larkfield.example")

    with pytest.raises(NotPermitted, match="your own role"):
        _change(dsl, dsl, role=Role.DEPUTY_DSL)


@pytest.mark.parametrize("persona", ["dsl", "admin"])
def test_nobody_can_deactivate_themselves(persona: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(persona)
    make_member(actor.organisation, Role.DSL, "second.lead@larkfield.example")

    with pytest.raises(NotPermitted, match="deactivate yourself"):
        _change(actor, actor, is_active=False)

    actor.refresh_from_db()
    assert actor.is_active


def test_members_change_their_own_job_title_and_alerts(dsl: Membership) -> None:
    _change(dsl, dsl, job_title="Head of Safeguarding", receives_alerts=False)

    dsl.refresh_from_db()
    assert (dsl.job_title, dsl.receives_alerts) == ("Head of Safeguarding", False)
    assert _events() == [("membership.changed", {"job_title": True, "receives_alerts": False})]


@pytest.mark.parametrize("change", [{"role": Role.DEPUTY_DSL}, {"is_active": False}])
def test_the_only_active_dsl_cannot_be_demoted_or_deactivated(
    dsl: Membership, change: dict[str, object]
) -> None:
    with pytest.raises(DomainError, match="at least one active DSL"):
        _change(dsl, dsl, **change)  # type: ignore[arg-type]

    dsl.refresh_from_db()
    assert (dsl.role, dsl.is_active) == (Role.DSL, True)


def test_an_expired_or_deactivated_dsl_does_not_count_as_the_remaining_one(
    dsl: Membership, org: Organisation
) -> None:
    second = make_member(org, Role.DSL, "second.lead@larkfield.example")
    expired = make_member(org, Role.DSL, "old.lead@larkfield.example")
    Membership.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    Membership.objects.filter(pk=dsl.pk).update(is_active=False)

    with pytest.raises(DomainError, match="at least one active DSL"):
        change_member(
            second,
            second,
            terms=MemberTerms(role=Role.DEPUTY_DSL, receives_alerts=True),
            is_active=True,
        )


def test_dsl_demotes_another_dsl_while_one_remains(dsl: Membership, org: Organisation) -> None:
    second = make_member(org, Role.DSL, "second.lead@larkfield.example")

    _change(dsl, second, role=Role.DEPUTY_DSL)

    second.refresh_from_db()
    assert second.role == Role.DEPUTY_DSL
    assert _events() == [("membership.role_changed", {"from": "dsl", "to": "deputy_dsl"})]


def test_a_dsl_demoted_meanwhile_can_no_longer_change_members(
    dsl: Membership, org: Organisation, teacher: Membership
) -> None:
    second = make_member(org, Role.DSL, "second.lead@larkfield.example")
    _change(dsl, second, role=Role.STAFF, receives_alerts=False)

    # ``second`` still holds the membership it signed in with, when it was a DSL.
    with pytest.raises(NotPermitted, match="reload the page"):
        change_member(
            second,
            dsl,
            terms=MemberTerms(role=Role.STAFF),
            is_active=True,
        )

    dsl.refresh_from_db()
    assert dsl.role == Role.DSL


def test_changing_an_inspector_to_another_role_needs_the_last_day_cleared(
    admin: Membership,
) -> None:
    inspector = _add(
        admin,
        Role.INSPECTOR,
        email="visitor@inspect.example",
        last_day=timezone.localdate() + timedelta(days=10),
    )

    with pytest.raises(MemberDetailsError, match="Only inspectors"):
        _change(admin, inspector, role=Role.SENIOR_LEADER)
    _change(admin, inspector, role=Role.SENIOR_LEADER, last_day=None)

    inspector.refresh_from_db()
    assert (inspector.role, inspector.expires_at) == (Role.SENIOR_LEADER, None)


def test_inspector_last_day_change_is_checked_and_audited(admin: Membership) -> None:
    today = timezone.localdate()
    inspector = _add(
        admin, Role.INSPECTOR, email="visitor@inspect.example", last_day=today + timedelta(days=5)
    )

    with pytest.raises(MemberDetailsError, match="at most 90 days"):
        _change(admin, inspector, last_day=today + timedelta(days=120))
    _change(admin, inspector, last_day=today + timedelta(days=30))

    inspector.refresh_from_db()
    assert MemberTerms.of(inspector).last_day == today + timedelta(days=30)
    assert _events()[-1] == ("membership.changed", {"last_day": True})


def test_inspector_without_a_last_day_must_be_given_one_when_changed(
    admin: Membership, inspector: Membership
) -> None:
    # The persona predates the rule: it has no end date.
    with pytest.raises(MemberDetailsError, match="last day"):
        _change(admin, inspector, job_title="HMI")


def test_expired_inspector_job_title_can_change_without_a_new_last_day(
    admin: Membership,
) -> None:
    inspector = _add(
        admin,
        Role.INSPECTOR,
        email="visitor@inspect.example",
        last_day=timezone.localdate(),
    )
    Membership.objects.filter(pk=inspector.pk).update(expires_at=timezone.now() - timedelta(days=2))
    inspector.refresh_from_db()

    _change(admin, inspector, job_title="Lead inspector")

    inspector.refresh_from_db()
    assert inspector.job_title == "Lead inspector"


def test_another_organisations_member_cannot_be_changed(
    outsider_dsl: Membership, teacher: Membership
) -> None:
    with pytest.raises(NotPermitted):
        _change(outsider_dsl, teacher, is_active=False)

    teacher.refresh_from_db()
    assert teacher.is_active
