"""Restricted cases and break glass: who may open them, and what is recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit import services as audit_services
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.cases import services
from dueregard.cases.access import can_open
from dueregard.cases.models import (
    BreakGlass,
)
from dueregard.cases.services import restriction
from dueregard.cases.tests.builders import (
    fail_on_call,
    freeze,
    open_case,
    refresh,
    snapshot,
)
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"public_id": obj.public_id})


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


def test_after_breaking_glass_a_deputy_can_work_on_the_case(dsl, deputy, learner):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    services.break_glass(deputy, refresh(case), reason="Covering for the lead.")

    services.add_note(deputy, refresh(case), body="Spoke to the tutor.")

    assert case.notes.get().created_by == deputy.user


def test_a_break_glass_that_fails_at_its_audit_event_grants_nothing(
    dsl, deputy, learner, monkeypatch
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    case = refresh(case)
    monkeypatch.setattr(restriction, "log", fail_on_call(1, audit_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        services.break_glass(deputy, case, reason="Covering.")

    assert not BreakGlass.objects.exists()
    assert not can_open(deputy, case)


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
