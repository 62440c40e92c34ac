"""Every page and endpoint needs a login, unless it is on the short public list below.

The URL patterns are discovered from the resolver, so a page added later by any app is
checked too: forgetting to protect it fails this test.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Explicitly public: how one logs in (page and API) and out, and the language switch (the log-in
# page offers it; it only sets a cookie, and a user's language when one is logged in).
PUBLIC = {"/accounts/login/", "/accounts/logout/", "/api/v1/auth/token/", "/i18n/setlang/"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    """A URL for a route pattern, with placeholder values for its parameters."""
    route = route.lstrip("^").rstrip("$").replace("\\.", ".")
    route = re.sub(r"<(?:uuid:)?(?:pk|id|pledge_id)>", str(uuid.uuid4()), route)
    route = re.sub(r"<(?:int:)?[a-z_]+>", "1", route)
    route = re.sub(r"<[a-z]+:[a-z_]+>", "x", route)
    route = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "1", route)
    route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
    route = route.replace("\\", "").replace("^", "").replace("$", "").replace("?", "")
    return "/" + route


def all_routes() -> list[str]:
    routes = sorted({_concrete(r) for r in _walk(get_resolver().url_patterns)})
    return [r for r in routes if not r.startswith("/admin/") and "format" not in r]


@pytest.mark.django_db
@pytest.mark.parametrize("url", all_routes())
def test_anonymous_user_is_refused_everywhere_but_the_public_list(client, url):
    if url in PUBLIC:
        pytest.skip("explicitly public")
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code in (401, 404, 405), url
    else:
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.django_db
def test_admin_requires_staff_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_route_discovery_sees_the_main_pages():
    routes = all_routes()
    assert "/" in routes
    assert "/api/v1/pledges/" in routes
    assert "/api/schema/" in routes


@pytest.mark.django_db
def test_not_found_page_echoes_nothing_of_the_request(client, fp_bgd, settings):
    settings.DEBUG = False
    client.force_login(fp_bgd)
    secret = "BGD-secret-pledge-name"
    response = client.get(f"/registry/pledges/{secret}/")
    assert response.status_code == 404
    assert secret not in response.content.decode()
    assert "Not found" in response.content.decode()
