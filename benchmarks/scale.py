"""Throughput of the DSL's pages at scale, as ratios to a no-query page (issue 11).

Usage::

    .venv/bin/python benchmarks/scale.py            # 1M concerns, 1,000 organisations
    .venv/bin/python benchmarks/scale.py --quick    # a small data set, about a minute
    .venv/bin/python benchmarks/scale.py --concerns 10000

What it does, on this machine's PostgreSQL (postgresql://postgres@127.0.0.1:5432):

1. creates its own database ``dueregard_scale_<pid>``, a folder under /tmp and its own
   Redis on a free port, and migrates, in the production profile (every variable the
   profile requires is set here, with fresh keys; ``ALLOWED_HOSTS=127.0.0.1``);
2. builds the measured organisation, sized like a big college (5,000 concerns, 1,500
   cases, one case with a long chronology) through the services, as the app would;
3. fills the other organisations by bulk SQL, copying the measured organisation's
   concerns, cases, chronology and audit events with new ids (about 10 audit events per
   concern): those rows are never read, they make the tables and indexes big;
4. serves the app with ``gunicorn -c gunicorn.conf.py dueregard.wsgi`` (2 workers), with
   ``benchmarks/scale_settings.py`` adding a hello page, and signs the DSL in with a
   session built server-side (``accounts.testing.sign_in_completely``);
5. counts the SQL queries of each page in-process (Django's test client on the same
   database), then loads each page with ``wrk`` (4 connections), interleaved with the
   hello page, for a few rounds; raising a concern (a POST) is measured after every GET
   page, since each POST adds a concern to the triage queue;
6. prints one table (median req/s, ratio to the median hello, target, queries) and the
   RSS of each gunicorn worker, then removes everything (database, folder, processes),
   also on Ctrl-C or an error; ``--keep`` keeps the database and folder.

Exit status: 1 when a page answered anything but its expected status (200 for a page,
302 for the POST) or the run failed; 2 when a page missed its target ratio (not in
``--quick`` mode, where the figures are informative only); else 0.
"""

# ruff: noqa: S608 (the bulk SQL is built from information_schema's names, never from input)
from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
VENV_BIN = ROOT / ".venv" / "bin"


@dataclass(frozen=True)
class Sizes:
    concerns: int  # in all organisations
    organisations: int
    org_concerns: int  # in the measured organisation
    org_cases: int
    chronology: int  # notes on the long-chronology case
    untriaged: int  # the measured organisation's triage backlog

    @property
    def other_concerns(self) -> int:
        return max(0, self.concerns - self.org_concerns)


@dataclass(frozen=True)
class Page:
    name: str
    target: Fraction
    url: str = ""
    post: str = ""  # the urlencoded body for a POST
    expect: int = 200


