"""Time every register, action-plan and policy export for the demo organisations.

Usage: ``.venv/bin/python benchmarks/export_documents.py [--keep DIR] [--runs N]``

Loads the demo into a throwaway SQLite database under /tmp (never your own), then builds
each document N times (default 3) per organisation and prints the median time and size.
``--keep DIR`` also writes the documents there, to open or render them.

If the full demo cannot load (another app's stories or loader failing mid-work), it says
so and loads the organisations with only this app's register, action plan and policy.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the documents to this folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="dueregard-export-bench-", dir="/tmp")
    os.environ["DUEREGARD_PROFILE"] = "dev"
    os.environ["DUEREGARD_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from dueregard.actions import exports as action_exports
    from dueregard.core.scope import organisation_scope, unscoped
    from dueregard.demo import engine
    from dueregard.demo import setup as demo
    from dueregard.policydoc import document as policy
    from dueregard.risks import exports

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    print(f"Throwaway database in {workdir}")
    started = time.monotonic()
    with unscoped():
        try:
            demo.load_demo()
            print(f"Full demo loaded in {time.monotonic() - started:.1f} s")
        except Exception as error:
            print(f"Full demo failed ({type(error).__name__}: {error}); loading this app's only")
            # load_demo runs in one transaction: the failed attempt left nothing behind.
            demo.play = lambda demo, stories: engine.play(
                demo, [story for story in stories if story.key == "risks"]
            )
            demo.load_demo()
        organisations = list(demo.demo_organisations())

    documents: list[tuple[str, str, Callable[[Any], bytes]]] = [
        ("Risk register XLSX", "xlsx", exports.register_xlsx),
        ("Risk register PDF", "pdf", exports.register_pdf),
        ("Risk register DOCX", "docx", exports.register_docx),
        ("Action plan XLSX", "xlsx", action_exports.actions_xlsx),
        ("Action plan PDF", "pdf", action_exports.actions_pdf),
        ("Action plan DOCX", "docx", action_exports.actions_docx),
        ("Prevent policy PDF", "pdf", policy.policy_pdf),
        ("Prevent policy DOCX", "docx", policy.policy_docx),
    ]
    print(f"\n{'document':<22}{'organisation':<32}{'median ms':>10}{'size KB':>9}")
    for organisation in organisations:
        with organisation_scope(organisation.pk):
            for label, extension, build in documents:
                times, content = [], b""
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    content = build(organisation)
                    times.append((time.perf_counter() - t0) * 1000)
                print(
                    f"{label:<22}{organisation.name:<32}{statistics.median(times):>10.0f}"
                    f"{len(content) / 1024:>9.0f}"
                )
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    stem = (
                        f"{organisation.name.split()[0].lower()}-{label.lower().replace(' ', '-')}"
                    )
                    (args.keep / f"{stem}.{extension}").write_bytes(content)


if __name__ == "__main__":
    main()
