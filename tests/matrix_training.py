"""Permission rows for training (``/training/``), events (``/events/``) and policies
(``/policies/``).

Training: the DSL team and administrators manage; senior leaders and inspectors read the
matrix (inspectors as figures only); everyone but inspectors sees their own. Events: staff
submit and see their own; the DSL team and senior leaders review; the DSL or a senior leader
decides. Policies: everyone reads; everyone but inspectors acknowledges; the DSL team and
senior leaders manage.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dueregard.events import services as events
from dueregard.policies import services as policies
from dueregard.training import services as training
from dueregard.training.models import ImportJob
from dueregard.training.tests.builders import make_course, make_requirement
from tests.matrix import LOGIN, OK, row

NA = 405

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    row("training:compliance", "GET", None, LOGIN, OK, OK, 403, OK, OK, OK, OK),
    row("training:compliance_xlsx", "GET", None, LOGIN, OK, OK, 403, OK, OK, OK, OK),
    row("training:compliance_pdf", "GET", None, LOGIN, OK, OK, 403, OK, OK, OK, OK),
    row("training:mine", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    row("training:mine_add", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    row("training:awaiting", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:member", "GET", "trainee", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("training:record_add", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row(
        "training:record_verify",
        "POST",
        "training_record",
        LOGIN,
        302,
        302,
        403,
        403,
        302,
        403,
        404,
    ),
    row("training:record_verify", "GET", "training_record", NA, NA, NA, NA, NA, NA, NA, NA),
    row(
        "training:record_withdraw", "GET", "training_record", LOGIN, OK, OK, 403, 403, 403, 403, 404
    ),
    row("training:evidence", "GET", "training_record", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("training:session", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:courses", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:course_edit", "GET", "training_course", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row(
        "training:course_offered",
        "POST",
        "training_course",
        LOGIN,
        302,
        302,
        403,
        403,
        302,
        403,
        404,
        data={"offered": "no"},
    ),
    row("training:course_offered", "GET", "training_course", NA, NA, NA, NA, NA, NA, NA, NA),
    row("training:requirements", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:requirement_add", "GET", None, LOGIN, OK, OK, 403, 403, 403, 403, OK),
    row(
        "training:requirement_edit",
        "GET",
        "training_requirement",
        LOGIN,
        OK,
        OK,
        403,
        403,
        403,
        403,
        404,
    ),
    row("training:briefings", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:briefing_add", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:briefing", "GET", "briefing", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("training:import", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("training:import_status", "GET", "import_job", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("events:list", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    row("events:submit", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    # The request was made by the teacher: an administrator who did not make it sees nothing.
    row("events:detail", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    row("events:add_check", "GET", "event", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("events:assess", "GET", "event", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("events:decide", "GET", "event", LOGIN, OK, 403, 403, OK, 403, 403, 404),
    row("events:outcome", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    row("events:cancel", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    row("policies:list", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("policies:add", "GET", None, LOGIN, OK, OK, 403, OK, 403, 403, OK),
    row("policies:detail", "GET", "policy", LOGIN, OK, OK, OK, OK, OK, OK, 404),
    row("policies:edit", "GET", "policy", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("policies:add_version", "GET", "policy", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("policies:review", "GET", "policy", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("policies:acknowledge", "POST", "policy", LOGIN, 302, 302, 302, 302, 302, 403, 404),
    row("policies:acknowledge", "GET", "policy", NA, NA, NA, NA, NA, NA, NA, NA),
    row("policies:outstanding", "GET", "policy", LOGIN, OK, OK, 403, OK, 403, 403, 404),
    row("policies:version_file", "GET", "policy_version", LOGIN, OK, OK, OK, OK, OK, OK, 404),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    m = world["memberships"]
    dsl, teacher = m["dsl"], m["teacher"]
    course = make_course(dsl)
    requirement = make_requirement(dsl, course)
    record = training.record_training(
        dsl,
        member=teacher,
        course=course,
        completed_on=timezone.localdate(),
        evidence=SimpleUploadedFile("certificate.txt", b"Completed"),
    )
    briefing = training.add_briefing(
        dsl,
        title="Counter-terrorism update",
        given_by="Invented Constabulary Prevent Team",
        held_on=timezone.localdate(),
        summary="",
        attendees=[teacher],
    )
    job = ImportJob.objects.create(organisation=dsl.organisation, created_by=dsl.user)
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
    policy = policies.create_policy(
        dsl,
        policies.PolicyDetails(
            title="Safeguarding policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=timezone.localdate() + timedelta(days=100),
        ),
    )
    version = policies.add_version(
        dsl,
        policy,
        summary="First version",
        approved_by="Board of governors",
        approved_on=timezone.localdate(),
        effective_on=timezone.localdate(),
        upload=SimpleUploadedFile("policy.txt", b"Policy text"),
    )
    return {
        "trainee": teacher,
        "training_course": course,
        "training_requirement": requirement,
        "training_record": record,
        "briefing": briefing,
        "import_job": job,
        "event": event,
        "policy": policy,
        "policy_version": version,
    }
