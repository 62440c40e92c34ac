"""Needs, offers, partnerships and Triangular Partnership Programme courses.

Needs that block a pledge's next level are derived on read (pcrs.partnerships.needs); only the
needs a State declares itself are stored (DeclaredNeed). Joint-pledge shares live in the
registry (registry.PledgePartner), next to the pledge they divide.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SupportType(models.TextChoices):
    """The Light Coordination Mechanism's support types."""

    TRAINING = "training", _("Training")
    LESSONS_LEARNED = "lessons_learned", _("Lessons learned")
    MENTORING = "mentoring", _("Mentoring")
    ADVISE_ASSIST = "advise_assist", _("Advise and assist")
    EQUIPMENT = "equipment", _("Equipment")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    LOGISTICS = "logistics", _("Logistics")
    FINANCE = "finance", _("Finance")


# Support that builds a contributor's own capacity: ranked up for emerging contributors.
CAPACITY_BUILDING = frozenset(
    {
        SupportType.TRAINING,
        SupportType.LESSONS_LEARNED,
        SupportType.MENTORING,
        SupportType.ADVISE_ASSIST,
    }
)


class DeclaredNeed(models.Model):
    """A need a State states itself (the derived ones are computed, never typed)."""

    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="declared_needs"
    )
    pledge = models.ForeignKey(
        "registry.Pledge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    description = models.CharField(max_length=300)
    needed_by = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_state", "-created_at"]

    def __str__(self) -> str:
        return f"{self.member_state.iso3}: {self.description[:60]}"


class OfferKind(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    TRAINING = "training", _("Training course")
    ENABLER = "enabler", _("Enabler (a sub-unit to attach to another State's unit)")
    FUNDING = "funding", _("Funding")
    COMMITMENT = "commitment", _("Ministerial commitment (not a unit)")


class CommitmentArea(models.TextChoices):
    TRAINING = "training", _("Training")
    TECHNOLOGY = "technology", _("Technology")
    WPS = "wps", _("Women, peace and security")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer", "Open")
    WITHDRAWN = "withdrawn", pgettext_lazy("offer", "Withdrawn")


class Offer(models.Model):
    """What a Member State or a regional organization offers to other contributors."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_offers",
    )
    provider_organization = models.ForeignKey(
        "memberstates.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_offers",
    )
    # An offer made to one State only; blank: open to any contributor.
    recipient_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targeted_offers",
    )
    kind = models.CharField(max_length=12, choices=OfferKind.choices)
    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    # Equipment: [{"item": ..., "quantity": n}], with lease terms.
    items = models.JSONField(default=list, blank=True)
    lease = models.CharField(max_length=3, blank=True, help_text=_("wet, dry or blank"))
    lease_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # Training.
    course = models.CharField(max_length=160, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    place = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=8, blank=True)
    # Enabler: a sub-unit (field hospital, helicopter detachment) to attach to another's unit.
    enabler_capability = models.ForeignKey(
        "registry.CapabilityType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enabler_personnel = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    # Funding.
    amount_usd = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    commitment_area = models.CharField(max_length=12, choices=CommitmentArea.choices, blank=True)
    available_from = models.DateField()
    available_until = models.DateField(null=True, blank=True)
    # Where it was announced, e.g. "Berlin peacekeeping ministerial, May 2025".
    announced_at = models.CharField(max_length=160, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN, db_index=True
    )
    is_synthetic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(provider_state__isnull=False, provider_organization__isnull=True)
                    | Q(provider_state__isnull=True, provider_organization__isnull=False)
                ),
                name="offer_provider_state_or_organization",
                violation_error_message="An offer comes from a Member State or a regional "
                "organization.",
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="offer_period_in_order",
                violation_error_message="An offer cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_label}: {self.title}"

    @property
    def provider_label(self) -> str:
        if self.provider_state_id:
            return str(self.provider_state.iso3)  # type: ignore[union-attr]
        return str(self.provider_organization.code)  # type: ignore[union-attr]


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DELIVERING = "delivering", _("Delivering")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Partnership(models.Model):
    """An offer matched to a State's need, proposed by the Secretariat, accepted by both."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="partnerships")
    provider_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships_as_provider",
    )
    provider_organization = models.ForeignKey(
        "memberstates.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships_as_provider",
    )
    recipient_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="partnerships_received"
    )
    pledge = models.ForeignKey(
        "registry.Pledge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    need_summary = models.CharField(max_length=300)
    provider_brings = models.CharField(max_length=300)
    recipient_brings = models.CharField(max_length=300, blank=True)
    start_on = models.DateField()
    end_on = models.DateField()
    status = models.CharField(
        max_length=12,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PROPOSED,
        db_index=True,
    )
    provider_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_accepted_on = models.DateField(null=True, blank=True)
    recipient_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_accepted_on = models.DateField(null=True, blank=True)
    # The pledge's level when the partnership was agreed, and what came of it.
    level_at_agreement = models.CharField(max_length=3, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="partnership_period_in_order",
                violation_error_message="A partnership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_label} -> {self.recipient_state.iso3}: {self.need_summary[:50]}"

    @property
    def provider_label(self) -> str:
        if self.provider_state_id:
            return str(self.provider_state.iso3)  # type: ignore[union-attr]
        return str(self.provider_organization.code)  # type: ignore[union-attr]


class TppProject(models.TextChoices):
    """The Triangular Partnership Programme's four projects."""

    ENGINEERING = "engineering", _("Engineering (heavy equipment)")
    MEDICAL = "medical", _("Medical")
    C4ISR = "c4isr_camp_security", _("C4ISR and camp security")
    TELEMEDICINE = "telemedicine", _("Telemedicine")


class TppCourse(models.Model):
    """One course of the Triangular Partnership Programme."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.CharField(max_length=24, choices=TppProject.choices)
    title = models.CharField(max_length=160)
    start_on = models.DateField()
    end_on = models.DateField()
    place = models.CharField(max_length=120)
    host_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(max_length=8, blank=True)
    funding_states = models.ManyToManyField(
        "memberstates.MemberState", related_name="tpp_funded", blank=True
    )
    trainer_states = models.ManyToManyField(
        "memberstates.MemberState", related_name="tpp_trainers", blank=True
    )
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="tpp_course_period_in_order",
                violation_error_message="A course cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_on:%Y-%m-%d}, {self.place})"


class TppTrainees(models.Model):
    """The trainees one State sent to a course, by gender, and the pledge they serve."""

    course = models.ForeignKey(TppCourse, on_delete=models.CASCADE, related_name="trainees")
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="tpp_trainees"
    )
    men = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(500)])
    women = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(500)])
    pledge = models.ForeignKey(
        "registry.Pledge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tpp_trainees",
    )

    class Meta:
        ordering = ["course", "member_state"]
        verbose_name_plural = "TPP trainees"

    def __str__(self) -> str:
        return f"{self.member_state.iso3}: {self.men} men, {self.women} women"

    @property
    def total(self) -> int:
        return self.men + self.women
