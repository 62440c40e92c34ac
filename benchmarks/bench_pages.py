"""Pages: what each main page costs a field office on a cold load (issue 17, point 6).

Targets: under 300 KB transferred and under 15 requests on a cold load (empty cache), and no
request to any host but the server.

Setup: the demo on SQLite (as `make demo`), at PCRS_BENCH_PAGES_DB (default: a file in the
temporary folder, migrated and loaded with the demo, minutes); PCRS_BENCH_REUSE_DB=1 measures
again on a database a previous run prepared. `scripts/serve` serves it as production does
(granian, DEBUG off, WhiteNoise's compressed static files) on 127.0.0.1:PCRS_BENCH_PAGES_PORT
(8098). Chromium (/usr/bin/chromium, headless) logs in once per user, then opens each page in
a new browser context holding only the session cookie: an empty cache, as on a first visit.

Transferred: the bytes on the wire, headers and bodies, compressed as served (the browser asks
for gzip and brotli, as every browser does). Uncompressed: the bodies once decoded.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "demo-pass-2026"  # the demo users' published password (README)
BUDGET_BYTES = 300 * 1024
BUDGET_REQUESTS = 15


@dataclass
class PageWeight:
    """One cold load of one page: its requests, bytes, and the hosts it reached."""

    url: str
    requests: int = 0
    transferred: int = 0  # headers + bodies as sent (compressed)
    uncompressed: int = 0  # bodies once decoded
    other_hosts: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)  # answers of 400 and above, network errors

    def problems(self) -> list[str]:
        """What breaks the budget, in words (empty when within it)."""
        found = []
        if self.transferred >= BUDGET_BYTES:
            found.append(f"{self.transferred / 1024:.0f} KB transferred (budget 300 KB)")
        if self.requests >= BUDGET_REQUESTS:
            found.append(f"{self.requests} requests (budget under {BUDGET_REQUESTS})")
        if self.other_hosts:
            found.append(f"requests to other hosts: {sorted(self.other_hosts)}")
        if self.failed:
            found.append(f"failed requests: {self.failed}")
        return found


def measure(page: Any, url: str) -> PageWeight:
    """Open `url` in `page` (a Playwright page whose context has an empty cache) and weigh it.

    Counts every request the page makes until the network is idle (deferred scripts, data a
    script fetches), summing Chromium's own figures of bytes received: `sizes()` gives each
    response's headers and (encoded) body sizes as they crossed the network.
    """
    origin = urllib.parse.urlsplit(url).netloc
    weight = PageWeight(url=url)
    responses: list[Any] = []

    def on_request(request: Any) -> None:
        if request.url.startswith("data:"):
            return
        weight.requests += 1
        host = urllib.parse.urlsplit(request.url).netloc
        if host != origin:
            weight.other_hosts.add(host)

    def on_response(response: Any) -> None:
        responses.append(response)

    def on_failed(request: Any) -> None:
        weight.failed.append(f"{request.url} (no answer)")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        page.remove_listener("request", on_request)
        page.remove_listener("response", on_response)
        page.remove_listener("requestfailed", on_failed)
    for response in responses:
        if response.status >= 400:
            weight.failed.append(f"{response.url} ({response.status})")
        sizes = response.request.sizes()
        weight.transferred += sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
        if not 300 <= response.status < 400:  # a redirect has no body to read
            weight.uncompressed += len(response.body())
    return weight


def cold_page(browser: Any, storage_state: Any) -> Any:
    """A page in a new context: an empty HTTP cache, logged in with `storage_state`'s cookie."""
    context = browser.new_context(storage_state=storage_state)
    return context.new_page()


