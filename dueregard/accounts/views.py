"""Account security: second factors, other sessions, password; why MFA is required."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dueregard.accounts import security


@require_GET
@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """Any signed-in user: what protects their account, with links to change it."""
    membership = getattr(request, "membership", None)
    kinds = set(
        Authenticator.objects.filter(user_id=request.user.pk).values_list("type", flat=True)
    )
    return render(
        request,
        "accounts/security.html",
        {
            "has_totp": Authenticator.Type.TOTP in kinds,
            "has_passkey": Authenticator.Type.WEBAUTHN in kinds,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in kinds,
            "mfa_required": membership is not None and security.mfa_required(membership),
            "passkey_required": security.passkey_required(membership),
        },
    )


@require_GET
@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    """Where DSLs, deputies and administrators without a second factor are sent."""
    membership = getattr(request, "membership", None)
    return render(
        request,
        "accounts/mfa_required.html",
        {"passkey_required": security.passkey_required(membership)},
    )


def no_email_management(request: HttpRequest) -> HttpResponse:
    """allauth's "manage email addresses" page, switched off (404 for every method).

    An account's email is its identity across organisations: a DSL or administrator adding
    a member by email reaches the existing account. Letting holders change or add
    addresses would let one claim an address before its owner is invited.
    """
    raise Http404
