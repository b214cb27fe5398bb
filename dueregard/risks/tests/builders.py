"""Builders for register tests. Every name is invented."""

from __future__ import annotations

from typing import Any

from dueregard.organisations.models import Membership
from dueregard.risks import services
from dueregard.risks.models import Risk, Theme
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
