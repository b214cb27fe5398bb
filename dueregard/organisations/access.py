"""The one way views reach organisation data.

* ``member_required(Can.X)`` wraps every organisation view: signed in, a current
  membership, a second factor for the roles that need one (``accounts.security``), and the
  permission from the table (``organisations/permissions.py``); no argument means any
  member. Lacking the permission is a 403 and an audited denial (``Denied: <what the
  permission is for>``). A permission marked ``step_up`` also needs a factor re-entered
  within the last five minutes. ``post=Can.Y`` asks for a further permission for POSTs
  only (break glass on the case page).
* ``get_object_for`` looks an object up by its public UUID inside what the membership may
  see, and answers 404 for anything else: another organisation's record and a record that
  does not exist look the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from dueregard.accounts import security
from dueregard.audit.codes import ACCESS_DENIED
from dueregard.audit.services import record
from dueregard.organisations.permissions import Can, can

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership

P = ParamSpec("P")
M = TypeVar("M", bound=models.Model)


def membership_of(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied("You are not a member of any organisation.")
    return membership


def deny(request: HttpRequest, what: str) -> PermissionDenied:
    """Record an access denial and return the exception for the caller to raise."""
    membership: Membership | None = getattr(request, "membership", None)
    record(
        code=ACCESS_DENIED,
        actor=request.user,  # type: ignore[arg-type]
        organisation=membership.organisation if membership else None,
        # What was refused is a fixed phrase of the code (a permission's description),
        # never a record's content: kept in the summary the access log shows.
        summary=f"Denied: {what}"[:200],
    )
    return PermissionDenied(what)


def member_required(
    perm: Can | None = None, *, post: Can | None = None
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Require a signed-in member whose role grants ``perm`` (403 and audit if not).

    ``post``: a further permission a POST needs (e.g. break glass). Step-up is a property of
    each permission (``Can.X.step_up``), so the requirement travels with the table
    (``tests/test_step_up.py`` checks every export URL).
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                raise deny(request, "no organisation membership")
            if security.mfa_required(membership) and not security.session_used_second_factor(
                request, membership
            ):
                if not security.has_second_factor(request.user, membership):
                    return redirect("accounts:mfa_required")
                # allauth's middleware asks for the second factor, then replays the request.
                raise ReauthenticationRequired()
            needed = [p for p in (perm, post if request.method == "POST" else None) if p]
            for p in needed:
                if not can(membership, p):
                    raise deny(request, p.description)
            if any(p.step_up for p in needed) and not security.stepped_up(request):
                if not security.can_step_up(request.user, membership):
                    # Signed in only through a provider: a local factor is needed first.
                    return redirect("accounts:mfa_required")
                raise ReauthenticationRequired()
            return view(request, *args, **kwargs)

        # What the view asks for, read by the step-up test, the permission matrix and the
        # Prevent duty hub (which lists only the links a member may follow).
        wrapped.permission = perm  # type: ignore[attr-defined]
        wrapped.post_permission = post  # type: ignore[attr-defined]
        return wrapped

    return decorator


def parse_public_id(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def get_object_for(queryset: models.QuerySet[M], membership: Membership, public_id: Any) -> M:
    """The object with ``public_id`` among what ``membership`` may see, else 404.

    ``queryset`` must come from the model's ``visible_to`` (it is re-scoped here too, so a
    caller cannot forget the organisation).
    """
    scoped = queryset.filter(organisation_id=membership.organisation_id)
    try:
        return scoped.get(public_id=parse_public_id(public_id))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
