"""The triage queue a page at a time: its cost stays the same however long the backlog."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.concerns.models import Concern
from dueregard.concerns.views import TRIAGE_PAGE_SIZE
from dueregard.testing.factories import make_concern

QUEUE = reverse("concerns:triage_queue")


def _references(html: str) -> list[str]:
    body = html[html.index("govuk-table__body") :]
    return re.findall(r">(C-\d{4}-\d{6})<", body)


def _backlog(teacher, learner, count: int, *, emergencies: int = 0) -> list[Concern]:
    now = timezone.now()
    made = []
    for n in range(count):
        concern = make_concern(teacher, learner, immediate_danger=n < emergencies)
        # Older the later they were made: n hours old, so the last made is the oldest.
        Concern.objects.filter(pk=concern.pk).update(created_at=now - timedelta(hours=n))
        made.append(concern)
    return made


def test_the_queue_is_paged_with_emergencies_then_the_oldest_first(client, dsl, teacher, learner):
    made = _backlog(teacher, learner, TRIAGE_PAGE_SIZE + 5, emergencies=2)
    login(client, dsl)

    first = client.get(QUEUE).content.decode()
    second = client.get(QUEUE + "?page=2").content.decode()

    expected = [c.reference for c in [*reversed(made[:2]), *reversed(made[2:])]]
    assert _references(first) == expected[:TRIAGE_PAGE_SIZE]
    assert _references(second) == expected[TRIAGE_PAGE_SIZE:]
    # The totals are the whole queue's, on every page.
    for html in (first, second):
        assert "30 concerns awaiting triage" in html
        assert "2 emergencies" in html
        # The default targets: 8 hours (22 of the 28 others are 8 hours old or more) and
        # 15 minutes for an emergency (the one an hour old).
        assert "23 over target" in html
    assert f"Concerns 1 to {TRIAGE_PAGE_SIZE} of 30" in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    pages = AuditEvent.objects.filter(code="concern.triage_queue_viewed").order_by("sequence")
    assert [e.context["page"] for e in pages] == [1, 2]


def test_a_page_past_the_end_shows_the_last_page(client, dsl, teacher, learner):
    _backlog(teacher, learner, 3)
    login(client, dsl)
    for asked in ("?page=99", "?page=nonsense", "?page=-1"):
        response = client.get(QUEUE + asked)
        assert response.status_code == 200
        assert len(_references(response.content.decode())) == 3


def test_the_queue_costs_the_same_queries_whatever_the_backlog(client, dsl, teacher, learner):
    login(client, dsl)
    _backlog(teacher, learner, 2)
    client.get(QUEUE)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    _backlog(teacher, learner, TRIAGE_PAGE_SIZE + 10)
    with CaptureQueriesContext(connection) as large:
        client.get(QUEUE)
    assert len(large) == len(small)
