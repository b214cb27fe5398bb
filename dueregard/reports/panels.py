"""The dashboard's panels, collected from every app's ``AppConfig.dashboard_panel``.

What a panel is, where it goes and the small-number rule: ``core/dashboard.py``. The
reports app imports no other app: each contributes its part through this hook.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import import_string

from dueregard.core.dashboard import Panel, Place

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


PanelSource = Callable[["Membership"], Panel | None]


@cache
def sources() -> tuple[PanelSource, ...]:
    found: list[PanelSource] = []
    for config in apps.get_app_configs():
        paths = getattr(config, "dashboard_panel", None) or ()
        for path in (paths,) if isinstance(paths, str) else paths:
            found.append(import_string(path))
    return tuple(found)


def panels_for(membership: Membership) -> dict[str, list[Panel]]:
    """The viewer's panels by place (``work``, ``panels``, ``figures``, ``trends``), each
    list in app order."""
    shown = [p for p in (source(membership) for source in sources()) if p is not None]
    return {place.name.lower(): [p for p in shown if p.place == place] for place in Place}
