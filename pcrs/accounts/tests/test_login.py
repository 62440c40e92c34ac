import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.test import override_settings

from conftest import PASSWORD
from pcrs.accounts.models import Role, User


def test_login_page_logs_in_and_lands_on_home(client, fp_bgd):
    response = client.post("/accounts/login/", {"username": "fp-bgd", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert b"Bangladesh" in home.content


def test_wrong_password_is_refused_with_a_message(client, fp_bgd):
    response = client.post("/accounts/login/", {"username": "fp-bgd", "password": "wrong"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_account_locks_after_repeated_failures(client, fp_bgd, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "fp-bgd", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "fp-bgd", "password": PASSWORD})
    assert response.status_code == 429
    assert b"locked" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, fp_bgd):
    client.force_login(fp_bgd)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_idle_session_expires(client, fp_bgd, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    client.force_login(fp_bgd)
    client.get("/")  # records the visit
    import time

    time.sleep(0.01)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user("someone", password="s3cret-pass-2026", role=Role.OBSERVER)
    assert identify_hasher(user.password).algorithm == "argon2"
    assert check_password("s3cret-pass-2026", user.password)


def test_production_settings_put_argon2_first():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_focal_point_must_have_a_member_state(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create_user("fp-nowhere", password="x", role=Role.FOCAL_POINT)


def test_administrator_manages_users_in_the_admin_site(client, make_user, fp_bgd):
    admin_user = make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = client.get("/admin/accounts/user/")
    assert page.status_code == 200
    assert b"fp-bgd" in page.content


def test_focal_point_cannot_open_the_admin_site(client, fp_bgd):
    client.force_login(fp_bgd)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_page_view_within_a_minute_writes_nothing(client, fp_bgd, django_assert_num_queries):
    """The idle stamp is written at most once a minute: a second page view soon after the
    first does not save the session (no UPDATE of the session row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(fp_bgd)
    client.get("/")  # stamps the visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []


def test_the_idle_stamp_is_refreshed_after_a_minute(client, fp_bgd, settings, monkeypatch):
    """An active user is not logged out at the idle timeout: the stamp moves once a minute."""
    import time

    from pcrs.accounts import middleware

    settings.SESSION_IDLE_TIMEOUT = 90
    clock = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    client.force_login(fp_bgd)
    client.get("/")
    for _ in range(4):  # a request every 60 s for 4 minutes: never idle for 90 s
        clock[0] += middleware.ACTIVITY_RESOLUTION
        assert client.get("/").status_code == 200
    clock[0] += 91  # then 91 s without a request
    assert client.get("/").status_code == 302


def test_an_overlong_password_is_refused_before_hashing_with_the_limit_named(
    client, fp_bgd, monkeypatch
):
    from django.contrib.auth import hashers

    from pcrs.accounts.forms import PASSWORD_MAX_LENGTH

    checked: list[int] = []
    real_check = hashers.check_password

    def counting_check(*args, **kwargs):
        checked.append(1)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(hashers, "check_password", counting_check)
    response = client.post(
        "/accounts/login/", {"username": "fp-bgd", "password": "x" * (PASSWORD_MAX_LENGTH + 1)}
    )
    assert response.status_code == 200
    assert f"at most {PASSWORD_MAX_LENGTH} characters" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert checked == []


def test_an_overlong_user_name_is_refused_with_the_limit_named(client, db):
    response = client.post("/accounts/login/", {"username": "u" * 151, "password": "whatever"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


def test_the_length_limits_are_named_in_french_to_a_french_browser(db):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post("/accounts/login/", {"username": "u" * 151, "password": "p" * 257})
    html = response.content.decode()
    assert "Un nom d\u2019utilisateur ne peut pas dépasser 150 caractères." in html
    assert "Un mot de passe ne peut pas dépasser 256 caractères." in html
    assert "at most" not in html


def test_an_overlong_new_password_changes_nothing_and_names_the_limit(client, fp_bgd):
    from conftest import PASSWORD
    from pcrs.accounts.forms import PASSWORD_MAX_LENGTH

    client.force_login(fp_bgd)
    long = "Long-pass-2026-" * 20
    assert len(long) > PASSWORD_MAX_LENGTH
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": long, "new_password2": long},
    )
    assert response.status_code == 200
    assert f"at most {PASSWORD_MAX_LENGTH} characters" in response.content.decode()
    fp_bgd.refresh_from_db()
    assert fp_bgd.check_password(PASSWORD)
