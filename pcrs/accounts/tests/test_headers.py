"""Headers every response carries: a Content-Security-Policy without inline scripts, no-store
on anything showing a State's data; and production refuses an unfit SECRET_KEY."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from config.settings.security import secret_key_refusal

# A script element that runs code (json_script's data blocks do not).
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>', re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()
    }


def test_pages_and_api_carry_a_csp_that_forbids_inline_scripts(client, api, secretariat):
    for response in (client.get("/accounts/login/"), api(secretariat).get("/api/v1/pledges/")):
        policy = csp_of(response)
        assert policy["script-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/registry/pledges/",
        "/registry/pledges/new/",
        "/registry/overview/",
        "/registry/catalogue/",
        "/readiness/",
        "/missions/",
        "/accounts/tokens/",
        "/admin/",
        "/api/docs/",
    ],
)
def test_no_page_needs_an_inline_script(client, make_user, make_pledge, url):
    from pcrs.accounts.models import Role

    make_pledge("BGD")
    user = make_user("root", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert not INLINE_SCRIPT.findall(body), url
    assert not INLINE_HANDLER.findall(body), url


def test_confidential_pages_and_api_are_never_stored(client, api, fp_bgd, make_pledge):
    pledge = make_pledge("BGD")
    client.force_login(fp_bgd)
    for response in (
        client.get(reverse("registry:pledge_detail", args=[pledge.pk])),
        client.get(reverse("registry:pledge_list")),
        api(fp_bgd).get(f"/api/v1/pledges/{pledge.pk}/"),
        api(fp_bgd).get("/api/v1/pledges/aggregates/"),
    ):
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("key", "refused"),
    [
        (None, True),
        ("", True),
        ("insecure-demo-key-do-not-use-in-production", True),
        ("django-insecure-" + "x1y2z3" * 10, True),
        ("my-demo-key-" + "a1b2c3d4" * 8, True),
        ("short-but-random-7f3a", True),
        ("a" * 60, True),
        ("kT9-vQ2_xL7mN4pR8sW1zY6bC3dF5gH0jK2lM9nP4qS7tV1wX8yZ", False),
    ],
)
def test_production_refuses_a_short_or_demo_secret_key(key, refused):
    assert (secret_key_refusal(key) is not None) is refused
