"""Small display filters shared by templates."""

from __future__ import annotations

from datetime import timedelta

from django import template

from dueregard.core.dashboard import suppress as suppress_small

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A rough human duration: '45 min', '5 h 10 min', '3 days'."""
    if value is None:
        return ""
    minutes = int(abs(value).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


@register.simple_tag
def figure(count: int, suppress: bool) -> str:
    """A count, with small numbers suppressed for audiences outside the safeguarding team."""
    return suppress_small(count) if suppress else str(count)
