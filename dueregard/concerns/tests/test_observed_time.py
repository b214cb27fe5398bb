"""The time a reporter typed is kept as typed; a future one is refused; none is "not given"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from dueregard.concerns.models import Concern

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 5, 13, 9, 30, tzinfo=LONDON)
RAISE = reverse("concerns:raise_details") + "?danger=no"


@pytest.fixture(autouse=True)
def _half_past_nine():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, learner, **fields):
    data = {
        "person": str(learner.public_id),
        "observed_on": "2026-05-13",
        "location": "Library",
        "narrative": "Said something worrying",
        **fields,
    }
    return client.post(RAISE, data)


def test_a_time_in_the_future_is_refused_with_a_message(client, teacher, learner):
    response = _post(login(client, teacher), learner, observed_time="10:15")
    assert response.status_code == 200
    assert "The time cannot be in the future" in response.content.decode()
    assert not Concern.objects.exists()


def test_a_time_typed_is_kept_as_typed(client, teacher, learner):
    response = _post(login(client, teacher), learner, observed_time="09:05")
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.observed_at == datetime(2026, 5, 13, 9, 5, tzinfo=LONDON)
    assert concern.observed_time_given


def test_no_time_is_stored_and_shown_as_not_given(client, teacher, dsl, learner):
    assert _post(login(client, teacher), learner).status_code == 302
    concern = Concern.objects.get()
    assert not concern.observed_time_given
    # Midday is later than now: the placeholder is now, never a time in the future.
    assert concern.observed_at == NOW
    html = login(client, dsl).get(reverse("concerns:detail", args=[concern.public_id]))
    page = html.content.decode()
    seen = page[page.index("Seen or heard") :]
    seen = seen[: seen.index("</dd>")]
    assert seen.endswith("13 May 2026 (time not given), Library")
