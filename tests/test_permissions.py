"""The permission matrix: every URL x every persona, as data.

A URL added to the project without a row here fails ``test_every_url_has_a_row``. Most
rows read their statuses from the permission table (``rule``, ``tests/matrix.py``); an
allowed POST row names where it redirects (``to``). Every form view is also POSTed by each
persona (``test_a_post_follows_the_table_and_a_refused_one_writes_nothing``).
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
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Model, QuerySet
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
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
    ANY_ID,
    LOGIN,
    OK,
    PERSONAS,
    Row,
    allowed,
    permissions_of,
    row,
    rule,
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
    rule("prevent"),
    row("account_login", "GET", None, OK, 302, 302, 302, 302, 302, 302, 302),
    row("accounts:security", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("accounts:mfa_required", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    rule("organisations:switch"),
    rule("organisations:settings"),
    rule("organisations:members"),
    rule("organisations:member_add"),
    rule("organisations:member_edit", "GET", "membership"),
    rule("organisations:sites"),
    rule("organisations:site_edit", "GET", "site"),
    rule("people:list"),
    rule("people:add"),
    rule("people:import"),
    rule("people:detail", "GET", "person"),
    rule("people:edit", "GET", "person"),
    rule("concerns:raise"),
    rule("concerns:raise_details", query="?danger=no"),
    # The pickers' script: matches as JSON (200) for whoever may use the form.
    rule("concerns:person_picker", "POST", ok=200, data={"field": "person", "q": "Le"}),
    rule("concerns:mine"),
    row("concerns:receipt", "GET", "concern", LOGIN, 404, 404, OK, 404, 404, 403, 404),
    rule("concerns:triage_queue"),
    rule("concerns:detail", "GET", "concern"),
    rule("concerns:attachment", "GET", "attachment"),
    rule("cases:list"),
    rule("cases:detail", "GET", "case"),
    rule("cases:decide", "GET", "case"),
    rule("cases:add_party", "GET", "case"),
    rule("cases:chronology", "GET", "case"),
    rule("cases:person_picker", "POST", ok=200, data={"field": "person", "q": "Le"}),
    rule("cases:add_action", "GET", "case"),
    rule("cases:add_note", "GET", "case"),
    rule("cases:close", "GET", "case"),
    rule("cases:reopen", "GET", "case"),
    rule("cases:monitor", "GET", "case"),
    rule("cases:restrict", "GET", "case"),
    rule("cases:category", "GET", "case"),
    rule("cases:access_log", "GET", "case"),
    rule("cases:person_access_log", "GET", "person"),
    rule("cases:hold_review", "GET", "review"),
    rule("cases:action_status", "POST", "action", ok=400, data={"status": "nonsense"}),
    row("cases:action_status", "GET", "action", 405, 405, 405, 405, 405, 405, 405, 405),
    rule("referrals:approve", "GET", "referral"),
    rule("notifications:list"),
    rule("reports:dashboard"),
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
def world(dsl, deputy, teacher, governor, admin, inspector, outsider_dsl, learner):
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


def redirected_to(response: HttpResponseBase) -> str | None:
    """The URL name a redirect points at (``None`` if it is not one of ours)."""
    try:
        return resolve(urlsplit(response["Location"]).path).view_name
    except Resolver404:
        return None


@pytest.mark.parametrize("entry", MATRIX, ids=lambda r: f"{r.method} {r.name}")
def test_permission_matrix(entry: Row, world: dict, client: Client) -> None:
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
        elif (
            response.status_code == 200
            and not response.streaming
            and b"---------</option>" in response.content
        ):
            failures.append(f"{persona}: a select offers Django's '---------', not a label")
        elif (
            persona != "anon"
            and entry.method == "POST"
            and expected == 302
            and redirected_to(response) != entry.to
        ):
            failures.append(f"{persona}: redirected to {response['Location']}, not {entry.to}")
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


# --- POST to every form view --------------------------------------------------------------

#: Tables a refused request may write: its own audit event, and the session.
MAY_WRITE_WHEN_REFUSED = ('"audit_', "audit_", '"django_session"', "django_session")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def member_views() -> list[Row]:
    """One GET row per URL of a view wrapped in ``member_required`` with a permission."""
    seen: set[tuple[str, str | None]] = set()
    found = []
    for entry in MATRIX:
        if entry.method != "GET" or (entry.name, entry.obj) in seen:
            continue
        kwargs = {"public_id": ANY_ID} if entry.obj else {}
        view = resolve(reverse(entry.name, kwargs=kwargs)).func
        if getattr(view, "permission", None) is None:
            continue
        seen.add((entry.name, entry.obj))
        found.append(entry)
    return found


def writes_in(queries: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"][:120]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES)
        and not any(table in q["sql"].split("(")[0] for table in MAY_WRITE_WHEN_REFUSED)
    ]


@pytest.mark.parametrize("entry", member_views(), ids=lambda r: r.name)
def test_a_post_follows_the_table_and_a_refused_one_writes_nothing(
    entry: Row,
    world: dict,
    client: Client,
) -> None:
    """Every form view (a view that takes POST: its ``Allow`` header says so, or it declares
    no methods) answers a
    POST as the table says: 403 and no write for a role without the permission (the
    permission for POST included, e.g. break glass); for a role with it, never a 403 nor a
    500, and a redirect only to one of our own pages."""
    kwargs = {"public_id": world[entry.obj].public_id} if entry.obj else {}
    url = reverse(entry.name, kwargs=kwargs) + entry.query
    # A view that declares its methods answers 405 and lists them before asking to sign in.
    asked = client.generic("PATCH", url)
    if asked.status_code == 405 and "POST" not in asked["Allow"]:
        assert "POST" not in [r.method for r in MATRIX if r.name == entry.name]
        return
    perms = permissions_of(entry.name, "POST", entry.obj)
    failures = []
    for persona in PERSONAS[1:]:
        client.force_login(world["memberships"][persona].user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {})
        status = response.status_code
        if not allowed(persona, perms):
            if status != 403:
                failures.append(f"{persona}: refused by the table, got {status}")
            written = writes_in(queries.captured_queries)
            if written:
                failures.append(f"{persona}: refused but wrote {written}")
        elif persona == "outsider_dsl" and entry.obj:
            # 405: a view that checks its methods after the permission takes no POST.
            if status not in (404, 405):
                failures.append(f"{persona}: another organisation's object, got {status}")
        elif status == 403 or status >= 500:
            failures.append(f"{persona}: allowed by the table, got {status}")
        elif status == 302 and redirected_to(response) is None:
            failures.append(f"{persona}: redirected off our pages to {response['Location']}")
    assert not failures, f"POST {url}: " + "; ".join(failures)


def _public_ids(world: dict) -> list[str]:
    ids = []
    for value in world.values():
        if isinstance(value, dict):
            ids += _public_ids(value)
        elif getattr(value, "public_id", None) is not None:
            ids.append(str(value.public_id))
    return ids


def test_no_page_shows_the_other_organisation_anything(world: dict, client: Client) -> None:
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
