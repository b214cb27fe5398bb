"""Bad input through every form: a clear message, never a 500, and nothing changed.

Each page's form is found by GETting the page and reading its field names, so a field
added later is covered without touching this file. For every field, a valid baseline is
posted with that one field replaced by each value of a corpus sampled for the field's kind
(very long strings, control characters, HTML/JS, SQL fragments, another organisation's ids,
random and malformed UUIDs, impossible dates, huge integers, broken uploads).

For every post: the status is below 500; a response that is not a redirect shows a GOV.UK
error summary or field error; and when the response is such an error, no row of any model
changed and the audit chains verify. Every post runs inside a savepoint that is rolled back,
so each one starts from the same valid state.

Each further area lists its forms in ``tests/badinput_<area>.py``: ``PAGES`` (``Page`` from
``tests.matrix``) and, optionally, ``objects(world)`` returning the objects its pages use
(an ``outsider_ids`` entry there adds another organisation's ids by field name).
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import tests
from dueregard.audit.models import AuditChain, AuditEvent
from dueregard.audit.services import verify_all
from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.concerns.models import PendingUpload, SafeguardingCategory, current_concern_types
from dueregard.organisations.models import Membership, Site
from dueregard.people.csv_import import CSV_COLUMNS
from dueregard.referrals.testing import a_complete_referral
from dueregard.testing.factories import in_scope, make_concern, make_person
from tests.matrix import Page

# The pages post times of today ("a note at 09:00"), which must not be in the future.
pytestmark = pytest.mark.usefixtures("working_day")

# --- the corpus -------------------------------------------------------------------------

LONG = "A" * 100_000
TEXT_VALUES = [
    LONG,
    "before\x00after",
    "\x1b[31mred\x1b[0m",
    "\u202eevil.exe",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
]
DATE_VALUES = ["0001-01-01", "9999-12-31", "2026-02-30", "yesterday", "31/12/9999", "' OR 1=1 --"]
TIME_VALUES = ["25:61", "yesterday", "' OR 1=1 --"]
NUMBER_VALUES = ["-1", str(-(2**63)), str(10**30), "1e999", "' OR 1=1 --"]
ID_VALUES = [
    str(uuid.uuid4()),
    "not-a-uuid",
    "12345678-1234-1234-1234-12345678901Z",
    "-1",
    str(10**30),
    "' OR 1=1 --",
    "",
]
# Cheap for every field whatever its kind.
EVERY_FIELD = [LONG, "before\x00after", "<script>alert(1)</script>"]

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def broken_uploads() -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile("empty.png", b"", content_type="image/png"),
        SimpleUploadedFile("truncated.png", PNG_HEADER, content_type="image/png"),
        SimpleUploadedFile("photo.exe", PNG_HEADER + b"\x00" * 64, content_type="image/png"),
        SimpleUploadedFile("people.csv.exe", b"MZ\x90\x00", content_type="text/csv"),
    ]


# --- reading forms ----------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # text, date, time, number, choice, file, checkbox
    default: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Every POST form on a page, with its fields, defaults and choices."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def _add(self, name: str, kind: str) -> FormField:
        assert self._form is not None
        return self._form.fields.setdefault(name, FormField(name, kind))

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = Form(action=attrs.get("action", ""))
                self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.default = [attrs.get("value", "")]
            return
        name = attrs.get("name", "")
        if self._form is None or not name or name == "csrfmiddlewaretoken":
            return
        if tag == "button":
            # A named submit button (action status): its values are the choices.
            self._add(name, "choice").options.append(attrs.get("value", ""))
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                f = self._add(name, "choice" if kind == "radio" else "checkbox")
                f.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    f.default.append(attrs.get("value", "on"))
            else:
                kinds = {"date": "date", "time": "time", "number": "number", "file": "file"}
                f = self._add(name, kinds.get(kind, "text"))
                if attrs.get("value"):
                    f.default = [attrs["value"]]
        elif tag == "select":
            self._select = self._add(name, "choice")
        elif tag == "textarea":
            self._textarea = self._add(name, "text")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and data.strip():
            self._textarea.default = [data.strip()]


def post_form(html: str, url: str) -> Form:
    """The page's POST form that posts to ``url`` (its own address when action is empty)."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form.action in ("", url) or url.startswith(form.action + "?"):
            return form
    raise AssertionError(f"no POST form for {url} among {[f.action for f in parser.forms]}")


# --- the world ----------------------------------------------------------------------------


