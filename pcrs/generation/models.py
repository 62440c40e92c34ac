"""Force generation: engine runs on live data, and the cases that follow a proposal to a unit
deployed on the ground.

Run and case ids are UUIDs: a sequential id would tell a Member State how many requests the
Secretariat sends (ADR 0030).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    OPTIMAL = "optimal", _("Optimal (proven best)")
    FEASIBLE = "feasible", _("Feasible (best found in the time)")
    INFEASIBLE = "infeasible", _("Infeasible")
    TIMED_OUT = "timed_out", _("Timed out")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = frozenset(
    {
        RunStatus.OPTIMAL,
        RunStatus.FEASIBLE,
        RunStatus.INFEASIBLE,
        RunStatus.TIMED_OUT,
        RunStatus.FAILED,
    }
)


class GenerationRun(models.Model):
    """One engine run: what it was given (snapshot and hash), how, and what it proposed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    # What the Secretariat chose: missions, requirements, horizon, weights, minimum level,
    # time limit, seed, locks, exclusions (pcrs.generation.adapter.RunRequest.as_dict()).
    parameters = models.JSONField(default=dict, blank=True)
    # The engine's input as JSON (pcrs.engine.problem_to_dict) and its SHA-256.
    input_snapshot = models.JSONField(default=dict, blank=True)
    input_hash = models.CharField(max_length=64, db_index=True)
    engine_version = models.CharField(max_length=80)
    # The run this one re-plans (locks and exclusions were added to it).
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replans"
    )
    # {"phase": "greedy", "seconds": 0.4, "objective": 412.0, "bound": 430.0}
    progress = models.JSONField(default=dict, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text=_("Seconds of solving."))
    # Per requirement id: chosen units, runners-up and why, the gap's reason.
    explanations = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Run {str(self.id)[:8]} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def mission_codes(self) -> list[str]:
        return list(self.parameters.get("missions") or [])


class RunAssignment(models.Model):
    """A pledge the run proposes for a requirement (the engine's Assignment, as rows)."""

    run = models.ForeignKey(GenerationRun, on_delete=models.CASCADE, related_name="assignments")
    requirement = models.ForeignKey(
        "missions.Requirement", on_delete=models.CASCADE, related_name="+"
    )
    pledge = models.ForeignKey("registry.Pledge", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    locked = models.BooleanField(default=False, help_text=_("Kept by the planner's lock."))

    class Meta:
        ordering = ["run", "requirement", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "pledge"], name="one_assignment_per_pledge")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.pledge_id} -> {self.requirement_id}"


class CaseState(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOTE_VERBALE_SENT = "note_verbale_sent", _("Note verbale sent")
    ACCEPTED = "accepted", _("Accepted by the State")
    DECLINED = "declined", _("Declined by the State")
    NO_ANSWER = "no_answer", _("No answer by the deadline")
    RECONNAISSANCE = "reconnaissance", _("Reconnaissance visit done")
    PRE_DEPLOYMENT = "pre_deployment", _("Pre-deployment visit done")
    MOU_AGREED = "mou_agreed", _("MOU agreed")
    DEPLOYED = "deployed", _("Deployed")
    CLOSED = "closed", pgettext_lazy("generation case", "Closed")


ENDED_STATES = frozenset(
    {CaseState.DECLINED, CaseState.NO_ANSWER, CaseState.DEPLOYED, CaseState.CLOSED}
)


class Lift(models.TextChoices):
    LOA = "loa", _("Letter of assist (the State lifts)")
    UN = "un", _("UN-contracted lift")


class PreDeploymentResult(models.TextChoices):
    READY = "ready", _("Ready to deploy")
    CONDITIONAL = "conditional", _("Ready with conditions")
    NOT_READY = "not_ready", _("Not ready")


class GenerationCase(models.Model):
    """One proposal taken to a Member State: note verbale, answer, visits, MOU, deployment.

    Moves are the table in pcrs.generation.workflow, applied by services.case_move only.
    Individual-officer requirements use the same case with ``officers`` (how many officers
    the State is asked for).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(
        GenerationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    requirement = models.ForeignKey(
        "missions.Requirement", on_delete=models.PROTECT, related_name="generation_cases"
    )
    pledge = models.ForeignKey(
        "registry.Pledge", on_delete=models.PROTECT, related_name="generation_cases"
    )
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="generation_cases"
    )
    state = models.CharField(
        max_length=20, choices=CaseState.choices, default=CaseState.SHORTLISTED, db_index=True
    )
    officers = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    due_on = models.DateField(null=True, blank=True, help_text=_("When the next step is due."))
    nv_reference = models.CharField("note verbale reference", max_length=80, blank=True)
    nv_date = models.DateField(null=True, blank=True)
    answer_deadline = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    reconnaissance_on = models.DateField(null=True, blank=True)
    pre_deployment_on = models.DateField(null=True, blank=True)
    pre_deployment_result = models.CharField(
        max_length=12, choices=PreDeploymentResult.choices, blank=True
    )
    military_skills_passed = models.BooleanField(null=True, blank=True)
    mou_on = models.DateField(null=True, blank=True)
    lift = models.CharField(max_length=4, choices=Lift.choices, blank=True)
    self_sufficiency_days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    deployed_on = models.DateField(null=True, blank=True)
    contingent = models.ForeignKey(
        "missions.DeployedContingent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_reason = models.TextField(blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            # One open case per pledge: a unit cannot be promised to two missions at once.
            models.UniqueConstraint(
                fields=["pledge"],
                condition=~models.Q(
                    state__in=["declined", "no_answer", "deployed", "closed"],
                ),
                name="one_open_case_per_pledge",
            )
        ]

    def __str__(self) -> str:
        return f"Case {str(self.id)[:8]} {self.requirement} / {self.member_state_id}"

    @property
    def is_open(self) -> bool:
        return self.state not in ENDED_STATES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        day = today or timezone.localdate()
        return bool(self.is_open and self.due_on is not None and self.due_on < day)


class CaseEvent(models.Model):
    """The case's timeline: one row per move, who made it, when, with what note."""

    case = models.ForeignKey(GenerationCase, on_delete=models.CASCADE, related_name="events")
    move = models.CharField(max_length=32)
    from_state = models.CharField(max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    # Visible to the State's focal point (its own answer, the note verbale, visits, MOU).
    shared_with_state = models.BooleanField(default=True)

    class Meta:
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_state} -> {self.to_state}"


class Notification(models.Model):
    """An in-app notice to one user about a case step that concerns them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generation_notices"
    )
    case = models.ForeignKey(GenerationCase, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class StateCap(models.Model):
    """The personnel a State is willing to add in generation (the engine's State cap).

    Without a row, the cap defaults from the State's current deployments (conf.py)."""

    member_state = models.OneToOneField(
        "memberstates.MemberState", on_delete=models.CASCADE, related_name="generation_cap"
    )
    total = models.PositiveIntegerField(validators=[MaxValueValidator(200_000)])
    note = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.member_state_id}: {self.total}"


class HostExclusion(models.Model):
    """A State the host country of a mission does not accept (status-of-forces politics)."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "member_state"], name="one_host_exclusion_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission_id} refuses {self.member_state_id}"


class WhatIfScenario(models.Model):
    """A saved rapid-deployment what-if: needs and a deadline; can be turned into a run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    needs = models.JSONField(default=list, blank=True)  # [{"capability_type": CODE, "units": N}]
    deadline_days = models.PositiveSmallIntegerField(validators=[MaxValueValidator(730)])
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
