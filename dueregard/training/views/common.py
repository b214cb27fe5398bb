"""What the training pages share: who may open them, and one member's requirements."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dueregard.organisations.access import member_required
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training.compliance import matrix

managers_only = member_required(Can.MANAGE_TRAINING)
leads_only = member_required(Can.SET_TRAINING_REQUIREMENTS)
trainees_only = member_required(Can.HAVE_TRAINING)


def member_statuses(member: Membership) -> list[tuple[Any, Any]]:
    """Each requirement that applies to ``member``, with where they stand on it today."""
    today = timezone.localdate()
    grid = matrix(member.organisation_id, today, membership_ids=[member.pk])
    if not grid.rows:
        return []
    return [
        (requirement, status)
        for requirement, status in zip(grid.requirements, grid.rows[0].cells, strict=True)
        if status is not None
    ]
