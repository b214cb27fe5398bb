"""Typed readers for environment variables.

Each reader fails loudly (``ImproperlyConfigured``) on a value it cannot parse rather than
falling back to something insecure. A variable ``NAME`` may instead be given as
``NAME_FILE`` pointing at a file that holds the value (for container secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

#: The settings profiles ``DUEREGARD_PROFILE`` chooses from, and what each is for.
PROFILES = {
    "production": "the default: PostgreSQL, Redis, SMTP; needs SECRET_KEY, ALLOWED_HOSTS and more",
    "dev": "this machine: SQLite under var/, emails on the console, no secrets needed",
    "test": "the test suite (pytest chooses it by itself)",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at an unreadable file") from exc
    return os.environ.get(name)


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's text, or ``default`` when it is unset."""
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off; anything else is an error."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    """A whole-number variable; a non-number is an error."""
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices``; anything else is an error."""
    value = _raw(name)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value
