"""Replacing the accepted redaction terms with "[redacted]" in everything a response says.

A term matches whole words, whatever their case ("Sam Quenby" in "sam quenby's bag", never
"Sam" inside "Samira"); longer terms are tried first, so a full name goes before its parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"


def pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every term (None when there is nothing to redact)."""
    words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    joined = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)


def redact(value: Any, found: re.Pattern[str] | None) -> Any:
    """``value`` (text, or lists and dicts of it) with every match replaced."""
    if found is None:
        return value
    if isinstance(value, str):
        return found.sub(REDACTED, value)
    if isinstance(value, list):
        return [redact(v, found) for v in value]
    if isinstance(value, dict):
        return {k: redact(v, found) for k, v in value.items()}
    return value
