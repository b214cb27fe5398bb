"""Builders for register and action-plan tests. Every name is invented."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dueregard.organisations.models import Membership
from dueregard.risks import services
from dueregard.risks.models import ActionItem, Risk, Theme
from dueregard.testing.factories import in_scope


def theme(membership: Membership, name: str = "IT and online safety") -> Theme:
    with in_scope(membership):
        services.ensure_register(membership.organisation)
        return Theme.objects.get(organisation=membership.organisation, name=name)


def make_risk(membership: Membership, likelihood: int = 2, severity: int = 3, **extra: Any) -> Risk:
    data = services.RiskData(
        theme=extra.pop("theme", None) or theme(membership),
        intended_outcome=extra.pop("intended_outcome", "Learners are safe online"),
        description=extra.pop("description", "Filtering misses new extremist sites"),
        likelihood=likelihood,
        severity=severity,
        further_actions=extra.pop("further_actions", "Test the filtering each term"),
        **extra,
    )
    with in_scope(membership):
        return services.add_risk(membership, data)


def make_action(membership: Membership, days: int = 14, **extra: Any) -> ActionItem:
    data = services.ActionData(
        objective=extra.pop("objective", "Staff know how to raise a concern"),
        action=extra.pop("action", "Run a refresher briefing"),
        owners=extra.pop("owners", [membership.user]),
        due_on=timezone.localdate() + timedelta(days=days),
        risks=extra.pop("risks", []),
    )
    with in_scope(membership):
        return services.add_action(membership, data)
