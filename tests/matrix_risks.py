"""Permission rows for the risk register, action plan and the generated Prevent policy.

DSL and deputy edit; senior leaders (governor) and inspectors read and print; staff and
administrators get 403 (administrators run users and settings, not the Prevent assessment);
the other organisation's DSL gets 404 for every object. Only the DSL publishes the policy.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, row, rule

NO_GET = (405,) * 8  # anon dsl deputy teacher governor admin inspector outsider

ROWS = [
    rule("risks:register"),
    rule("risks:heatmap"),
    rule("risks:heatmap", query="?likelihood=2&severity=3"),
    rule("risks:movement"),
    rule("risks:versions"),
    rule("risks:version_detail", "GET", "rk_register_version"),
    rule("risks:publish"),
    rule("risks:register_details"),
    rule("risks:guidance_change"),
    rule("risks:themes"),
    rule("risks:theme_edit", "GET", "rk_risk_theme"),
    rule("risks:grid"),
    rule("risks:risk_add"),
    rule("risks:risk_detail", "GET", "rk_risk"),
    rule("risks:risk_edit", "GET", "rk_risk"),
    # A status the buttons never send: the risk's page again with the message (200), so
    # the row checks who may post without changing the risk the other rows read.
    rule("risks:risk_status", "POST", "rk_risk", ok=400, data={"status": "nonsense"}),
    row("risks:risk_status", "GET", "rk_risk", *NO_GET),
    rule("actions:risk_make_action", "POST", "rk_risk", to="actions:action_detail"),
    row("actions:risk_make_action", "GET", "rk_risk", *NO_GET),
    rule("actions:action_plan"),
    rule("actions:action_plan", query="?status=overdue"),
    rule("actions:action_add"),
    rule("actions:action_detail", "GET", "rk_risk_action"),
    rule("actions:action_edit", "GET", "rk_risk_action"),
    rule("actions:action_status", "POST", "rk_risk_action", ok=400, data={"status": "nonsense"}),
    row("actions:action_status", "GET", "rk_risk_action", *NO_GET),
    rule("actions:action_note", "GET", "rk_risk_action"),
    rule("actions:evidence_add", "GET", "rk_risk_action"),
    rule("actions:evidence", "GET", "rk_risk_evidence"),
    rule("risks:register_xlsx"),
    rule("risks:register_pdf"),
    rule("risks:register_docx"),
    rule("actions:actions_xlsx"),
    rule("actions:actions_pdf"),
    rule("actions:actions_docx"),
    rule("policydoc:overview"),
    rule("policydoc:details"),
    rule("policydoc:publish"),
    rule("policydoc:section_edit", "GET", "rk_policy_section"),
    rule("policydoc:version_detail", "GET", "rk_policy_version"),
    # The policy in force, for every member asked to read it; the other organisation has
    # published none (404).
    #    anon   dsl  deputy teacher governor admin inspector outsider
    row("policydoc:published", "GET", None, LOGIN, OK, OK, OK, OK, OK, FORBIDDEN, NOT_FOUND),
    rule("policydoc:policy_pdf"),
    rule("policydoc:policy_docx"),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.actions import services as actions
    from dueregard.actions.tests.builders import make_action
    from dueregard.policydoc import services as policy
    from dueregard.policydoc.models import PolicySection
    from dueregard.risks import services
    from dueregard.risks.models import Theme
    from dueregard.risks.tests.builders import make_risk

    dsl = world["memberships"]["dsl"]
    risk = make_risk(dsl, 3, 4)
    item = make_action(dsl, days=-1, risks=[risk])
    evidence = actions.add_evidence(
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
