"""The one shape of a form page: GET shows the form, POST applies it through a service.

Every app's form pages go through ``form_view``, so a refused change answers the same way
everywhere:

* invalid input: the form again with its errors (200);
* a change the record's state does not allow (``refusal`` given, or the service raising
  ``TransitionNotAllowed``): 409, the reason on the form, nothing written;
* ``FieldErrors`` from the service: each message on its field (200), nothing written;
* any other ``DomainError`` from the service: its message on the form (200), nothing
  written (services run in a transaction);
* success: the service's message flashed, and a redirect to ``success_url``, or to the
  page ``apply`` names by returning ``Done(message, url)`` (the record it just made).

POST-only buttons (a status change, "mark done", "submit", "acknowledge": no fields to
fill in) go through ``button_view``, so a refused button answers the same way everywhere:

* done: the service's message flashed, and a redirect (as above);
* the button's own values not valid (a status not offered): 400, the reason on the page;
* refused by the service (``DomainError``: the record's state, or a rule about it): 409, the
  reason on the page, nothing written. The page is ``core/refused.html`` (the reason and a
  link back), or the record's own page when the view gives its template and context.

``CommandForm.to_command()`` turns cleaned data into the service's command dataclass, so a
view does not copy fields by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from dueregard.core.errors import DomainError, FieldErrors, TransitionNotAllowed


@dataclasses.dataclass(frozen=True)
class Done:
    """What ``apply`` returns when the page to go to is known only once it has run (the
    record it made): ``message`` is flashed ("" flashes nothing), then a redirect to ``url``."""

    message: str
    url: str


def add_field_errors(form: forms.BaseForm, error: FieldErrors) -> None:
    """Put each of ``error``'s messages on its field, or on the form when it has none."""
    for field_name, message in error.problems:
        form.add_error(field_name if field_name in form.fields else None, message)


def form_view(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    apply: Callable[[], str | Done],
    template: str,
    success_url: str | None = None,
    context: Mapping[str, Any] | None = None,
    refusal: str = "",
) -> HttpResponse:
    """Show ``form`` (GET) or apply it (POST): ``apply()`` calls the service and returns the
    message to flash (then ``success_url``, a path or URL name, is where to go) or a
    ``Done``. ``refusal`` is why the record's state refuses the change ("" when it allows
    it): the page says so, and a POST answers 409 without calling ``apply``.

    The template gets ``form``, ``not_allowed`` (the refusal, or ""), ``error`` (the
    ``DomainError`` the service raised, or None) and ``context``.
    """
    status = 200
    raised: DomainError | None = None
    if request.method == "POST":
        if refusal:
            # An empty POST leaves the form unbound: it has no cleaned data to add to.
            if form.is_bound:
                form.is_valid()
                form.add_error(None, refusal)
            status = 409
        elif form.is_valid():
            try:
                outcome = apply()
            except TransitionNotAllowed as error:
                raised, refusal = error, str(error)
                form.add_error(None, refusal)
                status = 409
            except FieldErrors as error:
                raised = error
                add_field_errors(form, error)
            except DomainError as error:
                raised = error
                form.add_error(None, str(error))
            else:
                return _done(request, outcome, success_url)
    return render(
        request,
        template,
        {**(context or {}), "form": form, "not_allowed": refusal, "error": raised},
        status=status,
    )


#: The page a refused button answers with when the view gives no record page of its own.
REFUSED = "core/refused.html"


def button_view(
    request: HttpRequest,
    *,
    apply: Callable[[], str | Done],
    success_url: str,
    form: forms.BaseForm | None = None,
    template: str = REFUSED,
    context: Mapping[str, Any] | None = None,
    title: str = "",
) -> HttpResponse:
    """Apply a POST-only button: ``apply()`` calls the service and returns the message to
    flash (then ``success_url``, a path or URL name) or a ``Done``.

    ``form`` holds the button's own values (which status), if any; not valid, or a
    ``FieldErrors`` from the service, is 400. Any other ``DomainError`` is 409. Either way
    ``template`` is rendered with the reason on ``form`` (its error summary), and gets
    ``form``, ``not_allowed`` (the reason), ``error`` (the ``DomainError``, or None),
    ``back`` (``success_url`` as a URL), ``title`` and ``context``. The view keeps
    ``require_POST``.
    """
    button = form if form is not None else forms.Form(request.POST)
    raised: DomainError | None = None
    if not button.is_valid():
        status = 400
    else:
        try:
            outcome = apply()
        except FieldErrors as error:
            raised, status = error, 400
            add_field_errors(button, error)
        except DomainError as error:
            raised, status = error, 409
            button.add_error(None, str(error))
        else:
            return _done(request, outcome, success_url)
    reason = " ".join(str(e) for errors in button.errors.values() for e in errors)
    return render(
        request,
        template,
        {
            **(context or {}),
            "form": button,
            "not_allowed": reason,
            "error": raised,
            "back": resolve_url(success_url),
            "title": title or _("This could not be done"),
        },
        status=status,
    )


def _done(request: HttpRequest, outcome: str | Done, success_url: str | None) -> HttpResponse:
    if isinstance(outcome, str):
        if success_url is None:
            raise TypeError("form_view needs success_url when apply returns only a message")
        outcome = Done(outcome, success_url)
    if outcome.message:
        messages.success(request, outcome.message)
    return redirect(outcome.url)


class CommandForm(forms.Form):
    """A form whose cleaned data becomes a service's command (a dataclass).

    Set ``command`` to the dataclass; ``to_command(**extra)`` fills each of its fields from
    the cleaned field of the same name, and ``extra`` supplies the ones the form has not.
    """

    command: ClassVar[type[Any]]

    def to_command(self, **extra: Any) -> Any:
        names = [field.name for field in dataclasses.fields(self.command)]
        values = {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
        missing = [name for name in names if name not in values and name not in extra]
        if missing:
            # A command field with a default may be left out; say which required ones are not.
            required = {
                f.name
                for f in dataclasses.fields(self.command)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            }
            if required & set(missing):
                raise TypeError(
                    f"{type(self).__name__} cannot fill {sorted(required & set(missing))}"
                )
        return self.command(**values, **extra)
