from __future__ import annotations

from django import template

from dueregard.reports.figures import suppress as suppress_small

register = template.Library()


@register.simple_tag
def figure(count: int, suppress: bool) -> str:
    """A count, with small numbers suppressed for audiences outside the safeguarding team."""
    return suppress_small(count) if suppress else str(count)
