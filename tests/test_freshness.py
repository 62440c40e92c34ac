"""Cached fragments are never stale and never cross sessions (pcrs/core/freshness.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, RequestFactory

from pcrs.accounts.models import Role, User
from pcrs.core import freshness
from pcrs.registry.models import Pledge


class Builds:
    """A fragment builder that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"<p>{Pledge.objects.count()} pledges</p>"


def _without_tokens(html: str) -> str:
    """A page without its CSRF tokens (masked afresh on each response)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def _request(session_key: str) -> Any:
    request = RequestFactory().get("/")
    request.session = type("Session", (), {"session_key": session_key})()
    return request


def test_a_fragment_is_built_once_per_data_version(make_pledge: Callable[..., Pledge]) -> None:
    build = Builds()
    request = _request("s1")
    assert freshness.fragment(request, "f", build) == "<p>0 pledges</p>"
    assert freshness.fragment(request, "f", build) == "<p>0 pledges</p>"
    assert build.calls == 1

    make_pledge("BGD")  # a write: the data has a new version

    assert freshness.fragment(request, "f", build) == "<p>1 pledges</p>"
    assert build.calls == 2


def test_each_write_in_its_own_transaction_changes_the_version(
    make_pledge: Callable[..., Pledge],
) -> None:
    """Inside a test's wrapping transaction, as in production: a second transaction's write
    after a first one's (whose commit-time bump the test never runs) still shows."""
    pledge = make_pledge("BGD")
    build = Builds()
    request = _request("s1")
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(title="first")
    freshness.fragment(request, "f", build)
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).delete()
    assert freshness.fragment(request, "f", build) == "<p>0 pledges</p>"
    assert build.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_changes_the_version_when_it_commits(
    make_pledge: Callable[..., Pledge],
) -> None:
    """Not inside the transaction: the version's cache row would be locked until the commit
    and every other writer would wait for it (tests/test_concurrent_writers.py)."""
    pledge = make_pledge("BGD")
    before = freshness.version()
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(title="first")
        Pledge.objects.filter(pk=pledge.pk).update(title="second")
        assert freshness.version() == before
        assert (
            sum(func is freshness.bump for _, func, _ in transaction.get_connection().run_on_commit)
            == 1
        )
    assert freshness.version() != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_version(make_pledge: Callable[..., Pledge]) -> None:
    pledge = make_pledge("BGD")
    before = freshness.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(title="never")
        raise RuntimeError
    assert freshness.version() == before


def test_reads_and_session_stamps_do_not_change_the_version(
    client: Client, make_user: Callable[..., User], make_pledge: Callable[..., Pledge]
) -> None:
    make_pledge("BGD")
    client.force_login(make_user("sec", Role.FORCE_GENERATION))
    client.get("/")
    before = freshness.version()
    list(Pledge.objects.all())
    client.get("/registry/pledges/")
    client.get("/")
    assert freshness.version() == before


def test_only_writes_to_application_tables_count() -> None:
    assert freshness.writes_data('UPDATE "registry_pledge" SET "title" = %s')
    assert freshness.writes_data('INSERT INTO "core_auditevent" ("x") VALUES (%s)')
    assert freshness.writes_data('DELETE FROM "missions_requirement" WHERE id = %s')
    assert not freshness.writes_data('SELECT "registry_pledge"."id" FROM "registry_pledge"')
    assert not freshness.writes_data('UPDATE "django_session" SET "expire_date" = %s')
    assert not freshness.writes_data('INSERT INTO "pcrs_cache" (cache_key) VALUES (%s)')


def test_sessions_never_share_a_fragment(make_pledge: Callable[..., Pledge]) -> None:
    build = Builds()
    freshness.fragment(_request("s1"), "f", build)
    freshness.fragment(_request("s2"), "f", build)
    assert build.calls == 2


def test_home_page_counts_follow_a_new_pledge_at_once(
    client: Client, make_user: Callable[..., User], make_pledge: Callable[..., Pledge]
) -> None:
    make_pledge("BGD", title="First")
    client.force_login(make_user("fp", Role.FOCAL_POINT, "BGD"))
    first = _without_tokens(client.get("/").content.decode())
    make_pledge("BGD", title="Second")
    second = _without_tokens(client.get("/").content.decode())
    assert first != second
    assert _without_tokens(client.get("/").content.decode()) == second


