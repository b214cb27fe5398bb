"""The safeguarding categories through the API: a concern's category by key, a case's
category in its detail."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from dueregard.api.models import Scope
from dueregard.api.tests.helpers import call, token_for
from dueregard.cases import services as cases
from dueregard.concerns import categories
from dueregard.concerns.models import Concern, SafeguardingCategory
from dueregard.testing.factories import make_concern


def _body(teacher, learner, **extra):
    return {
        "raised_by": str(teacher.public_id),
        "immediate_danger": False,
        "observed_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "location": "Library",
        "narrative": "Invented narrative for an API test.",
        "people": [str(learner.public_id)],
        **extra,
    }


def test_a_concern_takes_a_category_in_use_by_its_key(client: Client, admin, teacher, learner):
    token = token_for(admin, Scope.CONCERNS_WRITE)
    response = call(
        client, "POST", "/api/v1/concerns/", token, _body(teacher, learner, category="neglect")
    )
    assert response.status_code == 201, response.content
    concern = Concern.objects.get()
    assert concern.reported_category is not None
    assert concern.reported_category.key == "neglect"


def test_an_unknown_or_retired_category_key_writes_nothing(
    client: Client, admin, dsl, teacher, learner
):
    categories.retire_category(
        dsl, SafeguardingCategory.objects.get(organisation=dsl.organisation, key="attendance")
    )
    token = token_for(admin, Scope.CONCERNS_WRITE)
    for key in ("no-such-category", "attendance"):
        body = _body(teacher, learner, category=key)
        response = call(client, "POST", "/api/v1/concerns/", token, body)
        assert response.status_code == 422, key
    assert Concern.objects.count() == 0


def test_a_case_shows_its_category_and_whether_it_is_prevent(client: Client, dsl, teacher):
    case = cases.open_case_from_concern(dsl, make_concern(teacher))
    neglect = SafeguardingCategory.objects.get(organisation=dsl.organisation, key="neglect")
    cases.set_category(dsl, case, neglect)
    token = token_for(dsl, Scope.CASES_READ, for_member=dsl)
    response = call(client, "GET", f"/api/v1/cases/{case.public_id}/", token)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["safeguarding_category"], data["is_prevent"], data["category"]) == (
        "neglect",
        False,
        None,
    )
