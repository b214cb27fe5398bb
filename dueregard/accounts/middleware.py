"""Idle timeout and absolute lifetime of a signed-in session, and "last seen" tracking.

The session stores when it was signed in and when it was last used (set at sign-in by
``accounts.signals``). A request after ``SESSION_IDLE_TIMEOUT`` seconds of inactivity, or
``SESSION_ABSOLUTE_LIFETIME`` seconds after sign-in, signs the user out and sends them to
the sign-in page with a message. At most once a minute the session's "last seen" mark and
its row in allauth's user sessions (what "Your sessions" lists) are refreshed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "dueregard_signed_in_at"
LAST_SEEN_AT = "dueregard_last_seen_at"
#: How stale the "last seen" mark may get before it is written again (one write a minute).
REFRESH_SECONDS = 60


def start_session_clock(request: HttpRequest) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            if SIGNED_IN_AT not in session:
                # Signed in before these marks existed: the clock starts now.
                start_session_clock(request)
            now = time.time()
            signed_in_at = float(session[SIGNED_IN_AT])
            last_seen_at = float(session.get(LAST_SEEN_AT, signed_in_at))
            idle = now - last_seen_at > settings.SESSION_IDLE_TIMEOUT
            too_old = now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_old:
                logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity. Sign in again."
                    if idle
                    else "Your session has ended. Sign in again.",
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen_at >= REFRESH_SECONDS:
                session[LAST_SEEN_AT] = now
                if settings.USERSESSIONS_TRACK_ACTIVITY and session.session_key:
                    UserSession.objects.create_from_request(request)
        return self.get_response(request)
