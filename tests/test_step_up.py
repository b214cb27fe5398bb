"""Every export, print or download URL asks for step-up (a factor re-entered recently).

A view declares it with ``member_required(..., step_up=True)``; a URL whose name says it
exports (``export``, ``pdf``, ``docx``, ``xlsx``, ``csv``, ``print``) and whose view does
not declare it fails here. Attachments are served to read, not exported, and are exempt.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

EXPORTING = re.compile(r"(export|pdf|docx|xlsx|csv|print)")


def exporting_views() -> dict[str, object]:
    found: dict[str, object] = {}

    def walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif p.name and EXPORTING.search(p.name):
                found[f"{namespace}{p.name}"] = p.callback

    walk(get_resolver().url_patterns)
    return found


def test_every_export_url_needs_step_up() -> None:
    missing = [
        name
        for name, view in exporting_views().items()
        if not name.startswith(("account_", "mfa_")) and not getattr(view, "step_up", False)
    ]
    assert not missing, f"Export URLs without step-up: {sorted(missing)}"
