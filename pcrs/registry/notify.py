"""Email of registry events, sent on commit; recipients are shared with the readiness ladder.

`recipients` lives here, below both domains, so that the registry (change requests) and the
readiness ladder (moves) address the same people.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from pcrs.accounts.models import Role, User
from pcrs.registry.models import Pledge, PledgeChangeRequest


def recipients(to: str, pledge: Pledge) -> list[str]:
    """ "state": the pledge's focal points; "secretariat": force generation and administrators."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if to == "state":
        users = users.filter(role=Role.FOCAL_POINT, member_state_id=pledge.member_state_id)
    else:
        users = users.filter(role__in=[Role.FORCE_GENERATION, Role.ADMINISTRATOR])
    return sorted(users.values_list("email", flat=True))


def send_on_commit(*, to: list[str], subject: str, body: str) -> None:
    if to:
        transaction.on_commit(EmailMessage(subject=subject, body=body, to=to).send)


def pledge_name(pledge: Pledge) -> str:
    return f"{pledge.member_state.name} {pledge.title or pledge.capability_type.name}"


CHANGE_EVENTS = {
    "requested": (
        ("state", "secretariat"),
        "Change requested on a verified pledge: {pledge}",
        "A change to {pledge}, verified at {level}, is pending the Secretariat's decision:\n"
        "{changes}\n\nUntil it is decided, the pledge keeps its verified figures.",
        "The Secretariat accepts it (the level is then re-assessed against the evidence) "
        "or rejects it with a reason.",
    ),
    "rejected": (
        ("state",),
        "Change rejected: {pledge}",
        "The Secretariat rejected the change to {pledge}:\n{changes}\n\nReason: {reason}",
        "The pledge keeps its verified figures. Discuss the change with the Secretariat.",
    ),
    "accepted": (
        ("state", "secretariat"),
        "Change accepted: {pledge}",
        "The Secretariat accepted the change to {pledge}:\n{changes}\n\n{reason}",
        "See the pledge's readiness page for what its level needs now.",
    ),
}


def change_request(request: PledgeChangeRequest, event: str) -> None:
    """Tell the State (and the Secretariat) about a change request, once the write commits."""
    audiences, subject, happened, next_step = CHANGE_EVENTS[event]
    pledge = request.pledge
    values = {
        "pledge": pledge_name(pledge),
        "level": request.get_base_level_display(),
        "changes": "\n".join(f"- {c['label']}: {c['old']} -> {c['new']}" for c in request.changes),
        "reason": request.reason,
    }
    link = f"{settings.SITE_URL.rstrip('/')}/registry/pledges/{pledge.pk}/"
    body = (
        f"What happened\n{happened.format(**values)}\n\nWhat to do next\n{next_step}\n\n"
        f"The pledge: {link}\n\n-- Peacekeeping Capability Readiness System"
    )
    to = sorted({email for audience in audiences for email in recipients(audience, pledge)})
    send_on_commit(to=to, subject=subject.format(**values), body=body)