@pytest.mark.parametrize("path", ["/", "/missions/gaps/"])
def test_a_member_state_never_sees_the_secretariats_cached_fragments(
    client: Client,
    make_user: Callable[..., User],
    make_pledge: Callable[..., Pledge],
    settings: Any,
    path: str,
) -> None:
    """What a focal point sees after the Secretariat filled the cache is what it would see
    with no cache at all."""
    make_pledge("KAZ", title="Kazakh battalion")
    make_pledge("BGD", title="Bangladeshi battalion")
    secretariat = Client()
    secretariat.force_login(make_user("sec", Role.FORCE_GENERATION))
    client.force_login(make_user("fp", Role.FOCAL_POINT, "BGD"))
    assert secretariat.get(path).status_code == 200
    cached = client.get(path).content.decode()
    settings.PCRS_FRAGMENT_CACHE = False
    computed = client.get(path).content.decode()
    assert _without_tokens(cached) == _without_tokens(computed)
    assert _without_tokens(cached) != _without_tokens(secretariat.get(path).content.decode())


def test_the_pledge_list_shows_a_change_at_once(
    client: Client, make_user: Callable[..., User], make_pledge: Callable[..., Pledge]
) -> None:
    pledge = make_pledge("BGD", title="Old title")
    client.force_login(make_user("fp", Role.FOCAL_POINT, "BGD"))
    assert "Old title" in client.get("/registry/pledges/").content.decode()
    Pledge.objects.filter(pk=pledge.pk).update(title="New title")  # no model signal: SQL seen
    page = client.get("/registry/pledges/").content.decode()
    assert "New title" in page
    assert "Old title" not in page


def test_api_tokens_never_share_a_cached_list_and_see_changes(
    make_user: Callable[..., User], make_pledge: Callable[..., Pledge]
) -> None:
    from rest_framework.test import APIClient

    from pcrs.accounts.tokens import token_issue

    make_pledge("BGD", title="Bangladeshi battalion")
    make_pledge("KAZ", title="Kazakh battalion")
    clients = {}
    for name, state in (("fp-bgd", "BGD"), ("fp-kaz", "KAZ")):
        _token, secret = token_issue(user=make_user(name, Role.FOCAL_POINT, state))
        clients[state] = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def titles(state: str) -> set[str]:
        answer = clients[state].get("/api/v1/pledges/")
        assert answer.status_code == 200
        return {row["title"] for row in answer.json()["results"]}

    assert titles("BGD") == {"Bangladeshi battalion"}
    assert titles("KAZ") == {"Kazakh battalion"}
    assert titles("BGD") == {"Bangladeshi battalion"}
    make_pledge("BGD", title="Second battalion")
    assert titles("BGD") == {"Bangladeshi battalion", "Second battalion"}


def test_a_tokens_use_stamp_leaves_the_version_as_it_is(
    make_user: Callable[..., User], make_pledge: Callable[..., Pledge]
) -> None:
    """Else every cached fragment would be thrown away once a minute per token in use."""
    from rest_framework.test import APIClient

    from pcrs.accounts.models import ApiToken
    from pcrs.accounts.tokens import token_issue

    token, secret = token_issue(user=make_user("fp", Role.FOCAL_POINT, "BGD"))
    before = freshness.version()
    assert (
        APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/pledges/").status_code == 200
    )
    token.refresh_from_db()
    assert token.last_used is not None, "the stamp was written"
    assert freshness.version() == before
    ApiToken.objects.filter(pk=token.pk).update(last_used=None)  # any other write counts
    assert freshness.version() != before


@pytest.fixture
def database_cache(settings: Any) -> None:
    """The cache in the database, as several servers share it (the tests' default is local)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.CACHE_TABLE,
        }
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_cache")
def test_a_transaction_never_writes_the_cache_table(
    settings: Any, make_pledge: Callable[..., Pledge]
) -> None:
    """No statement inside a writing transaction touches the cache table: a version row
    updated there would stay locked until the commit, and every other writer would queue
    behind it. The commit bumps the version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pledge = make_pledge("BGD")
    before = freshness.version()
    build = Builds()
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        Pledge.objects.filter(pk=pledge.pk).update(title="first")
        assert freshness.fragment(_request("s1"), "f", build) == "<p>1 pledges</p>"
        Pledge.objects.filter(pk=pledge.pk).update(title="second")
    writes = [
        q["sql"]
        for q in inside.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"]) and settings.CACHE_TABLE in q["sql"]
    ]
    assert writes == []
    assert freshness.version() != before


@pytest.mark.django_db(transaction=True)
def test_a_fragment_built_in_a_rolled_back_transaction_is_not_kept(
    make_pledge: Callable[..., Pledge],
) -> None:
    make_pledge("BGD")
    request = _request("s1")
    with pytest.raises(RuntimeError), transaction.atomic():
        Pledge.objects.all().delete()
        assert freshness.fragment(request, "f", Builds()) == "<p>0 pledges</p>"
        raise RuntimeError
    assert freshness.fragment(request, "f", Builds()) == "<p>1 pledges</p>"