@pytest.fixture
def world(dsl, deputy, teacher, admin, outsider_dsl, learner):
    """A case at each stage in the first organisation, and objects of another one."""
    other = outsider_dsl.organisation
    outsider_person = make_person(other, "Olive", "Elsewhere", reference="X0001")
    with in_scope(outsider_dsl):
        outsider_case = cases.open_case_from_concern(
            outsider_dsl, make_concern(outsider_dsl, outsider_person)
        )
        outsider_site = Site.objects.get(organisation=other)
        outsider_category = SafeguardingCategory.objects.get(organisation=other, key="neglect")
    untriaged = make_concern(teacher, learner)
    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    cases.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support")
    # A case is closed only once it has a category (``cases.services.closure``).
    neglect = SafeguardingCategory.objects.get(organisation=dsl.organisation, key="neglect")
    cases.set_category(dsl, case, neglect)
    action = cases.add_action(
        dsl,
        case,
        description="Mentoring",
        owner=teacher.user,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    referred = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    cases.record_decision(
        dsl,
        referred,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Refer",
        referral=a_complete_referral(agency="Invented Police"),
    )
    closed = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    cases.set_category(dsl, closed, neglect)
    cases.record_decision(dsl, closed, kind=DecisionKind.NO_FURTHER_ACTION, rationale="None")
    closed.refresh_from_db()
    assert closed.status == "closed"  # no further action closes the case
    concern_type = current_concern_types(dsl.organisation_id).filter(is_not_sure=False).first()
    assert concern_type is not None
    world = {
        "dsl": dsl,
        "deputy": deputy,
        "admin": admin,
        "teacher": teacher,
        "untriaged": untriaged,
        "case": case,
        "action": action,
        "review": case.reviews.get(),
        "referral": referred.referrals.get(),
        "closed": closed,
        "person": learner,
        "witness": make_person(dsl.organisation, "Wren", "Saw", reference="L0002"),
        "membership": teacher,
        "site": Site.objects.get(organisation=dsl.organisation),
        "concern_type": concern_type,
        "reported_category": neglect,
        "prevent_category": SafeguardingCategory.objects.get(
            organisation=dsl.organisation, is_prevent=True
        ),
        # Ids of another organisation's objects, by the field names that take them.
        "outsider_ids": {
            "person": [str(outsider_person.public_id)],
            "another_person": [str(outsider_person.public_id)],
            "case": [str(outsider_case.public_id)],
            "site": [str(outsider_site.public_id), str(outsider_site.pk)],
            "owner": [str(outsider_dsl.user.public_id)],
            "users": [str(outsider_dsl.user.public_id)],
            "membership": [str(outsider_dsl.public_id)],
            "reported_category": [str(outsider_category.public_id)],
            "category": [str(outsider_category.public_id)],
        },
        "outsider_dsl": outsider_dsl,
    }
    for module in AREAS:
        if hasattr(module, "objects"):
            extra = module.objects(world)
            outsider_ids = extra.pop("outsider_ids", {})
            world.update(extra)
            for name, ids in outsider_ids.items():
                world["outsider_ids"].setdefault(name, []).extend(ids)
    return world


# --- the pages ---------------------------------------------------------------------------


TODAY = timezone.localdate


def _object_url(name: str, key: str = "case") -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(name, kwargs={"public_id": w[key].public_id})


PAGES = [
    Page(
        "concern raise step 1",
        "teacher",
        lambda w: reverse("concerns:raise"),
        lambda w: {"immediate_danger": "no"},
        changes=False,
    ),
    Page(
        "concern raise step 2",
        "teacher",
        lambda w: reverse("concerns:raise_details") + "?danger=no",
        lambda w: {
            "person": str(w["person"].public_id),
            "observed_on": (TODAY() - timedelta(days=1)).isoformat(),
            "observed_time": "10:30",
            "site": str(w["site"].public_id),
            "location": "Library",
            "narrative": "Heard repeating slogans from a video.",
            "reported_category": str(w["reported_category"].public_id),
        },
        search=lambda w: {"find_person": "person", "person_search": w["person"].family_name},
    ),
    Page(
        "triage",
        "dsl",
        _object_url("concerns:detail", "untriaged"),
        lambda w: {"action": "link", "case": str(w["case"].public_id)},
    ),
    Page(
        "case decision",
        "dsl",
        _object_url("cases:decide"),
        lambda w: {"kind": DecisionKind.INTERNAL_SUPPORT.value, "rationale": "Support plan"},
        get_url=lambda w: _object_url("cases:decide")(w) + "?kind=internal_support",
    ),
    Page(
        "case decision emergency",
        "dsl",
        _object_url("cases:decide"),
        lambda w: {
            "kind": DecisionKind.EMERGENCY.value,
            "rationale": "Police called",
            "police_called_by": "Dana Lead",
            "police_called_on": timezone.localdate().isoformat(),
            "police_called_time": "09:00",
        },
        get_url=lambda w: _object_url("cases:decide")(w) + "?kind=emergency",
    ),
    Page(
        "case people",
        "dsl",
        _object_url("cases:add_party"),
        lambda w: {"person": str(w["witness"].public_id), "role": "witness"},
        search=lambda w: {"find_person": "person", "person_search": w["witness"].family_name},
    ),
    Page(
        "case actions",
        "dsl",
        _object_url("cases:add_action"),
        lambda w: {
            "description": "Weekly mentoring",
            "owner": str(w["teacher"].user.public_id),
            "due_on": (TODAY() + timedelta(days=7)).isoformat(),
        },
    ),
    Page(
        "case notes",
        "dsl",
        _object_url("cases:add_note"),
        lambda w: {
            "body": "Spoke to the tutor.",
            "occurred_on": TODAY().isoformat(),
            "occurred_time": "09:00",
        },
    ),
    Page(
        "case close",
        "dsl",
        _object_url("cases:close"),
        lambda w: {"outcome_summary": "Support completed."},
    ),
    Page("case reopen", "dsl", _object_url("cases:reopen", "closed"), lambda w: {"reason": "New"}),
    Page(
        "case monitor",
        "dsl",
        _object_url("cases:monitor", "closed"),
        lambda w: {
            "rationale": "Keep an eye",
            "review_on": (TODAY() + timedelta(days=30)).isoformat(),
        },
    ),
    Page(
        "case restrict",
        "dsl",
        _object_url("cases:restrict"),
        lambda w: {"users": [str(w["dsl"].user.public_id)]},
    ),
    Page(
        "case category",
        "dsl",
        _object_url("cases:category"),
        lambda w: {
            "category": str(w["prevent_category"].public_id),
            "prevent_type": str(w["concern_type"].pk),
        },
    ),
    Page(
        "case review",
        "dsl",
        _object_url("cases:hold_review", "review"),
        lambda w: {
            "summary": "Going well",
            "outcome": "continue",
            "next_due_on": (TODAY() + timedelta(days=2)).isoformat(),
            "next_due_time": "09:00",
        },
    ),
    Page(
        "action status",
        "dsl",
        _object_url("cases:action_status", "action"),
        lambda w: {"status": "done"},
        get_url=_object_url("cases:detail"),
    ),
    Page(
        "approve referral",
        "dsl",
        _object_url("referrals:approve", "referral"),
        lambda w: {"agency_reference": "PP-123"},
    ),
    Page(
        "people add",
        "admin",
        lambda w: reverse("people:add"),
        lambda w: {
            "kind": "learner",
            "given_name": "Sam",
            "family_name": "Newcombe",
            "date_of_birth": "03/03/2009",
            "reference": "L9999",
            "site": str(w["site"].pk),
        },
    ),
    Page(
        "people edit",
        "admin",
        _object_url("people:edit", "person"),
        lambda w: {
            "kind": "learner",
            "given_name": "Robin",
            "family_name": "Ashdown",
            "date_of_birth": "03/03/2009",
            "reference": "L0001",
            "site": str(w["site"].pk),
        },
    ),
    Page(
        "people import",
        "admin",
        lambda w: reverse("people:import"),
        lambda w: {"file": "people.csv"},  # replaced by a valid CSV when posting
    ),
    Page(
        "people search",
        "admin",
        lambda w: reverse("people:list"),
        lambda w: {"q": "Ash", "kind": "learner", "archived": "on"},
        changes=False,
    ),
    Page(
        "members add",
        "dsl",
        lambda w: reverse("organisations:member_add"),
        lambda w: {
            "email": "new.member@larkfield.example",
            "full_name": "New Member",
            "role": "staff",
            "job_title": "Tutor",
        },
    ),
    Page(
        "members edit",
        "dsl",
        _object_url("organisations:member_edit", "membership"),
        lambda w: {"role": "staff", "job_title": "Tutor", "is_active": "on"},
    ),
    Page(
        "sites add",
        "admin",
        lambda w: reverse("organisations:sites"),
        lambda w: {"name": "Riverside campus"},
    ),
    Page(
        "sites rename",
        "admin",
        _object_url("organisations:site_edit", "site"),
        lambda w: {"name": "North campus"},
    ),
    Page(
        "settings",
        "admin",
        lambda w: reverse("organisations:settings"),
        lambda w: {"triage_target_hours": "24", "review_interval_hours": "48"},
    ),
]


def area_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"tests.{info.name}")
        for info in pkgutil.iter_modules(tests.__path__)
        if info.name.startswith("badinput_")
    ]


