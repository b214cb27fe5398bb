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
from dueregard.training.models import ImportJob
from dueregard.training.services import briefings as training_briefings
from dueregard.training.services import records as training_records
from dueregard.training.tests.builders import make_course, make_requirement
from tests.matrix import LOGIN, OK, row, rule

NA = 405

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule("training:compliance"),
    rule("training:compliance_xlsx"),
    rule("training:compliance_pdf"),
    rule("training:mine"),
    rule("training:mine_add"),
    rule("training:awaiting"),
    rule("training:member", "GET", "trainee"),
    rule("training:record_add"),
    rule("training:record_verify", "POST", "training_record", to="training:member", again=409),
    row("training:record_verify", "GET", "training_record", NA, NA, NA, NA, NA, NA, NA, NA),
    rule("training:record_withdraw", "GET", "training_record"),
    rule("training:evidence", "GET", "training_record"),
    rule("training:session"),
    rule("training:courses"),
    rule("training:course_edit", "GET", "training_course"),
    rule(
        "training:course_offered",
        "POST",
        "training_course",
        data={"offered": "no"},
        to="training:courses",
        again=409,
    ),
    row("training:course_offered", "GET", "training_course", NA, NA, NA, NA, NA, NA, NA, NA),
    rule("training:requirements"),
    rule("training:requirement_add"),
    rule("training:requirement_edit", "GET", "training_requirement"),
    rule("training:briefings"),
    rule("training:briefing_add"),
    rule("training:briefing", "GET", "briefing"),
    rule("training:import"),
    rule("training:import_status", "GET", "import_job"),
    rule("events:list"),
    rule("events:submit"),
    # The request was made by the teacher: an administrator who did not make it sees nothing.
    row("events:detail", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    rule("events:add_check", "GET", "event"),
    rule("events:assess", "GET", "event"),
    rule("events:decide", "GET", "event"),
    row("events:outcome", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    row("events:cancel", "GET", "event", LOGIN, OK, OK, OK, OK, 404, 403, 404),
    rule("policies:list"),
    rule("policies:add"),
    rule("policies:detail", "GET", "policy"),
    rule("policies:edit", "GET", "policy"),
    rule("policies:add_version", "GET", "policy"),
    rule("policies:review", "GET", "policy"),
    rule("policies:acknowledge", "POST", "policy", to="policies:detail"),
    row("policies:acknowledge", "GET", "policy", NA, NA, NA, NA, NA, NA, NA, NA),
    rule("policies:outstanding", "GET", "policy"),
    rule("policies:version_file", "GET", "policy_version"),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    m = world["memberships"]
    dsl, teacher = m["dsl"], m["teacher"]
    course = make_course(dsl)
    requirement = make_requirement(dsl, course)
    record = training_records.record_training(
        dsl,
        member=teacher,
        course=course,
        completed_on=timezone.localdate(),
        evidence=SimpleUploadedFile("certificate.txt", b"Completed"),
    )
    briefing = training_briefings.add_briefing(
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
