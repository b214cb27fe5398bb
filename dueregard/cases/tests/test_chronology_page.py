"""The case page shows the latest chronology entries; the whole record has its own page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import chronology as chron
from dueregard.cases import services as cases
from dueregard.cases.models import ChronologyKind
from dueregard.cases.views.chronology import LATEST, PAGE_SIZE
from dueregard.testing.factories import make_concern

START = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
KINDS = [ChronologyKind.NOTE, ChronologyKind.SUPPORT, ChronologyKind.REVIEW]


@pytest.fixture
def long_case(dsl):
    with time_machine.travel(START, tick=False):
        case = cases.open_case_from_concern(dsl, make_concern(dsl))
    for n in range(PAGE_SIZE + 30):
        chron.add(
            case,
            dsl,
            f"Entry {n:03d}",
            kind=KINDS[n % len(KINDS)],
            occurred_at=START + timedelta(hours=n + 1),
        )
    return case


def _titles(html: str) -> list[str]:
    return re.findall(r">(Entry \d{3})<", html)


def test_the_case_page_shows_the_latest_entries_newest_first(client, dsl, long_case):
    html = login(client, dsl).get(reverse("cases:detail", args=[long_case.public_id])).content
    titles = _titles(html.decode())
    last = PAGE_SIZE + 29
    assert titles == [f"Entry {n:03d}" for n in range(last, last - LATEST, -1)]
    total = long_case.chronology.count()
    assert f"The latest {LATEST} of {total} entries" in html.decode()


def test_the_whole_chronology_is_paged_oldest_first_and_audited(client, dsl, long_case):
    login(client, dsl)
    url = reverse("cases:chronology", args=[long_case.public_id])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert _titles(first)[:2] == ["Entry 000", "Entry 001"]
    # Opening the case wrote the first entries (before ours, at START).
    opening = long_case.chronology.count() - (PAGE_SIZE + 30)
    assert len(_titles(first)) == PAGE_SIZE - opening
    assert _titles(second)[-1] == f"Entry {PAGE_SIZE + 29:03d}"
    events = AuditEvent.objects.filter(code="case.chronology_viewed").order_by("sequence")
    assert [e.context["page"] for e in events] == [1, 2]
    assert all(e.object_id == long_case.public_id for e in events)


def test_the_dates_narrow_the_chronology(client, dsl, long_case):
    login(client, dsl)
    url = reverse("cases:chronology", args=[long_case.public_id])
    # Entries n are at 09:00 + n + 1 hours from 2 March: 3 March holds entries 14 to 37.
    html = client.get(url + "?start=2026-03-03&end=2026-03-03").content.decode()
    assert _titles(html) == [f"Entry {n:03d}" for n in range(14, 38)]
    event = AuditEvent.objects.filter(code="case.chronology_viewed").get()
    assert event.context["narrowed"] is True


@pytest.mark.parametrize(
    "query",
    ["?start=2026-03-05&end=2026-03-01", "?start=yesterday", "?end=9999-99-99", "?page=x"],
)
def test_bad_dates_get_a_message_not_an_error(client, dsl, long_case, query):
    login(client, dsl)
    response = client.get(reverse("cases:chronology", args=[long_case.public_id]) + query)
    assert response.status_code == 200
    if "page" not in query:
        assert "govuk-error-summary" in response.content.decode()
