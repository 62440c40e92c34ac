"""Changes to users, roles, States' focal points and rights made in the admin site land in
the append-only audit trail, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from conftest import PASSWORD
from pcrs.accounts.models import ApiToken, Role, User
from pcrs.core.models import AuditEvent


@pytest.fixture
def admin_client(client, make_user):
    root = make_user("root", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(root)
    client.root = root
    return client


def form_of(user: User, **changes: Any) -> dict[str, Any]:
    """The admin change form as the browser posts it, with `changes` applied."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "role": user.role,
        "member_state": user.member_state_id or "",
        "mission": user.mission_id or "",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def events(user: User, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_id=str(user.pk), action=action).order_by("pk"))


def test_a_role_and_state_change_in_the_admin_is_audited_with_who_and_what(
    admin_client, fp_bgd, make_state
):
    kaz = make_state("KAZ")
    response = admin_client.post(
        f"/admin/accounts/user/{fp_bgd.pk}/change/", form_of(fp_bgd, member_state=kaz.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (event,) = events(fp_bgd, "user.update")
    assert event.actor == admin_client.root
    assert {"field": "member_state", "old": "Bangladesh", "new": "Kazakhstan"} in event.changes

    admin_client.post(
        f"/admin/accounts/user/{fp_bgd.pk}/change/",
        form_of(User.objects.get(pk=fp_bgd.pk), role=Role.OBSERVER, member_state=""),
    )
    event = events(fp_bgd, "user.update")[-1]
    fields = {c["field"]: (c["old"], c["new"]) for c in event.changes}
    assert fields["role"] == (Role.FOCAL_POINT, Role.OBSERVER)
    assert fields["member_state"] == ("Kazakhstan", None)


def test_granting_staff_and_a_group_in_the_admin_is_audited(admin_client, observer):
    group = Group.objects.create(name="Auditors")
    admin_client.post(
        f"/admin/accounts/user/{observer.pk}/change/",
        form_of(observer, is_staff="on", groups=[group.pk]),
    )
    (update,) = events(observer, "user.update")
    assert {"field": "is_staff", "old": False, "new": True} in update.changes
    (rights,) = events(observer, "user.rights")
    assert {"field": "groups", "old": [], "new": ["Auditors"]} in rights.changes


def test_creating_and_deleting_a_user_in_the_admin_is_audited(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "fp-new",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
            "usable_password": "true",
            "role": Role.OBSERVER,
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="fp-new")
    (created,) = events(user, "user.create")
    assert created.actor == admin_client.root
    admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(username="fp-new").exists()
    (deleted,) = events(user, "user.delete")
    assert {"field": "username", "old": "fp-new", "new": None} in deleted.changes


def test_a_password_change_in_the_admin_is_audited_and_revokes_tokens(admin_client, fp_kaz):
    from rest_framework.test import APIClient

    key = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "fp-kaz", "password": PASSWORD})
        .json()["token"]
    )
    response = admin_client.post(
        f"/admin/accounts/user/{fp_kaz.pk}/password/",
        {"password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    (event,) = events(fp_kaz, "user.password_change")
    assert event.actor == admin_client.root
    assert "another-long-passphrase" not in str(event.changes) + event.note
    assert not ApiToken.objects.live().filter(user=fp_kaz).exists()
    probe = APIClient()
    probe.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert probe.get("/api/v1/capability-types/").status_code == 401


def test_a_refused_admin_change_changes_nothing_and_audits_nothing(admin_client, fp_bgd):
    before = AuditEvent.objects.count()
    # A focal point without a State is refused by the model's constraint.
    response = admin_client.post(
        f"/admin/accounts/user/{fp_bgd.pk}/change/", form_of(fp_bgd, member_state="")
    )
    assert response.status_code == 200  # the form again, with the error
    fp_bgd.refresh_from_db()
    assert fp_bgd.member_state is not None
    assert AuditEvent.objects.count() == before
