"""Sign-in, sign-out and failed sign-in go on the platform chain.

A failed sign-in stores no email address: only the account it was aimed at, when one
exists, so repeated attacks on one account are visible without logging what was typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from dueregard.audit.codes import SESSION_SIGN_IN_FAILED, SESSION_SIGNED_IN, SESSION_SIGNED_OUT
from dueregard.audit.services import record


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(code=SESSION_SIGNED_IN, actor=user, organisation=None, obj=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(code=SESSION_SIGNED_OUT, actor=user, organisation=None, obj=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    target = get_user_model().objects.filter(email=email).first() if email else None
    record(
        code=SESSION_SIGN_IN_FAILED,
        context={"known_account": target is not None},
        actor=None,
        organisation=None,
        obj=target,
        object_type="user",
    )
