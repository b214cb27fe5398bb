"""Demo subject access requests: one open request per organisation, received twenty days
ago (so due within the fortnight), about the subject of an earlier case story. Its other
people's names are proposed for redaction and left for the DSL to decide."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.utils import timezone

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo
from dueregard.subjectaccess.services import NewRequest, start_request

#: How long ago the request was received.
RECEIVED_DAYS_AGO = 20


def load(demo: Demo) -> Iterator[datetime]:
    day = demo.today - timedelta(days=RECEIVED_DAYS_AGO)
    yield timezone.make_aware(datetime.combine(day, time(9, 40)))
    for demo_org in demo.organisations.values():
        org = demo_org.organisation
        person = next(
            (p for _key, p in sorted(demo.subjects.items()) if p.organisation_id == org.pk),
            None,
        )
        if person is None:
            continue
        with organisation_scope(org.pk):
            start_request(
                demo_org.members["dsl"],
                NewRequest(
                    person=person,
                    received_on=timezone.localdate(),
                    identity_checked=True,
                    identity_how="Known to the office; photo ID seen at reception.",
                ),
            )
