"""Domain errors: raised by services, shown by views as a message on the form."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses. ``str(error)`` is safe to show to the user."""


class TransitionNotAllowed(DomainError):
    """The record is not in a state from which this change is allowed."""


class NotPermitted(DomainError):
    """The user's role may not make this change (e.g. a deputy approving a referral)."""
