"""Notifications of consultations: an in-app notice now, an e-mail once the transaction commits.

Services call `notify(...)` inside their transaction: the Notification rows roll back with it,
and the mail leaves only on commit, so a refused change tells nobody anything. Each notice and
mail is written in its recipient's language (User.email_language): pass the subject and body as
lazy translations (gettext_lazy, format_lazy) for them to follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import Role, User
from pcrs.consultations.models import ActionItem, Meeting, Notification


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


def notify(users: Iterable[User], *, subject: str | Promise, body: str | Promise, link: str) -> int:
    """One in-app notice per user, and an e-mail to each address, on commit."""
    people = {u.pk: u for u in users}.values()
    url = settings.SITE_URL.rstrip("/") + link
    notices: list[Notification] = []
    mailed: set[str] = set()
    for user in sorted(people, key=lambda u: (u.email, u.pk)):
        with translation.override(user.email_language):
            text, title = str(body), str(subject)
            notices.append(Notification(user=user, subject=title[:255], body=text, link=link))
            # One message per address: a State's focal point never sees who else was told.
            if not user.email or user.email in mailed:
                continue
            mailed.add(user.email)
            message = EmailMessage(
                subject=title,
                body=_("%(body)s\n\n%(url)s\n\n-- Peacekeeping Capability Readiness System")
                % {"body": text, "url": url},
                to=[user.email],
            )
        transaction.on_commit(message.send)
    Notification.objects.bulk_create(notices)
    return len(people)


# The texts of the consultations' notices. Labels are read inside `lazy` so that each recipient
# gets them in their language; dates are ISO (the same in every language).


def _label(read: Callable[[], object]) -> Promise:
    return lazy(lambda: str(read()), str)()  # type: ignore[return-value]


def meeting_invitation(users: Iterable[User], meeting: Meeting, *, link: str) -> int:
    mission = meeting.mission.acronym
    return notify(
        users,
        subject=format_lazy(
            gettext_lazy("Invitation: triangular consultation on {mission}, {date}"),
            mission=mission,
            date=f"{meeting.date:%Y-%m-%d}",
        ),
        body=format_lazy(
            gettext_lazy(
                "Your State is invited to a consultation on {mission} ({kind}), chaired by {chair}."
            ),
            mission=mission,
            kind=_label(lambda: meeting.get_kind_display().lower()),
            chair=meeting.chair,
        ),
        link=link,
    )


def action_assigned(users: Iterable[User], item: ActionItem, *, link: str) -> int:
    return notify(
        users,
        subject=format_lazy(
            gettext_lazy("Action for {owner}: {title}"), owner=item.owner_label, title=item.title
        ),
        body=format_lazy(
            gettext_lazy("Assigned at the {meeting} consultation; due {due}."),
            meeting=item.meeting,
            due=f"{item.due_on:%Y-%m-%d}",
        ),
        link=link,
    )


def action_moved(
    users: Iterable[User],
    item: ActionItem,
    *,
    status: Callable[[], object],
    move: Callable[[], object],
    link: str,
) -> int:
    body = format_lazy(
        gettext_lazy("{owner}'s action from {meeting}: {move}."),
        owner=item.owner_label,
        meeting=item.meeting,
        move=_label(lambda: str(move()).lower()),
    )
    if item.last_note:
        body = format_lazy("{body}\n\n{note}", body=body, note=item.last_note)
    return notify(
        users,
        subject=format_lazy(
            gettext_lazy("Action item {status}: {title}"),
            status=_label(lambda: str(status()).lower()),
            title=item.title,
        ),
        body=body,
        link=link,
    )


def action_overdue(users: Iterable[User], item: ActionItem, *, link: str) -> int:
    due = f"{item.due_on:%Y-%m-%d}"
    return notify(
        users,
        subject=format_lazy(
            gettext_lazy("Overdue since {due}: {title}"), due=due, title=item.title
        ),
        body=format_lazy(
            gettext_lazy("{owner}'s action from {meeting} was due {due}."),
            owner=item.owner_label,
            meeting=item.meeting,
            due=due,
        ),
        link=link,
    )
