"""Builders for action-plan tests. Every name is invented."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dueregard.actions import services
from dueregard.actions.models import ActionItem
from dueregard.organisations.models import Membership
from dueregard.testing.factories import in_scope


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