@dataclass
class Measurement:
    page: Page
    rates: list[float] = field(default_factory=list)
    hello: list[float] = field(default_factory=list)  # the hello runs next to this page's
    bad: int = 0
    statuses: set[int] = field(default_factory=set)
    queries: int | None = None

    @property
    def rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    @property
    def ratio(self) -> float:
        """The median of each run's rate over the hello run just before it: the machine is
        shared, so only ratios taken side by side mean anything."""
        pairs = [rate / floor for rate, floor in zip(self.rates, self.hello, strict=True) if floor]
        return statistics.median(pairs) if pairs else 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, help="in all organisations (1,000,000)")
    parser.add_argument("--organisations", type=int, help="how many (1,000)")
    parser.add_argument("--org-concerns", type=int, help="in the measured one (5,000)")
    parser.add_argument("--org-cases", type=int, help="in the measured one (1,500)")
    parser.add_argument("--chronology", type=int, help="notes on the long case (500)")
    parser.add_argument("--quick", action="store_true", help="small data, short runs (CI)")
    parser.add_argument("--clients", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--duration", type=int, help="seconds per measurement (10; quick 2)")
    parser.add_argument("--rounds", type=int, help="rounds of every page (3; quick 2)")
    parser.add_argument("--keep", action="store_true", help="keep the database and folder")
    return parser.parse_args()


def sizes_from(args: argparse.Namespace) -> Sizes:
    quick = args.quick
    concerns = args.concerns or (1_500 if quick else 1_000_000)
    org_concerns = min(args.org_concerns or (300 if quick else 5_000), concerns)
    org_cases = min(args.org_cases or (90 if quick else 1_500), org_concerns // 2)
    return Sizes(
        concerns=concerns,
        organisations=max(1, args.organisations or (5 if quick else 1_000)),
        org_concerns=org_concerns,
        org_cases=max(1, org_cases),
        chronology=args.chronology if args.chronology is not None else (80 if quick else 500),
        untriaged=max(5, org_concerns // 50),
    )


def say(message: str) -> None:
    print(f"scale: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Cleanup:
    """Undo steps, run last-in first-out once, on success, error, Ctrl-C or SIGTERM."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Callable[[], None]]] = []

    def add(self, what: str, step: Callable[[], None]) -> None:
        self.steps.append((what, step))

    def run(self) -> None:
        while self.steps:
            what, step = self.steps.pop()
            try:
                step()
            except Exception as error:  # keep undoing the rest
                say(f"cleanup: could not {what}: {error}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def production_environment(workdir: Path, database_url: str, port: int, redis_port: int) -> None:
    """Every variable the production profile requires (.ci/run ``production_profile``)."""

    def key() -> str:
        return "scale:" + base64.b64encode(secrets.token_bytes(32)).decode()

    os.environ.update(
        {
            "DUEREGARD_PROFILE": "production",
            "DJANGO_SETTINGS_MODULE": "benchmarks.scale_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
            "EMAIL_HOST": HOST,  # nothing is sent: no task worker runs
            "DEFAULT_FROM_EMAIL": "scale@dueregard.example",
            "SITE_URL": f"https://{HOST}:{port}",
            "DUEREGARD_ENCRYPTION_KEYS": key(),
            "DUEREGARD_AUDIT_KEYS": key(),
            "DUEREGARD_VAR_DIR": str(workdir / "var"),
            "DUEREGARD_SCALE_STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_BIND": f"{HOST}:{port}",
            "PYTHONPATH": str(ROOT),
        }
    )
    (workdir / "var").mkdir()


def create_database(name: str, cleanup: Cleanup, keep: bool) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    if not keep:
        cleanup.add(f"drop the database {name}", drop)
    return f"{POSTGRES}/{name}"


def start_redis(workdir: Path, cleanup: Cleanup) -> int:
    """A Redis of our own: the cache and the task queue, gone with the run."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [  # noqa: S607 (the machine's redis-server, as .ci/run uses)
            "redis-server",
            "--bind",
            HOST,
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cleanup.add("stop redis-server", lambda: stop_process(process))
    for _ in range(50):
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("scale: redis-server did not start")


# --- the measured organisation, through the services ----------------------------------


@dataclass
class Measured:
    organisation_id: int
    dsl_user_id: int
    focus_case: str  # public id of the case with the long chronology


def build_measured(sizes: Sizes) -> Measured:
    from django.db import connection
    from django.utils import timezone

    from dueregard.cases import services as cases
    from dueregard.cases.models import DecisionKind, PartyRole
    from dueregard.concerns.models import ConcernType
    from dueregard.core.scope import organisation_scope, unscoped
    from dueregard.organisations.models import Role
    from dueregard.testing.factories import (
        make_concern,
        make_member,
        make_organisation,
        make_person,
    )

    started = time.monotonic()
    with unscoped():
        organisation = make_organisation("Scale Test College")
        dsl = make_member(organisation, Role.DSL, "dsl@scale.example", "Dana Scale")
        deputy = make_member(organisation, Role.DEPUTY_DSL, "deputy@scale.example", "Devon Scale")
        staff = [
            make_member(organisation, Role.STAFF, f"staff{n}@scale.example", f"Staff Member{n}")
            for n in range(20)
        ]
    with organisation_scope(organisation.pk):
        people = [
            make_person(organisation, f"Given{n}", f"Family{n}", reference=f"S{n:06d}")
            for n in range(max(10, sizes.org_concerns // 2))
        ]
        categories = list(ConcernType.objects.filter(is_not_sure=False)[:5])
        concerns = []
        for n in range(sizes.org_concerns):
            concerns.append(
                make_concern(
                    staff[n % len(staff)], people[n % len(people)], immediate_danger=n % 97 == 0
                )
            )
            if n and n % 1000 == 0:
                say(f"  {n} concerns raised")
        say(f"  {len(concerns)} concerns raised ({time.monotonic() - started:.0f}s)")
        triaged = concerns[: len(concerns) - sizes.untriaged]
        opened = []
        for n, concern in enumerate(triaged):
            if n < sizes.org_cases:
                category = categories[n % len(categories)] if categories else None
                opened.append(cases.open_case_from_concern(dsl, concern, category=category))
            else:
                cases.link_concern_to_case(dsl, concern, opened[n % len(opened)])
        say(f"  {len(opened)} cases opened ({time.monotonic() - started:.0f}s)")
        focus = opened[0]
        for n, case in enumerate(opened[1:], start=1):
            if n % 3 == 2:
                continue  # awaiting a decision
            cases.record_decision(
                dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring agreed."
            )
            if n % 3 == 0:
                cases.close_case(dsl, case, outcome_summary="Support worked.")
            else:
                cases.add_note(dsl, case, body="Spoke to the tutor.")
        # The long case: people, actions, a decision and many notes, as a busy case has.
        for n in range(3):
            cases.add_party(dsl, focus, role=PartyRole.WITNESS, person=people[-1 - n])
        for n in range(5):
            cases.add_action(
                dsl,
                focus,
                description=f"Check-in {n}",
                owner=deputy.user,
                due_on=timezone.localdate() + timedelta(days=7),
            )
        cases.record_decision(
            dsl, focus, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Weekly mentoring."
        )
        for n in range(sizes.chronology):
            cases.add_note(
                deputy if n % 2 else dsl,
                focus,
                body=f"Check-in {n}: engaged, attended every session, no new concern raised.",
            )
        say(f"  cases worked, long chronology written ({time.monotonic() - started:.0f}s)")
    # Spread the history over 18 months (the services stamp everything "now"); the
    # triage backlog stays recent, as it would be.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE concerns_concern SET created_at = now() - make_interval("
            " days => ((id * 7919) %% 540)::int, hours => (id %% 24)::int)"
            " WHERE organisation_id = %s"
            " AND status <> 'awaiting_triage'",
            [organisation.pk],
        )
        cursor.execute(
            "UPDATE concerns_concern"
            " SET created_at = now() - make_interval(hours => (id %% 72)::int)"
            " WHERE organisation_id = %s AND status = 'awaiting_triage'",
            [organisation.pk],
        )
        cursor.execute(
            "UPDATE cases_case c SET created_at = ("
            " SELECT min(created_at) FROM concerns_concern WHERE case_id = c.id)"
            " WHERE organisation_id = %s",
            [organisation.pk],
        )
    return Measured(organisation.pk, dsl.user_id, str(focus.public_id))


# --- the other organisations, by bulk SQL ---------------------------------------------

#: id stride between copies of cases (their ids are referenced by concerns and chronology).
STRIDE = 10_000_000


def copy_sql(table: str, columns: list[str], count: int, overrides: dict[str, str]) -> str:
    """INSERT ... SELECT of ``count`` rows per new organisation (``_scale_orgs o``), taken
    in turn from the measured organisation's rows (``s``, numbered ``s.rn``) as ``g``
    runs from 0: each column is ``s.<column>`` unless ``overrides`` says otherwise."""
    chosen = [c for c in columns if c != "id" or "id" in overrides]
    select = ", ".join(overrides.get(c, f"s.{c}") for c in chosen)
    numbered = (
        "SELECT *, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS n "
        f"FROM {table} WHERE organisation_id = %(source)s"
    )
    insert = f"INSERT INTO {table} ({', '.join(chosen)})"
    series = f"generate_series(0, {count - 1}) g"
    joined = f"_scale_orgs o CROSS JOIN {series} JOIN ({numbered}) s ON s.rn = mod(g, s.n)"
    return f"{insert} SELECT {select} FROM {joined}"


def made_sql(columns: list[str], select: str) -> str:
    """Insert the new organisations, copies of the measured one, and list them."""
    names = ", ".join(c for c in columns if c != "id")
    copies = f"SELECT {select} FROM organisations_organisation s, generate_series(1, %(others)s) g"
    made = f"INSERT INTO organisations_organisation ({names}) {copies}"
    return (
        f"WITH made AS ({made} WHERE s.id = %(source)s RETURNING id, public_id) "
        "INSERT INTO _scale_orgs SELECT row_number() OVER (ORDER BY id), id, public_id FROM made"
    )


def columns_of(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def build_others(sizes: Sizes, measured: Measured) -> None:
    from django.db import connection, transaction

    others = sizes.organisations - 1
    if others < 1 or sizes.other_concerns < 1:
        return
    started = time.monotonic()
    per_org = max(1, sizes.other_concerns // others)
    per_org_cases = max(1, per_org * sizes.org_cases // sizes.org_concerns)
    source = measured.organisation_id
    with transaction.atomic(), connection.cursor() as cursor:
        organisation_columns = columns_of(cursor, "organisations_organisation")
        overrides = {
            "public_id": "gen_random_uuid()",
            "name": "'Scale organisation ' || g",
            # The slug is unique: each copy gets its own.
            "slug": "'scale-organisation-' || g",
        }
        select = ", ".join(overrides.get(c, f"s.{c}") for c in organisation_columns if c != "id")
        cursor.execute(
            "CREATE TEMP TABLE _scale_orgs (k bigint, org_id bigint, org_uuid uuid) ON COMMIT DROP"
        )
        cursor.execute(
            made_sql(organisation_columns, select),
            {"others": others, "source": source},
        )
        cursor.execute("SELECT max(id) FROM cases_case")
        base = cursor.fetchone()[0]
        own_case = f"{base} + o.k * {STRIDE} + mod(g, {per_org_cases})"
        plans = [
            (
                "cases_case",
                per_org_cases,
                {
                    "id": f"{base} + o.k * {STRIDE} + g",
                    "public_id": "gen_random_uuid()",
                    "organisation_id": "o.org_id",
                    "reference": "'CASE-' || g",
                },
            ),
            (
                "concerns_concern",
                per_org,
                {
                    "public_id": "gen_random_uuid()",
                    "organisation_id": "o.org_id",
                    "reference": "'C-' || g",
                    "site_id": "NULL",
                    "case_id": f"CASE WHEN s.case_id IS NULL THEN NULL ELSE {own_case} END",
                },
            ),
            (
                "cases_chronologyentry",
                max(1, per_org * 3),
                {
                    "public_id": "gen_random_uuid()",
                    "organisation_id": "o.org_id",
                    "case_id": own_case,
                },
            ),
            (
                "audit_auditevent",
                per_org * 10,
                {
                    "organisation_id": "o.org_id",
                    "chain": "'org:' || o.org_uuid",
                    "sequence": "g + 1",
                },
            ),
        ]
        for table, count, table_overrides in plans:
            cursor.execute(
                copy_sql(table, columns_of(cursor, table), count, table_overrides),
                {"source": source},
            )
            say(f"  {table}: {cursor.rowcount} rows copied ({time.monotonic() - started:.0f}s)")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
            "(SELECT max(id) FROM cases_case))"
        )


def vacuum_analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def concern_counts() -> tuple[int, int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM concerns_concern), (SELECT count(*) FROM "
            "audit_auditevent), (SELECT count(*) FROM organisations_organisation)"
        )
        row = cursor.fetchone()
        return int(row[0]), int(row[1]), int(row[2])


# --- signing in, counting queries -------------------------------------------------------


def signed_in_client(user_id: int) -> Any:
    from django.test import Client

    from dueregard.accounts.models import User
    from dueregard.accounts.testing import sign_in_completely

    client = Client(HTTP_HOST=HOST, headers={"X-Forwarded-Proto": "https"})
    user = User.objects.get(pk=user_id)
    client.force_login(user)
    sign_in_completely(client, user)
    return client


def count_queries(client: Any, page: Page) -> tuple[int, int]:
    """(status, queries) of one request, after a warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def request() -> Any:
        if page.post:
            return client.post(
                page.url, page.post, content_type="application/x-www-form-urlencoded"
            )
        return client.get(page.url)

    request()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response.status_code, len(queries)


def csrf_token(client: Any, url: str) -> str:
    html = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit(f"scale: no CSRF token on {url}")
    return match.group(1)


# --- the server and the load ------------------------------------------------------------


def start_gunicorn(workdir: Path, workers: int, cleanup: Cleanup) -> subprocess.Popen[bytes]:
    env = dict(os.environ, GUNICORN_WORKERS=str(workers))
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (closed by cleanup)
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "dueregard.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop() -> None:
        stop_process(process)
        log.close()

    cleanup.add("stop gunicorn", stop)
    url = f"http://{HOST}:{os.environ['GUNICORN_BIND'].rsplit(':', 1)[1]}/_bench/hello"
    for _ in range(120):
        if process.poll() is not None:
            break
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    print((workdir / "gunicorn.log").read_text(errors="replace")[-3000:], file=sys.stderr)
    raise SystemExit("scale: gunicorn did not start")


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; last = 0 end
function response(status, headers, body)
  if status ~= %(expect)d then bad = bad + 1; last = status end
end
function done(summary, latency, requests)
  local total, seen = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
    if t:get("last") ~= 0 then seen = t:get("last") end
  end
  io.write(string.format("SCALE bad=%%d last=%%d\\n", total, seen))
end
"""

POST_SCRIPT = """
wrk.method = "POST"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Load:
    base: str
    clients: int
    duration: int
    workdir: Path
    headers: list[str]  # the signed-in pages' headers (cookies, https, origin)

    def run(self, page: Page, signed_in: bool = True) -> tuple[float, int, int]:
        """(req/s, unexpected answers, the last unexpected status)."""
        script = self.workdir / f"wrk-{abs(hash((page.name, page.post)))}.lua"
        text = WRK_SCRIPT % {"expect": page.expect}
        if page.post:
            text += POST_SCRIPT % {"body": lua_string(page.post)}
        script.write_text(text)
        headers = self.headers if signed_in else ["X-Forwarded-Proto: https"]
        command = ["wrk", "-t", "2", "-c", str(self.clients), "-d", f"{self.duration}s"]
        command += ["--timeout", "30s", "-s", str(script)]
        for header in headers:
            command += ["-H", header]
        command.append(self.base + page.url)
        output = subprocess.run(  # noqa: S603 (fixed arguments)
            command, capture_output=True, text=True, check=False
        ).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        counted = re.search(r"SCALE bad=(\d+) last=(\d+)", output)
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        if not rate or not counted:
            raise SystemExit(f"scale: wrk gave no figures for {page.name}:\n{output}")
        bad = int(counted.group(1)) + (sum(map(int, errors.groups())) if errors else 0)
        return float(rate.group(1)), bad, int(counted.group(2))


def worker_rss(master: int) -> list[int]:
    """RSS in KiB of each child of the gunicorn master, from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent != master:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]))
        except (OSError, ValueError, IndexError):
            continue
    return sorted(sizes)


def fraction(value: Fraction) -> str:
    return f"1/{value.denominator}" if value.numerator == 1 else str(value)


def report(hello: Measurement, results: list[Measurement], rss: list[int], sizes: Sizes) -> bool:
    """Print the table; True when every page met its target ratio."""
    floor = hello.rate
    all_met = True
    print()
    print(
        f"{sizes.concerns:,} concerns in {sizes.organisations:,} organisations; the measured "
        f"one: {sizes.org_concerns:,} concerns, {sizes.org_cases:,} cases, "
        f"{sizes.chronology} notes on the long case"
    )
    print()
    print("| page | req/s | ratio to hello | target ratio | met? | queries |")
    print("|---|---:|---:|---:|---|---:|")
    print(f"| hello | {floor:.0f} | 1 | | | {hello.queries} |")
    for result in results:
        ratio = result.ratio
        met = ratio >= result.page.target
        all_met = all_met and met
        shown = f"1/{1 / ratio:.0f}" if ratio else "0"
        errors = f" ({result.bad} errors: {sorted(result.statuses)})" if result.bad else ""
        print(
            f"| {result.page.name} | {result.rate:.0f}{errors} | {shown} | "
            f"{fraction(result.page.target)} | {'yes' if met else 'no'} | {result.queries} |"
        )
    print()
    shown_rss = ", ".join(f"{kib / 1024:.0f} MiB" for kib in rss) or "(no worker found)"
    print(f"gunicorn worker RSS after the runs: {shown_rss} (target: under 100 MiB)")
    print(f"hello req/s in each run: {', '.join(f'{r:.0f}' for r in hello.rates)}")
    return all_met


@contextmanager
def signals_as_interrupt() -> Iterator[None]:
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("scale: wrk is missing: apt-get install -y wrk (Debian)", file=sys.stderr)
        return 1
    if shutil.which("redis-server") is None:
        print("scale: redis-server is missing: apt-get install -y redis-server", file=sys.stderr)
        return 1
    sizes = sizes_from(args)
    duration = args.duration or (2 if args.quick else 10)
    rounds = args.rounds or (2 if args.quick else 3)
    cleanup = Cleanup()
    started = time.monotonic()
    status = 0
    with signals_as_interrupt():
        try:
            status = run(args, sizes, duration, rounds, cleanup)
        except KeyboardInterrupt:
            say("interrupted")
            status = 130
        finally:
            cleanup.run()
    say(f"finished in {time.monotonic() - started:.0f}s")
    return status


def run(
    args: argparse.Namespace, sizes: Sizes, duration: int, rounds: int, cleanup: Cleanup
) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dueregard-scale-", dir="/tmp"))
    if args.keep:
        say(f"keeping {workdir} and the database (--keep)")
    else:
        cleanup.add(f"remove {workdir}", lambda: shutil.rmtree(workdir, ignore_errors=True))
    database = f"dueregard_scale_{os.getpid()}"
    port = free_port()
    redis_port = start_redis(workdir, cleanup)
    database_url = create_database(database, cleanup, args.keep)
    production_environment(workdir, database_url, port, redis_port)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    say(f"database {database}, folder {workdir}")
    phase = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    say(f"migrated, static files collected ({time.monotonic() - phase:.0f}s)")
    phase = time.monotonic()
    measured = build_measured(sizes)
    say(f"measured organisation built through the services ({time.monotonic() - phase:.0f}s)")
    phase = time.monotonic()
    build_others(sizes, measured)
    vacuum_analyse()
    concerns, events, organisations = concern_counts()
    say(
        f"other organisations copied by SQL, VACUUM ANALYZE done "
        f"({time.monotonic() - phase:.0f}s): {concerns:,} concerns, {events:,} audit "
        f"events, {organisations:,} organisations"
    )

    from dueregard.core.scope import organisation_scope

    with organisation_scope(measured.organisation_id):
        client = signed_in_client(measured.dsl_user_id)
        raise_url = reverse("concerns:raise_details") + "?danger=no"
        token = csrf_token(client, raise_url)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "person": "",
                "another_person": "",
                "unknown_subject": "A learner in a red coat",
                "observed_on": time.strftime("%Y-%m-%d"),
                "observed_time": "00:00",
                "site": "",
                "location": "Library",
                "narrative": "Was heard repeating slogans from a video.",
            }
        )
        pages = [
            Page("triage queue", Fraction(1, 8), reverse("concerns:triage_queue")),
            Page("case list", Fraction(1, 8), reverse("cases:list")),
            Page(
                "case page (long chronology)",
                Fraction(1, 8),
                reverse("cases:detail", kwargs={"public_id": measured.focus_case}),
            ),
            Page("DSL dashboard", Fraction(1, 4), reverse("reports:dashboard")),
        ]
        post = Page("raising a concern (POST)", Fraction(1, 8), raise_url, post=body, expect=302)
        hello = Measurement(Page("hello", Fraction(1), "/_bench/hello"))
        results = [Measurement(page) for page in [*pages, post]]
        hello_status, hello.queries = count_queries(signed_in_client_anonymous(), hello.page)
        failed = hello_status != 200
        for result in results:
            status, result.queries = count_queries(client, result.page)
            if status != result.page.expect:
                say(f"{result.page.name}: {status} in-process, expected {result.page.expect}")
                failed = True
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    from django.db import connections

    connections.close_all()

    server = start_gunicorn(workdir, args.workers, cleanup)
    base = f"http://{HOST}:{port}"
    load = Load(
        base=base,
        clients=args.clients,
        duration=duration,
        workdir=workdir,
        headers=[
            f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "X-Forwarded-Proto: https",
            f"Origin: https://{HOST}:{port}",
            f"Referer: https://{HOST}:{port}{raise_url}",
        ],
    )
    say(
        f"gunicorn on {base} ({args.workers} workers); wrk, {args.clients} connections, "
        f"{duration}s per run, {rounds} rounds"
    )
    # GETs first: each POST adds a concern to the queue the triage page shows.
    for phase_results in (results[:-1], results[-1:]):
        for round_number in range(rounds):
            for result in phase_results:
                rate, _, _ = load.run(hello.page, signed_in=False)
                hello.rates.append(rate)
                result.hello.append(rate)
                rate, bad, last = load.run(result.page)
                result.rates.append(rate)
                result.bad += bad
                if bad:
                    result.statuses.add(last)
                say(
                    f"  round {round_number + 1}: hello {hello.rates[-1]:.0f}, "
                    f"{result.page.name} {rate:.0f} req/s{f', {bad} errors' if bad else ''}"
                )
    if server.poll() is not None:
        say("gunicorn stopped during the runs")
        failed = True
    rss = worker_rss(server.pid)
    met = report(hello, results, rss, sizes)
    if failed or any(result.bad for result in results):
        say("FAILED: a page did not answer as expected")
        return 1
    if not met and not args.quick:
        say("a page missed its target ratio")
        return 2
    return 0


def signed_in_client_anonymous() -> Any:
    from django.test import Client

    return Client(HTTP_HOST=HOST, headers={"X-Forwarded-Proto": "https"})


if __name__ == "__main__":
    sys.exit(main())
