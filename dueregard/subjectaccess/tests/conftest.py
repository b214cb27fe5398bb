"""Fixtures of the subject access tests."""

from __future__ import annotations

from dueregard.core.tests.conftest import private_root

__all__ = ["private_root"]
