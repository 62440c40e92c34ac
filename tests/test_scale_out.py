"""Scale-out: two app servers and two task workers on one PostgreSQL; no work lost or doubled."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from conftest import PASSWORD, pledge_payload
from pcrs.registry.models import Pledge

ROOT = Path(__file__).resolve().parent.parent
PORTS = (8115, 8116)
PLEDGES = 40
TASKS = 60


def _env(settings: str = "config.settings.demo") -> dict[str, str]:
    """The test database; servers take the test settings (their password hasher), workers
    the database task backend."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        "PCRS_CACHE": "database",  # the cache every server shares, as in production
    }


def _call(port: int, method: str, path: str, body: object, token: str = "") -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, (json.loads(data) if data.startswith(b"{") else {})


def _wait_until_serving(port: int) -> None:
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"no server on {port}")


@pytest.mark.django_db(transaction=True)
def test_two_servers_and_two_workers_lose_and_double_nothing(tmp_path, fp_kaz, infantry):
    if connection.vendor != "postgresql":
        pytest.skip("scale-out runs against PostgreSQL")
    log = tmp_path / "runs.log"
    for i in range(TASKS):
        DBTaskResult.objects.create(
            task_path="tests.worker_tasks.record_run",
            args_kwargs={"args": [str(log), f"task-{i}"], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=get_date_max(),
            priority=0,
        )
    python = str(ROOT / ".venv" / "bin" / "python")
    processes = [
        subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--blocking-threads",
                "4",
                "--no-access-log",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=_env("config.settings.test"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for port in PORTS
    ] + [
        subprocess.Popen(
            [python, "manage.py", "db_worker", "--interval", "0.2", "--worker-id", f"w{n}"],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for n in (1, 2)
    ]
    try:
        for port in PORTS:
            _wait_until_serving(port)
        status, body = _call(
            PORTS[0], "POST", "/api/v1/auth/token/", {"username": "fp-kaz", "password": PASSWORD}
        )
        assert status == 200, body
        token = body["token"]

        answers: list[int] = []

        def create(i: int) -> None:
            payload = pledge_payload(title=f"SCALE-{i}")
            answers.append(_call(PORTS[i % 2], "POST", "/api/v1/pledges/", payload, token)[0])

        threads = [threading.Thread(target=create, args=(i,)) for i in range(PLEDGES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert answers == [201] * PLEDGES
        titles = list(
            Pledge.objects.filter(title__startswith="SCALE-").values_list("title", flat=True)
        )
        assert sorted(titles) == sorted(f"SCALE-{i}" for i in range(PLEDGES))

        # A write on one server shows at once on the other's cached list (ADR 0065: the data
        # version lives in the shared cache).
        listing = "/api/v1/pledges/?page_size=100"
        status, listed = _call(PORTS[1], "GET", listing, None, token)
        assert (status, listed["count"]) == (200, PLEDGES)
        assert (
            _call(PORTS[0], "POST", "/api/v1/pledges/", pledge_payload(title="FRESH-1"), token)[0]
            == 201
        )
        status, listed = _call(PORTS[1], "GET", listing, None, token)
        assert (status, listed["count"]) == (200, PLEDGES + 1)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists():
                break
            time.sleep(0.5)
        runs = Counter(log.read_text().split())
        assert runs == Counter(f"task-{i}" for i in range(TASKS)), "a task lost or run twice"
        workers = Counter(r.worker_ids[-1] for r in DBTaskResult.objects.all())
        assert set(workers) == {"w1", "w2"}, workers  # both workers took a share

        # The per-address log-in limit counts failures on both servers together (the cache
        # is shared): a per-process cache would let each server allow the whole limit.
        limit = settings.PCRS_LOGIN_ATTEMPTS_PER_ADDRESS
        statuses = [
            _call(
                PORTS[i % 2],
                "POST",
                "/api/v1/auth/token/",
                {"username": f"nobody-{i}", "password": "wrong"},
            )[0]
            for i in range(limit + 2)
        ]
        assert statuses[:limit] == [400] * limit, statuses
        assert statuses[limit:] == [429, 429], statuses
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=40)
