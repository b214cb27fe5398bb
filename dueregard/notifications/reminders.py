"""What the hourly reminder job asks each app: who has something overdue?

An app says it has reminders by naming a function on its ``AppConfig``::

    class CasesConfig(AppConfig):
        reminders = "dueregard.cases.reminders.overdue"

The function takes an organisation id (it runs inside that organisation's scope) and
yields ``(label, user_id)`` once per overdue item and person to remind, where ``label`` is
a plural noun phrase with no details ("review(s)", "referral follow-up(s)"). The job
(``cases.tasks.remind_overdue``) counts them per person and sends one detail-free alert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

ReminderSource = Callable[[int], Iterable[tuple[str, int]]]

#: One reminder a day per person is enough; more would train people to ignore them.
REMIND_EVERY = timedelta(hours=20)


@cache
def sources() -> tuple[ReminderSource, ...]:
    found: list[ReminderSource] = []
    for config in apps.get_app_configs():
        path = getattr(config, "reminders", None)
        if path:
            found.append(import_string(path))
    return tuple(found)


def message(counts: dict[str, int]) -> str:
    """``Overdue: 2 review(s), 1 action(s)``: numbers and kinds only, never details."""
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    return ("Overdue: " + ", ".join(parts))[:200]
