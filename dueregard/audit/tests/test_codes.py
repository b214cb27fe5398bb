"""Audit codes, structured context and the request's audit context."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse

from dueregard.audit.codes import REGISTRY, AuditCode
from dueregard.audit.context import audit_context
from dueregard.audit.middleware import AuditContextMiddleware
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.audit.services import log, verify_all

INVENTED = AuditCode("testrecord.inspected", AuditAction.VIEW, "Test record inspected")


def test_a_code_names_the_record_and_what_happened():
    with pytest.raises(ValueError, match=r"record\.happened"):
        AuditCode("approved", AuditAction.CHANGE, "No namespace")
    with pytest.raises(ValueError, match=r"record\.happened"):
        AuditCode("Referral.Approved", AuditAction.CHANGE, "Capitals")


def test_a_code_declared_twice_with_another_meaning_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        AuditCode("testrecord.inspected", AuditAction.CHANGE, "Another meaning")
    assert REGISTRY["testrecord.inspected"] is INVENTED


def test_an_event_takes_its_action_and_summary_from_its_code(dsl):
    event = log(dsl, INVENTED, dsl, context={"state": "open", "count": 3, "flag": True})

    assert event.code == "testrecord.inspected"
    assert event.action == AuditAction.VIEW
    assert event.summary == "Test record inspected"
    assert AuditEvent.objects.get(pk=event.pk).context == {
        "state": "open",
        "count": 3,
        "flag": True,
    }


def test_context_holds_plain_values_only(dsl):
    with pytest.raises(TypeError, match="plain value"):
        log(dsl, INVENTED, context={"who": dsl})
    with pytest.raises(ValueError, match="a code, not text"):
        log(dsl, INVENTED, context={"note": "x" * 101})
    assert not AuditEvent.objects.filter(code=INVENTED.code).exists()


def test_the_address_comes_from_the_audit_context(dsl):
    with audit_context("192.0.2.7"):
        inside = log(dsl, INVENTED)
    outside = log(dsl, INVENTED)

    assert inside.ip_address == "192.0.2.7"
    assert outside.ip_address is None


def test_the_middleware_opens_the_context_for_each_request(rf, dsl):
    seen: list[AuditEvent] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(log(dsl, INVENTED))
        return HttpResponse("ok")

    AuditContextMiddleware(view)(rf.get("/", REMOTE_ADDR="198.51.100.4"))

    assert seen[0].ip_address == "198.51.100.4"
    assert log(dsl, INVENTED).ip_address is None


def test_altered_context_breaks_the_chain(dsl):
    event = log(dsl, INVENTED, context={"state": "open"})
    assert not verify_all()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        cursor.execute(
            "UPDATE audit_auditevent SET context = %s WHERE id = %s",
            ['{"state":"closed"}', event.pk],
        )

    breaks = verify_all()
    assert [b.problem for b in breaks] == ["event content altered"]


def test_a_code_removed_from_an_event_breaks_the_chain(dsl):
    event = log(dsl, INVENTED, context={"state": "open"})
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        cursor.execute("UPDATE audit_auditevent SET code = '' WHERE id = %s", [event.pk])

    assert [b.problem for b in verify_all()] == ["event content altered"]
