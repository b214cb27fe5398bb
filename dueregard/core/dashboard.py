"""What an app gives the dashboard, and the small-number rule every dashboard figure obeys.

An app adds to the dashboard by naming a function (or a tuple of them) on its
``AppConfig``::

    class RisksConfig(AppConfig):
        dashboard_panel = "dueregard.actions.dashboard.panel"

Each function takes the viewer's ``Membership`` and returns a ``Panel`` or ``None``
(nothing for this viewer). ``reports.panels`` collects them; the dashboard draws them by
``place`` (the DSL's working lists first, then the apps' panels, then today's figures,
then figures over time) and, within a place, in app order. A panel template is a fragment
reading its data from ``panel`` (the context given here). It must honour the dashboard's
rule for viewers who may only see aggregates: no names, counts of 1 to 4 shown as <5
(``suppress``).

This module lives in ``core`` so that apps can build panels without importing ``reports``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

SMALL_NUMBER = 5


def suppress(count: int) -> str:
    """Counts under 5 are shown as '<5' where figures leave the safeguarding team."""
    return "<5" if 0 < count < SMALL_NUMBER else str(count)


class Place(IntEnum):
    """Where on the dashboard a panel goes, top to bottom."""

    WORK = 1
    PANELS = 2
    FIGURES = 3
    TRENDS = 4


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    place: Place = Place.PANELS


@dataclass(frozen=True)
class Row:
    """One line of a figures table: a label and its count."""

    label: str
    count: int
