"""The POST-only buttons on a risk's page and an action-plan item's page: done, back to the
page; refused by the record's state, the page again with the reason (409), nothing written;
a status not offered, the page with the message (400)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dueregard.actions import services as action_services
from dueregard.actions.models import ActionItem, ActionStatus
from dueregard.actions.tests.builders import make_action
from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership
from dueregard.risks import services
from dueregard.risks.models import Risk, RiskStatus
from dueregard.risks.tests.builders import make_risk

pytestmark = pytest.mark.django_db


def _status(risk: Risk) -> str:
    return reverse("risks:risk_status", args=[risk.public_id])


def test_closing_a_risk_redirects_to_its_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    risk = make_risk(dsl)
    client.force_login(dsl.user)

    response = client.post(_status(risk), {"status": "closed"})

    assert response.status_code == 302
    assert response["Location"] == reverse("risks:risk_detail", args=[risk.public_id])
    risk.refresh_from_db()
    assert risk.status == RiskStatus.CLOSED


def test_closing_a_closed_risk_is_409_with_the_reason_on_its_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    risk = make_risk(dsl)
    services.set_risk_status(dsl, risk, RiskStatus.CLOSED)
    client.force_login(dsl.user)
    events = AuditEvent.objects.count()

    response = client.post(_status(risk), {"status": "closed"})

    content = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in content
    assert "This risk is already closed." in content
    assert f"Risk {risk.reference}" in content  # the risk's own page, not a bare error
    assert AuditEvent.objects.count() == events


def test_a_status_that_is_not_offered_is_400_with_a_message_on_the_risks_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    risk = make_risk(dsl)
    client.force_login(dsl.user)

    response = client.post(_status(risk), {"status": "archived"})

    assert response.status_code == 400
    assert "Choose open or closed." in response.content.decode()
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN


def test_making_an_item_from_a_risk_without_further_actions_is_refused_on_its_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    risk = make_risk(dsl, further_actions="")
    client.force_login(dsl.user)

    response = client.post(reverse("actions:risk_make_action", args=[risk.public_id]))

    assert response.status_code == 409
    assert "no further actions" in response.content.decode()
    assert f"Risk {risk.reference}" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_refused_item_status_is_409_with_the_reason_on_the_items_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    item = make_action(dsl)
    action_services.set_action_status(dsl, item, ActionStatus.IN_PROGRESS)
    client.force_login(dsl.user)

    response = client.post(
        reverse("actions:action_status", args=[item.public_id]), {"status": "open"}
    )

    content = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in content
    assert f"Action {item.reference}" in content
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS


def test_an_allowed_item_status_redirects_to_the_items_page(
    client: Client, dsl: Membership, working_day: datetime
) -> None:
    item = make_action(dsl)
    client.force_login(dsl.user)

    response = client.post(
        reverse("actions:action_status", args=[item.public_id]), {"status": "in_progress"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action_detail", args=[item.public_id])
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS
