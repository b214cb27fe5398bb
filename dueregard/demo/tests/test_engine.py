"""The demo engine: its data files are plain data, and it refuses what it cannot play."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dueregard.demo import engine
from dueregard.demo.engine import moment, span
from dueregard.demo.steps import STEPS
from dueregard.demo.stories import Story, all_stories

LONDON = ZoneInfo("Europe/London")
APPS = Path(__file__).resolve().parents[2]


def test_durations_in_the_data_read_as_timedeltas() -> None:
    assert span("2h") == timedelta(hours=2)
    assert span("25m") == timedelta(minutes=25)
    assert span("-14d") == timedelta(days=-14)
    with pytest.raises(ValueError, match="Not a duration"):
        span("two hours")


def test_a_story_at_a_clock_time_moves_back_to_a_working_day() -> None:
    monday = datetime(2026, 3, 9, 12, 0, tzinfo=LONDON)
    # Two days before a Monday is a Saturday: the story starts on the Friday before.
    assert moment("-2d 09:30", monday) == datetime(2026, 3, 6, 9, 30, tzinfo=LONDON)
    assert moment("-30h", monday) == monday - timedelta(hours=30)


def test_a_story_with_an_unknown_step_kind_is_refused_when_read() -> None:
    with pytest.raises(ValueError, match="unknown step 'teleport'"):
        Story({"key": "x", "steps": [{"do": "teleport"}]})


def test_every_story_names_known_steps_and_a_unique_key() -> None:
    stories = all_stories()
    assert len({story.key for story in stories}) == len(stories) == 40
    used = {step["do"] for story in stories for step in story.record.get("steps", [])}
    assert used == set(STEPS)


def test_every_data_file_is_json() -> None:
    files = sorted(engine.DATA.glob("*"))
    assert files
    for path in files:
        assert path.suffix == ".json", f"{path.name}: the demo's data is JSON, never code"
        json.loads(path.read_text(encoding="utf-8"))


def test_no_domain_app_imports_the_demo() -> None:
    # The demo sits on top of every app; settings.py (the project module) only lists it.
    apps = [path for path in APPS.iterdir() if path.is_dir() and path.name != "demo"]
    offenders = [
        str(path.relative_to(APPS))
        for app in apps
        for path in app.rglob("*.py")
        if "dueregard.demo" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
