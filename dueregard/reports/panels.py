"""Dashboard panels contributed by other apps.

An app adds a panel by naming a function on its ``AppConfig``::

    class RisksConfig(AppConfig):
        dashboard_panel = "dueregard.risks.dashboard.panel"

The function takes the viewer's ``Membership`` and returns ``Panel`` or ``None`` (nothing
for this viewer). Panels are drawn in app order, after the DSL's own lists. A panel
template is a fragment: an ``<h2 class="govuk-heading-m">`` and what follows it, reading
its data from ``panel`` (the context given here). It must honour the dashboard's rule for
viewers who may only see aggregates: no names, counts of 1 to 4 shown as <5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[["Membership"], Panel | None]


@cache
def sources() -> tuple[PanelSource, ...]:
    found: list[PanelSource] = []
    for config in apps.get_app_configs():
        path = getattr(config, "dashboard_panel", None)
        if path:
            found.append(import_string(path))
    return tuple(found)


def panels_for(membership: Membership) -> list[Panel]:
    return [p for p in (source(membership) for source in sources()) if p is not None]
