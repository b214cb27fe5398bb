"""The decision page asks in two steps, without JavaScript: which decision, then only that
decision's fields."""

from __future__ import annotations

from django.urls import reverse

from conftest import login
from dueregard.cases.models import CaseStatus, Decision
from dueregard.cases.tests.builders import open_case


def _url(case, query: str = "") -> str:
    return reverse("cases:decide", args=[case.public_id]) + query


def test_step_one_only_chooses_the_decision_by_get(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    page = client.get(_url(case)).content.decode()

    assert f'<form method="get" action="{_url(case)}"' in page
    assert 'value="emergency"' in page
    for field in ('name="rationale"', 'name="referral_kind"', 'name="police_called_by"'):
        assert field not in page


def test_step_one_sent_without_a_choice_says_so(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    for query in ("?kind=", "?kind=made-up"):
        page = client.get(_url(case, query)).content.decode()
        assert "govuk-error-summary" in page
        assert 'name="rationale"' not in page


def test_step_two_shows_only_the_fields_of_the_decision_chosen(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    emergency = client.get(_url(case, "?kind=emergency")).content.decode()
    referral = client.get(_url(case, "?kind=external_referral")).content.decode()
    support = client.get(_url(case, "?kind=internal_support")).content.decode()

    assert 'type="hidden" name="kind" value="emergency"' in emergency
    assert 'name="police_called_by"' in emergency and 'name="referral_kind"' not in emergency
    assert 'name="referral_kind"' in referral and 'name="police_called_by"' not in referral
    assert 'name="rationale"' in support
    assert 'name="referral_kind"' not in support and 'name="police_called_by"' not in support
    assert "---------" not in referral


def test_step_two_records_the_decision_and_ignores_other_decisions_fields(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    response = client.post(
        _url(case, "?kind=internal_support"),
        {"kind": "internal_support", "rationale": "Mentoring", "police_called_by": "Nobody"},
    )

    assert response.status_code == 302
    decision = Decision.objects.get(case=case)
    assert decision.kind == "internal_support" and decision.police_called_by == ""
    case.refresh_from_db()
    assert case.status == CaseStatus.INTERNAL_SUPPORT


def test_a_post_with_a_made_up_decision_asks_again(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    response = client.post(_url(case), {"kind": "made-up", "rationale": "x"})

    assert response.status_code == 200
    assert "Choose one of the decisions listed" in response.content.decode()
    assert not Decision.objects.filter(case=case).exists()
