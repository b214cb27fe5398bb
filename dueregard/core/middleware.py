"""Response headers that keep pages about people out of caches, frames and other sites.

Django's ``SecurityMiddleware`` and ``XFrameOptionsMiddleware`` send HSTS, nosniff,
Referrer-Policy, Cross-Origin-Opener-Policy and X-Frame-Options. What they do not send
is added here:

* ``NoStoreMiddleware``: ``Cache-Control: no-store`` (Django's never-cache set) on every
  response but static files, signed in or not.
* ``SecurityHeadersMiddleware``: django-csp's Content-Security-Policy with a fresh nonce
  per response (until Django 6 has its own), ``Permissions-Policy``, and
  ``Clear-Site-Data`` on the sign-out response so a shared computer keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

#: Browser features no page of ours uses.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
#: What the browser must forget when someone signs out.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
        return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware plus Permissions-Policy and Clear-Site-Data on sign-out.

    Place it before any middleware or view that renders a template, so that
    ``request.csp_nonce`` exists when ``base.html`` asks for it.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_sign_out(request, response):
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def is_sign_out(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A completed sign-out: allauth's logout view answers a POST with a redirect."""
    return (
        request.method == "POST"
        and 300 <= response.status_code < 400
        and request.path_info == reverse("account_logout")
    )
