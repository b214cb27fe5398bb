"""django-allauth adapters: no self sign-up, by password or by single sign-on.

Administrators create accounts; single sign-on only signs in an existing user whose
verified provider email matches (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest

from dueregard.accounts import security


# allauth ships no type hints, so its adapters are ``Any`` to mypy.
class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc,unused-ignore]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """Someone with a second factor re-authenticates with it, never with the password
        alone: step-up and changes to MFA then always mean "re-enter a factor"."""
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        membership = getattr(self.request, "membership", None)
        strict = security.passkey_required(membership) or security.needs_passkey_anywhere(user)
        has_passkey = any(m["id"] == "mfa_reauthenticate:webauthn" for m in methods)
        if strict and has_passkey:
            # Only a passkey counts for this user somewhere: never offer a code instead,
            # whichever organisation the session is in.
            return [m for m in methods if m["id"] == "mfa_reauthenticate:webauthn"]
        if user.is_authenticated and security.has_second_factor(user):
            return [m for m in methods if m["id"] != "reauthenticate"]
        return methods


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc,unused-ignore]
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False
