"""Every page of the register, action plan and policy renders for the DSL and a reader."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dueregard.actions.tests.builders import make_action
from dueregard.organisations.models import Membership
from dueregard.risks.tests.builders import make_risk

pytestmark = pytest.mark.django_db


def test_pages_render(client: Client, dsl: Membership, governor: Membership) -> None:
    risk = make_risk(dsl, 4, 4)
    item = make_action(dsl, days=-3, risks=[risk])
    client.force_login(dsl.user)
    for name, kwargs in [
        ("risks:register", {}),
        ("risks:heatmap", {}),
        ("risks:movement", {}),
        ("risks:versions", {}),
        ("risks:themes", {}),
        ("risks:grid", {}),
        ("risks:risk_add", {}),
        ("risks:publish", {}),
        ("risks:register_details", {}),
        ("risks:guidance_change", {}),
        ("risks:risk_detail", {"public_id": risk.public_id}),
        ("risks:risk_edit", {"public_id": risk.public_id}),
        ("actions:action_plan", {}),
        ("actions:action_add", {}),
        ("actions:action_detail", {"public_id": item.public_id}),
        ("actions:action_edit", {"public_id": item.public_id}),
        ("actions:action_note", {"public_id": item.public_id}),
        ("actions:evidence_add", {"public_id": item.public_id}),
        ("policydoc:overview", {}),
        ("policydoc:details", {}),
        ("policydoc:publish", {}),
        ("reports:dashboard", {}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
    for name in [
        "risks:register_xlsx",
        "risks:register_pdf",
        "risks:register_docx",
        "actions:actions_xlsx",
        "actions:actions_pdf",
        "actions:actions_docx",
        "policydoc:policy_pdf",
        "policydoc:policy_docx",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
