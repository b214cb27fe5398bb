"""Importing training records from a CSV file, and the import's progress."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.core.formviews import Done, form_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.training import forms as f
from dueregard.training.csv_import import CSV_COLUMNS
from dueregard.training.models import Course, ImportJob
from dueregard.training.services.imports import start_import
from dueregard.training.views.common import managers_only


@require_http_methods(["GET", "POST"])
@managers_only
def import_upload(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.ImportForm(request.POST or None, request.FILES or None)

    def apply() -> Done:
        job = start_import(membership, b"".join(form.cleaned_data["file"].chunks()))
        # No message: the import's status page is the answer.
        return Done("", reverse("training:import_status", kwargs={"public_id": job.public_id}))

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/import.html",
        context={
            "columns": CSV_COLUMNS,
            "courses": Course.objects.visible_to(membership).filter(is_active=True),
        },
    )


@require_GET
@managers_only
def import_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Progress of an import; refreshes itself with a meta refresh until it ends (no JS)."""
    membership = membership_of(request)
    job = get_object_for(ImportJob.objects.visible_to(membership), membership, public_id)
    response = render(request, "training/import_status.html", {"job": job})
    if not job.finished:
        # The Refresh header reloads the page without JavaScript (CSP allows it).
        response["Refresh"] = "2"
    return response
