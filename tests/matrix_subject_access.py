"""Permission rows for subject access requests (``/subject-access/``).

The DSL and deputies handle them (``Can.HANDLE_SUBJECT_ACCESS``) and export the response
(``Can.EXPORT_SUBJECT_ACCESS``, with step-up); nobody else sees that a request exists.
"""

from __future__ import annotations

from typing import Any

from dueregard.subjectaccess import services
from dueregard.subjectaccess.models import TermDecision
from dueregard.subjectaccess.tests.builders import a_request
from tests.matrix import row, rule

NA = 405

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule("subjectaccess:list"),
    rule("subjectaccess:list", query="?status=all"),
    rule("subjectaccess:start"),
    rule("subjectaccess:person_picker", "POST", ok=200, data={"field": "person", "q": "Ash"}),
    rule("subjectaccess:detail", "GET", "sar"),
    rule("subjectaccess:extend", "GET", "sar"),
    rule("subjectaccess:close", "GET", "sar"),
    rule("subjectaccess:add_term", "GET", "sar"),
    rule("subjectaccess:find_names", "POST", "sar", to="subjectaccess:detail"),
    rule(
        "subjectaccess:decide",
        "POST",
        "redaction_term",
        data={"decision": "accepted"},
        to="subjectaccess:detail",
    ),
    rule("subjectaccess:decide", "POST", "redaction_term", ok=400, data={"decision": "maybe"}),
    # Every proposal decided: the response goes, each time logged as a disclosure.
    rule("subjectaccess:export", "POST", "sar_ready", ok=200),
    row("subjectaccess:export", "GET", "sar_ready", NA, NA, NA, NA, NA, NA, NA, NA),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl = world["memberships"]["dsl"]
    sar = a_request(dsl, world["person"])
    services.add_term(dsl, sar, "Invented Neighbour")
    ready = a_request(dsl, world["person"])
    for term in ready.terms.filter(decision=TermDecision.PROPOSED):
        services.decide(dsl, term, TermDecision.ACCEPTED)
    return {"sar": sar, "redaction_term": sar.terms.first(), "sar_ready": ready}
