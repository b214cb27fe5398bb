"""Every export, print or download URL asks for step-up (a factor re-entered recently).

Step-up is a property of the permission a view asks for (``Can.X.step_up`` in
``organisations/permissions.py``); a URL whose name says it exports (``export``, ``pdf``,
``docx``, ``xlsx``, ``csv``, ``print``) and whose view's permission does not need step-up
fails here. Attachments are served to read, not exported, and are exempt.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from dueregard.organisations.permissions import Can

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


def needs_step_up(perm: object) -> bool:
    return isinstance(perm, Can) and perm.step_up


def test_every_export_url_needs_step_up() -> None:
    assert exporting_views(), "no export URL found: the pattern is out of date"
    missing = [
        name
        for name, view in exporting_views().items()
        if not name.startswith(("account_", "mfa_"))
        and not needs_step_up(getattr(view, "permission", None))
    ]
    assert not missing, f"Export URLs without step-up: {sorted(missing)}"


def test_approving_a_referral_and_breaking_glass_need_step_up() -> None:
    """The two single actions that need a fresh factor, read from the views themselves."""
    uuid = "00000000-0000-0000-0000-000000000000"
    approve = resolve(reverse("referrals:approve", kwargs={"public_id": uuid})).func
    detail = resolve(reverse("cases:detail", kwargs={"public_id": uuid})).func
    assert needs_step_up(getattr(approve, "permission", None))
    assert not needs_step_up(getattr(detail, "permission", None))  # reading the case: no
    assert needs_step_up(getattr(detail, "post_permission", None))  # break glass: yes
