"""Rate limits that a client cannot talk around with headers it writes itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from conftest import PASSWORD
from pcrs.accounts.throttle import client_address

TOKEN_URL = "/api/v1/auth/token/"
FORGED = [
    {"HTTP_X_FORWARDED_FOR": "203.0.113.{n}"},
    {"HTTP_FORWARDED": "for=203.0.113.{n}"},
    {"HTTP_X_FORWARDED_FOR": "198.51.100.{n}, 203.0.113.{n}", "HTTP_X_REAL_IP": "10.0.0.{n}"},
]


def forged(headers: dict[str, str], n: int) -> dict[str, Any]:
    return {k: v.format(n=n) for k, v in headers.items()}


@pytest.mark.parametrize("headers", FORGED)
def test_without_trusted_proxies_the_address_is_the_connection_whatever_the_headers(headers):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", **forged(headers, 1))
    assert client_address(request) == "192.0.2.7"


def test_with_one_trusted_proxy_only_the_entry_it_appended_counts(settings):
    settings.PCRS_TRUSTED_PROXIES = 1
    # The client wrote 203.0.113.9 itself; our proxy appended the address it really saw.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.7"
    )
    assert client_address(request) == "192.0.2.7"
    settings.PCRS_TRUSTED_PROXIES = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.7, 10.0.0.1"
    )
    assert client_address(request) == "192.0.2.7"
    # A request that reached us around the proxies carries too few hops: its own address.
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "192.0.2.99"


@pytest.mark.parametrize("headers", FORGED)
def test_token_endpoint_rate_limit_holds_against_forged_headers(db, headers, settings):
    limit = 20  # "token": "20/min" per address
    client = APIClient()
    statuses = [
        client.post(
            TOKEN_URL, {"username": f"nobody-{n}", "password": "x"}, **forged(headers, n)
        ).status_code
        for n in range(limit + 1)
    ]
    assert statuses[:10] == [400] * 10  # wrong credentials, counted
    assert statuses[-1] == 429  # the forged headers did not reset the count


@pytest.mark.parametrize("headers", FORGED)
def test_login_page_limits_failures_per_address_across_user_names(
    client, make_user, headers, settings
):
    # One wrong password for each of many predictable names, each with a made-up address.
    names = [f"fp-x{n:02d}" for n in range(settings.PCRS_LOGIN_ATTEMPTS_PER_ADDRESS + 2)]
    for name in names:
        make_user(name)
    statuses = [
        client.post(
            "/accounts/login/", {"username": name, "password": "wrong"}, **forged(headers, n)
        ).status_code
        for n, name in enumerate(names)
    ]
    limit = settings.PCRS_LOGIN_ATTEMPTS_PER_ADDRESS
    assert statuses[:limit] == [200] * limit  # the form again, with its error
    assert statuses[limit:] == [429, 429]
    # Even the right password is refused from this address until the window passes.
    response = client.post("/accounts/login/", {"username": names[0], "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_token_endpoint_limits_failures_per_user_name_across_addresses(fp_kaz, settings):
    client = APIClient()
    for n in range(settings.PCRS_LOGIN_ATTEMPTS_PER_USERNAME):
        client.post(TOKEN_URL, {"username": "fp-kaz", "password": "x"}, REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(
        TOKEN_URL, {"username": "fp-kaz", "password": PASSWORD}, REMOTE_ADDR="192.0.2.200"
    )
    assert response.status_code == 429
    assert "token" not in response.json()


def test_other_addresses_and_names_are_not_held_back(fp_kaz, fp_bgd, settings):
    client = APIClient()
    for n in range(settings.PCRS_LOGIN_ATTEMPTS_PER_ADDRESS):
        client.post(
            TOKEN_URL, {"username": f"nobody-{n}", "password": "x"}, REMOTE_ADDR="192.0.2.1"
        )
    assert (
        client.post(
            TOKEN_URL, {"username": "fp-kaz", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
        ).status_code
        == 429
    )
    response = client.post(
        TOKEN_URL, {"username": "fp-kaz", "password": PASSWORD}, REMOTE_ADDR="192.0.2.2"
    )
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_garbage_forwarded_entry_falls_back_to_the_connection(settings):
    settings.PCRS_TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="unknown")
    assert client_address(request) == "10.0.0.2"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None
