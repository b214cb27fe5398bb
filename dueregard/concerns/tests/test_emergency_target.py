"""Emergencies have their own short triage target (15 minutes unless the DSL changes it)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.concerns.models import Concern
from dueregard.organisations.models import Organisation
from dueregard.testing.factories import make_concern


def _aged(teacher, learner, minutes: int, *, emergency: bool) -> Concern:
    concern = make_concern(teacher, learner, immediate_danger=emergency)
    Concern.objects.filter(pk=concern.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    return concern


def _flags(html: str) -> dict[str, bool]:
    body = html[html.index("govuk-table__body") :]
    rows = body.split('<tr class="govuk-table__row">')[1:]
    return {
        re.search(r"C-\d{4}-\d{6}", row).group(0): "Over target" in row  # type: ignore[union-attr]
        for row in rows
    }


def test_an_emergency_is_over_target_after_15_minutes(client, dsl, teacher, learner):
    emergency = _aged(teacher, learner, 20, emergency=True)
    fresh_emergency = _aged(teacher, learner, 10, emergency=True)
    ordinary = _aged(teacher, learner, 20, emergency=False)
    html = login(client, dsl).get(reverse("concerns:triage_queue")).content.decode()
    assert _flags(html) == {
        emergency.reference: True,
        fresh_emergency.reference: False,
        ordinary.reference: False,
    }
    assert "1 over target" in html
    assert "an emergency within 15 minutes" in html
    detail = client.get(reverse("concerns:detail", args=[emergency.public_id])).content.decode()
    assert "Over target" in detail or "over target" in detail


def test_the_dsl_sets_the_emergency_target(client, dsl, teacher, learner, org):
    emergency = _aged(teacher, learner, 20, emergency=True)
    login(client, dsl)
    settings = reverse("organisations:settings")
    data = {
        "triage_target_hours": 8,
        "review_interval_hours": 48,
        "privileged_factor": org.privileged_factor,
    }
    refused = client.post(settings, {**data, "emergency_target_minutes": 4})
    assert refused.status_code == 200
    assert Organisation.objects.get(pk=org.pk).emergency_target_minutes == 15
    assert client.post(settings, {**data, "emergency_target_minutes": 30}).status_code == 302
    assert Organisation.objects.get(pk=org.pk).emergency_target_minutes == 30
    html = client.get(reverse("concerns:triage_queue")).content.decode()
    assert _flags(html) == {emergency.reference: False}
