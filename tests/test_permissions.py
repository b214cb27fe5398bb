"""The permission matrix: every URL x every persona, as data.

A URL added to the project without a row here fails ``test_every_url_has_a_row``.
Objects belong to the first organisation, so ``outsider_dsl`` (the DSL of another
organisation) must get 404 for every object URL.

Rows for the core URLs are below; each further area keeps its rows in
``tests/matrix_<area>.py``: a ``ROWS`` list and, when its rows name objects, an
``objects(world)`` function returning them by the names the rows use.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import dueregard
import tests
from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.core.personal_data import registry
from dueregard.organisations.models import Organisation, Site
from dueregard.referrals.testing import a_complete_referral
from dueregard.testing.factories import make_concern
from tests.matrix import (
    LOGIN,
    OK,
    PERSONAS,
    Row,
    row,
)


def area_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"tests.{info.name}")
        for info in pkgutil.iter_modules(tests.__path__)
        if info.name.startswith("matrix_")
    ]


#            anon   dsl  deputy teacher governor admin inspector outsider
MATRIX = [
    row("home", "GET", None, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    row("healthz", "GET", None, OK, OK, OK, OK, OK, OK, OK, OK),
    row("hidden", "GET", None, OK, OK, OK, OK, OK, OK, OK, OK),
    row("prevent", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("account_login", "GET", None, OK, 302, 302, 302, 302, 302, 302, 302),
    row("accounts:security", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("accounts:mfa_required", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("organisations:switch", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("organisations:settings", "GET", None, LOGIN, OK, 403, 403, 403, OK, 403, OK),
    row("organisations:members", "GET", None, LOGIN, OK, 403, 403, 403, OK, 403, OK),
    row("organisations:member_add", "GET", None, LOGIN, OK, 403, 403, 403, OK, 403, OK),
    row("organisations:member_edit", "GET", "membership", LOGIN, OK, 403, 403, 403, OK, 403, 404),
    row("organisations:sites", "GET", None, LOGIN, OK, 403, 403, 403, OK, 403, OK),
    row("organisations:site_edit", "GET", "site", LOGIN, OK, 403, 403, 403, OK, 403, 404),
    row("people:list", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("people:add", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("people:import", "GET", None, LOGIN, OK, OK, 403, 403, OK, 403, OK),
    row("people:detail", "GET", "person", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("people:edit", "GET", "person", LOGIN, OK, OK, 403, 403, OK, 403, 404),
    row("concerns:raise", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    row(
        "concerns:raise_details",
        "GET",
        None,
        LOGIN,
        OK,
        OK,
        OK,
        OK,
        OK,
        403,
        OK,
        query="?danger=no",
    ),
    row("concerns:mine", "GET", None, LOGIN, OK, OK, OK, OK, OK, 403, OK),
    row("concerns:receipt", "GET", "concern", LOGIN, 404, 404, OK, 404, 404, 403, 404),
    row("concerns:triage_queue", "GET", None, LOGIN, OK, OK, 403, 403, 403, 403, OK),
    row("concerns:detail", "GET", "concern", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("concerns:attachment", "GET", "attachment", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:list", "GET", None, LOGIN, OK, OK, 403, 403, 403, 403, OK),
    row("cases:detail", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:decide", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:add_party", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:add_action", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:add_note", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:close", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:reopen", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:monitor", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:restrict", "GET", "case", LOGIN, OK, 403, 403, 403, 403, 403, 404),
    row("cases:category", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:access_log", "GET", "case", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row("cases:hold_review", "GET", "review", LOGIN, OK, OK, 403, 403, 403, 403, 404),
    row(
        "cases:action_status",
        "POST",
        "action",
        LOGIN,
        302,
        302,
        403,
        403,
        403,
        403,
        404,
        data={"status": "nonsense"},
    ),
    row("cases:action_status", "GET", "action", 405, 405, 405, 405, 405, 405, 405, 405),
    row("referrals:approve", "GET", "referral", LOGIN, OK, 403, 403, 403, 403, 403, 404),
    row("notifications:list", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("reports:dashboard", "GET", None, LOGIN, OK, OK, 403, OK, 403, OK, OK),
]
AREAS = area_modules()
MATRIX += [entry for module in AREAS for entry in module.ROWS]

#: URL names that are not ours to test here (allauth's own pages), by prefix.
EXEMPT_PREFIXES = (
    "account_",
    "socialaccount_",
    "openid_connect_",
    "mfa_",
    "usersessions_",
)


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_row() -> None:
    covered = {r.name for r in MATRIX}
    missing = {n for n in all_url_names() - covered if not n.startswith(EXEMPT_PREFIXES)}
    assert not missing, f"URLs without a permission row: {sorted(missing)}"


@pytest.fixture
def world(dsl, deputy, teacher, governor, admin, inspector, outsider_dsl, learner):  # type: ignore[no-untyped-def]
    """One of everything in the first organisation."""
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now() - timedelta(hours=2),
            location="Workshop",
            narrative="Invented narrative for a permission test.",
            people=[learner],
            attachments=[SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")],
        ),
    )
    triaged = make_concern(teacher, learner)
    case = cases.open_case_from_concern(dsl, triaged)
    cases.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support")
    action = cases.add_action(
        dsl,
        case,
        description="Mentoring",
        owner=teacher.user,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    cases.record_decision(
        deputy,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Refer",
        referral=a_complete_referral(),
    )
    world = {
        "person": learner,
        "concern": concern,
        "attachment": concern.attachments.get(),
        "case": case,
        "review": case.reviews.get(),
        "action": action,
        "referral": case.referrals.get(),
        "membership": teacher,
        "site": Site.objects.get(organisation=dsl.organisation),
        "memberships": {
            "dsl": dsl,
            "deputy": deputy,
            "teacher": teacher,
            "governor": governor,
            "admin": admin,
            "inspector": inspector,
            "outsider_dsl": outsider_dsl,
        },
    }
    for module in AREAS:
        if hasattr(module, "objects"):
            world.update(module.objects(world))
    return world


@pytest.mark.parametrize("entry", MATRIX, ids=lambda r: f"{r.method} {r.name}")
def test_permission_matrix(entry: Row, world: dict, client: Client) -> None:  # type: ignore[type-arg]
    kwargs = {"public_id": world[entry.obj].public_id} if entry.obj else {}
    url = reverse(entry.name, kwargs=kwargs) + entry.query
    failures = []
    for persona, expected in zip(PERSONAS, entry.expected, strict=True):
        client.logout()
        if persona != "anon":
            client.force_login(world["memberships"][persona].user)
        if entry.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, entry.data or {})
        if response.status_code != expected:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{entry.method} {url}: " + "; ".join(failures)


def _rows_of(
    model: type[Model], organisation: Organisation, outsider: Organisation
) -> QuerySet[Any]:
    """``model``'s rows that belong to ``organisation`` only."""
    if model._meta.label == settings.AUTH_USER_MODEL:
        own = model._base_manager.filter(memberships__organisation=organisation)
        return own.exclude(memberships__organisation=outsider)
    names = {f.name for f in model._meta.get_fields()}
    # A row without its own organisation reaches it through the first relation that has one.
    path = (
        "organisation"
        if "organisation" in names
        else next(
            f"{f.name}__organisation"
            for f in model._meta.get_fields()
            if f.many_to_one
            and f.name != "created_by"
            and f.related_model is not None
            and "organisation" in {g.name for g in f.related_model._meta.get_fields()}  # type: ignore[union-attr]
        )
    )
    return model._base_manager.filter(**{path: organisation}).distinct()


