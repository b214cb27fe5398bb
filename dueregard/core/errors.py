"""Domain errors: raised by services, shown by views as a message on the form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self


class DomainError(Exception):
    """A request the domain refuses. ``str(error)`` is safe to show to the user."""


class TransitionNotAllowed(DomainError):
    """The record is not in a state from which this change is allowed."""


class NotPermitted(DomainError):
    """The user's role may not make this change (e.g. a deputy approving a referral)."""


class FieldErrors(DomainError):
    """What the user entered is not valid; ``problems`` pairs field names and messages.

    ``core.formviews.form_view`` puts each message on the form's field of that name (on the
    form as a whole when it has no such field). ``str(error)`` joins the messages, so a
    caller that does not look at fields can still show it as one message.
    """

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(message for _field, message in self.problems))

    @classmethod
    def on(cls, field: str, message: str) -> Self:
        """One problem, on the field ``field``."""
        return cls([(field, message)])
