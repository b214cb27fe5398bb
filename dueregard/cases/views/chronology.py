"""A case's whole chronology, oldest first, a page at a time, narrowed by dates.

The case page shows only the latest entries (``LATEST``), so its cost does not grow with
the case's history; this page is where the whole record is read (and printed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dueregard.audit.services import log
from dueregard.cases.audit_codes import CASE_CHRONOLOGY_VIEWED
from dueregard.cases.views.changes import case_for, handler_required
from dueregard.core.forms import DateInput
from dueregard.organisations.access import membership_of

#: Entries the case page shows, newest first.
LATEST = 20
#: Entries a page of the whole chronology shows.
PAGE_SIZE = 100


def _start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the organisation's time zone (UK time)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class ChronologyFilter(forms.Form):
    """Dates in a GET query: dates are not personal data."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date"))
        return cleaned


@require_GET
@handler_required
def chronology(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    entries = case.chronology.select_related("created_by").order_by("occurred_at", "id")
    dated = "start" in request.GET or "end" in request.GET
    form = ChronologyFilter(request.GET if dated else None)
    narrowed = False
    if form.is_bound and form.is_valid():
        if form.cleaned_data["start"]:
            entries = entries.filter(occurred_at__gte=_start_of(form.cleaned_data["start"]))
            narrowed = True
        if form.cleaned_data["end"]:
            entries = entries.filter(
                occurred_at__lt=_start_of(form.cleaned_data["end"] + timedelta(days=1))
            )
            narrowed = True
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    log(
        membership,
        CASE_CHRONOLOGY_VIEWED,
        case,
        context={"page": page.number, "rows": len(page.object_list), "narrowed": narrowed},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/chronology.html",
        {"case": case, "dates": form, "form": form, "page": page, "query": query.urlencode()},
    )
