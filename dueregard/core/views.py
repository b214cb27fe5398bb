from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database state, for load balancers. No authentication, no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any database failure means "not ready"
        database = "unavailable"
    status = "ok" if database == "ok" else "degraded"
    return JsonResponse(
        {"status": status, "database": database}, status=200 if status == "ok" else 503
    )


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work is."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    membership = getattr(request, "membership", None)
    if membership is None:
        return render(request, "core/no_membership.html", status=403)
    if membership.may.SEE_DASHBOARD:
        return redirect("reports:dashboard")
    if membership.may.MANAGE_PEOPLE:
        return redirect("people:list")
    return redirect("concerns:mine")


@require_GET
def hidden(request: HttpRequest) -> HttpResponse:
    """Where the hide-screen control goes without JavaScript: a page with nothing on it."""
    return render(request, "core/hidden.html")
