"""The case list, the case page (with break glass for a restricted case), the access log."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.queries import SEEN, events_about, page_of
from dueregard.audit.services import log
from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.access import can_open
from dueregard.cases.audit_codes import (
    CASE_ACCESS_LOG_VIEWED,
    CASE_LIST_VIEWED,
    CASE_VIEWED,
    PERSON_ACCESS_LOG_VIEWED,
)
from dueregard.cases.models import ActionStatus, Case, CaseStatus, ChronologyEntry
from dueregard.cases.queries import (
    CASE_SORTS,
    annotated_cases,
    case_list_choices,
    records_about_person,
)
from dueregard.cases.views.changes import case_for, handler_required
from dueregard.cases.views.chronology import LATEST
from dueregard.concerns.models import Concern
from dueregard.core.errors import DomainError
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


#: Cases a page on the case list.
CASES_PER_PAGE = 25


@require_GET
@handler_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The DSL team's cases: by status, category, lead, site and overdue, sorted.

    The filters are keys and public ids in the query string (no personal data). The
    options are one query (``case_list_choices``) and the page's rows carry their total
    (``_page_of``), so the page makes as many queries as it did without filters.
    """
    membership = membership_of(request)
    statuses = [
        ("open", "Open"),
        *((value, str(label)) for value, label in CaseStatus.choices),
        ("all", "All"),
    ]
    sorts = [(key, label) for key, (label, _order) in CASE_SORTS.items()]
    data = {"status": "open", "sort": "newest", **request.GET.dict()}
    form = case_forms.CaseFilterForm(case_list_choices(membership), statuses, sorts, data)
    form.is_valid()
    chosen = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    status = chosen.get("status") or "open"
    sort = chosen.get("sort") or "newest"
    cases = annotated_cases(membership).order_by(*CASE_SORTS[sort][1])
    if status == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    filters: dict[str, str] = {}
    if chosen.get("category"):
        filters["category"] = chosen["category"]
        cases = cases.filter(safeguarding_category__key=chosen["category"])
    if chosen.get("lead"):
        filters["lead"] = chosen["lead"]
        cases = cases.filter(lead__public_id=uuid.UUID(chosen["lead"]))
    if chosen.get("site"):
        filters["site"] = chosen["site"]
        cases = cases.filter(
            Exists(
                Concern.objects.filter(
                    case=OuterRef("pk"), site__public_id=uuid.UUID(chosen["site"])
                )
            )
        )
    if chosen.get("overdue"):
        filters["overdue"] = "1"
        cases = cases.filter(Q(next_review_due__lt=timezone.now()) | Q(overdue_action_count__gt=0))
    page = _page_of(cases, request.GET.get("page"))
    rows = list(page.object_list)
    subjects = services.subjects_by_case([c.pk for c in rows if not c.is_restricted or c.is_named])
    # The list shows subjects' names: reading it is audited like reading a record.
    log(
        membership,
        CASE_LIST_VIEWED,
        object_type="case_list",
        context={
            "status": status,
            "sort": sort,
            **filters,
            "page": page.number,
            "rows": len(rows),
        },
    )
    now = timezone.now()
    for case in rows:
        case.subjects = subjects.get(case.pk, [])
        case.review_overdue = bool(case.next_review_due and case.next_review_due < now)
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "cases": rows,
            "status": status,
            "statuses": statuses,
            "form": form,
            "filtered": bool(filters) or sort != "newest",
            "query": urlencode({"status": status, "sort": sort, **filters}),
        },
    )


