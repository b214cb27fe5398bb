"""Reading the audit trail for "who has seen it" pages (a case's, a person's).

One query over the events of some records of one organisation, newest first, a page at a
time: the number of queries does not grow with the number of events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from dueregard.audit.models import AuditAction, AuditEvent

PAGE_SIZE = 50

#: What a "who has seen it" page of a person shows: reading and sending on, not changes.
SEEN = (AuditAction.VIEW, AuditAction.EXPORT, AuditAction.SHARE, AuditAction.BREAK_GLASS)


def events_about(
    organisation_id: int,
    objects: Mapping[str, Iterable[Any]],
    *,
    actions: Iterable[str] | None = None,
) -> QuerySet[AuditEvent]:
    """Events of this organisation about the given records, newest first.

    ``objects`` maps an event's ``object_type`` (the model name) to the public ids of the
    records, as a list or a ``values("public_id")`` queryset (kept as a subquery).
    ``actions`` narrows to some kinds of event (``SEEN``); None is every kind.
    """
    about = Q()
    for object_type, ids in objects.items():
        about |= Q(object_type=object_type, object_id__in=ids)
    events = AuditEvent.objects.filter(about, organisation_id=organisation_id)
    if actions is not None:
        events = events.filter(action__in=list(actions))
    return events.select_related("actor").order_by("-sequence")


def page_of(request: HttpRequest, events: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    """The page the request asks for (``?page=``), ``PAGE_SIZE`` events a page."""
    return Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
