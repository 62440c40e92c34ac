"""Email notifications of the ladder: what happened, what to do next, and a link.

Services call `schedule(...)` inside their transaction; the mail leaves on commit, so a move
that rolls back sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from pcrs.registry.models import Pledge
from pcrs.registry.notify import recipients


@dataclass(frozen=True)
class Event:
    to: str  # "state" (the pledge's focal points) or "secretariat"
    subject: str
    happened: str
    next_step: str


# {pledge}, {level}, {old_level}, {date}, {note} are filled in per message.
EVENTS: dict[str, Event] = {
    "submitted": Event(
        "secretariat",
        "Pledge submitted: {pledge}",
        "{pledge} was submitted to the Secretariat.",
        "Acknowledge receipt, then accept it at Level 1 or return it with guidance.",
    ),
    "acknowledged": Event(
        "state",
        "Pledge received: {pledge}",
        "The Secretariat acknowledged receipt of {pledge}.",
        "Nothing yet: the Secretariat will accept the pledge or return it with guidance.",
    ),
    "returned": Event(
        "state",
        "Pledge returned with guidance: {pledge}",
        "The Secretariat returned {pledge} with this guidance:\n\n{note}",
        "Address the guidance in the pledge, then resubmit it.",
    ),
    "accepted": Event(
        "state",
        "Pledge accepted at Level 1: {pledge}",
        "The Secretariat accepted {pledge}; it is now at Level 1. It must be renewed by {date}.",
        "Prepare for an Assessment and Advisory Visit, the evidence for Level 2.",
    ),
    "level_changed": Event(
        "state",
        "Readiness level changed: {pledge} is now at {level}",
        "{pledge} moved from {old_level} to {level}.{note_line}",
        "See the pledge's readiness page for what the next level needs.",
    ),
    "lapsed": Event(
        "state",
        "Pledge lapsed: {pledge}",
        "{pledge} was not renewed by {date} and has lapsed; it no longer counts at any level.",
        "Renew the pledge to reinstate it at Level 1.",
    ),
    "renewal_due": Event(
        "state",
        "Renewal due by {date}: {pledge}",
        "{pledge} must be renewed by {date}, or it lapses.",
        "Open the pledge, check its annexes are current and renew it.",
    ),
    "evidence_expiring": Event(
        "state",
        "{note} expires on {date}: {pledge}",
        "The {note} of {pledge} is valid until {date}; after that the pledge drops a level.",
        "Agree a new visit with the Secretariat before that date.",
    ),
    "renewed": Event(
        "secretariat",
        "Pledge renewed: {pledge}",
        "{pledge} was renewed; the next renewal is due by {date}.",
        "No action needed unless its content changed; check the pledge if it did.",
    ),
    "deployed": Event(
        "state",
        "Pledge deployed: {pledge}",
        "{pledge} was selected and is deploying from {old_level}.{note_line}",
        "Follow the deployment with the Secretariat; on repatriation it returns to the ladder.",
    ),
    "withdrawn": Event(
        "secretariat",
        "Pledge withdrawn: {pledge}",
        "{pledge} was withdrawn.{note_line}",
        "Remove it from any planning that counted on it.",
    ),
}


def pledge_links(pledge_id: object) -> tuple[str, str]:
    """(readiness page, registry pledge page), absolute. The registry page may not exist yet."""
    base = settings.SITE_URL.rstrip("/")
    readiness = reverse("readiness:pledge", args=[pledge_id])
    try:
        registry = reverse("registry:pledge_detail", args=[pledge_id])
    except NoReverseMatch:
        registry = f"/registry/pledges/{pledge_id}/"
    return base + readiness, base + registry


def compose(event_name: str, pledge: Pledge, **facts: str) -> tuple[str, str]:
    event = EVENTS[event_name]
    note = facts.get("note", "")
    values = {
        "pledge": f"{pledge.member_state.name} {pledge.title or pledge.capability_type.name}",
        "level": "",
        "old_level": "",
        "date": "",
        "note": note,
        "note_line": f"\n\n{note}" if note else "",
        **facts,
    }
    readiness_url, registry_url = pledge_links(pledge.pk)
    body = (
        f"What happened\n{event.happened.format(**values)}\n\n"
        f"What to do next\n{event.next_step.format(**values)}\n\n"
        f"Readiness of this pledge: {readiness_url}\n"
        f"The pledge in the registry: {registry_url}\n\n"
        "-- Peacekeeping Capability Readiness System"
    )
    return event.subject.format(**values), body


_SILENT: ContextVar[bool] = ContextVar("readiness_notify_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No email inside this block: the demo loader replays years of synthetic history."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


def schedule(event_name: str, pledge: Pledge, **facts: str) -> None:
    """Queue the email of `event_name` to be sent once the current transaction commits."""
    if _SILENT.get():
        return
    to = recipients(EVENTS[event_name].to, pledge)
    if not to:
        return
    subject, body = compose(event_name, pledge, **facts)
    message = EmailMessage(subject=subject, body=body, to=to)
    transaction.on_commit(message.send)
