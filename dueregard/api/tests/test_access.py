"""Who gets in: keys (401 unknown/expired/revoked, 403 without the scope, each audited),
the permission table behind every scope, sessions for reads, and another organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import login
from dueregard.api.keys import revoke_key
from dueregard.api.models import ApiKey, Scope
from dueregard.api.tests.helpers import call, token_for
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as cases
from dueregard.core.errors import FieldErrors
from dueregard.organisations.models import Role
from dueregard.testing.factories import in_scope, make_concern, make_person

#: Every endpoint: (method, url with {id} for an object, the scope it needs, a body).
ENDPOINTS: list[tuple[str, str, str, object]] = [
    ("GET", "/api/v1/people/", Scope.PEOPLE_READ, None),
    ("GET", "/api/v1/people/{person}/", Scope.PEOPLE_READ, None),
    ("POST", "/api/v1/people/sync/", Scope.PEOPLE_WRITE, {"people": []}),
    ("POST", "/api/v1/concerns/", Scope.CONCERNS_WRITE, {}),
    ("POST", "/api/v1/training-records/", Scope.TRAINING_WRITE, {"records": []}),
    ("GET", "/api/v1/training-imports/{job}/", Scope.TRAINING_WRITE, None),
    ("GET", "/api/v1/figures/", Scope.FIGURES_READ, None),
    ("GET", "/api/v1/cases/", Scope.CASES_READ, None),
    ("GET", "/api/v1/cases/{case}/", Scope.CASES_READ, None),
    ("GET", "/api/v1/cases/{case}/chronology/", Scope.CASES_READ, None),
]
READS = [e for e in ENDPOINTS if e[0] == "GET"]


@pytest.fixture
def world(dsl, deputy, teacher, learner):
    from dueregard.training.services.imports import start_import

    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    job = start_import(dsl, b"email,course,completed_on\n")
    return {"person": learner, "case": case, "job": job}


def url_of(template: str, world: dict) -> str:
    for name, obj in world.items():
        template = template.replace("{" + name + "}", str(obj.public_id))
    return template


def refusals(reason: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code="api_key.refused", context__reason=reason))


def test_no_key_is_401_as_a_problem(client: Client, db) -> None:
    response = call(client, "GET", "/api/v1/figures/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_key_is_401_and_audited(client: Client, dsl) -> None:
    response = call(client, "GET", "/api/v1/figures/", "dr_abcdef123456_not-a-real-secret")
    assert response.status_code == 401
    assert len(refusals("unknown")) == 1


def test_a_right_prefix_with_a_wrong_secret_is_401(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    forged = token[: token.rindex("_") + 1] + "x" * 43
    assert call(client, "GET", "/api/v1/figures/", forged).status_code == 401


def test_the_secret_is_never_stored(dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    key = ApiKey.objects.get()
    secret = token.rsplit("_", 1)[1]
    assert secret not in key.secret_hash and token != key.secret_hash
    assert not AuditEvent.objects.filter(context__icontains=secret).exists()


def test_a_revoked_key_is_401_and_audited(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    revoke_key(dsl, ApiKey.objects.get())
    assert call(client, "GET", "/api/v1/figures/", token).status_code == 401
    [event] = refusals("revoked")
    assert event.object_id == ApiKey.objects.get().public_id


def test_an_expired_key_is_401_and_audited(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ, expires_days=1)
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert call(client, "GET", "/api/v1/figures/", token).status_code == 401
    assert len(refusals("expired")) == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e[0]} {e[1]}")
@pytest.mark.parametrize("scope", Scope.values)
def test_every_endpoint_needs_its_own_scope(client: Client, world, dsl, endpoint, scope) -> None:
    """A key with any other scope is 403 (audited); with it, never 401, 403 nor 5xx."""
    method, template, needed, body = endpoint
    token = token_for(dsl, scope, for_member=dsl)
    response = call(client, method, url_of(template, world), token, body)
    if scope == needed:
        assert response.status_code not in (401, 403) and response.status_code < 500
    else:
        assert response.status_code == 403, response.content
        assert response.json()["detail"] == f"This API key does not have the scope {needed}."
        assert len(refusals("forbidden")) == 1


# Training imports are read with training:write (test_endpoints.py).
@pytest.mark.parametrize(
    "endpoint", [e for e in READS if e[2] != Scope.TRAINING_WRITE], ids=lambda e: e[1]
)
@pytest.mark.parametrize("persona", ["dsl", "deputy", "teacher", "governor", "admin", "inspector"])
def test_a_key_can_do_no_more_than_its_member(
    client: Client, world, dsl, deputy, teacher, governor, admin, inspector, endpoint, persona
) -> None:
    """The key acts as its member: the role's grants decide, as on the pages."""
    from dueregard.organisations.permissions import Can, role_can

    member = locals()[persona]
    method, template, scope, _body = endpoint
    perm = {
        Scope.PEOPLE_READ: Can.MANAGE_PEOPLE,
        Scope.FIGURES_READ: Can.SEE_DASHBOARD,
        Scope.CASES_READ: Can.HANDLE_CASES,
    }[scope]
    expected_ok = role_can(member.role, perm)
    if scope == Scope.CASES_READ and not expected_ok:
        with pytest.raises(FieldErrors, match="named member of the DSL team"):
            token_for(dsl, scope, for_member=member)
        return
    token = token_for(dsl, scope, for_member=member)
    response = call(client, method, url_of(template, world), token)
    assert (response.status_code == 200) == expected_ok, (persona, response.content)
    if not expected_ok:
        assert response.status_code == 403


