"""Keys pages and commands, and the committed OpenAPI document."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

from conftest import login
from dueregard.api.keys import find_key, hash_token
from dueregard.api.models import ApiKey, Scope
from dueregard.api.tests.helpers import call, token_for
from dueregard.audit.models import AuditEvent
from dueregard.core.scope import unscoped

OPENAPI = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_committed_openapi_document_is_up_to_date(db) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
    assert OPENAPI.read_text() == generated, (
        "docs/openapi.yaml is out of date: DUEREGARD_PROFILE=dev ./manage.py spectacular "
        "--validate --fail-on-warn --file docs/openapi.yaml"
    )


def test_the_docs_need_a_signed_in_member_and_load_nothing_from_elsewhere(client, teacher):
    assert client.get("/api/docs/").status_code == 302
    login(client, teacher)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html and "https://" not in html
    assert client.get("/api/schema/").status_code == 200


def test_the_dsl_issues_a_key_whose_secret_is_shown_once(client: Client, dsl, deputy) -> None:
    login(client, dsl)
    response = client.post(
        "/api/keys/new/",
        {"name": "Case reader", "scopes": [Scope.CASES_READ], "for_member": deputy.pk},
    )
    assert response.status_code == 200, response.content
    key = ApiKey.objects.get()
    token = response.context["token"]
    assert token.encode() in response.content and key.secret_hash == hash_token(token)
    listing = client.get("/api/keys/")
    assert token.encode() not in listing.content and key.prefix.encode() in listing.content
    assert AuditEvent.objects.filter(code="api_key.issued", object_id=key.public_id).exists()


def test_an_administrator_cannot_issue_a_case_reading_key(client: Client, admin, deputy) -> None:
    login(client, admin)
    # Not offered on the form, and refused (on the form) when posted anyway.
    assert Scope.CASES_READ.value not in client.get("/api/keys/new/").content.decode()
    response = client.post(
        "/api/keys/new/",
        {"name": "Case reader", "scopes": [Scope.CASES_READ], "for_member": deputy.pk},
    )
    assert response.status_code == 400  # the form again, with the error
    assert "govuk-error-summary" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_revoking_asks_for_confirmation_then_the_key_stops(client: Client, dsl) -> None:
    token = token_for(dsl, Scope.FIGURES_READ)
    key = ApiKey.objects.get()
    login(client, dsl)
    url = f"/api/keys/{key.public_id}/revoke/"
    assert client.post(url, {}).status_code == 200  # not confirmed: the form again
    assert ApiKey.objects.get().revoked_at is None
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert ApiKey.objects.get().revoked_at is not None
    assert client.post(url, {"confirm": "on"}).status_code == 409
    client.logout()
    assert call(client, "GET", "/api/v1/figures/", token).status_code == 401


@pytest.mark.unscoped
def test_issue_and_revoke_commands(dsl, deputy) -> None:
    out, err = StringIO(), StringIO()
    slug = dsl.organisation.slug
    call_command(
        "issue_api_key",
        slug,
        "MIS sync",
        "--scope",
        "people:write",
        "--scope",
        "people:read",
        "--expires-days",
        "30",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    key = find_key(token)
    assert key is not None and key.scopes == ["people:read", "people:write"]
    assert key.expires_at is not None and key.created_by == dsl.user
    assert str(key.public_id) in err.getvalue() and token not in err.getvalue()
    call_command(
        "revoke_api_key", str(dsl.organisation.public_id), str(key.public_id), stdout=StringIO()
    )
    with unscoped():
        assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    reader = StringIO()
    call_command(
        "issue_api_key",
        slug,
        "Cases",
        "--scope",
        "cases:read",
        "--for-member",
        deputy.user.email,
        stdout=reader,
        stderr=StringIO(),
    )
    reading = find_key(reader.getvalue().strip())
    assert reading is not None and reading.for_member == deputy


@pytest.mark.unscoped
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-org", "K", "--scope", "people:read"], "No organisation"),
        (["{org}", "K", "--scope", "cases:read"], "named member of the DSL team"),
        (["{org}", " ", "--scope", "people:read"], "name: Give the key a name"),
        (["{org}", "K", "--scope", "people:read", "--expires-days", "0"], "expires_days"),
        (["{org}", "K", "--scope", "people:read", "--for-member", "nobody@x.example"], "No active"),
    ],
)
def test_issue_command_refuses_bad_input_clearly(dsl, args, message) -> None:
    args = [a.replace("{org}", dsl.organisation.slug) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("issue_api_key", *args, stdout=StringIO(), stderr=StringIO())


@pytest.mark.unscoped
def test_revoke_command_refuses_an_unknown_key(dsl) -> None:
    with pytest.raises(CommandError, match="public id, a UUID"):
        call_command("revoke_api_key", dsl.organisation.slug, "abc")
    with pytest.raises(CommandError, match="no API key"):
        call_command(
            "revoke_api_key", dsl.organisation.slug, "6f1c1d1e-0000-4000-8000-000000000000"
        )


def test_the_organisation_pages_link_to_the_keys_for_those_who_manage_them(client, dsl, deputy):
    login(client, dsl)
    assert b'href="/api/keys/"' in client.get("/organisation/sites/").content
    client.logout()
    login(client, deputy)
    assert client.get("/api/keys/").status_code == 403
