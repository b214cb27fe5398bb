"""Bad input through the main forms of training, events and policies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from dueregard.events import services as events
from dueregard.policies import services as policies
from dueregard.testing.factories import in_scope
from dueregard.training.tests.builders import make_course
from tests.matrix import Page

TODAY = timezone.localdate


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl, teacher, outsider = world["dsl"], world["teacher"], world["outsider_dsl"]
    course = make_course(dsl)
    outsider_course = make_course(outsider)
    start = timezone.now() + timedelta(days=20)
    event = events.submit_request(
        teacher,
        events.NewEvent(
            topic="Faith and the media",
            organiser="Media studies",
            speakers="Invented Speaker, Example Trust",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            venue="Lecture theatre",
            mode="in_person",
            audience="Level 3 learners",
        ),
    )
    events.add_check(
        dsl, event, kind="search", outcome="Nothing of concern found.", done_on=TODAY()
    )
    events.assess(
        dsl,
        event,
        risk_level="low",
        risk_notes="Mainstream topic.",
        independent_chair=True,
        recorded=False,
        balance_of_views=True,
        other_mitigations="",
    )
    policy = policies.create_policy(
        dsl,
        policies.PolicyDetails(
            title="Safeguarding policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=TODAY() + timedelta(days=100),
        ),
    )
    with in_scope(outsider):
        outsider_policy = policies.create_policy(
            outsider,
            policies.PolicyDetails(
                title="Outsider policy",
                owner=outsider.user,
                review_interval_months=12,
                next_review_on=TODAY() + timedelta(days=100),
            ),
        )
    reviewed_policy = policies.create_policy(
        dsl,
        policies.PolicyDetails(
            title="Online safety policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=TODAY() + timedelta(days=10),
        ),
    )
    policies.add_version(
        dsl,
        reviewed_policy,
        summary="First version",
        approved_by="Board of governors",
        approved_on=TODAY() - timedelta(days=300),
        effective_on=TODAY() - timedelta(days=300),
        text="The policy text.",
    )
    return {
        "training_course": course,
        "reviewed_policy": reviewed_policy,
        "awaiting_event": event,
        "register_policy": policy,
        "outsider_ids": {
            "member": [str(outsider.public_id)],
            "attendees": [str(outsider.public_id)],
            "course": [str(outsider_course.public_id)],
            "courses": [str(outsider_course.public_id)],
            "linked": [str(outsider_policy.public_id)],
        },
    }


PAGES = [
    Page(
        "training record",
        "dsl",
        lambda w: reverse("training:record_add"),
        lambda w: {
            "member": str(w["teacher"].public_id),
            "course": str(w["training_course"].public_id),
            "completed_on": TODAY().isoformat(),
        },
    ),
    Page(
        "own training record",
        "teacher",
        lambda w: reverse("training:mine_add"),
        lambda w: {
            "course": str(w["training_course"].public_id),
            "completed_on": TODAY().isoformat(),
        },
    ),
    Page(
        "course edit",
        "admin",
        lambda w: reverse(
            "training:course_edit", kwargs={"public_id": w["training_course"].public_id}
        ),
        lambda w: {
            "title": "Prevent awareness (2026 edition)",
            "provider": "Invented Learning Ltd",
            "kind": "elearning",
            "validity_months": "24",
        },
    ),
    Page(
        "training session",
        "deputy",
        lambda w: reverse("training:session"),
        lambda w: {
            "course": str(w["training_course"].public_id),
            "completed_on": TODAY().isoformat(),
            # Not the deputy who posts: nobody verifies their own attendance.
            "attendees": [str(w["teacher"].public_id), str(w["dsl"].public_id)],
        },
    ),
    Page(
        "training requirement",
        "dsl",
        lambda w: reverse("training:requirement_add"),
        lambda w: {
            "title": "Prevent awareness",
            "audience": "all_staff",
            "courses": [str(w["training_course"].public_id)],
            "interval_months": "12",
            "new_starter_days": "28",
        },
    ),
    Page(
        "event request",
        "teacher",
        lambda w: reverse("events:submit"),
        lambda w: {
            "topic": "Careers in journalism",
            "organiser": "Media studies",
            "speakers": "Invented Speaker, Example Trust",
            "day": (TODAY() + timedelta(days=30)).isoformat(),
            "starts": "13:00",
            "ends": "14:00",
            "venue": "Lecture theatre",
            "mode": "in_person",
            "audience": "Level 3 learners, about 60",
        },
    ),
    Page(
        "event decision",
        "dsl",
        lambda w: reverse("events:decide", kwargs={"public_id": w["awaiting_event"].public_id}),
        lambda w: {
            "decision": "approved",
            "rationale": "Checks found nothing of concern.",
            "freedom_of_speech": "A lawful talk of value to learners; no reason to restrict it.",
        },
    ),
    Page(
        "policy version",
        "dsl",
        lambda w: reverse(
            "policies:add_version", kwargs={"public_id": w["register_policy"].public_id}
        ),
        lambda w: {
            "summary": "Annual review",
            "text": "The policy text.",
            "approved_by": "Board of governors",
            "approved_on": TODAY().isoformat(),
            "effective_on": TODAY().isoformat(),
        },
    ),
    Page(
        "policy review",
        "deputy",
        lambda w: reverse("policies:review", kwargs={"public_id": w["reviewed_policy"].public_id}),
        lambda w: {
            "reviewed_on": TODAY().isoformat(),
            "note": "Checked against current guidance; still right.",
        },
    ),
]
