"""Issue 17, point 6: every main page, loaded cold (empty cache) as each role opens it, stays
under 300 KB on the wire and 15 requests, and asks nothing of any other host.

The pages are served as production serves them: static files collected, hashed and compressed
(`config.storage.StaticStorage`) and served by WhiteNoise's middleware, not by the test server's
own uncompressed static handler; the bytes are Chromium's own count of what crossed the network.
docs/benchmarks.md (`benchmarks/bench_pages.py`) has the same figures on the demo data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test.testcases import LiveServerThread

from benchmarks.bench_pages import cold_page, log_in_state, measure
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_static_handler(application: WSGIHandler) -> WSGIHandler:
    """The application as it is: /static/ goes through WhiteNoise's middleware, as in production."""
    return application


@pytest.fixture
def served_as_in_production(settings: Any, tmp_path: Path) -> Iterator[str]:
    """A server thread with the static files collected and compressed; yields its address."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    # The audit script is for tests only, never on a page: no need to compress it here.
    call_command("collectstatic", interactive=False, verbosity=0)
    server = LiveServerThread("localhost", static_handler=_no_static_handler)  # type: ignore[arg-type]
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://localhost:{server.port}"
    finally:
        server.terminate()


def test_every_main_page_is_light_on_a_cold_load(
    served_as_in_production: str,
    browser: Any,
    main_journeys: dict[str, list[tuple[str, str]]],
) -> None:
    base = served_as_in_production
    over: list[str] = []
    compressed = 0
    for username, pages in main_journeys.items():
        state = log_in_state(browser, base, username, password=PASSWORD) if username else None
        for what, path in pages:
            page = cold_page(browser, state)
            try:
                weight = measure(page, f"{base}{path}")
            finally:
                page.context.close()
            # The page and its style sheets, at least, came over the network (nothing cached).
            assert weight.requests >= 3, (username, what, weight)
            compressed += weight.transferred < weight.uncompressed
            over += [f"{username or 'anonymous'}: {what} ({path}): {p}" for p in weight.problems()]
    assert over == [], "\n".join(over)
    # The static files were served compressed, as the budget assumes.
    assert compressed == sum(len(pages) for pages in main_journeys.values())
