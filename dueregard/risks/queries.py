"""The register as it reads: the band grid, rows, versions and their movement, the
heatmap and why the register needs a review. Nothing here changes anything (changes are in
``risks.services``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from dueregard.concerns.models import Concern
from dueregard.risks.models import (
    BAND_ORDER,
    LEVELS,
    BandCell,
    GuidanceChange,
    Register,
    RegisterVersion,
    Risk,
    RiskStatus,
    default_band,
)

Grid = dict[tuple[int, int], str]


def grid_for(organisation_id: int) -> Grid:
    """Every cell (likelihood, severity) -> band: the organisation's own, else the default."""
    grid = {(lk, sv): default_band(lk * sv) for lk in LEVELS for sv in LEVELS}
    for cell in BandCell.objects.filter(organisation_id=organisation_id):
        grid[(cell.likelihood, cell.severity)] = cell.band
    return grid


def risk_row(risk: Risk, grid: Grid) -> dict[str, Any]:
    """A risk as a plain dict: what a version freezes and what pages and exports show."""
    return {
        "id": str(risk.public_id),
        "ref": risk.reference,
        "number": risk.number,
        "theme": risk.theme.name,
        "theme_position": risk.theme.position,
        "intended_outcome": risk.intended_outcome,
        "description": risk.description,
        "actions_taken": risk.actions_taken,
        "owner": risk.owner.full_name if risk.owner else "",
        "owner_role": risk.owner_role,
        "further_actions": risk.further_actions,
        "evidence": risk.evidence,
        "likelihood": risk.likelihood,
        "severity": risk.severity,
        "score": risk.score,
        "band": grid[(risk.likelihood, risk.severity)],
        "last_reviewed_on": risk.last_reviewed_on.isoformat() if risk.last_reviewed_on else "",
        "next_review_on": risk.next_review_on.isoformat() if risk.next_review_on else "",
    }


def working_rows(register: Register) -> list[dict[str, Any]]:
    """The open risks of the working copy, as rows, in theme then number order."""
    grid = grid_for(register.organisation_id)
    risks = (
        Risk.objects.filter(register=register, status=RiskStatus.OPEN)
        .select_related("theme", "owner")
        .order_by("theme__position", "theme__name", "number")
    )
    return [risk_row(risk, grid) for risk in risks]


def last_version(register: Register) -> RegisterVersion | None:
    return register.versions.order_by("-number").first()


MOVEMENTS = ("up", "down", "new", "closed", "unchanged")


@dataclass
class Movement:
    kind: str  # one of MOVEMENTS
    ref: str
    theme: str
    description: str
    old_score: int | None
    new_score: int | None
    old_band: str = ""
    new_band: str = ""


def compare(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[Movement]:
    """Per risk: up, down, new, closed or unchanged between two sets of rows."""
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    moves = []
    for key in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(key), new.get(key)
        current = b or a
        assert current is not None
        if a is None:
            kind = "new"
        elif b is None:
            kind = "closed"
        elif b["score"] > a["score"]:
            kind = "up"
        elif b["score"] < a["score"]:
            kind = "down"
        else:
            kind = "unchanged"
        moves.append(
            Movement(
                kind=kind,
                ref=current["ref"],
                theme=current["theme"],
                description=current["description"],
                old_score=a["score"] if a else None,
                new_score=b["score"] if b else None,
                old_band=a["band"] if a else "",
                new_band=b["band"] if b else "",
            )
        )
    order = {k: i for i, k in enumerate(MOVEMENTS)}
    moves.sort(key=lambda m: (order[m.kind], m.theme, m.ref))
    return moves


def movement_counts(moves: Iterable[Movement]) -> dict[str, int]:
    counts = dict.fromkeys(MOVEMENTS, 0)
    for move in moves:
        counts[move.kind] += 1
    return counts


@dataclass
class ThemeGroup:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def highest(self) -> dict[str, Any] | None:
        return max(self.rows, key=lambda r: (r["score"], BAND_ORDER[r["band"]]), default=None)


def group_by_theme(rows: Iterable[dict[str, Any]], themes: Iterable[str] = ()) -> list[ThemeGroup]:
    """Rows grouped by theme, in row order; ``themes`` adds empty groups for unused ones."""
    groups: dict[str, ThemeGroup] = {name: ThemeGroup(name) for name in themes}
    for row in rows:
        groups.setdefault(row["theme"], ThemeGroup(row["theme"])).rows.append(row)
    return list(groups.values())


def heatmap(rows: Iterable[dict[str, Any]], grid: Grid) -> list[dict[str, Any]]:
    """Severity rows (5 down to 1) of likelihood cells (1 to 5) with counts and bands."""
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (row["likelihood"], row["severity"])
        counts[key] = counts.get(key, 0) + 1
    return [
        {
            "severity": sv,
            "cells": [
                {
                    "likelihood": lk,
                    "severity": sv,
                    "score": lk * sv,
                    "band": grid[(lk, sv)],
                    "count": counts.get((lk, sv), 0),
                }
                for lk in LEVELS
            ],
        }
        for sv in reversed(LEVELS)
    ]


def review_flags(register: Register, today: date | None = None) -> list[str]:
    """Why the register needs a review now (empty when it does not).

    Since the last published version: a concern was raised, or a DSL recorded a change in
    law or guidance; or the review date has passed; or it was never published.
    """
    today = today or timezone.localdate()
    flags = []
    latest = last_version(register)
    if latest is None:
        flags.append("The register has not been published yet.")
        since = register.created_at
    else:
        since = latest.published_at
    if Concern.objects.filter(
        organisation_id=register.organisation_id, created_at__gt=since
    ).exists():
        flags.append("A concern has been raised since the last review.")
    next_review = register.next_review_on or (latest.next_review_on if latest else None)
    if next_review and next_review < today:
        flags.append(f"The review date ({next_review:%d %B %Y}) has passed.")
    for change in GuidanceChange.objects.filter(
        organisation_id=register.organisation_id, created_at__gt=since
    ).order_by("changed_on"):
        flags.append(
            f"Law or guidance changed on {change.changed_on:%d %B %Y}: {str(change).rstrip('.')}."
        )
    return flags
