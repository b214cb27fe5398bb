"""Benchmark: import a 5,000-row training CSV for a demo-like organisation.

Run from the project folder::

    .venv/bin/python benchmarks/training_import.py [rows]

It builds a throwaway SQLite database in a temporary folder under /tmp (never the dev or
test database), adds an invented organisation with 400 staff and five courses, writes a CSV
of ``rows`` completions (default 5,000), then runs the import job exactly as the worker
would (check every row, then save all in one transaction) and prints the time taken and the
peak Python memory. Every name is invented; the folder is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
STAFF = 400


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="dueregard-bench-", dir="/tmp"))
    os.environ["DUEREGARD_PROFILE"] = "dev"
    os.environ["DUEREGARD_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.settings")
    import django

    django.setup()
    try:
        run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path) -> None:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from dueregard.accounts.models import User
    from dueregard.core.scope import organisation_scope
    from dueregard.organisations.models import Membership, Role
    from dueregard.testing.factories import make_member, make_organisation
    from dueregard.training.models import CourseKind, ImportJob, TrainingRecord
    from dueregard.training.services import courses
    from dueregard.training.tasks import import_training_csv

    assert str(settings.DATABASES["default"]["NAME"]).startswith(str(folder))
    call_command("migrate", verbosity=0)
    organisation = make_organisation("Invented Bench College")
    with organisation_scope(organisation.pk):
        dsl = make_member(organisation, Role.DSL, "dsl@bench.example", "Bench Lead")
        unusable = make_password(None)  # nobody signs in as these invented staff
        users = User.objects.bulk_create(
            User(
                email=f"staff{n:04d}@bench.example",
                full_name=f"Staff Member {n:04d}",
                password=unusable,
            )
            for n in range(STAFF)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=organisation, role=Role.STAFF) for u in users
        )
        titles = [f"Course {n}" for n in range(5)]
        for title in titles:
            courses.add_course(
                dsl, title=title, provider="Invented", kind=CourseKind.ELEARNING, validity_months=12
            )
        today = timezone.localdate()
        lines = ["email,course,completed_on"]
        for n in range(ROWS):
            day = today - timedelta(days=n // (STAFF * len(titles)) + 1)
            lines.append(
                f"staff{n % STAFF:04d}@bench.example,{titles[(n // STAFF) % len(titles)]},"
                f"{day.isoformat()}"
            )
        data = ("\n".join(lines) + "\n").encode()
        tracemalloc.start()
        started = time.perf_counter()
        job = ImportJob.objects.create(
            organisation=organisation, created_by=dsl.user, content=data.decode()
        )
        created = import_training_csv.call(job.pk)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        job.refresh_from_db()
        assert job.status == "done", job.problems[:5]
        assert created == ROWS == TrainingRecord.objects.count()
        # The matrix and its exports for the same organisation, for the closing note.
        from dueregard.core import exports
        from dueregard.training.compliance import matrix
        from dueregard.training.models import Audience, Course

        requirement = courses.save_requirement(
            dsl,
            courses.RequirementDetails(
                title="Prevent awareness",
                audience=Audience.ALL_STAFF,
                courses=list(Course.objects.filter(organisation=organisation)),
                interval_months=12,
                new_starter_days=28,
            ),
        )
        assert requirement.pk
        started = time.perf_counter()
        grid = matrix(organisation.pk, today)
        matrix_seconds = time.perf_counter() - started
        started = time.perf_counter()
        from dueregard.training.views.matrix import _chart, _summary_rows

        summary_rows = _summary_rows(grid.summaries, suppress=False)
        context = {
            "grid": grid,
            "summary_rows": summary_rows,
            "today": today,
            "chart": _chart(summary_rows),
            "show_names": True,
            "organisation": organisation,
            "generated_at": timezone.now(),
        }
        pdf = exports.render_pdf("training/compliance_pdf.html", context)
        pdf_seconds = time.perf_counter() - started
    print(
        f"Compliance matrix for {len(grid.rows)} staff: {matrix_seconds:.2f} s; "
        f"its PDF ({len(pdf) / 1024:.0f} KiB): {pdf_seconds:.2f} s."
    )
    print(
        f"Imported {created:,} training records ({len(data) / 1024:.0f} KiB CSV, {STAFF} staff) "
        f"in {elapsed:.2f} s; peak Python memory {peak / 1024 / 1024:.1f} MiB."
    )


if __name__ == "__main__":
    main()
