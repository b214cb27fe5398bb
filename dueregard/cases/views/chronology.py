"""A case's whole chronology, oldest first, a page at a time, narrowed by kinds and dates.

The case page shows only the latest entries (``LATEST``), so its cost does not grow with
the case's history; this page is where the whole record is read (and printed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dueregard.audit.services import log
from dueregard.cases.audit_codes import CASE_CHRONOLOGY_VIEWED
from dueregard.cases.models import ChronologyEntry, ChronologyKind
from dueregard.cases.views.changes import case_for, handler_required
from dueregard.core.forms import DateInput
from dueregard.organisations.access import membership_of
from dueregard.organisations.permissions import Can

#: Entries the case page shows, newest first.
LATEST = 20
#: Entries a page of the whole chronology shows.
PAGE_SIZE = 100


def _start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the organisation's time zone (UK time)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class ChronologyFilter(forms.Form):
    """Kinds of entry and dates in a GET query: neither is personal data."""

    kind = forms.MultipleChoiceField(
        label=_("Kinds of entry"),
        required=False,
        choices=ChronologyKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to see every kind."),
        error_messages={"invalid_choice": _("Choose kinds of entry from the list")},
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    #: The GET parameters this form reads: with none of them, the whole chronology.
    PARAMETERS = ("kind", "start", "end")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date"))
        return cleaned

    @classmethod
    def from_query(cls, query: QueryDict) -> ChronologyFilter:
        """Bound when the query names a kind or a date, so a bad value gets its message."""
        return cls(query if any(p in query for p in cls.PARAMETERS) else None)

    def narrow(
        self, entries: QuerySet[ChronologyEntry]
    ) -> tuple[QuerySet[ChronologyEntry], dict[str, Any]]:
        """``entries`` narrowed by the valid choices, and the choices (for the audit)."""
        chosen: dict[str, Any] = {}
        if not (self.is_bound and self.is_valid()):
            return entries, chosen
        data = self.cleaned_data
        if data["kind"]:
            entries = entries.filter(kind__in=data["kind"])
            chosen["kinds"] = ",".join(sorted(data["kind"]))
        if data["start"]:
            entries = entries.filter(occurred_at__gte=_start_of(data["start"]))
            chosen["start"] = data["start"].isoformat()
        if data["end"]:
            entries = entries.filter(occurred_at__lt=_start_of(data["end"] + timedelta(days=1)))
            chosen["end"] = data["end"].isoformat()
        return entries, chosen


@require_GET
@handler_required
def chronology(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = ChronologyFilter.from_query(request.GET)
    entries, chosen = form.narrow(
        case.chronology.select_related("created_by").order_by("occurred_at", "id")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    log(
        membership,
        CASE_CHRONOLOGY_VIEWED,
        case,
        context={
            "page": page.number,
            "rows": len(page.object_list),
            "narrowed": bool(chosen),
            **chosen,
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/chronology.html",
        {
            "case": case,
            "dates": form,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_print": membership.can(Can.EXPORT_CASE),
        },
    )
