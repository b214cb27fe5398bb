"""Permission rows for the risk register, action plan and the generated Prevent policy.

DSL and deputy edit; senior leaders (governor) and inspectors read and print; staff and
administrators get 403 (administrators run users and settings, not the Prevent assessment);
the other organisation's DSL gets 404 for every object. Only the DSL publishes the policy.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import LOGIN, OK, REDIRECT, row

#        anon   dsl deputy teacher governor admin inspector outsider
READ = (LOGIN, OK, OK, 403, OK, 403, OK, OK)
READ_OBJ = (LOGIN, OK, OK, 403, OK, 403, OK, 404)
EDIT = (LOGIN, OK, OK, 403, 403, 403, 403, OK)
EDIT_OBJ = (LOGIN, OK, OK, 403, 403, 403, 403, 404)
POST_OBJ = (LOGIN, REDIRECT, REDIRECT, 403, 403, 403, 403, 404)
NO_GET = (405,) * 8

ROWS = [
    row("risks:register", "GET", None, *READ),
    row("risks:heatmap", "GET", None, *READ),
    row("risks:heatmap", "GET", None, *READ, query="?likelihood=2&severity=3"),
    row("risks:movement", "GET", None, *READ),
    row("risks:versions", "GET", None, *READ),
    row("risks:version_detail", "GET", "rk_register_version", *READ_OBJ),
    row("risks:publish", "GET", None, *EDIT),
    row("risks:register_details", "GET", None, *EDIT),
    row("risks:guidance_change", "GET", None, *EDIT),
    row("risks:themes", "GET", None, *EDIT),
    row("risks:theme_edit", "GET", "rk_risk_theme", *EDIT_OBJ),
    row("risks:grid", "GET", None, *EDIT),
    row("risks:risk_add", "GET", None, *EDIT),
    row("risks:risk_detail", "GET", "rk_risk", *READ_OBJ),
    row("risks:risk_edit", "GET", "rk_risk", *EDIT_OBJ),
    row("risks:risk_status", "POST", "rk_risk", *POST_OBJ, data={"status": "nonsense"}),
    row("risks:risk_status", "GET", "rk_risk", *NO_GET),
    row("risks:risk_make_action", "POST", "rk_risk", *POST_OBJ),
    row("risks:risk_make_action", "GET", "rk_risk", *NO_GET),
    row("risks:action_plan", "GET", None, *READ),
    row("risks:action_plan", "GET", None, *READ, query="?status=overdue"),
    row("risks:action_add", "GET", None, *EDIT),
    row("risks:action_detail", "GET", "rk_risk_action", *READ_OBJ),
    row("risks:action_edit", "GET", "rk_risk_action", *EDIT_OBJ),
    row("risks:action_status", "POST", "rk_risk_action", *POST_OBJ, data={"status": "nonsense"}),
    row("risks:action_status", "GET", "rk_risk_action", *NO_GET),
    row("risks:action_note", "GET", "rk_risk_action", *EDIT_OBJ),
    row("risks:evidence_add", "GET", "rk_risk_action", *EDIT_OBJ),
    row("risks:evidence", "GET", "rk_risk_evidence", *READ_OBJ),
    row("risks:register_xlsx", "GET", None, *READ),
    row("risks:register_pdf", "GET", None, *READ),
    row("risks:register_docx", "GET", None, *READ),
    row("risks:actions_xlsx", "GET", None, *READ),
    row("risks:actions_pdf", "GET", None, *READ),
    row("risks:actions_docx", "GET", None, *READ),
    row("policydoc:overview", "GET", None, *READ),
    row("policydoc:details", "GET", None, *EDIT),
    row("policydoc:publish", "GET", None, LOGIN, OK, 403, 403, 403, 403, 403, OK),
    row("policydoc:section_edit", "GET", "rk_policy_section", *EDIT_OBJ),
    row("policydoc:version_detail", "GET", "rk_policy_version", *READ_OBJ),
    row("policydoc:policy_pdf", "GET", None, *READ),
    row("policydoc:policy_docx", "GET", None, *READ),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.policydoc import services as policy
    from dueregard.policydoc.models import PolicySection
    from dueregard.risks import services
    from dueregard.risks.models import Theme
    from dueregard.risks.tests.builders import make_action, make_risk

    dsl = world["memberships"]["dsl"]
    risk = make_risk(dsl, 3, 4)
    item = make_action(dsl, days=-1, risks=[risk])
    evidence = services.add_evidence(
        dsl, item, SimpleUploadedFile("minutes.txt", b"Minutes of the Prevent meeting.")
    )
    document = policy.ensure_policy(dsl.organisation)
    return {
        "rk_risk": risk,
        "rk_risk_action": item,
        "rk_risk_evidence": evidence,
        "rk_risk_theme": Theme.objects.filter(organisation=dsl.organisation).first(),
        "rk_register_version": services.publish_version(dsl, risk.register, summary="First"),
        "rk_policy_section": PolicySection.objects.filter(organisation=dsl.organisation).first(),
        "rk_policy_version": policy.publish_policy(dsl, document, summary="First"),
    }