AREAS = area_modules()
PAGES += [page for module in AREAS for page in module.PAGES]


def valid_upload(name: str) -> SimpleUploadedFile:
    """A one-person CSV for the people import."""
    row = {"kind": "learner", "given_name": "Sam", "family_name": "Newcombe"}
    lines = [",".join(CSV_COLUMNS), ",".join(row.get(column, "") for column in CSV_COLUMNS)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


# --- what counts as "nothing changed" ------------------------------------------------------

# A concern form sent back with an error holds the files chosen with it (``PendingUpload``):
# keeping them for the member is what a refused post is meant to do there.
SKIP_MODELS = {AuditEvent, AuditChain, PendingUpload}
SKIP_TABLES = {"django_session", "usersessions_usersession"}


def fingerprint() -> dict[str, str]:
    """A digest of every row of every model (the audit trail is checked by verify_all)."""
    digests = {}
    for model in apps.get_models():
        if model in SKIP_MODELS or model._meta.db_table in SKIP_TABLES:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digests[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def changed_models(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def shows_error(html: str) -> bool:
    return "govuk-error-summary" in html or "govuk-error-message" in html


# --- the test ------------------------------------------------------------------------------


def values_for(f: FormField, outsider: dict[str, list[str]]) -> list[Any]:
    if f.kind == "file":
        return broken_uploads()
    by_kind = {
        "text": TEXT_VALUES,
        "date": DATE_VALUES,
        "time": TIME_VALUES,
        "number": NUMBER_VALUES,
        "choice": ID_VALUES,
        "checkbox": ID_VALUES,
    }[f.kind]
    values = list(dict.fromkeys([*by_kind, *EVERY_FIELD]))
    if f.kind in ("choice", "checkbox"):
        values = outsider.get(f.name, []) + values
    return values


def must_reject(f: FormField, value: Any) -> bool:
    """A value that the form has to refuse: not one of a choice field's options."""
    if f.kind not in ("choice", "checkbox") or not isinstance(value, str):
        return False
    if f.kind == "checkbox" and f.options == ["on"]:
        return False  # a boolean: any value means ticked
    return value not in f.options and value != ""


# Not "page": pytest-playwright owns that fixture name.
@pytest.mark.parametrize("form_page", PAGES, ids=lambda p: p.id)
def test_bad_input_gets_a_message_and_changes_nothing(
    form_page: Page, world: dict[str, Any], client: Client
) -> None:
    page = form_page
    membership: Membership = world[page.persona]
    client.force_login(membership.user)
    url = page.url(world)
    shown_at = (page.get_url or page.url)(world)
    if page.search is None:
        response = client.get(shown_at)
    else:
        response = client.post(shown_at, page.search(world))
    assert response.status_code == 200, f"GET {shown_at}: {response.status_code}"
    form = post_form(response.content.decode(), url)
    baseline = page.baseline(world)
    missing = set(baseline) - set(form.fields)
    assert not missing, f"{page.id}: baseline fields not on the page: {missing}"

    def data_with(name: str | None, value: Any) -> dict[str, Any]:
        data: dict[str, Any] = {n: f.default for n, f in form.fields.items() if f.default}
        data.update(baseline)
        for n, f in form.fields.items():
            if f.kind == "file" and n in data:
                data[n] = valid_upload("people.csv")
        if name is not None:
            data[name] = value
        return {k: v for k, v in data.items() if v is not None}

    # Every post is rolled back, so the state before each one is this one.
    before = fingerprint()

    def post(
        data: dict[str, Any], *, always: bool = False
    ) -> tuple[int, str, list[str], list[str]]:
        """Post inside a savepoint that is rolled back; compare rows after a refusal."""
        with transaction.atomic():
            resp = client.post(url, data)
            refused = resp.status_code not in (301, 302, 303)
            changed = changed_models(before, fingerprint()) if refused or always else []
            breaks = [str(b) for b in verify_all()]
            transaction.set_rollback(True)
        return resp.status_code, resp.content.decode(errors="replace"), changed, breaks

    status, html, changed, breaks = post(data_with(None, None), always=True)
    assert status in (301, 302, 303), f"{page.id}: the valid baseline was refused ({status})"
    assert changed or not page.changes, f"{page.id}: the valid baseline changed nothing"
    assert not breaks

    failures: list[str] = []
    posts = 0
    for name, f in form.fields.items():
        for value in values_for(f, world["outsider_ids"]):
            if hasattr(value, "seek"):
                value.seek(0)
            posts += 1
            status, html, changed, breaks = post(data_with(name, value))
            shown = repr(value)[:40]
            redirected = status in (301, 302, 303)
            if status >= 500:
                failures.append(f"{name}={shown}: {status}")
                continue
            if breaks:
                failures.append(f"{name}={shown}: audit chain broken: {breaks}")
            if must_reject(f, value) and redirected:
                failures.append(f"{name}={shown}: accepted a value that is not an option")
            if redirected:
                continue  # accepted
            if not redirected and not shows_error(html):
                failures.append(f"{name}={shown}: {status} without an error message")
            if changed:
                failures.append(f"{name}={shown}: refused but changed {changed}")
    assert posts > 0
    assert not failures, f"{page.id} ({posts} posts):\n" + "\n".join(failures)
