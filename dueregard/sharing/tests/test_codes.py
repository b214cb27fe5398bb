"""Audit codes of the sharing log, and an entry already corrected answering 409.
Every name here is invented."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases.tests.builders import open_case
from dueregard.sharing import services
from dueregard.sharing.testing import a_disclosure

pytestmark = pytest.mark.usefixtures("working_day")


def test_an_entry_and_its_correction_write_codes_naming_the_records(dsl, learner):
    case = open_case(dsl, learner)
    entry = services.record_disclosure(dsl, a_disclosure(case))
    logged = AuditEvent.objects.get(object_id=entry.public_id, code="disclosure.logged")
    assert logged.context == {
        "kind": "phone",
        "case": str(case.public_id),
        "referral": None,
        "corrects": None,
    }
    fixed = services.record_disclosure(
        dsl, a_disclosure(case, corrects=entry), reason="Invented: wrong team."
    )
    event = AuditEvent.objects.get(object_id=fixed.public_id, code="disclosure.corrected")
    assert event.context["corrects"] == str(entry.public_id)
    assert "wrong team" not in str(event.context)


def test_reading_and_exporting_the_log_are_audited_with_codes(client, dsl, learner):
    services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    login(client, dsl)
    client.get(reverse("sharing:log"))
    client.get(reverse("sharing:log_csv"))
    assert AuditEvent.objects.get(code="sharing_log.viewed").context == {"shown": 1}
    exported = AuditEvent.objects.get(code="sharing_log.exported")
    assert exported.action == "export" and exported.context == {"format": "csv", "rows": 1}


def test_correcting_an_entry_already_corrected_answers_409(client, dsl, learner):
    case = open_case(dsl, learner)
    entry = services.record_disclosure(dsl, a_disclosure(case))
    correction = services.record_disclosure(
        dsl, a_disclosure(case, corrects=entry), reason="Invented: wrong team."
    )
    login(client, dsl)

    response = client.post(
        reverse("sharing:disclosure_correct", kwargs={"public_id": entry.public_id}), {}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "already been corrected" in page
    assert reverse("sharing:disclosure_correct", kwargs={"public_id": correction.public_id}) in page
