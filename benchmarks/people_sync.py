"""Benchmark: an MIS sync of 5,000 learners, of whom 50 changed.

Run from the project folder::

    .venv/bin/python benchmarks/people_sync.py [--postgres] [--rows N] [--changed N]

It builds a throwaway SQLite database in a temporary folder under /tmp (never the dev or
test database) and, with ``--postgres``, a throwaway PostgreSQL database too (on
``BENCH_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432``; dropped
afterwards). In each it adds an invented organisation and runs ``people.sync.sync_people``
exactly as ``manage.py sync_people`` and the API do: the first sync adding every learner,
the same rows again (nothing changes), the rows with ``--changed`` of them changed (a new
surname, a new site, some leavers), and a full sync with ``mark_missing_left`` where those
leavers are missing instead. Each step prints its time and query count. Every name is
invented. Each database runs in its own process, as Django sets up once per process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--postgres", action="store_true", help="Run on PostgreSQL as well.")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        run_backend(args.backend, args.rows, args.changed)
        return
    backends = ["sqlite", "postgres"] if args.postgres else ["sqlite"]
    failed = False
    for backend in backends:
        result = subprocess.run(  # noqa: S603 (this script, with our own arguments)
            [
                sys.executable,
                __file__,
                "--backend",
                backend,
                "--rows",
                str(args.rows),
                "--changed",
                str(args.changed),
            ],
            check=False,
        )
        failed = failed or result.returncode != 0
    sys.exit(1 if failed else 0)


def run_backend(backend: str, rows: int, changed: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dueregard-bench-", dir="/tmp"))
    os.environ["DUEREGARD_PROFILE"] = "dev"
    os.environ["DUEREGARD_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    database = ""
    server = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    if backend == "postgres":
        import psycopg

        database = f"dueregard_bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"{server}/{database}"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.settings")
    import django

    django.setup()
    try:
        run(backend, rows, changed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if database:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE "{database}"')


def run(backend: str, count: int, changed: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dueregard.core.scope import organisation_scope
    from dueregard.organisations.models import Role, Site
    from dueregard.people.models import Person
    from dueregard.people.sync import SyncReport, sync_people
    from dueregard.testing.factories import make_member, make_organisation

    call_command("migrate", verbosity=0)
    organisation = make_organisation("Invented Bench College")
    families = ["Ashdown", "Okafor", "Bell", "Moss", "Castellan", "Demir", "Quill", "Reyes"]

    def row(n: int, **extra: object) -> dict[str, object]:
        return {
            "reference": f"L{n:06d}",
            "kind": "learner",
            "given_name": f"Learner{n}",
            "family_name": families[n % len(families)],
            "date_of_birth": f"{2005 + n % 5}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "site": "Main campus",
            **extra,
        }

    with organisation_scope(organisation.pk):
        dsl = make_member(organisation, Role.DSL, "dsl@bench.example", "Bench Lead")
        Site.objects.create(organisation=organisation, name="North Centre")
        rows = [row(n) for n in range(count)]
        step = max(count // max(changed, 1), 1)
        picked = list(range(0, count, step))[:changed]
        renamed, moved, leaving = picked[0::3], picked[1::3], picked[2::3]
        changed_rows = list(rows)
        for n in renamed:
            changed_rows[n] = row(n, family_name="Renamed-Family")
        for n in moved:
            changed_rows[n] = row(n, site="North Centre")
        for n in leaving:
            changed_rows[n] = row(n, left=True)
        # The next night's full export: the leavers are simply missing from it.
        gone = set(leaving)
        full_export = [r for n, r in enumerate(changed_rows) if n not in gone]

        def timed(label: str, rows: list[dict[str, object]], **options: Any) -> float:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report: SyncReport = sync_people(dsl, rows, source="json", **options)
                elapsed = time.perf_counter() - started
            assert report.ok, report.problems[:5]
            print(
                f"  {label:<42} {elapsed:6.2f} s {len(queries):4d} queries   "
                f"created {report.created}, updated {report.updated}, "
                f"unchanged {report.unchanged}, marked left {report.marked_left}"
            )
            return elapsed

        print(f"{backend}: {count:,} learners, {len(picked)} changed")
        timed(f"first sync ({count:,} new)", rows)
        timed("the same rows again (nothing changes)", rows)
        changed_seconds = timed(f"{len(picked)} changed ({len(leaving)} left)", changed_rows)
        # Undo the leaving so the full export has people to mark left.
        Person.objects.filter(reference__in=[f"L{n:06d}" for n in leaving]).update(
            is_archived=False, left_on=None
        )
        timed(
            f"full export, {len(gone)} missing, mark missing left",
            full_export,
            mark_missing_left=True,
        )
        assert Person.objects.filter(is_archived=True).count() == len(gone)
    verdict = "under" if changed_seconds < TARGET_SECONDS else "OVER"
    print(f"  the {len(picked)}-change sync is {verdict} the {TARGET_SECONDS:.0f} s target")
    if changed_seconds >= TARGET_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
