"""Triangular consultations: the Security Council, the contributors and the Secretariat meet
around a mission; what they decided and who must do what by when.

Security Council membership per year comes from the real UN dataset (importers/council.py).
Who is invited is derived from the data when the meeting is recorded (services.py) and kept
with its reasons, so a later import does not rewrite who was there.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeatKind(models.TextChoices):
    STATE = "state", _("Member State")
    HISTORICAL = "historical", _("Historical member (no single successor Member State)")
    UNNAMED = "unnamed", _("Unnamed in the source")


class CouncilMembership(models.Model):
    """One seat on the Security Council in one year, as DPPA-SCMembership.csv lists it."""

    source_id = models.PositiveIntegerField(unique=True)
    year = models.PositiveSmallIntegerField(db_index=True)
    # The name exactly as the source writes it (blank for the 8 unnamed seats).
    source_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=16, choices=SeatKind.choices)
    # The Member State today, directly or as the successor (USSR -> Russian Federation).
    member_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    is_permanent = models.BooleanField(default=False)
    source_line = models.PositiveIntegerField()
    source_updated = models.DateField(null=True, blank=True)
    mapping_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["year", "source_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="state", member_state__isnull=False)
                | (~Q(kind="state") & Q(member_state__isnull=True)),
                name="council_seat_state_iff_kind_state",
            )
        ]

    def __str__(self) -> str:
        name = self.member_state.name if self.member_state else self.source_name or "(unnamed)"
        return f"{self.year} {name}"


class MeetingKind(models.TextChoices):
    MANDATE_RENEWAL = "mandate_renewal", _("Before a mandate renewal")
    CRISIS = "crisis", _("On a crisis")
    ON_REQUEST = "on_request", _("On request")


class Office(models.TextChoices):
    """The Secretariat offices that take part in triangular consultations."""

    DPO_OMA = "dpo_oma", _("DPO Office of Military Affairs")
    DPO_POLICE = "dpo_police", _("DPO Police Division")
    DPO_OPERATIONS = "dpo_operations", _("DPO Office of Operations")
    DOS_UCSD = "dos_ucsd", _("DOS Uniformed Capabilities Support Division")
    DPPA = "dppa", _("Department of Political and Peacebuilding Affairs")


class Meeting(models.Model):
    """A triangular consultation on one mission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField(max_length=16, choices=MeetingKind.choices)
    date = models.DateField()
    chair = models.CharField(max_length=200)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    # What may be shown to everyone signed in, once published.
    public_summary = models.TextField(blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    # The mission's gap report at the meeting date: {"aggregate": {...}, "detail": {...}}.
    # "aggregate" holds counts only and is what participants outside the Secretariat see.
    gap_snapshot = models.JSONField(default=dict, blank=True)
    # What the invitee derivation could not turn into an invitation (unnamed seats...).
    derivation_notes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.mission} {self.get_kind_display().lower()} {self.date:%Y-%m-%d}"

    @property
    def summary_is_public(self) -> bool:
        return self.summary_published_at is not None


class Invitee(models.Model):
    """A participant: a Member State or a Secretariat office, with why it is invited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    member_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_invitations",
    )
    office = models.CharField(max_length=16, choices=Office.choices, blank=True)
    # Why: e.g. ["Security Council member 2026", "contributor (UN report 2014-03-31)"].
    basis = models.JSONField(default=list)
    added_by_hand = models.BooleanField(default=False)

    class Meta:
        ordering = ["office", "member_state__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member_state__isnull=False) & Q(office=""))
                | (Q(member_state__isnull=True) & ~Q(office="")),
                name="invitee_is_a_state_or_an_office",
                violation_error_message="An invitee is either a Member State or an office.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member_state"],
                condition=Q(member_state__isnull=False),
                name="one_invitation_per_state",
            ),
            models.UniqueConstraint(
                fields=["meeting", "office"],
                condition=~Q(office=""),
                name="one_invitation_per_office",
            ),
        ]

    def __str__(self) -> str:
        return self.member_state.name if self.member_state else self.get_office_display()


class Decision(models.Model):
    """What the meeting decided, linked to the generation case it concerns, if any."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(max_length=4000)
    # The outreach the decision is about (the case's State and pledge are Secretariat-only:
    # only the Secretariat's views show the link).
    generation_case = models.ForeignKey(
        "generation.GenerationCase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_decisions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUp(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", pgettext_lazy("action item", "Cancelled")


OPEN_STATUSES = (FollowUp.OPEN, FollowUp.IN_PROGRESS)


class ActionItem(models.Model):
    """Something a State or an office must do after a meeting, by a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=200)
    owner_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_office = models.CharField(max_length=16, choices=Office.choices, blank=True)
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=FollowUp.choices, default=FollowUp.OPEN, db_index=True
    )
    # Set by the sweep the first day an open item is past its due date; cleared when closed.
    overdue_since = models.DateField(null=True, blank=True)
    last_note = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_state__isnull=False) & Q(owner_office=""))
                | (Q(owner_state__isnull=True) & ~Q(owner_office="")),
                name="action_item_owned_by_a_state_or_an_office",
                violation_error_message="An action item is owned by a State or by an office.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner_label}, due {self.due_on:%Y-%m-%d})"

    @property
    def owner_label(self) -> str:
        if self.owner_state_id:
            return self.owner_state.name  # type: ignore[union-attr]
        return str(self.get_owner_office_display())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Notification(models.Model):
    """An in-app notification; the same event also goes out by e-mail on commit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_notices"
    )
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
