"""Web: the production server under 20 and 100 concurrent clients, at 10x the demo's pledges.

Targets (issue 11): p95 under 150 ms at 20 clients, no errors at 100 clients.

Setup: a throwaway PostgreSQL database (PCRS_BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/pcrs_bench), migrated and loaded with the demo, whose
synthetic pledges are then copied nine times (10x). `scripts/serve` runs granian and the task
worker on 127.0.0.1:PCRS_BENCH_PORT (8099) with DEBUG off, as `make demo` does.

The client is a bounded one (no dependency): each simulated user is a thread with one
keep-alive connection and its own Secretariat session (pages) and bearer token (API), made in
the database beforehand, requesting the endpoints in turn for PCRS_BENCH_SECONDS (20) per
level. The levels (ADR 0064):
- users: 20 and 100 people at work, each waiting a think time of 0.5 to 1.5 s (uniform, as
  locust's `between(0.5, 1.5)`) between a page and the next: the latency people see;
- saturation: 20 clients with no think time, which measures capacity (requests per second);
  its latency is queueing (clients / throughput), not the time of one request;
- 20 users again with the fragment cache off (ADR 0065): every view computed.
The load generator runs on the same cores as the server, so figures are a lower bound.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import random
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (title, clients, think time range in seconds)
LEVELS: tuple[tuple[str, int, tuple[float, float]], ...] = (
    ("20 users, think time 0.5-1.5 s", 20, (0.5, 1.5)),
    ("100 users, think time 0.5-1.5 s", 100, (0.5, 1.5)),
    ("saturation: 20 clients, no think time", 20, (0.0, 0.0)),
)
TARGET_P95_MS = 150.0


@dataclass
class Endpoint:
    name: str
    path: str
    api: bool = False


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: dict[str, str],
    body: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


#: Sessions and API tokens made for the simulated users: each user has its own (the pages'
#: cached fragments are per session or token, ADR 0065); at 100 users, five share each.
SESSIONS = 20


def _credentials(env: dict[str, str], count: int) -> tuple[list[str], list[str]]:
    """`count` logged-in sessions (Cookie headers) and API tokens of the Secretariat's demo
    user, made in the database as a log-in would (the log-in form's throttles and password
    hashing are not what is measured)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from pcrs.accounts.models import User\n"
        "from pcrs.accounts.tokens import token_issue\n"
        "user = User.objects.get(username='secretariat')\n"
        "sessions, tokens = [], []\n"
        f"for _ in range({count}):\n"
        "    session = SessionStore()\n"
        "    session[SESSION_KEY] = str(user.pk)\n"
        "    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]\n"
        "    session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    session.create()\n"
        "    sessions.append(f'{settings.SESSION_COOKIE_NAME}={session.session_key}')\n"
        "    tokens.append(token_issue(user=user)[1])\n"
        "print(json.dumps([sessions, tokens]))\n"
    )
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.demo"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sessions, tokens = json.loads(out.strip().splitlines()[-1])
    return sessions, tokens


