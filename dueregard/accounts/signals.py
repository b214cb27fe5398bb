"""Session bookkeeping and audit for sign-in steps.

* Every sign-in starts the session's clock (idle timeout, absolute lifetime).
* A single sign-on whose ID token asserts MFA (``amr`` contains ``mfa``) marks the session.
* Every re-authentication (step-up, or before changing MFA) is audited.
* Removing one's last second factor forgets that this session used one (so a role that
  needs a second factor is sent to set one up again) and ends one's other sessions.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.signals import authentication_step_completed
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.mfa.signals import authenticator_removed
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from dueregard.accounts import security
from dueregard.accounts.middleware import start_session_clock
from dueregard.audit.codes import SESSION_STEPPED_UP
from dueregard.audit.services import record


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    start_session_clock(request)


@receiver(allauth_user_logged_in)
def on_signed_in_by_allauth(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None:
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        if security.provider_asserted_mfa(claims):
            request.session[security.PROVIDER_MFA_SESSION_KEY] = sociallogin.account.provider


@receiver(authentication_step_completed)
def on_step_completed(
    sender: Any, request: HttpRequest, user: Any, method: str, **kwargs: Any
) -> None:
    if not kwargs.get("reauthenticated"):
        return
    factor = kwargs.get("type") or method
    record(
        code=SESSION_STEPPED_UP,
        context={"factor": str(factor)},
        actor=user,
        organisation=None,
        obj=user,
    )


@receiver(authenticator_removed)
def on_authenticator_removed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if security.has_second_factor(user):
        return
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        r for r in records if r.get("method") != "mfa"
    ]
    request.session.pop(security.PROVIDER_MFA_SESSION_KEY, None)
    for other in UserSession.objects.filter(user=user).exclude(
        session_key=request.session.session_key
    ):
        other.end()
