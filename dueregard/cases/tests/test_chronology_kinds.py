"""Each chronology entry has a kind, set by the service that writes it; old entries were
given theirs from their title; the chronology page narrows by kinds. Names invented."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import ChronologyEntry, ChronologyKind, DecisionKind, PartyRole
from dueregard.cases.tests.builders import a_referral, categorise, in_a_week, open_case
from dueregard.channel import services as channel
from dueregard.sharing.services import record_disclosure
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_concern, make_person

backfill = importlib.import_module("dueregard.cases.migrations.0005_chronology_kind")

K = ChronologyKind


def _kinds(case) -> list[tuple[str, str]]:
    return [(e.title, e.kind) for e in case.chronology.order_by("occurred_at", "id")]


@pytest.fixture
def busy_case(dsl, deputy, teacher, learner):
    """A case that has been through every service that writes to the chronology."""
    concern = make_concern(teacher, learner, narrative="Invented: drawing in a workbook.")
    case = services.open_case_from_concern(dsl, concern)
    witness = make_person(dsl.organisation, "Jo", "Bloggs", reference="L0777")
    services.add_party(dsl, case, role=PartyRole.WITNESS, person=witness)
    action = services.add_action(
        dsl, case, description="Mentoring", owner=dsl.user, due_on=in_a_week()
    )
    services.set_action_status(dsl, action, "done")
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support.")
    services.hold_review(dsl, case.reviews.get(), summary="Engaging.", outcome="continue")
    services.add_note(dsl, case, body="Spoke to the tutor.")
    services.link_concern_to_case(dsl, make_concern(teacher, learner), case)
    services.record_decision(
        dsl, case, kind=DecisionKind.EXTERNAL_REFERRAL, rationale="Refer.", referral=a_referral()
    )
    record_disclosure(dsl, a_disclosure(case))
    channel.record_panel(
        dsl,
        case,
        channel.NewPanel(
            met_on=timezone.localdate() - timedelta(days=3),
            consent="given",
            summary="Invented panel summary.",
            outcome="support_ended",
            attendees=[("Channel chair", "", "Invented Council")],
            actions=[],
            support_ended_on=timezone.localdate() - timedelta(days=1),
        ),
    )
    categorise(dsl, case)
    services.restrict_case(dsl, case, [dsl.user])
    services.break_glass(deputy, case, reason="Invented: covering the DSL.")
    services.close_case(dsl, case, outcome_summary="Support worked.")
    services.reopen_case(dsl, case, reason="A new worry.")
    return case


def test_every_service_gives_its_entries_a_kind(busy_case):
    kinds = _kinds(busy_case)
    assert {kind for _, kind in kinds} == set(K.values) - {K.OTHER}
    by_title = dict(kinds)
    assert by_title["Person linked as witness"] == K.PARTY
    assert by_title["Support action agreed"] == K.SUPPORT
    assert by_title["Review held"] == K.REVIEW
    assert by_title["Note"] == K.NOTE
    assert by_title["Case reopened"] == K.CLOSURE
    assert by_title[next(t for t in by_title if t.startswith("Break glass"))] == K.RESTRICTION
    assert by_title[next(t for t in by_title if t.startswith("Channel panel"))] == K.CHANNEL
    assert by_title[next(t for t in by_title if t.startswith("Information shared"))] == K.SHARING
    assert by_title[next(t for t in by_title if t.startswith("Referral "))] == K.REFERRAL


def test_the_backfill_gives_old_entries_the_kind_a_service_gives_today(busy_case):
    """The migration's rules agree with the services on every title they write."""
    for title, kind in _kinds(busy_case):
        assert backfill.kind_of(title) == kind, title
    assert backfill.kind_of("Something nobody wrote") == K.OTHER


def test_the_migration_backfills_existing_rows(busy_case):
    from django.apps import apps as live_apps
    from django.db import connection

    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                organisation_id=busy_case.organisation_id,
                case=busy_case,
                occurred_at=timezone.now(),
                kind="",
                title=title,
            )
            for title in ("Review held", "Case closed", "Written by hand long ago")
        ]
    )
    backfill.backfill(live_apps, connection.schema_editor())
    kinds = dict(
        ChronologyEntry.objects.filter(case=busy_case, created_by=None).values_list("title", "kind")
    )
    assert kinds == {
        "Review held": K.REVIEW,
        "Case closed": K.CLOSURE,
        "Written by hand long ago": K.OTHER,
    }


def test_the_chronology_says_who_did_what(busy_case, teacher):
    raised = busy_case.chronology.filter(kind=K.CONCERN).order_by("id").first()
    # The reporter raised the concern, with what they saw; the DSL opened the case.
    assert raised.created_by == teacher.user
    assert "drawing in a workbook" in raised.body
    opened = busy_case.chronology.get(title__startswith="Case opened")
    assert opened.created_by != teacher.user
    assert opened.body == "Linked Robin Ashdown as subject."
    linked = busy_case.chronology.get(kind=K.PARTY)
    assert linked.body == "Linked Jo Bloggs as witness."
    # Names are kept in the encrypted body, never in the plain-text title.
    assert "Bloggs" not in linked.title


def test_a_decision_records_its_scheduled_review_once(dsl, learner):
    case = open_case(dsl, learner)
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="One.")
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Two.")
    scheduled = case.chronology.filter(title__startswith="Review scheduled")
    assert scheduled.count() == 1 == case.reviews.count()


def test_the_page_shows_only_the_chosen_kinds(client, dsl, busy_case):
    login(client, dsl)
    url = reverse("cases:chronology", args=[busy_case.public_id])
    html = client.get(url + "?kind=note&kind=review").content.decode()
    assert "Spoke to the tutor." in html
    assert "Review held" in html
    assert "Support action agreed" not in html
    assert "Jo Bloggs" not in html
    event = AuditEvent.objects.filter(code="case.chronology_viewed").get()
    assert event.context["kinds"] == "note,review"
    assert event.context["narrowed"] is True


def test_the_page_names_who_did_what(client, dsl, busy_case, teacher):
    login(client, dsl)
    html = client.get(reverse("cases:chronology", args=[busy_case.public_id])).content.decode()
    assert "Linked Jo Bloggs as witness." in html
    assert teacher.user.full_name in html


@pytest.mark.parametrize(
    "query", ["?kind=nonsense", "?kind=note&kind=", "?kind=note&start=2026-03-05&end=2026-03-01"]
)
def test_a_bad_kind_or_reversed_dates_get_a_message(client, dsl, busy_case, query):
    login(client, dsl)
    response = client.get(reverse("cases:chronology", args=[busy_case.public_id]) + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert (
        "Choose kinds of entry from the list" in html
        or "The end date must be on or after the start date" in html
    )
