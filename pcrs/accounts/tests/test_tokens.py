"""API tokens a user controls: hashed, one per log-in, revocable, void after log-out and
password change; nobody else can read or mint one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from pcrs.accounts.models import ApiToken, Role
from pcrs.core.models import AuditEvent
from pcrs.core.tests.helpers import exported_rows

TOKEN_URL = "/api/v1/auth/token/"
PROBE = "/api/v1/capability-types/"


def issue(username: str) -> str:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token", "expires_at"}
    return response.json()["token"]


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def works(key: str) -> bool:
    status = bearer(key).get(PROBE).status_code
    assert status in (200, 401)
    return status == 200


def test_the_key_is_stored_only_as_a_hash(fp_kaz):
    key = issue("fp-kaz")
    token = ApiToken.objects.get()
    assert works(key)
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert key not in stored
    assert token.prefix == key[:8] and len(key) > 40
    assert token.key_hash != key


def test_each_log_in_issues_a_new_token_with_an_expiry(fp_kaz, settings):
    first, second = issue("fp-kaz"), issue("fp-kaz")
    assert first != second
    assert works(first) and works(second)
    for token in ApiToken.objects.all():
        assert token.expires_at - token.created == pytest.approx(
            dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS), abs=dt.timedelta(seconds=5)
        )
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not works(first)


def test_delete_revokes_the_callers_token_only(fp_kaz):
    mine, other = issue("fp-kaz"), issue("fp-kaz")
    before = AuditEvent.objects.filter(action="token.revoke").count()
    assert bearer(mine).delete(TOKEN_URL).status_code == 204
    assert not works(mine)
    assert works(other)
    assert AuditEvent.objects.filter(action="token.revoke").count() == before + 1
    assert bearer(mine).delete(TOKEN_URL).status_code == 401  # already revoked


def test_delete_without_a_token_is_refused_and_changes_nothing(client, fp_kaz):
    key = issue("fp-kaz")
    assert APIClient().delete(TOKEN_URL).status_code == 401
    session = APIClient()
    session.force_login(fp_kaz)
    assert session.delete(TOKEN_URL).status_code in (401, 403)
    assert works(key)
    assert ApiToken.objects.live().count() == 1


def test_logging_out_revokes_the_users_tokens(client, fp_kaz, fp_bgd):
    mine, theirs = issue("fp-kaz"), issue("fp-bgd")
    client.post("/accounts/login/", {"username": "fp-kaz", "password": PASSWORD})
    client.post("/accounts/logout/")
    assert not works(mine)
    assert works(theirs)


def test_a_password_change_voids_the_users_tokens(fp_kaz):
    key = issue("fp-kaz")
    fp_kaz.set_password("a-new-long-passphrase-2026")
    fp_kaz.save()
    assert not works(key)


def test_a_deactivated_users_token_is_refused(fp_kaz):
    key = issue("fp-kaz")
    fp_kaz.is_active = False
    fp_kaz.save()
    assert not works(key)


def test_a_made_up_or_malformed_token_gets_401(db):
    for header in ("Bearer nope", "Bearer", "Bearer a b", "Bearer \u00e9\u00e9"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(PROBE).status_code == 401


def test_the_tokens_page_lists_and_revokes_only_ones_own(client, fp_kaz, fp_bgd):
    mine, theirs = issue("fp-kaz"), issue("fp-bgd")
    client.force_login(fp_kaz)
    page = client.get("/accounts/tokens/").content.decode()
    assert mine[:8] in page and theirs[:8] not in page
    assert mine not in page  # never the key itself
    their_token = ApiToken.objects.get(user=fp_bgd)
    response = client.post(f"/accounts/tokens/{their_token.pk}/revoke/")
    assert response.status_code == 404
    for malformed in ("abc", "9" * 30, "-1"):
        assert client.post(f"/accounts/tokens/{malformed}/revoke/").status_code == 404
    assert works(theirs)
    my_token = ApiToken.objects.get(user=fp_kaz)
    client.post(f"/accounts/tokens/{my_token.pk}/revoke/")
    assert not works(mine)
    assert "revoked" in client.get("/accounts/tokens/").content.decode()


def test_the_admin_site_shows_no_key_and_mints_no_token(client, make_user, fp_kaz):
    admin = make_user("root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    key = issue("fp-kaz")
    client.force_login(admin)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200
    assert key[:8] in listing.content.decode() and key not in listing.content.decode()
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    count = ApiToken.objects.count()
    client.post("/admin/accounts/apitoken/add/", {"user": fp_kaz.pk})
    assert ApiToken.objects.count() == count
    token = ApiToken.objects.get()
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert key not in detail
    client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert not works(key)


def test_changing_ones_password_on_its_page_revokes_tokens_and_is_audited(client, fp_kaz):
    key = issue("fp-kaz")
    client.force_login(fp_kaz)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-fresh-long-passphrase-26",
            "new_password2": "a-fresh-long-passphrase-26",
        },
    )
    assert response.status_code == 302
    assert not works(key)
    assert AuditEvent.objects.filter(action="user.password_change", actor=fp_kaz).count() == 1
    assert not ApiToken.objects.live().exists()


def test_a_wrong_old_password_changes_nothing(client, fp_kaz):
    key = issue("fp-kaz")
    client.force_login(fp_kaz)
    before = AuditEvent.objects.count()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "x-long-pass-26",
            "new_password2": "x-long-pass-26",
        },
    )
    assert response.status_code == 200
    assert works(key)
    assert AuditEvent.objects.count() == before


def test_last_used_is_stamped_at_most_once_a_minute(fp_kaz):
    """A token's last use is recorded, but not with a write on every call."""
    api = bearer(issue("fp-kaz"))
    assert api.get("/api/v1/pledges/").status_code == 200
    token = ApiToken.objects.get(user=fp_kaz)
    first = token.last_used
    assert first is not None
    assert api.get("/api/v1/pledges/").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used == first
    ApiToken.objects.filter(pk=token.pk).update(last_used=first - dt.timedelta(seconds=61))
    assert api.get("/api/v1/pledges/").status_code == 200
    later = ApiToken.objects.get(pk=token.pk).last_used
    assert later is not None
    assert later > first


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_tokens_export_lists_ones_own_without_the_key(client, fp_kaz, fp_bgd, fmt):
    mine = issue("fp-kaz")
    theirs = issue("fp-bgd")
    bearer(mine).delete(TOKEN_URL)  # revoked: still listed, as on the page
    client.force_login(fp_kaz)
    response = client.get(f"/accounts/tokens/?format={fmt}")
    assert response.status_code == 200
    rows = exported_rows(response)
    assert rows[0] == ["Token", "Issued", "Expires", "Last used", "Status", "Revoked"]
    assert [(row[0], row[4]) for row in rows[1:]] == [(f"{mine[:8]}…", "revoked")]
    body = "\n".join(",".join(row) for row in rows)
    assert mine not in body and theirs[:8] not in body
