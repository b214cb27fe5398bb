"""The time limits of a subject access request (UK GDPR Art 12(3)), as pure functions.

The response is due one calendar month from the day the request is received: the same
day of the next month, or that month's last day when it has no such day (31 January ->
28 or 29 February). It may be extended, with a reason, by up to two further months: three
calendar months from receipt at most.
"""

from __future__ import annotations

from datetime import date

from dueregard.channel.services import add_months

__all__ = ["MOST_MONTHS", "add_months", "due_on", "latest_extension"]

#: How many calendar months from receipt an extension may reach.
MOST_MONTHS = 3


def due_on(received_on: date) -> date:
    """The day the response is due: one calendar month after the request was received."""
    return add_months(received_on, 1)


def latest_extension(received_on: date) -> date:
    """The latest day an extension may set: three calendar months after receipt."""
    return add_months(received_on, MOST_MONTHS)
