"""The ``/api/v1/`` endpoints. Each calls the same service, lookup helper and audit code as
its page; none writes a model itself (``docs/api.md``)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from dueregard.api import serializers as s
from dueregard.api.framework import ApiView
from dueregard.api.models import Scope
from dueregard.api.problems import Unprocessable
from dueregard.audit.services import log
from dueregard.cases.access import can_open
from dueregard.cases.audit_codes import CASE_LIST_VIEWED, CASE_VIEWED
from dueregard.cases.models import Case
from dueregard.concerns.models import SafeguardingCategory
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.organisations.access import get_object_for
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require
from dueregard.people.audit_codes import PERSON_LIST_VIEWED, PERSON_VIEWED
from dueregard.people.models import Person
from dueregard.people.sync import sync_people
from dueregard.reports.audit_codes import FIGURES_EXPORTED
from dueregard.reports.figures import figures
from dueregard.training.csv_import import CSV_COLUMNS
from dueregard.training.models import ImportJob
from dueregard.training.services.imports import start_import

ID = OpenApiParameter("public_id", uuid.UUID, OpenApiParameter.PATH)


class Cursor(CursorPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering = ("updated_at", "id")


class CaseCursor(Cursor):
    ordering = ("-created_at", "-id")


class ChronologyCursor(Cursor):
    ordering = ("occurred_at", "id")


def _page(view: ApiView, queryset: QuerySet[Any]) -> tuple[CursorPagination, list[Any]]:
    """The view's paginator and the page of ``queryset`` the request's cursor points at."""
    pager: CursorPagination = view.pagination_class()  # type: ignore[attr-defined]
    return pager, list(pager.paginate_queryset(queryset, view.request, view=view) or [])


# --- People -------------------------------------------------------------------------------


class PeopleView(ApiView):
    """The directory, a page at a time; ``updated_since`` for what changed since a sync."""

    required_scope = Scope.PEOPLE_READ
    session_reads = True
    pagination_class = Cursor

    @extend_schema(
        tags=["people"],
        operation_id="people_list",
        parameters=[
            OpenApiParameter("updated_since", datetime, description="ISO 8601 date and time."),
        ],
        responses=s.PersonSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        membership = self.membership
        require(membership, Can.MANAGE_PEOPLE)
        people = Person.objects.visible_to(membership).select_related("site")
        since = request.query_params.get("updated_since")
        if since is not None:
            moment = _datetime(since)
            people = people.filter(updated_at__gt=moment)
        pager, rows = _page(self, people)
        log(
            membership,
            PERSON_LIST_VIEWED,
            object_type="person_list",
            context={"rows": len(rows), "api": True},
        )
        return pager.get_paginated_response(s.PersonSerializer(rows, many=True).data)


def _datetime(value: str) -> datetime:
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise exceptions.ValidationError(
            {"updated_since": ["Give a date and time with its offset, e.g. 2026-09-01T00:00Z."]}
        )
    return moment


class PersonView(ApiView):
    """One person of the directory (audited as a view of their record)."""

    required_scope = Scope.PEOPLE_READ
    session_reads = True

    @extend_schema(tags=["people"], parameters=[ID], responses=s.PersonSerializer)
    def get(self, request: Request, public_id: str) -> Response:
        membership = self.membership
        require(membership, Can.MANAGE_PEOPLE)
        person = get_object_for(
            Person.objects.visible_to(membership).select_related("site"), membership, public_id
        )
        log(membership, PERSON_VIEWED, person)
        return Response(s.PersonSerializer(person).data)


class PeopleSyncView(ApiView):
    """Upsert people by the MIS's reference (``sync_people``): all rows or none."""

    required_scope = Scope.PEOPLE_WRITE

    @extend_schema(
        tags=["people"],
        request=s.PeopleSyncSerializer,
        responses={200: s.SyncReportSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.PeopleSyncSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = [
            {k: v for k, v in row.items() if v is not None and v != ""}
            | {"given_name": row["given_name"], "family_name": row["family_name"]}
            for row in body.validated_data["people"]
        ]
        for row in rows:
            if "left" in row:
                row["left"] = "true" if row["left"] else "false"
        report = sync_people(
            self.membership,
            rows,
            source="api",
            mark_missing_left=body.validated_data["mark_missing_left"],
        )
        if not report.ok:
            raise Unprocessable(
                "Nothing was changed: see errors.",
                [
                    {
                        "field": f"people[{p.index}]" + (f".{p.field}" if p.field else ""),
                        "detail": p.message,
                    }
                    for p in report.problems
                ],
            )
        return Response(s.SyncReportSerializer(report).data)


# --- Concerns -----------------------------------------------------------------------------


class ConcernsView(ApiView):
    """Raise a concern on behalf of a named member (``raise_concern``)."""

    required_scope = Scope.CONCERNS_WRITE

    @extend_schema(
        tags=["concerns"],
        request=s.NewConcernSerializer,
        responses={201: s.ConcernReceiptSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.NewConcernSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        membership = self.membership
        raiser: Membership | None = (
            Membership.objects.active()
            .select_related("organisation", "user")
            .filter(organisation_id=membership.organisation_id, public_id=data["raised_by"])
            .first()
        )
        if raiser is None:
            raise Unprocessable(
                "No active member of the organisation has that id.",
                [{"field": "raised_by", "detail": "No active member has this id."}],
            )
        wanted = set(data["people"])
        people = list(Person.objects.visible_to(membership).filter(public_id__in=wanted))
        if len(people) != len(wanted):
            raise Unprocessable(
                "Some people are not in the directory.",
                [{"field": "people", "detail": "Each id must be a person in the directory."}],
            )
        category = None
        if data["category"]:
            category = (
                SafeguardingCategory.objects.visible_to(membership)
                .in_use()
                .filter(key=data["category"])
                .first()
            )
            if category is None:
                raise Unprocessable(
                    "No category in use has that key.",
                    [{"field": "category", "detail": "Use the key of a category in use."}],
                )
        concern = raise_concern(
            raiser,
            NewConcern(
                immediate_danger=data["immediate_danger"],
                observed_at=data["observed_at"],
                location=data["location"],
                narrative=data["narrative"],
                people=people,
                unknown_subject=data["unknown_subject"],
                reported_category=category,
            ),
        )
        return Response(s.ConcernReceiptSerializer(concern).data, status=status.HTTP_201_CREATED)


# --- Training -----------------------------------------------------------------------------


def _as_csv(records: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([r[c] for c in CSV_COLUMNS] for r in records)
    return out.getvalue().encode("utf-8")


def _with_api_problems(job: ImportJob) -> ImportJob:
    """The job's problems by record (line 2 of the file is ``records[0]``)."""
    job.api_problems = [  # type: ignore[attr-defined]
        {
            "field": (f"records[{p['line'] - 2}]" if p["line"] > 1 else "records")
            + (f".{p['column']}" if p.get("column") else ""),
            "detail": p["message"],
        }
        for p in job.problems
    ]
    return job


class TrainingRecordsView(ApiView):
    """Import training records with the CSV import's checks (``start_import``): all or none,
    by the background worker; follow the answer's import id for the outcome."""

    required_scope = Scope.TRAINING_WRITE

    @extend_schema(
        tags=["training"],
        request=s.TrainingRecordsSerializer,
        responses={202: s.TrainingImportSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.TrainingRecordsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = start_import(self.membership, _as_csv(body.validated_data["records"]))
        return Response(
            s.TrainingImportSerializer(_with_api_problems(job)).data,
            status=status.HTTP_202_ACCEPTED,
        )


class TrainingImportView(ApiView):
    """Where an import of training records stands; its problems by record and field."""

    required_scope = Scope.TRAINING_WRITE

    @extend_schema(tags=["training"], parameters=[ID], responses=s.TrainingImportSerializer)
    def get(self, request: Request, public_id: str) -> Response:
        membership = self.membership
        require(membership, Can.MANAGE_TRAINING)
        job = get_object_for(ImportJob.objects.visible_to(membership), membership, public_id)
        return Response(s.TrainingImportSerializer(_with_api_problems(job)).data)


# --- Figures ------------------------------------------------------------------------------


class FiguresView(ApiView):
    """The dashboard's figures, small numbers always suppressed (``reports/figures.py``)."""

    required_scope = Scope.FIGURES_READ
    session_reads = True

    @extend_schema(tags=["figures"], responses=s.FigureSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = figures(self.membership)
        # Figures leaving the app are audited as the export_figures command's are.
        log(
            self.membership,
            FIGURES_EXPORTED,
            object_type="figures",
            context={"format": "json", "figures": len(rows), "source": "api"},
        )
        return Response(s.FigureSerializer(rows, many=True).data)


# --- Cases --------------------------------------------------------------------------------


class CasesView(ApiView):
    """The cases the member's case list shows (restricted ones by reference only)."""

    required_scope = Scope.CASES_READ
    session_reads = True
    pagination_class = CaseCursor

    @extend_schema(
        tags=["cases"],
        responses=s.CaseSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        membership = self.membership
        require(membership, Can.HANDLE_CASES)
        pager, rows = _page(self, Case.objects.visible_to(membership))
        log(
            membership,
            CASE_LIST_VIEWED,
            object_type="case_list",
            context={"status": "all", "rows": len(rows), "api": True},
        )
        return pager.get_paginated_response(s.CaseSerializer(rows, many=True).data)


def _openable_case(view: ApiView, public_id: str) -> Case:
    """The case as the case page finds it: 404 outside scope, 403 (audited) if restricted."""
    membership = view.membership
    require(membership, Can.HANDLE_CASES)
    case: Case = get_object_for(
        Case.objects.visible_to(membership).select_related("category", "safeguarding_category"),
        membership,
        public_id,
    )
    if not can_open(membership, case):
        raise exceptions.PermissionDenied("This case is restricted: you are not named on it.")
    return case


class CaseView(ApiView):
    """A case the member may open, as its page shows it (restricted: 403 unless named)."""

    required_scope = Scope.CASES_READ
    session_reads = True

    @extend_schema(tags=["cases"], parameters=[ID], responses=s.CaseDetailSerializer)
    def get(self, request: Request, public_id: str) -> Response:
        case = _openable_case(self, public_id)
        log(self.membership, CASE_VIEWED, case, context={"status": case.status, "api": True})
        case.api_parties = list(case.parties.select_related("person"))  # type: ignore[attr-defined]
        case.api_concerns = list(  # type: ignore[attr-defined]
            case.concerns.order_by("created_at").values_list("public_id", flat=True)
        )
        return Response(s.CaseDetailSerializer(case).data)


class ChronologyView(ApiView):
    """A case's chronology, oldest first, a page at a time."""

    required_scope = Scope.CASES_READ
    session_reads = True
    pagination_class = ChronologyCursor

    @extend_schema(
        tags=["cases"],
        parameters=[ID],
        responses=s.ChronologyEntrySerializer(many=True),
    )
    def get(self, request: Request, public_id: str) -> Response:
        case = _openable_case(self, public_id)
        pager, rows = _page(self, case.chronology.all())
        log(
            self.membership,
            CASE_VIEWED,
            case,
            context={"status": case.status, "part": "chronology", "api": True},
        )
        return pager.get_paginated_response(s.ChronologyEntrySerializer(rows, many=True).data)
