"""Bad-input pages of the risk register, action plan and Prevent policy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.actions.tests.builders import make_action
    from dueregard.policydoc import services as policy
    from dueregard.risks.models import Theme
    from dueregard.risks.tests.builders import make_risk

    dsl = world["dsl"]
    risk = make_risk(dsl, 2, 3)
    policy.ensure_policy(dsl.organisation)
    outsider = world["outsider_dsl"]
    outsider_risk = make_risk(outsider, 1, 1)
    return {
        "rk_risk": risk,
        "rk_theme": Theme.objects.filter(organisation=dsl.organisation).first(),
        "rk_action": make_action(dsl, risks=[risk]),
        "outsider_ids": {
            "owners": [str(outsider.user.public_id)],
            "completed_by": [str(outsider.user.public_id)],
            "theme": [str(outsider_risk.theme.public_id)],
            "risks": [str(outsider_risk.public_id)],
        },
    }


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _risk(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "theme": str(w["rk_theme"].public_id),
        "intended_outcome": "Learners are safe online",
        "description": "Filtering misses new sites",
        "likelihood": "3",
        "severity": "4",
        "owner": str(w["dsl"].user.public_id),
        "last_reviewed_on": _today(-10),
        "next_review_on": _today(300),
    }


PAGES = [
    Page("risk add", "dsl", lambda w: reverse("risks:risk_add"), _risk),
    Page(
        "risk edit",
        "deputy",
        lambda w: reverse("risks:risk_edit", args=[w["rk_risk"].public_id]),
        lambda w: {**_risk(w), "score_note": "Rescored after review"},
    ),
    Page(
        "register details",
        "dsl",
        lambda w: reverse("risks:register_details"),
        lambda w: {
            "completed_by": str(w["dsl"].user.public_id),
            "competence_held": "Level 3 safeguarding",
            "assessed_on": _today(-1),
            "next_review_on": _today(364),
        },
    ),
    Page(
        "guidance change",
        "dsl",
        lambda w: reverse("risks:guidance_change"),
        lambda w: {"changed_on": _today(-2), "description": "Revised guidance in force"},
    ),
    Page(
        "action add",
        "deputy",
        lambda w: reverse("actions:action_add"),
        lambda w: {
            "objective": "Staff are trained",
            "action": "Run a briefing",
            "owners": [str(w["deputy"].user.public_id)],
            "due_on": _today(30),
            "risks": [str(w["rk_risk"].public_id)],
        },
    ),
    Page(
        "action progress",
        "dsl",
        lambda w: reverse("actions:action_note", args=[w["rk_action"].public_id]),
        lambda w: {"noted_on": _today(), "body": "Briefing booked"},
    ),
    Page(
        "prevent policy details",
        "dsl",
        lambda w: reverse("policydoc:details"),
        lambda w: {
            "owner": str(w["dsl"].user.public_id),
            "approved_by": "Board of governors",
            "last_reviewed_on": _today(-1),
            "next_review_on": _today(364),
            "linked_policies": "Safeguarding policy",
        },
    ),
]
