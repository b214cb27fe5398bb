"""Choosing a person from the directory without showing the directory.

A picker is a search box, a Find button and, once searched, the matching people as radio
buttons (at most ``MAX_SHOWN``). Without JavaScript, Find submits the whole form: the form
is shown again with what was typed kept, no errors, and the matches under the box. With
JavaScript, typing (or Find) fetches the same matches from ``people:picker`` and puts
them in place, so nothing else on the page is lost. Either way each search is one audit
event (``people.searched``: who searched, for what, how many matched; never the words,
which are personal data). The words travel in POST bodies only, never in a URL.

A form uses it by declaring ``PersonPickerField`` fields and calling ``setup_pickers``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dueregard.audit.services import log
from dueregard.organisations.access import membership_of
from dueregard.organisations.models import Membership
from dueregard.people.audit_codes import PEOPLE_SEARCHED
from dueregard.people.models import Person
from dueregard.people.search import matching

StrOrPromise = str | Promise

#: The name of every Find button; its value names the picker field that was searched.
FIND = "find_person"
#: The most matches shown: more means the search needs another word.
MAX_SHOWN = 10
#: Why a search was made, as the audit event records it.
PURPOSES = ("concern", "case", "relation")


def search_name(field_name: str) -> str:
    """The name of a picker's search box."""
    return f"{field_name}_search"


def reporter_label(person: Person) -> str:
    """What a member raising a concern sees: name, kind and reference."""
    parts = [f"{person.family_name}, {person.given_name}", str(person.get_kind_display())]
    if person.reference:
        parts.append(person.reference)
    return " – ".join(parts)


def full_label(person: Person) -> str:
    """What the DSL team sees: the reporter's label and the date of birth."""
    return person.label


@dataclass(frozen=True)
class Found:
    """One search's answer: the people shown and whether more matched."""

    people: list[Person]
    more: bool


def pickable(membership: Membership) -> Any:
    """The people a picker may offer: the organisation's, not archived."""
    return Person.objects.visible_to(membership).filter(is_archived=False)


