"""Permission rows for the API (``/api/``): its keys pages, its documentation, and each
endpoint as a signed-in member's browser session reaches it.

Sessions may only read, and only what the member's role may read on the pages (people for
those who manage them, figures for the dashboard's readers, cases for the DSL team);
anyone without a key or session gets 401; the write endpoints need a key (403 to a
session). What keys may do, scope by scope, is ``dueregard/api/tests/test_access.py``.
"""

from __future__ import annotations

from typing import Any

from dueregard.api.keys import issue_key
from dueregard.api.models import Scope
from dueregard.training.models import ImportJob
from tests.matrix import LOGIN, OK, row, rule

U = 401  # no key and no session
F = 403

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule("api:keys"),
    rule("api:key_add"),
    rule("api:key_revoke", "GET", "api_key"),
    row("api:docs", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("api:schema", "GET", None, LOGIN, OK, OK, OK, OK, OK, OK, OK),
    row("api:people", "GET", None, U, OK, OK, F, F, OK, F, OK),
    row("api:person", "GET", "person", U, OK, OK, F, F, OK, F, 404),
    row("api:people_sync", "GET", None, U, F, F, F, F, F, F, F),
    row("api:concerns", "GET", None, U, F, F, F, F, F, F, F),
    row("api:training_records", "GET", None, U, F, F, F, F, F, F, F),
    row("api:training_import", "GET", "api_import_job", U, F, F, F, F, F, F, F),
    row("api:figures", "GET", None, U, OK, OK, F, OK, F, OK, OK),
    row("api:cases", "GET", None, U, OK, OK, F, F, F, F, OK),
    row("api:case", "GET", "case", U, OK, OK, F, F, F, F, 404),
    row("api:chronology", "GET", "case", U, OK, OK, F, F, F, F, 404),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl = world["memberships"]["dsl"]
    key = issue_key(dsl, name="MIS sync", scopes=[Scope.PEOPLE_WRITE]).key
    job = ImportJob.objects.create(organisation=dsl.organisation, created_by=dsl.user)
    return {"api_key": key, "api_import_job": job}
