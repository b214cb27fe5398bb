"""Closing, reopening and monitoring a case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import (
    CaseStatus,
)
from dueregard.cases.tests.builders import (
    case_in_status,
    in_a_week,
    refresh,
    snapshot,
)
from dueregard.core.errors import DomainError, TransitionNotAllowed

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
