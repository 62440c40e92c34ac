"""Email of registry events, sent on commit; recipients are shared with the readiness ladder.

`recipients` lives here, below both domains, so that the registry (change requests) and the
readiness ladder (moves) address the same people. Each message is composed in its recipients'
language (`User.email_language`): one message per language, under `translation.override`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import Role, User
from pcrs.registry.models import Pledge, PledgeChangeRequest


def recipient_users(to: str, pledge: Pledge) -> list[User]:
    """ "state": the pledge's focal points; "secretariat": force generation and administrators."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if to == "state":
        users = users.filter(role=Role.FOCAL_POINT, member_state_id=pledge.member_state_id)
    else:
        users = users.filter(role__in=[Role.FORCE_GENERATION, Role.ADMINISTRATOR])
    return list(users.order_by("email"))


def recipients(to: str, pledge: Pledge) -> list[str]:
    """The addresses of `recipient_users`."""
    return sorted(u.email for u in recipient_users(to, pledge))


def by_language(users: list[User]) -> dict[str, list[str]]:
    """Addresses grouped by the language their users read e-mails in."""
    groups: dict[str, set[str]] = {}
    for user in users:
        groups.setdefault(user.email_language, set()).add(user.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def send_on_commit(*, to: list[str], subject: str, body: str) -> None:
    if to:
        transaction.on_commit(EmailMessage(subject=subject, body=body, to=to).send)


def pledge_name(pledge: Pledge) -> str:
    return f"{pledge.member_state.name} {pledge.title or pledge.capability_type.name}"


CHANGE_EVENTS = {
    "requested": (
        ("state", "secretariat"),
        gettext_lazy("Change requested on a verified pledge: {pledge}"),
        gettext_lazy(
            "A change to {pledge}, verified at {level}, is pending the Secretariat's decision:\n"
            "{changes}\n\nUntil it is decided, the pledge keeps its verified figures."
        ),
        gettext_lazy(
            "The Secretariat accepts it (the level is then re-assessed against the evidence) "
            "or rejects it with a reason."
        ),
    ),
    "rejected": (
        ("state",),
        gettext_lazy("Change rejected: {pledge}"),
        gettext_lazy(
            "The Secretariat rejected the change to {pledge}:\n{changes}\n\nReason: {reason}"
        ),
        gettext_lazy(
            "The pledge keeps its verified figures. Discuss the change with the Secretariat."
        ),
    ),
    "accepted": (
        ("state", "secretariat"),
        gettext_lazy("Change accepted: {pledge}"),
        gettext_lazy("The Secretariat accepted the change to {pledge}:\n{changes}\n\n{reason}"),
        gettext_lazy("See the pledge's readiness page for what its level needs now."),
    ),
}


def change_request(request: PledgeChangeRequest, event: str) -> None:
    """Tell the State (and the Secretariat) about a change request, once the write commits."""
    audiences, subject, happened, next_step = CHANGE_EVENTS[event]
    pledge = request.pledge
    link = f"{settings.SITE_URL.rstrip('/')}/registry/pledges/{pledge.pk}/"
    users = {u.pk: u for audience in audiences for u in recipient_users(audience, pledge)}
    for language, to in by_language(list(users.values())).items():
        with translation.override(language):
            values = {
                "pledge": pledge_name(pledge),
                "level": str(request.get_base_level_display()),
                "changes": "\n".join(
                    f"- {c['label']}: {c['old']} -> {c['new']}" for c in request.changes
                ),
                "reason": request.reason,
            }
            body = _(
                "What happened\n{happened}\n\nWhat to do next\n{next_step}\n\n"
                "The pledge: {link}\n\n-- Peacekeeping Capability Readiness System"
            ).format(happened=happened.format(**values), next_step=next_step, link=link)
            send_on_commit(to=to, subject=subject.format(**values), body=body)