def find_people(membership: Membership, text: str, *, purpose: str) -> Found:
    """Up to ``MAX_SHOWN`` people matching ``text``, audited as one search."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown picker purpose {purpose!r}")
    if not text.split():
        return Found([], more=False)
    rows = list(
        matching(pickable(membership), text)
        .only("public_id", "given_name", "family_name", "kind", "reference", "date_of_birth")
        .order_by("family_name", "given_name", "pk")[: MAX_SHOWN + 1]
    )
    log(
        membership,
        PEOPLE_SEARCHED,
        object_type="person_search",
        context={
            "purpose": purpose,
            "matches": min(len(rows), MAX_SHOWN),
            "more": len(rows) > MAX_SHOWN,
        },
    )
    return Found(rows[:MAX_SHOWN], more=len(rows) > MAX_SHOWN)


def chosen_person(membership: Membership, value: object) -> Person | None:
    """The person a posted picker value names, if it is one the picker may offer."""
    try:
        public_id = uuid.UUID(str(value))
    except ValueError:
        return None
    person: Person | None = pickable(membership).filter(public_id=public_id).first()
    return person


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


def options_for(
    found: Found | None, chosen: Person | None, label: Callable[[Person], str]
) -> list[Option]:
    """The radio buttons under a picker: the person chosen first, then the matches."""
    options: list[Option] = []
    if chosen is not None:
        options.append(Option(str(chosen.public_id), label(chosen), checked=True))
    for person in found.people if found else []:
        if chosen is None or person.pk != chosen.pk:
            options.append(Option(str(person.public_id), label(person), checked=False))
    return options


class PersonPicker(forms.Widget):
    """A search box, a Find button and the radio buttons of the matches."""

    template_name = "people/widgets/person_picker.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.options: list[Option] = []
        self.searched = False
        self.more = False
        self.search_text = ""
        self.none_label = ""
        self.purpose = ""
        self.url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["picker"] = {
            "search_name": search_name(name),
            "search_text": self.search_text,
            "find": FIND,
            "options": self.options,
            "searched": self.searched,
            "more": self.more,
            "none_label": self.none_label,
            "purpose": self.purpose,
            "url": self.url,
            "max_shown": MAX_SHOWN,
        }
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class PersonPickerField(forms.ModelChoiceField[Person]):
    """A person chosen with a ``PersonPicker``; posted as the person's public id."""

    widget = PersonPicker

    def __init__(
        self,
        *,
        label_of: Callable[[Person], str] = reporter_label,
        none_label: StrOrPromise = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(queryset=Person.objects.none(), to_field_name="public_id", **kwargs)
        self.label_of = label_of
        self.none_label = none_label

    def label_from_instance(self, obj: Person) -> str:
        return self.label_of(obj)


class PersonPickerMixin:
    """For a form with ``PersonPickerField`` fields: call ``setup_pickers`` in ``__init__``.

    While a Find button is pressed the form is "searching": it shows no errors and is never
    valid, so the view shows it again instead of acting on it.
    """

    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool
    _errors: ErrorDict | None
    cleaned_data: dict[str, Any]

    searching = False
    unknown_find = False

    def setup_pickers(self, membership: Membership, *, purpose: str, url: str) -> None:
        """Fill each picker: the person chosen, and the matches when its Find was pressed.
        ``url`` answers the page's script (a view calling ``picker_response``)."""
        searched = self.data.get(FIND) if self.is_bound else None
        pickers = [n for n, f in self.fields.items() if isinstance(f, PersonPickerField)]
        self.searching = searched in pickers
        # A Find that names no picker on this form is refused, not taken as a submission.
        self.unknown_find = bool(searched) and not self.searching
        for name, field in self.fields.items():
            if not isinstance(field, PersonPickerField):
                continue
            field.queryset = pickable(membership)
            widget = field.widget
            assert isinstance(widget, PersonPicker)
            text = str(self.data.get(search_name(name), "")).strip()[:100] if self.is_bound else ""
            found = find_people(membership, text, purpose=purpose) if searched == name else None
            chosen = chosen_person(membership, self.data.get(name)) if self.is_bound else None
            widget.options = options_for(found, chosen, field.label_of)
            widget.searched = found is not None and bool(text)
            widget.more = found.more if found else False
            widget.search_text = text
            widget.none_label = str(field.none_label or _("Nobody chosen"))
            widget.purpose = purpose
            widget.url = url

    def full_clean(self) -> None:
        if self.searching:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()  # type: ignore[misc]
        if self.unknown_find:
            self.add_error(None, _("Press a Find button beside a search box to search."))  # type: ignore[attr-defined]

    def is_valid(self) -> bool:
        return not self.searching and super().is_valid()  # type: ignore[misc]


_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,59}$")


def picker_response(request: HttpRequest, form: forms.BaseForm, *, purpose: str) -> JsonResponse:
    """The matches for a picker on ``form``, for the page's script (POST: ``field``, ``q``,
    ``chosen``, ``base``): the radio buttons as HTML and a sentence for screen readers."""
    name = request.POST.get("field", "")
    field = form.fields.get(name)
    if not isinstance(field, PersonPickerField):
        return JsonResponse({"error": "field must name a person picker on this form"}, status=400)
    base = request.POST.get("base", "")
    if not _ELEMENT_ID.match(base):
        base = f"id_{name}"
    membership = membership_of(request)
    text = request.POST.get("q", "").strip()[:100]
    found = find_people(membership, text, purpose=purpose)
    options = options_for(
        found, chosen_person(membership, request.POST.get("chosen")), field.label_of
    )
    picker = {
        "options": options,
        "searched": bool(text.split()),
        "more": found.more,
        "none_label": str(field.none_label or _("Nobody chosen")),
        "max_shown": MAX_SHOWN,
    }
    html = render_to_string(
        "people/widgets/_person_options.html",
        {"picker": picker, "name": name, "base": base},
        request=request,
    )
    if not picker["searched"]:
        status = ""
    elif found.more:
        status = _("More than %(count)d people match.") % {"count": MAX_SHOWN}
    else:
        count = len(found.people)
        status = ngettext("%(count)d person matches.", "%(count)d people match.", count) % {
            "count": count
        }
    return JsonResponse({"html": html, "status": str(status)})
