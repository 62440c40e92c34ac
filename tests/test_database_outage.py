"""The database goes away during use: clean 503s (page and JSON), then service resumes by itself.

The outage is simulated by making every new cursor fail as a dropped server connection does;
the real restart of PostgreSQL is the drill in scripts/drill-postgres-restart (run by .ci/run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from conftest import api_client_for
from pcrs.core.outage import OUTAGE_MESSAGE


@contextmanager
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(self: BaseDatabaseWrapper, *args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        yield


def test_pages_answer_503_while_the_database_is_away_then_recover(
    monkeypatch, secretariat, make_pledge
):
    make_pledge("BGD")
    browser = Client(raise_request_exception=False)
    browser.force_login(secretariat)

    with database_down(monkeypatch):
        page = browser.get("/registry/pledges/")
    assert page.status_code == 503
    assert page["Retry-After"]
    body = page.content.decode()
    assert OUTAGE_MESSAGE in body
    assert "Traceback" not in body
    assert "Unavailable for a moment" in body

    assert browser.get("/registry/pledges/").status_code == 200


def test_api_answers_503_json_while_the_database_is_away_then_recovers(
    monkeypatch, secretariat, make_pledge
):
    make_pledge("BGD")
    client = api_client_for(secretariat)
    client.raise_request_exception = False

    with database_down(monkeypatch):
        response = client.get("/api/v1/pledges/")
    assert response.status_code == 503
    assert response.json() == {"detail": OUTAGE_MESSAGE}

    after = client.get("/api/v1/pledges/")
    assert after.status_code == 200
    assert after.json()["count"] == 1


@pytest.mark.django_db(transaction=True)
def test_connections_killed_by_the_server_are_replaced_on_the_next_request(
    secretariat, make_pledge
):
    if connection.vendor != "postgresql":
        pytest.skip("terminating server connections needs PostgreSQL")
    make_pledge("BGD")
    client = api_client_for(secretariat)
    assert client.get("/api/v1/pledges/").status_code == 200
    # What a restart does to every idle connection of the app (pooled ones included).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()
    response = client.get("/api/v1/pledges/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