def load(
    host: str,
    port: int,
    endpoints: list[Endpoint],
    *,
    clients: int,
    seconds: float,
    cookies: list[str],
    tokens: list[str],
    think: tuple[float, float] = (0.0, 0.0),
) -> tuple[dict[str, Tally], float]:
    """`clients` threads hit the endpoints in turn for `seconds`, each waiting a think time
    drawn from `think` between requests; returns tallies and duration. User i uses session
    cookies[i] and API token tokens[i] (taken in turn when there are fewer than users)."""
    tallies = {e.name: Tally() for e in endpoints}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def user(index: int) -> None:
        cookie, token = cookies[index % len(cookies)], tokens[index % len(tokens)]
        conn = http.client.HTTPConnection(host, port, timeout=30)
        pause = random.Random(index)
        mine: list[tuple[str, float, bool]] = []
        order = itertools.islice(itertools.cycle(endpoints), index % len(endpoints), None)
        start.wait()
        for endpoint in order:
            if time.perf_counter() >= deadline[0]:
                break
            headers = (
                {"Authorization": f"Bearer {token}", "Accept": "application/json"}
                if endpoint.api
                else {"Cookie": cookie}
            )
            began = time.perf_counter()
            try:
                status, _, _ = _request(conn, "GET", endpoint.path, headers)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            mine.append((endpoint.name, (time.perf_counter() - began) * 1000, ok))
            if think[1] > 0:
                time.sleep(pause.uniform(*think))
        conn.close()
        with lock:
            for name, ms, ok in mine:
                tallies[name].latencies.append(ms)
                tallies[name].errors += 0 if ok else 1

    threads = [threading.Thread(target=user, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return tallies, time.perf_counter() - began


def table(tallies: dict[str, Tally], duration: float) -> list[str]:
    rows = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    everything: list[float] = []
    errors = 0
    for name, tally in tallies.items():
        everything += tally.latencies
        errors += tally.errors
        rows.append(
            f"| {name} | {len(tally.latencies)} | {len(tally.latencies) / duration:.1f} | "
            f"{_percentile(tally.latencies, 50):.0f} | {_percentile(tally.latencies, 95):.0f} | "
            f"{_percentile(tally.latencies, 99):.0f} | {tally.errors} |"
        )
    rows.append(
        f"| **all** | {len(everything)} | {len(everything) / duration:.1f} | "
        f"{_percentile(everything, 50):.0f} | {_percentile(everything, 95):.0f} | "
        f"{_percentile(everything, 99):.0f} | {errors} |"
    )
    return rows


def _prepare_database(url: str, *, reuse: bool = False) -> tuple[str, str]:
    """Migrate and load the demo into `url`, pledges x10; returns the count and a pledge id."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.demo"}
    python = str(ROOT / ".venv" / "bin" / "python")
    script = (
        "import django; django.setup()\n"
        "from benchmarks.bench_web import multiply_pledges; multiply_pledges(10)\n"
    )
    for args in (
        ()
        if reuse
        else (
            ["manage.py", "migrate", "--noinput", "-v0"],
            ["manage.py", "load_demo"],
            ["-c", script],
        )
    ):
        subprocess.run([python, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup()\n"
            "from pcrs.registry.models import Pledge\n"
            "print(Pledge.objects.count(), Pledge.objects.order_by('id').first().id)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[0], out[1]


def multiply_pledges(factor: int) -> None:
    """Copy every synthetic pledge factor-1 times, with its annexes (bulk, in one transaction)."""
    import uuid

    from django.db import transaction

    from pcrs.registry.models import Pledge, PledgeEquipment, TableOfOrganizationLine

    with transaction.atomic():
        originals = list(Pledge.objects.all())
        lines = list(TableOfOrganizationLine.objects.all())
        equipment = list(PledgeEquipment.objects.all())
        caveats = list(Pledge.caveat_missions.through.objects.all())
        for copy in range(1, factor):
            ids: dict[object, uuid.UUID] = {}
            pledges = []
            for pledge in originals:
                ids[pledge.pk] = uuid.uuid4()
                pledge.pk = ids[pledge.pk]
                pledge.title = f"{pledge.title.split(' #')[0]} #{copy}"
                pledges.append(pledge)
            Pledge.objects.bulk_create(pledges, batch_size=1000)
            for line in lines:
                line.pk = None
                line.pledge_id = ids[line.pledge_id]
            for item in equipment:
                item.pk = None
                item.pledge_id = ids[item.pledge_id]
            TableOfOrganizationLine.objects.bulk_create(lines, batch_size=1000)
            PledgeEquipment.objects.bulk_create(equipment, batch_size=1000)
            for row in caveats:
                row.pk = None
                row.pledge_id = ids[row.pledge_id]  # type: ignore[attr-defined]
            Pledge.caveat_missions.through.objects.bulk_create(caveats, batch_size=1000)
            # Next round copies from this round's rows.
            for pledge, new in zip(originals, pledges, strict=True):
                pledge.pk = new.pk


def run() -> str | None:
    url = os.environ.get("PCRS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pcrs_bench")
    port = int(os.environ.get("PCRS_BENCH_PORT", "8099"))
    seconds = float(os.environ.get("PCRS_BENCH_SECONDS", "20"))
    host = "127.0.0.1"
    heading = "## Web: production server under concurrent clients"
    if not url.startswith("postgres"):
        print("bench_web: PCRS_BENCH_DATABASE_URL must be PostgreSQL")
        return None
    dbname = urllib.parse.urlparse(url).path.lstrip("/")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    # PCRS_BENCH_REUSE_DB=1 measures again on the database a previous run prepared.
    reuse = os.environ.get("PCRS_BENCH_REUSE_DB") == "1"
    try:
        if not reuse:
            subprocess.run(
                ["dropdb", "--if-exists", "--force", f"--maintenance-db={admin_url}", dbname],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                ["createdb", f"--maintenance-db={admin_url}", dbname],
                check=True,
                capture_output=True,
            )
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"bench_web: PostgreSQL unavailable ({exc})")
        return None
    pledges, pledge_id = _prepare_database(url, reuse=reuse)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORT": str(port),
        "ACCESS_LOG": "0",
        "LOG_LEVEL": "WARNING",
    }
    cookies, tokens = _credentials(env, SESSIONS)
    endpoints = [
        Endpoint("dashboard `/`", "/"),
        Endpoint("pledge list", "/registry/pledges/"),
        Endpoint("pledge page", f"/registry/pledges/{pledge_id}/"),
        Endpoint("gaps page", "/missions/gaps/"),
        Endpoint("API list", "/api/v1/pledges/", api=True),
        Endpoint("API detail", f"/api/v1/pledges/{pledge_id}/", api=True),
    ]
    lines = [
        heading,
        "",
        f"{pledges} pledges (the demo's x10) on PostgreSQL; `scripts/serve` (granian "
        f"{os.environ.get('WEB_CONCURRENCY', '2')} processes x "
        f"{os.environ.get('THREADS', '4')} threads, DEBUG off) on {host}:{port}; "
        f"{seconds:.0f} s per level, the client on the same machine. Each user has its own "
        f"session and API token ({SESSIONS}; at 100 users five share each). Users wait a think "
        "time between requests, as people do; the saturation level does not, and measures "
        f"capacity (ADR 0064). Target: p95 under {TARGET_P95_MS:.0f} ms at 20 users, no "
        "errors at 100. An error is an answer other than 200, or none within 30 s.",
        "",
        "The home panels, gaps page, pledge list and API list are cached per session or token "
        "under a data version that every write changes (ADR 0065); the data does not change "
        "during a level, and each session and token views each page once before the levels "
        "(a warm-up), so the levels measure the steady state: cache hits, except the pledge "
        "page and the API detail, which are not cached. The last level turns the cache off "
        "(`PCRS_FRAGMENT_CACHE=0`): every view is computed, as when the data changes between "
        "any two views.",
    ]
    # Other work on the machine shares its cores: say how busy it was (1-minute average).
    load_before = os.getloadavg()[0]
    uncached = ("20 users, think time 0.5-1.5 s, fragment cache off", 20, (0.5, 1.5))
    for levels, extra in ((LEVELS, {}), ((uncached,), {"PCRS_FRAGMENT_CACHE": "0"})):
        with _serving({**env, **extra}, host, port) as ready:
            if not ready:
                return None
            _warm_up(host, port, endpoints, cookies, tokens)
            for title, clients, think in levels:
                tallies, duration = load(
                    host,
                    port,
                    endpoints,
                    clients=clients,
                    seconds=seconds,
                    cookies=cookies,
                    tokens=tokens,
                    think=think,
                )
                lines += ["", f"### {title}", "", *table(tallies, duration)]
    lines += [
        "",
        f"Load average (1 min) {load_before:.1f} before the levels, "
        f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores, the benchmark's own "
        "load included; above the core count, other work was competing for the CPU.",
    ]
    return "\n".join(lines)


def _warm_up(
    host: str, port: int, endpoints: list[Endpoint], cookies: list[str], tokens: list[str]
) -> None:
    """Each session and token views each endpoint once: the levels measure the steady state
    (with the cache on, a user's first view of a page is computed, as the cache-off level is)."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    for cookie, token in zip(cookies, tokens, strict=True):
        for endpoint in endpoints:
            headers = (
                {"Authorization": f"Bearer {token}", "Accept": "application/json"}
                if endpoint.api
                else {"Cookie": cookie}
            )
            _request(conn, "GET", endpoint.path, headers)
    conn.close()


@contextlib.contextmanager
def _serving(env: dict[str, str], host: str, port: int) -> Iterator[bool]:
    """`scripts/serve` running with `env` (yields whether it answered), stopped after."""
    server_log = Path(tempfile.gettempdir()) / f"pcrs-bench-web-{port}.log"
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=server_log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(240):
            try:
                probe = http.client.HTTPConnection(host, port, timeout=5)
                probe.request("GET", "/accounts/login/")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            print(f"bench_web: the server did not start (see {server_log})")
            yield False
            return
        yield True
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
