"""Email notifications of the ladder: what happened, what to do next, and a link.

Services call `schedule(...)` inside their transaction; the mail leaves on commit, so a move
that rolls back sends nothing. Each message is composed in its recipients' language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from pcrs.registry.models import Pledge
from pcrs.registry.notify import by_language, recipient_users

# A fact of a message: text, a lazy label (rendered in the message's language) or a date.
Fact = str | Promise | date


@dataclass(frozen=True)
class Event:
    to: str  # "state" (the pledge's focal points) or "secretariat"
    subject: str | Promise
    happened: str | Promise
    next_step: str | Promise


# {pledge}, {level}, {old_level}, {date}, {note} are filled in per message.
EVENTS: dict[str, Event] = {
    "submitted": Event(
        "secretariat",
        gettext_lazy("Pledge submitted: {pledge}"),
        gettext_lazy("{pledge} was submitted to the Secretariat."),
        gettext_lazy("Acknowledge receipt, then accept it at Level 1 or return it with guidance."),
    ),
    "acknowledged": Event(
        "state",
        gettext_lazy("Pledge received: {pledge}"),
        gettext_lazy("The Secretariat acknowledged receipt of {pledge}."),
        gettext_lazy(
            "Nothing yet: the Secretariat will accept the pledge or return it with guidance."
        ),
    ),
    "returned": Event(
        "state",
        gettext_lazy("Pledge returned with guidance: {pledge}"),
        gettext_lazy("The Secretariat returned {pledge} with this guidance:\n\n{note}"),
        gettext_lazy("Address the guidance in the pledge, then resubmit it."),
    ),
    "accepted": Event(
        "state",
        gettext_lazy("Pledge accepted at Level 1: {pledge}"),
        gettext_lazy(
            "The Secretariat accepted {pledge}; it is now at Level 1. It must be renewed by {date}."
        ),
        gettext_lazy("Prepare for an Assessment and Advisory Visit, the evidence for Level 2."),
    ),
    "level_changed": Event(
        "state",
        gettext_lazy("Readiness level changed: {pledge} is now at {level}"),
        gettext_lazy("{pledge} moved from {old_level} to {level}.{note_line}"),
        gettext_lazy("See the pledge's readiness page for what the next level needs."),
    ),
    "lapsed": Event(
        "state",
        gettext_lazy("Pledge lapsed: {pledge}"),
        gettext_lazy(
            "{pledge} was not renewed by {date} and has lapsed; it no longer counts at any level."
        ),
        gettext_lazy("Renew the pledge to reinstate it at Level 1."),
    ),
    "renewal_due": Event(
        "state",
        gettext_lazy("Renewal due by {date}: {pledge}"),
        gettext_lazy("{pledge} must be renewed by {date}, or it lapses."),
        gettext_lazy("Open the pledge, check its annexes are current and renew it."),
    ),
    "evidence_expiring": Event(
        "state",
        gettext_lazy("{note} expires on {date}: {pledge}"),
        gettext_lazy(
            "The {note} of {pledge} is valid until {date}; after that the pledge drops a level."
        ),
        gettext_lazy("Agree a new visit with the Secretariat before that date."),
    ),
    "renewed": Event(
        "secretariat",
        gettext_lazy("Pledge renewed: {pledge}"),
        gettext_lazy("{pledge} was renewed; the next renewal is due by {date}."),
        gettext_lazy("No action needed unless its content changed; check the pledge if it did."),
    ),
    "deployed": Event(
        "state",
        gettext_lazy("Pledge deployed: {pledge}"),
        gettext_lazy("{pledge} was selected and is deploying from {old_level}.{note_line}"),
        gettext_lazy(
            "Follow the deployment with the Secretariat; on repatriation it returns to the ladder."
        ),
    ),
    "withdrawn": Event(
        "secretariat",
        gettext_lazy("Pledge withdrawn: {pledge}"),
        gettext_lazy("{pledge} was withdrawn.{note_line}"),
        gettext_lazy("Remove it from any planning that counted on it."),
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


def render(fact: Fact) -> str:
    """A fact in the active language: dates spelled out ("02 March 2027", "2 mars 2027"),
    lazy labels translated."""
    if isinstance(fact, date):
        return formats.date_format(fact, pgettext("date in an e-mail", "d F Y"))
    return str(fact)


def compose(event_name: str, pledge: Pledge, **given: Fact) -> tuple[str, str]:
    """Subject and body in the active language (`schedule` activates the recipients')."""
    event = EVENTS[event_name]
    facts = {name: render(fact) for name, fact in given.items()}
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
    body = _(
        "What happened\n{happened}\n\n"
        "What to do next\n{next_step}\n\n"
        "Readiness of this pledge: {readiness_url}\n"
        "The pledge in the registry: {registry_url}\n\n"
        "-- Peacekeeping Capability Readiness System"
    ).format(
        happened=str(event.happened).format(**values),
        next_step=str(event.next_step).format(**values),
        readiness_url=readiness_url,
        registry_url=registry_url,
    )
    return str(event.subject).format(**values), body


_SILENT: ContextVar[bool] = ContextVar("readiness_notify_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No email inside this block: the demo loader replays years of synthetic history."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


def schedule(event_name: str, pledge: Pledge, **facts: Fact) -> None:
    """Queue the email of `event_name` to be sent once the current transaction commits."""
    if _SILENT.get():
        return
    users = recipient_users(EVENTS[event_name].to, pledge)
    for language, to in by_language(users).items():
        with translation.override(language):
            subject, body = compose(event_name, pledge, **facts)
        message = EmailMessage(subject=subject, body=body, to=to)
        transaction.on_commit(message.send)
