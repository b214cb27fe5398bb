"""The case stories: records from ``data/stories_*.json`` played through the services.

A story is one concern as a member of staff raised it (``at``, ``reporter``, ``about``,
``narrative``...), then its ``steps``: each ``{"after": "2h", "do": "<kind>", "by": "<login
key>", ...}`` acts ``after`` the previous one, and ``do`` names a function in
``steps.STEPS`` that reads the rest of the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dueregard.cases.models import Case
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.demo.engine import Demo, moment, read, span
from dueregard.demo.steps import STEPS, StoryState

STORY_FILES = ("stories_quillmoor", "stories_ravensholt")

#: A story field left out of the data takes this value.
DEFAULTS: dict[str, Any] = {
    "about": [],
    "unknown_subject": "",
    "site": 0,
    "indicators": [],
    "reported_type": "not-sure",
    "reported_category": "",
    "immediate_danger": False,
    "seen_before": "35m",
    "steps": [],
}
STEP_DEFAULTS = {"after": "1h", "by": "dsl"}


@dataclass(frozen=True)
class Story:
    """One story record, checked when read: unknown step kinds fail before anything is made."""

    record: dict[str, Any]

    def __post_init__(self) -> None:
        for step in self.record.get("steps", []):
            if step["do"] not in STEPS:
                raise ValueError(f"Story {self.key}: unknown step {step['do']!r}")

    @property
    def key(self) -> str:
        return str(self.record["key"])

    def get(self, name: str) -> Any:
        return self.record.get(name, DEFAULTS.get(name))

    def starts(self, real_now: datetime) -> datetime:
        return moment(self.record["at"], real_now)

    def play(self, demo: Demo) -> Iterator[datetime]:
        """Yield each moment the story acts at; act when resumed (then it is that moment)."""
        when = self.starts(demo.real_now)
        yield when
        org = demo.organisations[self.record["org"]]
        people = [demo.pick(org, wanted) for wanted in self.get("about")]
        if people:
            demo.subjects[self.key] = people[0]
        names = {"name": people[0].given_name if people else ""}
        names.update({f"name{i}": p.given_name for i, p in enumerate(people[1:], start=2)})
        state = StoryState(demo=demo, org=org, names=names)
        reported_type = self.get("reported_type")
        # The reporter's kind of concern: as the story says, else radicalisation when they
        # named a Prevent type.
        reported_category = self.get("reported_category") or (
            "radicalisation" if reported_type and reported_type != "not-sure" else ""
        )
        state.concern = raise_concern(
            org.members[self.record["reporter"]],
            NewConcern(
                immediate_danger=self.get("immediate_danger"),
                observed_at=when - span(self.get("seen_before")),
                location=self.record["location"],
                narrative=state.text(self.record["narrative"]),
                people=people,
                unknown_subject=self.get("unknown_subject"),
                site=org.sites[self.get("site")],
                reported_type=org.types[reported_type] if reported_type else None,
                reported_category=org.categories[reported_category] if reported_category else None,
                indicators=[demo.indicators[code] for code in self.get("indicators")],
            ),
        )
        state.names["ref"] = state.concern.reference
        for record in self.get("steps"):
            step = {**STEP_DEFAULTS, **record}
            when += span(step["after"])
            yield when
            if state.case is not None:
                # Each step is a new request: it starts from the case as stored now.
                state.case = Case.objects.get(pk=state.case.pk)
            state.moment = when
            STEPS[step["do"]](state, step)
            if state.case is not None:
                demo.cases[self.key] = state.case


def all_stories() -> list[Story]:
    """Every story in the data files, in file order (ties at one moment play in this order)."""
    return [Story(record) for name in STORY_FILES for record in read(name)["stories"]]
