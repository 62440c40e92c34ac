"""Notifications of consultations: an in-app notice now, an e-mail once the transaction commits.

Services call `notify(...)` inside their transaction: the Notification rows roll back with it,
and the mail leaves only on commit, so a refused change tells nobody anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from pcrs.accounts.models import Role, User
from pcrs.consultations.models import Notification


def state_focal_points(state_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role=Role.FOCAL_POINT, member_state_id__in=list(state_ids)
        )
    )


def secretariat_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role__in=[Role.FORCE_GENERATION, Role.ADMINISTRATOR])
    )


def notify(users: Iterable[User], *, subject: str, body: str, link: str) -> int:
    """One in-app notice per user, and an e-mail to each address, on commit."""
    people = {u.pk: u for u in users}.values()
    Notification.objects.bulk_create(
        Notification(user=u, subject=subject[:255], body=body, link=link) for u in people
    )
    url = settings.SITE_URL.rstrip("/") + link
    # One message per address: a State's focal point never sees who else was told.
    for address in sorted({u.email for u in people if u.email}):
        message = EmailMessage(
            subject=subject,
            body=f"{body}\n\n{url}\n\n-- Peacekeeping Capability Readiness System",
            to=[address],
        )
        transaction.on_commit(message.send)
    return len(people)
