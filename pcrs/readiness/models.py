"""The readiness ladder's records: where each pledge stands, how it got there, and the evidence.

The rules (which move is allowed, by whom, on what evidence) are in pcrs.readiness.ladder;
these models only hold facts. Pledge.readiness_level in the registry is a denormalised copy of
ReadinessRecord.state, written through the registry's service.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LadderState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RETURNED = "returned", _("Returned with guidance")
    LEVEL_1 = "level_1", _("Level 1")
    LEVEL_2 = "level_2", _("Level 2")
    LEVEL_3 = "level_3", _("Level 3")
    RDL = "rdl", _("Rapid Deployment Level")
    LAPSED = "lapsed", _("Lapsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DEPLOYED = "deployed", _("Deployed")


# The ladder states that are a PCRS level, and the registry's readiness_level for each.
LEVEL_STATES: dict[str, str] = {
    LadderState.LEVEL_1: "1",
    LadderState.LEVEL_2: "2",
    LadderState.LEVEL_3: "3",
    LadderState.RDL: "rdl",
}
# Ladder order, for sorting and "moved up" counts.
STATE_RANK: dict[str, int] = {
    LadderState.WITHDRAWN: -2,
    LadderState.LAPSED: -1,
    LadderState.DRAFT: 0,
    LadderState.RETURNED: 1,
    LadderState.SUBMITTED: 2,
    LadderState.ACKNOWLEDGED: 3,
    LadderState.LEVEL_1: 4,
    LadderState.LEVEL_2: 5,
    LadderState.LEVEL_3: 6,
    LadderState.RDL: 7,
    LadderState.DEPLOYED: 8,
}


class AavDomain(models.TextChoices):
    """The checklist domains of the AAV SOP (ref. 2020.10)."""

    GENERAL = "general", _("General")
    TRAINING = "training", _("Training")
    COE = "coe", _("Contingent-owned equipment")
    MOVEMENT_CONTROL = "movement_control", _("Movement control")
    MEDICAL = "medical", _("Medical")
    AVIATION = "aviation", _("Aviation")
    AVIATION_SAFETY = "aviation_safety", _("Aviation safety")
    ENGINEERING = "engineering", _("Engineering")
    UAS = "uas", _("Unmanned aircraft systems")
    ICT = "ict", _("Information and communications technology")
    # Formed police units: the Assessment of Operational Capability is part of their AAV.
    AOC = "aoc", _("Assessment of Operational Capability")


class DomainResult(models.TextChoices):
    PASS = "pass", _("Pass")
    CONDITIONAL = "conditional", _("Conditional")
    FAIL = "fail", _("Fail")


class VisitPurpose(models.TextChoices):
    AAV = "aav", _("Assessment and Advisory Visit")
    RDL_VERIFICATION = "rdl_verification", _("RDL verification visit")
    # Level 2 evidence of individual officers (ladder.LEVEL_2_EVIDENCE): police officers are
    # assessed by a UN selection team; military officers are nominated and vetted on documents.
    AMS = "ams", _("Assessment for Mission Service")
    NOMINATION = "nomination", _("Nomination and vetting")


class ReadinessPolicy(models.Model):
    """The periods the ladder applies, as dated data the Secretariat administrator edits.

    The row in force on a date is the one with the latest effective_from on or before it.
    A period is fixed when the evidence is recorded (an AAV valid until ...), so a new policy
    applies to acceptances, renewals and visits dated from its effective date on.
    """

    effective_from = models.DateField(unique=True)
    first_renewal_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    renewal_interval_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    aav_validity_months = models.PositiveSmallIntegerField(
        default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    verification_validity_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(365)]
    )
    rdl_deploy_within_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    note = models.TextField(
        blank=True, max_length=4000, help_text=_("Why these periods; the decision behind them.")
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "readiness policies"

    def __str__(self) -> str:
        return f"Readiness policy from {self.effective_from:%Y-%m-%d}"


class ReadinessRecord(models.Model):
    """Where one pledge stands on the ladder, and the dates that drive renewal and expiry."""

    pledge = models.OneToOneField(
        "registry.Pledge", on_delete=models.CASCADE, related_name="readiness"
    )
    state = models.CharField(
        max_length=16, choices=LadderState.choices, default=LadderState.DRAFT, db_index=True
    )
    # Optimistic lock of the ladder: forms and API calls send the version they saw.
    version = models.PositiveIntegerField(default=1)
    submitted_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    level_2_on = models.DateField(null=True, blank=True)
    level_3_on = models.DateField(null=True, blank=True)
    rdl_on = models.DateField(null=True, blank=True)
    lapsed_on = models.DateField(null=True, blank=True)
    renewal_due = models.DateField(null=True, blank=True, db_index=True)
    last_renewed_on = models.DateField(null=True, blank=True)
    # Fixed when the evidence is recorded; the sweep compares them with today.
    aav_valid_until = models.DateField(null=True, blank=True, db_index=True)
    verification_valid_until = models.DateField(null=True, blank=True, db_index=True)
    # The Secretariat's latest guidance when it returned the pledge.
    guidance = models.TextField(blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pledge_id"]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.get_state_display()}"

    @property
    def is_level(self) -> bool:
        return self.state in LEVEL_STATES


class LevelChange(models.Model):
    """One applied ladder move: the pledge's readiness timeline."""

    pledge = models.ForeignKey(
        "registry.Pledge", on_delete=models.CASCADE, related_name="level_changes"
    )
    move = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, choices=LadderState.choices)
    to_state = models.CharField(max_length=16, choices=LadderState.choices)
    # Empty for the scheduled sweep.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    on = models.DateField(db_index=True)
    note = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at", "-id"]
        indexes = [models.Index(fields=["to_state", "on"])]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_state} -> {self.to_state}"

    @property
    def by_label(self) -> str:
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor.username
        if self.move in ("lapse", "aav_expired", "verification_expired"):
            return "scheduled sweep"
        return "system"

    @property
    def moved_up(self) -> bool:
        return self.to_state in LEVEL_STATES and STATE_RANK[self.to_state] > STATE_RANK.get(
            self.from_state, 0
        )