def test_a_case_reading_key_stops_when_its_member_loses_the_role(
    client: Client, dsl, deputy, world
):
    token = token_for(dsl, Scope.CASES_READ, for_member=deputy)
    assert call(client, "GET", "/api/v1/cases/", token).status_code == 200
    deputy.role = Role.STAFF
    deputy.save()
    assert call(client, "GET", "/api/v1/cases/", token).status_code == 403
    deputy.is_active = False
    deputy.save()
    assert call(client, "GET", "/api/v1/cases/", token).status_code == 401
    assert len(refusals("member_inactive")) == 1


@pytest.mark.unscoped
def test_a_key_of_another_organisation_gets_404_and_empty_lists(
    client: Client, world, dsl, outsider_dsl
) -> None:
    outsider_person = make_person(outsider_dsl.organisation, "Sam", "Elsewhere")
    all_scopes = [s for s in Scope.values if s != Scope.CASES_READ]
    token = token_for(outsider_dsl, *all_scopes)
    case_token = token_for(outsider_dsl, Scope.CASES_READ, for_member=outsider_dsl)
    for method, template, scope, _body in READS:
        use = case_token if scope == Scope.CASES_READ else token
        response = call(client, method, url_of(template, world), use)
        if "{" in template:
            assert response.status_code == 404, template
    people = call(client, "GET", "/api/v1/people/", token).json()["results"]
    assert [p["id"] for p in people] == [str(outsider_person.public_id)]
    assert call(client, "GET", "/api/v1/cases/", case_token).json()["results"] == []
    with in_scope(dsl):
        assert str(world["person"].public_id) not in str(people)


def test_a_signed_in_member_reads_with_the_session(client: Client, dsl, world) -> None:
    login(client, dsl)
    assert call(client, "GET", "/api/v1/people/").status_code == 200
    assert call(client, "GET", f"/api/v1/cases/{world['case'].public_id}/").status_code == 200


def test_a_session_cannot_write_and_csrf_is_enforced(dsl) -> None:
    client = Client(enforce_csrf_checks=True)
    login(client, dsl)
    response = call(client, "POST", "/api/v1/people/sync/", body={"people": []})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_every_use_of_a_key_is_audited_with_its_public_id(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    call(client, "GET", "/api/v1/figures/", token)
    [event] = AuditEvent.objects.filter(code="api_key.used")
    assert event.object_id == ApiKey.objects.get().public_id
    assert event.context == {"method": "GET", "endpoint": "figures", "status": 200}
    assert event.actor == dsl.user
