"""The one shape of a form page: GET shows the form, POST applies it through a service.

Every app's form pages go through ``form_view``, so a refused change answers the same way
everywhere:

* invalid input: the form again with its errors (200);
* a change the record's state does not allow (``refusal`` given, or the service raising
  ``TransitionNotAllowed``): 409, the reason on the form, nothing written;
* any other ``DomainError`` from the service: its message on the form (200), nothing
  written (services run in a transaction);
* success: the service's message flashed, and a redirect to ``success_url``.

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
from django.shortcuts import redirect, render

from dueregard.core.errors import DomainError, TransitionNotAllowed


def form_view(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    apply: Callable[[], str],
    template: str,
    success_url: str | Callable[[], str],
    context: Mapping[str, Any] | None = None,
    refusal: str = "",
) -> HttpResponse:
    """Show ``form`` (GET) or apply it (POST): ``apply()`` calls the service and returns the
    message to flash. ``refusal`` is why the record's state refuses the change ("" when it
    allows it): the page says so, and a POST answers 409 without calling ``apply``.

    The template gets ``form``, ``not_allowed`` (the refusal, or "") and ``context``.
    """
    status = 200
    if request.method == "POST":
        if refusal:
            # An empty POST leaves the form unbound: it has no cleaned data to add to.
            if form.is_bound:
                form.is_valid()
                form.add_error(None, refusal)
            status = 409
        elif form.is_valid():
            try:
                message = apply()
            except TransitionNotAllowed as error:
                refusal = str(error)
                form.add_error(None, refusal)
                status = 409
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect(success_url() if callable(success_url) else success_url)
    return render(
        request,
        template,
        {**(context or {}), "form": form, "not_allowed": refusal},
        status=status,
    )


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
