"""The dashboard's aggregate figures as data, for a file that leaves the app.

Read through the same hook as the dashboard (``panels.panels_for``): every table of
``core.dashboard.Row`` in the panels a member sees among today's figures and figures over
time. Counts are always suppressed by the small-number rule (``core.dashboard.suppress``),
as for viewers outside the safeguarding team, because a file can go anywhere.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dueregard.core.dashboard import Place, Row, suppress
from dueregard.organisations.permissions import Can, require
from dueregard.reports.panels import panels_for

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Figure:
    """One count: its table (``app.table``, e.g. ``cases.by_status``), label and value."""

    table: str
    label: str
    value: str


def figures(membership: Membership) -> list[Figure]:
    """Every aggregate figure the member's dashboard shows, small numbers suppressed.

    Raises ``NotPermitted`` for roles that do not see the dashboard.
    """
    require(membership, Can.SEE_DASHBOARD)
    found: list[Figure] = []
    by_place = panels_for(membership)
    for place in (Place.FIGURES, Place.TRENDS):
        for panel in by_place[place.name.lower()]:
            app = panel.template.split("/", 1)[0]
            for key, value in panel.context.items():
                if isinstance(value, list) and value and all(isinstance(r, Row) for r in value):
                    found += [Figure(f"{app}.{key}", r.label, suppress(r.count)) for r in value]
    return found


def render(rows: list[Figure], file_format: str) -> str:
    """The figures as CSV (``table,label,value``) or JSON (a list of objects)."""
    if file_format == "json":
        return json.dumps([r.__dict__ for r in rows], indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "label", "value"])
    writer.writerows([r.table, r.label, r.value] for r in rows)
    return out.getvalue()