class Visit(models.Model):
    """An Assessment and Advisory Visit or an RDL verification visit, as the team reported it."""

    pledge = models.ForeignKey("registry.Pledge", on_delete=models.CASCADE, related_name="visits")
    purpose = models.CharField(max_length=20, choices=VisitPurpose.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    # Team members, one name (and function) per entry.
    team = models.JSONField(default=list)
    successful = models.BooleanField()
    summary = models.TextField(blank=True, max_length=4000)
    # Fixed when recorded, from the policy in force on end_date.
    valid_until = models.DateField(null=True, blank=True)
    # Assessment for Mission Service: candidates the State presented, and how many passed.
    candidates_presented = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5000)]
    )
    candidates_passed = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5000)]
    )
    # What the evidence verified (registry.change_control.pledge_facts), so that "the evidence
    # no longer matches the pledge" can be computed. Empty on visits recorded before it existed.
    verified = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end_date", "-id"]

    def __str__(self) -> str:
        outcome = "successful" if self.successful else "not successful"
        return f"{self.get_purpose_display()} {self.start_date}-{self.end_date} ({outcome})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.successful and self.valid_until is not None and day <= self.valid_until


class VisitDomainResult(models.Model):
    """The result of one checklist domain in a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="results")
    domain = models.CharField(max_length=20, choices=AavDomain.choices)
    result = models.CharField(max_length=12, choices=DomainResult.choices)
    findings = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["visit", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "domain"], name="one_result_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_result_display()}"


class UnitRequirement(models.Model):
    """A Statement of Unit Requirements: generic per capability type (a mission-specific SUR
    from a mission requirement can be added later with a link to it)."""

    capability_type = models.ForeignKey(
        "registry.CapabilityType", on_delete=models.PROTECT, related_name="unit_requirements"
    )
    reference = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    issued_on = models.DateField()
    personnel = models.PositiveIntegerField(validators=[MaxValueValidator(5000)])
    # [{"item": "...", "quantity": 3}, ...]
    major_equipment = models.JSONField(default=list, blank=True)
    requirements = models.TextField(
        blank=True, max_length=20000, help_text=_("Capabilities, tasks, standards.")
    )
    is_generic = models.BooleanField(default=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["capability_type", "-issued_on"]
        verbose_name = "statement of unit requirements"
        verbose_name_plural = "statements of unit requirements"

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class SurAlignment(models.Model):
    """The agreed alignment of a pledge's personnel and COE with a SUR, variations recorded."""

    pledge = models.ForeignKey(
        "registry.Pledge", on_delete=models.CASCADE, related_name="sur_alignments"
    )
    sur = models.ForeignKey(UnitRequirement, on_delete=models.PROTECT, related_name="alignments")
    agreed_on = models.DateField()
    # What differs from the SUR, one agreed variation per entry.
    variations = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    verified = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]

    def __str__(self) -> str:
        return f"Aligned with {self.sur.reference} on {self.agreed_on}"


class RdlAgreement(models.Model):
    """The State's commitment to deploy the unit within N days of a UN request."""

    pledge = models.ForeignKey(
        "registry.Pledge", on_delete=models.CASCADE, related_name="rdl_agreements"
    )
    signed_on = models.DateField()
    deploy_within_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    reference = models.CharField(max_length=80, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    verified = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"RDL agreement of {self.signed_on}: within {self.deploy_within_days} days"


class ReminderKind(models.TextChoices):
    RENEWAL = "renewal", _("Renewal due")
    AAV_EXPIRY = "aav_expiry", _("AAV expiring")
    VERIFICATION_EXPIRY = "verification_expiry", _("RDL verification expiring")


class Reminder(models.Model):
    """A reminder sent by the sweep: one per pledge, kind and due date, never twice."""

    pledge = models.ForeignKey("registry.Pledge", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "kind", "due_date"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"
