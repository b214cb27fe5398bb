"""The one form-page shape: invalid input, refusals (409), domain errors, success."""

from __future__ import annotations

import dataclasses

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest
from django.test import RequestFactory

from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.core.formviews import CommandForm, form_view


@dataclasses.dataclass(frozen=True)
class Rename:
    name: str
    reason: str
    note: str = ""


class RenameForm(CommandForm):
    command = Rename
    name = forms.CharField()


def post(data: dict[str, str]) -> HttpRequest:
    request = RequestFactory().post("/", data)
    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def run(request: HttpRequest, apply, refusal: str = ""):
    return form_view(
        request,
        form=RenameForm(request.POST if request.method == "POST" else None),
        apply=apply,
        template="core/tests/form_page.html",
        success_url="/done/",
        refusal=refusal,
    )


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    folder = tmp_path / "core" / "tests"
    folder.mkdir(parents=True)
    (folder / "form_page.html").write_text(
        "{{ not_allowed }}|{% for e in form.non_field_errors %}{{ e }};{% endfor %}"
        "{% for e in form.name.errors %}{{ e }};{% endfor %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_success_redirects_and_flashes_the_services_message():
    calls: list[str] = []

    def apply() -> str:
        calls.append("x")
        return "Renamed."

    response = run(post({"name": "New"}), apply)
    assert response.status_code == 302
    assert response["Location"] == "/done/"
    assert calls == ["x"]


def test_invalid_input_shows_the_form_again_without_calling_the_service():
    response = run(post({}), lambda: pytest.fail("applied"))
    assert response.status_code == 200
    assert "required" in response.content.decode()


def test_a_refusal_is_409_with_the_reason_and_nothing_applied():
    response = run(post({"name": "New"}), lambda: pytest.fail("applied"), refusal="Closed.")
    assert response.status_code == 409
    assert response.content.decode().startswith("Closed.|Closed.;")


def test_a_transition_the_service_refuses_is_409_with_the_reason_on_the_form():
    def apply() -> str:
        raise TransitionNotAllowed("This case is closed.")

    response = run(post({"name": "New"}), apply)
    assert response.status_code == 409
    assert "This case is closed.;" in response.content.decode()


def test_another_domain_error_is_a_message_on_the_form():
    def apply() -> str:
        raise DomainError("Pick another owner.")

    response = run(post({"name": "New"}), apply)
    assert response.status_code == 200
    assert "|Pick another owner.;" in response.content.decode()


def test_a_get_shows_the_refusal_without_409():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = run(request, lambda: pytest.fail("applied"), refusal="Closed.")
    assert response.status_code == 200


def test_to_command_fills_the_dataclass_from_cleaned_data_and_extras():
    form = RenameForm({"name": "New"})
    assert form.is_valid()
    assert form.to_command(reason="typo") == Rename(name="New", reason="typo")
    with pytest.raises(TypeError, match="reason"):
        form.to_command()
