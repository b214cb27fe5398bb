"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.scope import scopes_held

# Playwright's sync API runs an event loop in this thread; Django's ORM in the same
# thread is safe here because the test and the loop never run at the same time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = (
    Path(os.environ.get("DUEREGARD_SCREENSHOTS", ""))
    if os.environ.get("DUEREGARD_SCREENSHOTS")
    else None
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _test_scope() -> Iterator[None]:
    """Holds the organisation scope ``work_in`` opens, until the test ends."""
    with scopes_held():
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (./dev test does)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp lets axe-core be injected whatever the page's policy.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


class Checker:
    """Runs axe-core (WCAG 2.2 AA) on a page and keeps a screenshot when asked."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.visited: list[str] = []

    def check(self, page: Any, name: str) -> None:
        """axe-core finds nothing, and the page does not scroll sideways at its width (360 px
        on a phone): no page may need a reader to scroll across to read it."""
        page.wait_for_load_state("load")
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.visited.append(name)
        if SCREENSHOTS is not None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        violations = results.response["violations"]
        assert not violations, f"{name}: " + "; ".join(
            f"{v['id']} ({len(v['nodes'])}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in violations
        )
        overflow = page.evaluate(OVERFLOW_SCRIPT)
        assert overflow is None, f"{name}: the page scrolls sideways: {overflow}"


#: None when the page fits its width; else the widths and the elements wider than the page.
OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase()
      + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
  return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: ${wide.join(', ')}`;
}"""


@pytest.fixture
def a11y() -> Iterator[Checker]:
    yield Checker()


@pytest.fixture(autouse=True)
def _audit_flush_allowed(
    request: pytest.FixtureRequest, transactional_db: None, django_db_blocker: Any
) -> Iterator[None]:
    """Live-server tests end with a table flush, which SQLite's delete trigger refuses.

    Lift the trigger for the test; ``pytest_runtest_teardown`` restores it after the flush.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        request.node.restore_audit_trigger = django_db_blocker
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    blocker = getattr(item, "restore_audit_trigger", None)
    if blocker is not None:
        from django.db import connection

        from dueregard.audit.triggers import SQLITE_NO_DELETE

        with blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(SQLITE_NO_DELETE)


@pytest.fixture(scope="session", autouse=True)
def _end_the_live_servers_database_sessions(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The live server's thread keeps a PostgreSQL connection open after the last browser
    test, and pytest-django then cannot drop the test database (it warns and leaves it
    behind). End those sessions just before the database is torn down."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