def log_in_state(browser: Any, base: str, username: str, *, password: str = PASSWORD) -> Any:
    """Log in through the login page; returns the context's storage state (the session)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    state = context.storage_state()
    context.close()
    return state


def _prepare_database(path: Path, *, reuse: bool) -> dict[str, str]:
    """Migrate and load the demo into the SQLite file `path`; returns ids the pages need."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    if not (reuse and path.exists()):
        path.unlink(missing_ok=True)
        for args in (["manage.py", "migrate", "--noinput", "-v0"], ["manage.py", "load_demo"]):
            subprocess.run([python, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    script = (
        "import django; django.setup()\n"
        "from pcrs.registry.models import Pledge\n"
        "from pcrs.generation.models import GenerationRun\n"
        "p = Pledge.objects.filter(member_state__iso3='BGD').order_by('created_at', 'pk').first()\n"
        "r = GenerationRun.objects.order_by('-pk').first()\n"
        "print(p.pk, r.pk if r else '-')\n"
    )
    out = subprocess.run(
        [python, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return {"pledge": out[0], "run": out[1]}


def pages(ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """The main pages, as (user, page, address); an empty user is anonymous."""
    pledge = ids["pledge"]
    found = [
        ("", "log-in page", "/accounts/login/"),
        ("secretariat", "home", "/"),
        ("secretariat", "pledge list", "/registry/pledges/"),
        ("secretariat", "pledge page", f"/registry/pledges/{pledge}/"),
        ("secretariat", "readiness overview", "/readiness/"),
        ("secretariat", "readiness page", f"/readiness/pledges/{pledge}/"),
        ("secretariat", "missions list", "/missions/"),
        ("secretariat", "mission page", "/missions/MINUSCA/"),
        ("secretariat", "gaps page", "/missions/gaps/"),
        ("secretariat", "generation", "/generation/"),
        ("fp-bgd", "home", "/"),
        ("fp-bgd", "pledge list", "/registry/pledges/"),
        ("fp-bgd", "pledge form (new)", "/registry/pledges/new/"),
        ("fp-bgd", "pledge form (edit)", f"/registry/pledges/{pledge}/edit/"),
        ("fp-bgd", "requests", "/generation/cases/"),
        ("observer", "home", "/"),
        ("observer", "statistics overview", "/registry/overview/"),
        ("planner-minusca", "home", "/"),
    ]
    if ids["run"] != "-":
        found.insert(
            10, ("secretariat", "generation run review", f"/generation/runs/{ids['run']}/")
        )
    return found


def _wait_for(host: str, port: int) -> bool:
    """collectstatic compresses every file first: minutes on a busy machine."""
    for _ in range(1200):
        try:
            probe = http.client.HTTPConnection(host, port, timeout=5)
            probe.request("GET", "/accounts/login/")
            if probe.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def run() -> str | None:
    if not Path(CHROMIUM).exists():
        print(f"bench_pages: {CHROMIUM} is missing (apt-get install chromium)")
        return None
    from playwright.sync_api import sync_playwright

    host = "127.0.0.1"
    port = int(os.environ.get("PCRS_BENCH_PAGES_PORT", "8098"))
    db = Path(
        os.environ.get(
            "PCRS_BENCH_PAGES_DB", Path(tempfile.gettempdir()) / "pcrs-bench-pages.sqlite3"
        )
    )
    ids = _prepare_database(db, reuse=os.environ.get("PCRS_BENCH_REUSE_DB") == "1")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "PORT": str(port),
        "ACCESS_LOG": "0",
        "LOG_LEVEL": "WARNING",
    }
    server_log = Path(tempfile.gettempdir()) / f"pcrs-bench-pages-{port}.log"
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=server_log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        if not _wait_for(host, port):
            print(f"bench_pages: the server did not start (see {server_log})")
            return None
        base = f"http://{host}:{port}"
        rows = [
            "| user | page | requests | KB transferred | KB uncompressed | other hosts |",
            "|---|---|---|---|---|---|",
        ]
        over: list[str] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            states: dict[str, Any] = {"": None}
            for username, what, path in pages(ids):
                if username not in states:
                    states[username] = log_in_state(browser, base, username)
                page = cold_page(browser, states[username])
                weight = measure(page, f"{base}{path}")
                page.context.close()
                shown = path.replace(ids["pledge"], "<id>").replace(ids["run"], "<id>")
                rows.append(
                    f"| {username or 'anonymous'} | {what} (`{shown}`)"
                    f" | {weight.requests} | {weight.transferred / 1024:.0f} | "
                    f"{weight.uncompressed / 1024:.0f} | {len(weight.other_hosts)} |"
                )
                over += [f"{username or 'anonymous'}: {what}: {p}" for p in weight.problems()]
            browser.close()
        verdict = (
            "Every page is within the budget."
            if not over
            else "Over the budget:\n\n" + "\n".join(f"- {line}" for line in over)
        )
        return "\n".join(
            [
                "## Pages: cold-load weight (requests, bytes on the wire)",
                "",
                "The demo on SQLite served by `scripts/serve` (granian, DEBUG off, WhiteNoise's "
                "compressed static files); each page opened in headless Chromium with an empty "
                "cache, logged in as the user named. Targets (issue 17): under 300 KB "
                "transferred and under 15 requests, no request to another host. "
                "`pcrs/generation/tests/test_browser_page_weight.py` asserts the same budget "
                "on every test run.",
                "",
                *rows,
                "",
                verdict,
            ]
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