def _secrets(organisation: Organisation, outsider: Organisation) -> list[str]:
    """What the registry of personal data says identifies the organisation's records: the
    public id of every row of a registered model, and the plain (unencrypted) personal
    values of rows about a person or a member of staff."""
    secrets = {organisation.name}
    for entry in registry():
        rows = _rows_of(entry.model, organisation, outsider)
        secrets |= {str(public_id) for public_id in rows.values_list("public_id", flat=True)}
        plain = entry.plain_fields()
        if plain and (entry.declared.person or entry.declared.staff):
            for values in rows.values_list(*plain):
                secrets |= {str(v) for v in values if v not in (None, "")}
    # A value that is also in a template's own text (the import page's example row) is not
    # a leak when a page shows it.
    templates = "\n".join(
        path.read_text() for path in Path(dueregard.__file__).parent.glob("**/templates/**/*.html")
    )
    return sorted(s for s in secrets if s not in templates)


def test_no_page_shows_the_other_organisation_anything(world: dict, client: Client) -> None:  # type: ignore[type-arg]
    """Every page the other organisation's DSL may open (every matrix row without an object
    that answers them 200) shows no id of any record of the first organisation, no plain
    personal value (the registry of personal data says which), nor its name: what the
    lists of each area draw from is scoped, whatever the area."""
    outsider = world["memberships"]["outsider_dsl"]
    secrets = _secrets(world["memberships"]["dsl"].organisation, outsider.organisation)
    assert str(world["person"].public_id) in secrets
    assert world["memberships"]["teacher"].user.email in secrets
    client.force_login(outsider.user)
    leaks = []
    for entry in MATRIX:
        if entry.obj or entry.method != "GET" or entry.expected[-1] != OK:
            continue
        response = client.get(reverse(entry.name) + entry.query)
        page = response.content.decode(errors="replace")
        leaked = [s for s in secrets if s in page]
        if leaked:
            leaks.append(f"{entry.name}: {leaked}")
    assert not leaks, "\n".join(leaks)
