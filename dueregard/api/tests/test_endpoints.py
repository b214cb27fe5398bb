"""What each endpoint does: the same services, audit events and refusals as the pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from dueregard.api.models import Scope
from dueregard.api.problems import MAX_BODY_BYTES
from dueregard.api.tests.helpers import call, token_for
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as cases
from dueregard.cases.services.restriction import restrict_case
from dueregard.concerns.models import Concern
from dueregard.people.models import Person
from dueregard.testing.factories import make_concern
from dueregard.training.models import ImportStatus, TrainingRecord
from dueregard.training.tests.builders import make_course

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

ROWS = [
    {"reference": "L100", "kind": "learner", "given_name": "Ada", "family_name": "Fenwick"},
    {
        "reference": "L101",
        "kind": "learner",
        "given_name": "Bo",
        "family_name": "Gately",
        "date_of_birth": "2009-05-01",
    },
]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def sync(client, token, rows, **extra):
    return call(client, "POST", "/api/v1/people/sync/", token, {"people": rows, **extra})


@time_machine.travel(NOON, tick=False)
def test_people_sync_is_an_idempotent_upsert_by_reference(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    first = sync(client, token, ROWS)
    assert first.status_code == 200, first.content
    assert first.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "marked_left": 0,
        "skipped_left": 0,
    }
    again = sync(client, token, ROWS)
    assert again.json()["unchanged"] == 2 and again.json()["created"] == 0
    changed = [ROWS[0] | {"family_name": "Fenwick-Hale"}, ROWS[1]]
    assert sync(client, token, changed).json()["updated"] == 1
    assert Person.objects.count() == 2
    assert AuditEvent.objects.filter(code="people.synced", context__source="api").count() == 3


@time_machine.travel(NOON, tick=False)
def test_a_leaver_is_marked_left_and_never_deleted(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    sync(client, token, ROWS)
    left = [ROWS[0] | {"left": True, "left_on": "2026-03-01"}, ROWS[1]]
    assert sync(client, token, left).json()["marked_left"] == 1
    person = Person.objects.get(reference="L100")
    assert person.is_archived and str(person.left_on) == "2026-03-01"
    assert Person.objects.count() == 2


def test_one_bad_row_changes_nothing_and_names_the_row(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    bad = [ROWS[0], ROWS[1] | {"kind": "wizard", "date_of_birth": "31/02/2009"}]
    response = sync(client, token, bad)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and body["title"] == HTTPStatus(422).phrase
    fields = {e["field"] for e in body["errors"]}
    assert {"people[1].kind", "people[1].date_of_birth"} <= fields
    assert Person.objects.count() == 0


def test_a_malformed_body_is_a_400_problem_with_field_errors(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    response = call(client, "POST", "/api/v1/people/sync/", token, {"people": [{"kind": 3}]})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"field": "people[0].reference", "detail": "This field is required."} in errors
    not_json = client.post(
        "/api/v1/people/sync/",
        "{",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert not_json.status_code == 400
    assert not_json.json()["detail"].startswith("JSON parse error")


def test_a_body_over_one_megabyte_is_413(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    rows = [ROWS[0] | {"given_name": "x" * 90, "reference": f"R{i}"} for i in range(9000)]
    response = sync(client, token, rows)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert Person.objects.count() == 0
    assert len(b"x" * (MAX_BODY_BYTES + 1)) > MAX_BODY_BYTES


def test_people_list_pages_by_cursor_and_filters_by_updated_since(client: Client, admin) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE, Scope.PEOPLE_READ)
    with time_machine.travel(NOON, tick=False):
        sync(client, token, ROWS)
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        sync(client, token, [ROWS[0] | {"given_name": "Adah"}])
    page = call(client, "GET", "/api/v1/people/?page_size=1", token).json()
    assert len(page["results"]) == 1 and page["next"]
    rest = call(client, "GET", page["next"], token).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    since = call(client, "GET", "/api/v1/people/?updated_since=2026-03-10T18:00:00Z", token)
    assert [p["given_name"] for p in since.json()["results"]] == ["Adah"]
    bad = call(client, "GET", "/api/v1/people/?updated_since=yesterday", token)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "updated_since"
    assert AuditEvent.objects.filter(code="person.list_viewed").count() == 3


def test_reading_a_person_is_audited_and_etag_gives_304(client: Client, admin, learner) -> None:
    token = token_for(admin, Scope.PEOPLE_READ)
    url = f"/api/v1/people/{learner.public_id}/"
    first = call(client, "GET", url, token)
    assert first.status_code == 200 and first.json()["reference"] == "L0001"
    tag = first["ETag"]
    again = call(client, "GET", url, token, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again["ETag"] == tag and again.content == b""
    viewed = AuditEvent.objects.filter(code="person.viewed", object_id=learner.public_id)
    assert viewed.count() == 2
    assert call(client, "GET", f"/api/v1/people/{Person().public_id}/", token).status_code == 404


@override_settings(API_RATE_LIMIT="3/minute")
def test_past_the_rate_a_key_gets_429_with_retry_after(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    other = token_for(dsl, Scope.FIGURES_READ)
    with time_machine.travel(NOON, tick=False):
        statuses = [call(client, "GET", "/api/v1/figures/", token).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = call(client, "GET", "/api/v1/figures/", token)
        assert limited["Content-Type"] == "application/problem+json"
        assert int(limited["Retry-After"]) == 60
        assert call(client, "GET", "/api/v1/figures/", other).status_code == 200


def test_figures_are_the_export_figures_suppressed(client: Client, dsl, teacher, learner) -> None:
    from dueregard.reports.figures import figures

    make_concern(teacher, learner)
    token = token_for(dsl, Scope.FIGURES_READ)
    body = call(client, "GET", "/api/v1/figures/", token).json()
    assert body == [f.__dict__ for f in figures(dsl)]
    assert body and all(f["value"] == "<5" or int(f["value"]) != 1 for f in body)
    exported = AuditEvent.objects.get(code="figures.exported")
    assert exported.context == {"format": "json", "figures": len(body), "source": "api"}


@time_machine.travel(NOON, tick=False)
def test_a_concern_is_raised_for_a_named_member_with_a_receipt(
    client: Client, admin, teacher, learner
) -> None:
    token = token_for(admin, Scope.CONCERNS_WRITE)
    body = {
        "raised_by": str(teacher.public_id),
        "immediate_danger": False,
        "observed_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "location": "Library",
        "narrative": "Invented narrative for an API test.",
        "people": [str(learner.public_id)],
    }
    response = call(client, "POST", "/api/v1/concerns/", token, body)
    assert response.status_code == 201, response.content
    concern = Concern.objects.get()
    assert response.json()["id"] == str(concern.public_id)
    assert response.json()["reference"] == concern.reference
    assert concern.reporter == teacher.user
    assert AuditEvent.objects.filter(code="concern.raised", actor=teacher.user).count() == 1


@time_machine.travel(NOON, tick=False)
def test_a_concern_with_an_unknown_member_or_person_writes_nothing(
    client: Client, admin, outsider_dsl, learner
) -> None:
    token = token_for(admin, Scope.CONCERNS_WRITE)
    body = {
        "raised_by": str(outsider_dsl.public_id),
        "immediate_danger": False,
        "observed_at": timezone.now().isoformat(),
        "location": "Library",
        "narrative": "Invented.",
        "people": [str(learner.public_id)],
    }
    response = call(client, "POST", "/api/v1/concerns/", token, body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "raised_by", "detail": "No active member has this id."}
    ]
    nobody = call(client, "POST", "/api/v1/concerns/", token, body | {"people": []})
    assert nobody.status_code == 422
    assert Concern.objects.count() == 0


@time_machine.travel(NOON, tick=False)
def test_training_records_go_through_the_csv_import_checks(
    client: Client, dsl, teacher, django_capture_on_commit_callbacks
) -> None:
    make_course(dsl, "Prevent awareness")
    token = token_for(dsl, Scope.TRAINING_WRITE)
    good = {
        "email": teacher.user.email,
        "course": "Prevent awareness",
        "completed_on": "2026-01-05",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "POST", "/api/v1/training-records/", token, {"records": [good]})
    assert response.status_code == 202, response.content
    job_url = f"/api/v1/training-imports/{response.json()['id']}/"
    done = call(client, "GET", job_url, token).json()
    assert done["status"] == ImportStatus.DONE and done["created_count"] == 1
    bad = good | {"course": "Knitting"}
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "POST", "/api/v1/training-records/", token, {"records": [bad]})
    failed = call(client, "GET", f"/api/v1/training-imports/{response.json()['id']}/", token)
    assert failed.json()["status"] == ImportStatus.FAILED
    assert failed.json()["problems"][0]["field"] == "records[0].course"
    assert TrainingRecord.objects.count() == 1


def test_a_restricted_case_is_refused_as_on_its_page(client: Client, dsl, deputy, teacher, learner):
    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    restrict_case(dsl, case, [dsl.user])
    deputy_token = token_for(dsl, Scope.CASES_READ, for_member=deputy)
    dsl_token = token_for(dsl, Scope.CASES_READ, for_member=dsl)
    listed = call(client, "GET", "/api/v1/cases/", deputy_token).json()["results"]
    assert [c["id"] for c in listed] == [str(case.public_id)] and listed[0]["is_restricted"]
    for url in (f"/api/v1/cases/{case.public_id}/", f"/api/v1/cases/{case.public_id}/chronology/"):
        assert call(client, "GET", url, deputy_token).status_code == 403
        assert call(client, "GET", url, dsl_token).status_code == 200
    viewed = AuditEvent.objects.filter(code="case.viewed", object_id=case.public_id)
    assert viewed.count() == 2 and all(e.actor == dsl.user for e in viewed)
    chronology = call(client, "GET", f"/api/v1/cases/{case.public_id}/chronology/", dsl_token)
    assert chronology.json()["results"][0]["title"]


# JSON escapes as the body spells them: a NUL and an unpaired surrogate.
@pytest.mark.parametrize("escaped", ["nul\\u0000byte", "lone \\ud800 surrogate"])
def test_text_no_database_can_store_is_a_400_not_a_500(client: Client, admin, escaped) -> None:
    token = token_for(admin, Scope.PEOPLE_WRITE)
    row = '{"reference": "R1", "kind": "learner", "given_name": "' + escaped + '"'
    response = client.post(
        "/api/v1/people/sync/",
        '{"people": [' + row + ', "family_name": "Ok"}]}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400, response.content
    assert Person.objects.count() == 0


def test_an_id_that_is_not_a_uuid_is_a_404_problem(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.CASES_READ, for_member=dsl)
    response = call(client, "GET", "/api/v1/cases/null,null/chronology/", token)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
    }
