"""The one form-page shape: invalid input, refusals (409), domain errors, success."""

from __future__ import annotations

import dataclasses

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest
from django.test import RequestFactory

from dueregard.core.errors import DomainError, FieldErrors, TransitionNotAllowed
from dueregard.core.formviews import CommandForm, Done, button_view, form_view


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


def run(request: HttpRequest, apply, refusal: str = "", success_url: str | None = "/done/"):
    return form_view(
        request,
        form=RenameForm(request.POST if request.method == "POST" else None),
        apply=apply,
        template="core/tests/form_page.html",
        success_url=success_url,
        refusal=refusal,
    )


def flashed(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    folder = tmp_path / "core" / "tests"
    folder.mkdir(parents=True)
    (folder / "form_page.html").write_text(
        "{{ not_allowed }}|{% for e in form.non_field_errors %}{{ e }};{% endfor %}"
        "{% for e in form.name.errors %}{{ e }};{% endfor %}"
        "{% if error %}error:{% for field, m in error.problems %}{{ field }}{% endfor %}{% endif %}"
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


def test_done_redirects_to_the_page_apply_names_without_a_success_url():
    request = post({"name": "New"})
    response = run(request, lambda: Done("Added.", "/made/42/"), success_url=None)
    assert response.status_code == 302
    assert response["Location"] == "/made/42/"
    assert flashed(request) == ["Added."]


def test_done_goes_where_apply_says_even_when_a_success_url_is_given():
    response = run(post({"name": "New"}), lambda: Done("Added.", "/made/42/"))
    assert response["Location"] == "/made/42/"


def test_done_with_no_message_flashes_nothing():
    request = post({"name": "New"})
    response = run(request, lambda: Done("", "/status/"), success_url=None)
    assert response["Location"] == "/status/"
    assert flashed(request) == []


def test_a_message_without_a_success_url_is_a_programming_error():
    with pytest.raises(TypeError, match="success_url"):
        run(post({"name": "New"}), lambda: "Renamed.", success_url=None)


def test_field_errors_land_on_their_fields_and_unknown_fields_on_the_form():
    def apply() -> str:
        raise FieldErrors([("name", "Name taken."), ("colour", "No such colour.")])

    request = post({"name": "New"})
    response = run(request, apply)
    assert response.status_code == 200
    # Non-field errors first, then the name field's.
    assert response.content.decode() == "|No such colour.;Name taken.;error:namecolour"
    assert flashed(request) == []


def test_the_template_gets_the_error_the_service_raised():
    class Refused(FieldErrors):
        """A subclass keeps its own attributes for the template."""

    def apply() -> str:
        raise Refused.on("name", "Name taken.")

    response = run(post({"name": "New"}), apply)
    assert response.content.decode().endswith("Name taken.;error:name")


def test_no_error_on_a_plain_invalid_form():
    response = run(post({}), lambda: pytest.fail("applied"))
    assert not response.content.decode().endswith(":name")


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


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("open", "Open"), ("closed", "Closed")])


def press(data: dict[str, str], apply, *, form: forms.BaseForm | None = None):
    request = post(data)
    return request, button_view(
        request,
        apply=apply,
        form=form,
        success_url="/record/",
        template="core/tests/form_page.html",
    )


def test_a_button_that_works_redirects_and_flashes():
    request, response = press({}, lambda: "Marked done.")
    assert response.status_code == 302
    assert response["Location"] == "/record/"
    assert flashed(request) == ["Marked done."]


def test_a_button_the_records_state_refuses_is_409_with_the_reason():
    def apply() -> str:
        raise TransitionNotAllowed("This action is already done.")

    request, response = press({}, apply)
    assert response.status_code == 409
    assert response.content.decode().startswith("This action is already done.|")
    assert flashed(request) == []


def test_a_button_another_rule_refuses_is_409_too():
    def apply() -> str:
        raise DomainError("You cannot verify your own training.")

    _, response = press({}, apply)
    assert response.status_code == 409
    assert "You cannot verify your own training." in response.content.decode()


def test_a_button_value_not_offered_is_400_and_the_service_is_not_called():
    calls: list[str] = []

    def apply() -> str:
        calls.append("x")
        return "Closed."

    _, response = press({"status": "archived"}, apply, form=StatusForm({"status": "archived"}))
    assert response.status_code == 400
    assert calls == []


def test_field_errors_from_a_button_are_400():
    def apply() -> str:
        raise FieldErrors.on("status", "Choose done or cancelled.")

    _, response = press({}, apply)
    assert response.status_code == 400
    assert "Choose done or cancelled." in response.content.decode()


def test_the_refused_page_names_the_reason_and_links_back():
    request = post({})

    def apply() -> str:
        raise TransitionNotAllowed("This referral has already been submitted.")

    response = button_view(request, apply=apply, success_url="/record/", title="Submit")
    content = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in content
    assert "This referral has already been submitted." in content
    assert 'href="/record/"' in content