def _page_of(cases: QuerySet[Case], number_text: str | None) -> Page[Any]:
    """A page of ``cases`` whose rows carry the total (a window count), so the page and
    its total are one query. A page past the end shows the last page (one more query)."""
    try:
        number = max(int(number_text or 1), 1)
    except ValueError:
        number = 1
    start = (number - 1) * CASES_PER_PAGE
    rows = list(cases.annotate(total=Window(Count("id")))[start : start + CASES_PER_PAGE])
    if not rows and number > 1:
        last = max((cases.count() - 1) // CASES_PER_PAGE + 1, 1)
        return _page_of(cases, str(last)) if last < number else Page([], 1, _pager(0))
    total = rows[0].total if rows else 0
    return Page(rows, number, _pager(total))


def _pager(total: int) -> Paginator[int]:
    """A paginator that knows the total without a query (a range stands for the rows)."""
    return Paginator(range(total), CASES_PER_PAGE)


class _PanelCount(TypedDict):
    channel_panel_count: int
    chronology_count: int | None


@require_http_methods(["GET", "POST"])
@member_required(Can.HANDLE_CASES, post=Can.BREAK_GLASS)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case: WithAnnotations[Case, _PanelCount] = get_object_for(
        Case.objects.visible_to(membership)
        .select_related("category", "safeguarding_category", "lead")
        .annotate(
            channel_panel_count=Count("channel_panels"),
            chronology_count=Subquery(
                ChronologyEntry.objects.filter(case=OuterRef("pk"))
                .values("case")
                .annotate(n=Count("pk"))
                .values("n")
            ),
        ),
        membership,
        public_id,
    )
    if not can_open(membership, case):
        return _restricted(request, membership, case)
    log(membership, CASE_VIEWED, case, context={"status": case.status})
    now = timezone.now()
    context = {
        "case": case,
        "parties": case.parties.select_related("person"),
        "concerns": case.concerns.order_by("created_at"),
        "decisions": case.decisions.select_related("created_by"),
        "actions": case.actions.select_related("owner"),
        "reviews": case.reviews.select_related("held_by"),
        "referrals": case.referrals.select_related("approved_by"),
        "channel_panels": case.channel_panel_count,
        # The latest entries only, newest first: the whole record is on its own page.
        "chronology": list(
            case.chronology.select_related("created_by").order_by("-occurred_at", "-id")[:LATEST]
        ),
        "chronology_count": case.chronology_count or 0,
        "attachments": case.attachments.all(),
        "restricted_to": case.restricted_to.all() if case.is_restricted else [],
        "now": now,
        "today": timezone.localdate(),
        "ActionStatus": ActionStatus,
        "can_decide": case.status in services.ALLOWED_FROM["record a decision on"],
    }
    return render(request, "cases/detail.html", context)


def _restricted(request: HttpRequest, membership: Membership, case: Case) -> HttpResponse:
    """A restricted case the member is not named on: offer break glass, show nothing else."""
    form = case_forms.ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why do you need to open this case?"
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(membership, case, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Access granted for 8 hours. The lead can see that you opened this case and why.",
            )
            return redirect("cases:detail", public_id=case.public_id)
    else:
        deny(request, "a restricted case (break glass offered)")
    return render(request, "cases/restricted.html", {"case": case, "form": form}, status=403)


@require_GET
@handler_required
def access_log(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Who has viewed or changed this case, newest first, a page at a time, and break glass."""
    membership = membership_of(request)
    case = case_for(request, public_id)
    page = page_of(request, events_about(membership.organisation_id, {"case": [case.public_id]}))
    page.object_list = list(page.object_list)  # read before this view's own event
    # Break-glass reasons are personal data, kept encrypted on the grant, not in the audit.
    grants = case.break_glass.select_related("user").order_by("-created_at")
    log(membership, CASE_ACCESS_LOG_VIEWED, case, context={"page": page.number})
    return render(request, "cases/access_log.html", {"case": case, "page": page, "grants": grants})


@require_GET
@handler_required
def person_access_log(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Who has viewed, exported or shared anything about this person, or broken the glass on
    a case of theirs: across their concerns, cases, referrals and disclosures. DSL team."""
    membership = membership_of(request)
    person = get_object_for(Person.objects.visible_to(membership), membership, public_id)
    objects, kinds = records_about_person(membership, person)
    events = events_about(membership.organisation_id, objects, actions=SEEN)
    page = page_of(request, events)
    page.object_list = list(page.object_list)  # read before this view's own event
    log(membership, PERSON_ACCESS_LOG_VIEWED, person, context={"page": page.number})
    return render(
        request,
        "cases/person_access_log.html",
        {"person": person, "page": page, "kinds": kinds},
    )
