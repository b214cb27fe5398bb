"""Every response carries the security headers; pages run only our own, nonced scripts.

The URLs are the permission matrix's (``tests/test_permissions.py``), so a new URL is
covered as soon as it has its permission row.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.core.middleware import CLEAR_SITE_DATA, PERMISSIONS_POLICY
from tests import test_permissions as permissions

# The permission matrix's world: one of everything in the first organisation.
world = permissions.world

EXPECTED_DIRECTIVES = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
NONCE_SOURCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def csp_directives(response: HttpResponseBase) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    parsed: dict[str, list[str]] = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def header_problems(response: HttpResponseBase) -> list[str]:
    """What is missing or wrong in one response's security headers."""
    problems = []
    directives = csp_directives(response)
    for name, sources in EXPECTED_DIRECTIVES.items():
        if directives.get(name) != sources:
            problems.append(f"CSP {name} is {directives.get(name)}")
    script_src = directives.get("script-src", [])
    if not script_src or script_src[0] != "'self'":
        problems.append(f"CSP script-src is {script_src}")
    if any(
        source not in ("'self'",) and not NONCE_SOURCE.fullmatch(source) for source in script_src
    ):
        problems.append(f"CSP script-src allows more than our origin and a nonce: {script_src}")
    nonces = {m for s in script_src for m in NONCE_SOURCE.findall(s)}
    content = (
        response.content.decode(errors="replace") if isinstance(response, HttpResponse) else ""
    )
    for tag in SCRIPT_TAG.findall(content):
        nonce = re.search(r'nonce="([^"]+)"', tag)
        if nonce is None or nonce.group(1) not in nonces:
            problems.append(f"script without this response's nonce: {tag}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    for name, value in expected.items():
        if response.headers.get(name) != value:
            problems.append(f"{name} is {response.headers.get(name)!r}")
    if "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.headers.get('Cache-Control')!r}")
    server = response.headers.get("Server", "")
    if re.search(r"\d", server):
        problems.append(f"Server header names a version: {server!r}")
    return problems


def matrix_urls(world: dict) -> list[str]:
    urls = []
    for row in permissions.MATRIX:
        kwargs = {"public_id": world[row.obj].public_id} if row.obj else {}
        url = reverse(row.name, kwargs=kwargs) + row.query
        if url not in urls:
            urls.append(url)
    return urls


def test_every_url_sends_the_security_headers_signed_in_and_out(
    world: dict,
    client: Client,
) -> None:
    urls = matrix_urls(world)
    failures = []
    for persona in ("anon", "dsl"):
        client.logout()
        if persona == "dsl":
            client.force_login(world["memberships"]["dsl"].user)
        for url in urls:
            response = client.get(url)
            failures += [f"{persona} GET {url}: {p}" for p in header_problems(response)]
    assert len(urls) >= 40
    assert not failures, "\n".join(failures)


def test_a_page_gets_a_fresh_nonce_and_every_script_carries_it(as_dsl: Client) -> None:
    nonces = []
    for _ in range(2):
        response = as_dsl.get(reverse("organisations:switch"))
        assert response.status_code == 200
        (nonce,) = NONCE_SOURCE.findall(response.headers["Content-Security-Policy"])
        page = response.content.decode()
        tags = SCRIPT_TAG.findall(page)
        assert len(tags) == 2  # init.js and app.js, both external
        assert all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in tags)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_refused_page_and_a_missing_one_have_the_headers_too(
    client: Client,
    world: dict,
) -> None:
    login(client, world["memberships"]["teacher"])

    forbidden = client.get(reverse("cases:list"))
    missing = client.get("/no-such-page/")

    assert forbidden.status_code == 403
    assert missing.status_code == 404
    assert header_problems(forbidden) == []
    assert header_problems(missing) == []


def is_pdf_template(path: Path, text: str) -> bool:
    base = settings.BASE_DIR / "dueregard" / "templates" / "exports" / "document.html"
    return path == base or '{% extends "exports/document.html" %}' in text


def test_templates_have_no_inline_script_or_style() -> None:
    roots = [settings.BASE_DIR / "dueregard" / "templates"]
    roots += sorted((settings.BASE_DIR / "dueregard").glob("*/templates"))
    offences = []
    for template in (path for root in roots for path in root.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        name = template.relative_to(settings.BASE_DIR)
        if is_pdf_template(template, text):
            continue  # rendered by WeasyPrint to PDF, never served to a browser
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offences.append(f"{name}: inline style")
        for tag in SCRIPT_TAG.findall(text):
            if "src=" not in tag or 'nonce="{{ request.csp_nonce }}"' not in tag:
                offences.append(f"{name}: {tag}")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offences.append(f"{name}: inline event handler")
    assert not offences, "\n".join(offences)


# --- Signing out --------------------------------------------------------------------------


def test_signing_out_tells_the_browser_to_forget_the_site(as_dsl: Client) -> None:
    response = as_dsl.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == CLEAR_SITE_DATA == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in as_dsl.session


def test_only_the_sign_out_clears_site_data(as_dsl: Client) -> None:
    confirm = as_dsl.get(reverse("account_logout"))  # the "are you sure" page
    page = as_dsl.get(reverse("organisations:switch"))

    assert confirm.status_code == 200
    assert "Clear-Site-Data" not in confirm.headers
    assert "Clear-Site-Data" not in page.headers


def test_static_files_may_be_cached(client: Client) -> None:
    response = client.get("/static/dueregard/app.js")

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
