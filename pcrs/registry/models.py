"""The capability catalogue and the pledges Member States make against it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CapabilityCategory(models.TextChoices):
    MILITARY_UNIT = "military_unit", _("Military unit")
    POLICE_UNIT = "police_unit", _("Police unit")
    INDIVIDUAL_MILITARY = "individual_military", _("Individual military")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police")
    INDIVIDUAL_CIVILIAN = "individual_civilian", _("Justice and corrections")


INDIVIDUAL_CATEGORIES = frozenset(
    {
        CapabilityCategory.INDIVIDUAL_MILITARY,
        CapabilityCategory.INDIVIDUAL_POLICE,
        CapabilityCategory.INDIVIDUAL_CIVILIAN,
    }
)


class CapabilityType(models.Model):
    """A kind of unit or individual post in the catalogue; the Secretariat edits it."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=32, choices=CapabilityCategory.choices)
    description = models.TextField(blank=True, max_length=4000)
    # Typical figures are common practice, not doctrine: data the Secretariat can edit.
    typical_size = models.PositiveIntegerField(validators=[MaxValueValidator(5000)])
    # [{"item": "Utility helicopter (medium)", "quantity": 3}, ...]
    typical_equipment = models.JSONField(default=list, blank=True)
    # Assessment and Advisory Visit checklist domains that apply (see pcrs.readiness).
    aav_domains = models.JSONField(default=list, blank=True)
    is_critical_enabler = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_individual(self) -> bool:
        return self.category in INDIVIDUAL_CATEGORIES


class PledgeKind(models.TextChoices):
    UNIT = "unit", _("Formed unit")
    INDIVIDUAL = "individual", _("Individual officers")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACTIVE = "active", _("Active")
    # Not renewed in time (the readiness ladder lapses it); renewing reinstates it.
    LAPSED = "lapsed", _("Lapsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DEPLOYED = "deployed", _("Deployed")


class ReadinessLevel(models.TextChoices):
    """The PCRS levels a pledge has reached; set only by pcrs.readiness services."""

    NONE = "", _("Not yet at Level 1")
    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    RDL = "rdl", _("Rapid Deployment Level")


# Order of the levels, for "at least Level 2" queries and sorting.
LEVEL_RANK: dict[str, int] = {
    ReadinessLevel.NONE: 0,
    ReadinessLevel.LEVEL_1: 1,
    ReadinessLevel.LEVEL_2: 2,
    ReadinessLevel.LEVEL_3: 3,
    ReadinessLevel.RDL: 4,
}


def levels_at_least(level: str) -> list[str]:
    """The levels ranked at or above `level`, e.g. levels_at_least("2") == ["2", "3", "rdl"]."""
    return [lvl for lvl, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK[level]]


class RestrictedTask(models.TextChoices):
    OFFENSIVE_OPERATIONS = "offensive_operations", _("Offensive operations")
    CROWD_CONTROL = "crowd_control", _("Crowd and riot control")
    NIGHT_OPERATIONS = "night_operations", _("Night operations")
    NIGHT_FLYING = "night_flying", _("Night flying")
    CROSS_BORDER = "cross_border", _("Cross-border operations")
    DETENTION = "detention", _("Detention of persons")
    RIVERINE = "riverine", _("Riverine operations")
    HIGH_ALTITUDE = "high_altitude", _("High-altitude operations")


class SelfSustainment(models.TextChoices):
    """Self-sustainment categories of the COE Manual (Annex D of a pledge)."""

    CATERING = "catering", _("Catering")
    COMMUNICATIONS = "communications", _("Communications (VHF/UHF, HF, telephone)")
    OFFICE = "office", _("Office")
    ELECTRICAL = "electrical", _("Electrical")
    MINOR_ENGINEERING = "minor_engineering", _("Minor engineering")
    EOD = "eod", _("Explosive ordnance disposal")
    LAUNDRY_CLEANING = "laundry_cleaning", _("Laundry and cleaning")
    TENTAGE = "tentage", _("Tentage")
    ACCOMMODATION = "accommodation", _("Accommodation")
    BASIC_FIREFIGHTING = "basic_firefighting", _("Basic firefighting")
    FIRE_DETECTION = "fire_detection", _("Fire detection and alarm")
    MEDICAL = "medical", _("Medical")
    OBSERVATION = "observation", _("Observation")
    IDENTIFICATION = "identification", _("Identification")
    NBC_PROTECTION = "nbc_protection", _("Nuclear, biological and chemical protection")
    FIELD_DEFENCE = "field_defence", _("Field defence stores")
    GENERAL_STORES = "general_stores", _("Miscellaneous general stores")
    INTERNET = "internet", _("Internet access")
    WELFARE = "welfare", _("Welfare")


class RankBand(models.TextChoices):
    SENIOR_OFFICERS = "senior_officers", _("Senior officers")
    OFFICERS = "officers", _("Officers")
    NCOS = "ncos", _("Non-commissioned officers")
    OTHER_RANKS = "other_ranks", _("Other ranks")


# Seniority order of the rank bands (the choices' order), for display: the database orders
# the codes alphabetically ("ncos" before "officers").
RANK_ORDER = {band: index for index, band in enumerate(RankBand.values)}


def by_seniority(lines: list[TableOfOrganizationLine]) -> list[TableOfOrganizationLine]:
    return sorted(lines, key=lambda line: RANK_ORDER.get(line.rank_band, len(RANK_ORDER)))


class Lease(models.TextChoices):
    WET = "wet", _("Wet lease")
    DRY = "dry", _("Dry lease")


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def of_state(self, member_state_id: int) -> PledgeQuerySet:
        return self.filter(member_state_id=member_state_id)

    def at_least_level(self, level: str) -> PledgeQuerySet:
        return self.filter(readiness_level__in=levels_at_least(level))

    def live(self) -> PledgeQuerySet:
        """Pledges that still count: not drafts, not withdrawn, not lapsed."""
        return self.exclude(
            status__in=[PledgeStatus.DRAFT, PledgeStatus.WITHDRAWN, PledgeStatus.LAPSED]
        )


class Pledge(models.Model):
    """A formed unit, or a number of individual officers, offered by one Member State.

    The primary key is a UUID: sequential ids would let one State count another's pledges.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="pledges"
    )
    kind = models.CharField(max_length=16, choices=PledgeKind.choices, default=PledgeKind.UNIT)
    capability_type = models.ForeignKey(
        CapabilityType, on_delete=models.PROTECT, related_name="pledges"
    )
    title = models.CharField(
        max_length=120, blank=True, help_text=_("National designation, e.g. 'BANBAT-3'.")
    )
    personnel = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    women = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    # Individual pledges: the ranks offered, e.g. ["Major", "Lieutenant Colonel"].
    ranks = models.JSONField(default=list, blank=True)
    self_sustainment = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    # National caveats, structured: missions and M49 regions the unit will not deploy to,
    # tasks it will not perform, and whatever else the State states in words.
    caveat_missions = models.ManyToManyField(
        "missions.Mission", blank=True, related_name="caveated_pledges"
    )
    caveat_regions = models.JSONField(default=list, blank=True)
    restricted_tasks = models.JSONField(default=list, blank=True)
    caveat_notes = models.TextField(blank=True, max_length=4000)
    available_from = models.DateField()
    notice_to_move_days = models.PositiveIntegerField(
        default=90, validators=[MaxValueValidator(730)]
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT, db_index=True
    )
    # Denormalised from the readiness ladder (pcrs.readiness owns the rules and evidence),
    # so that gaps, reports and the engine adapter can filter on it without a join.
    readiness_level = models.CharField(
        max_length=3,
        choices=ReadinessLevel.choices,
        default=ReadinessLevel.NONE,
        blank=True,
        db_index=True,
    )
    is_synthetic = models.BooleanField(
        default=False, help_text=_("Demo data made up for illustration, not a real pledge.")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every write bumps it; a stale form or request is refused.
    version = models.PositiveIntegerField(default=1)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women__lte=models.F("personnel")),
                name="pledge_women_within_personnel",
                violation_error_message=_("Women cannot exceed the personnel total."),
            ),
        ]
        indexes = [models.Index(fields=["member_state", "status"])]

    def __str__(self) -> str:
        label = self.title or self.capability_type.name
        return f"{self.member_state.iso3} {label}"

    @property
    def is_editable(self) -> bool:
        return self.status in (
            PledgeStatus.DRAFT,
            PledgeStatus.SUBMITTED,
            PledgeStatus.ACTIVE,
            PledgeStatus.LAPSED,  # a lapsed pledge is brought up to date before renewal
        )

    @property
    def women_share(self) -> float:
        return self.women / self.personnel if self.personnel else 0.0


class TableOfOrganizationLine(models.Model):
    """Annex B summary: personnel of one rank band, by gender."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="organization")
    rank_band = models.CharField(max_length=20, choices=RankBand.choices)
    men = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    women = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])

    class Meta:
        ordering = ["pledge", "rank_band"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "rank_band"], name="one_line_per_rank_band")
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_band_display()}: {self.men} men, {self.women} women"


class PledgeEquipment(models.Model):
    """Annex C: one line of major equipment."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="equipment")
    item = models.CharField(max_length=120)
    quantity = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    lease = models.CharField(max_length=3, choices=Lease.choices, default=Lease.WET)

    class Meta:
        ordering = ["pledge", "item"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.item} ({self.lease})"


class PledgeAnnotation(models.Model):
    """A Secretariat note on a pledge; shared with the State only when marked so."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(max_length=4000)
    shared_with_state = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Pending the Secretariat's decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PledgeChangeRequest(models.Model):
    """A material change to a verified pledge, waiting for the Secretariat (change_control).

    `proposed` holds the whole content the State asked for (services.content_values shape);
    `changes` the material differences, in words, as shown beside the verified figures.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="change_requests")
    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, db_index=True
    )
    proposed = models.JSONField(default=dict)
    changes = models.JSONField(default=list)
    # Where the pledge stood when the request was made: accepting refuses if it moved since.
    base_status = models.CharField(max_length=16, choices=PledgeStatus.choices)
    base_level = models.CharField(max_length=3, choices=ReadinessLevel.choices, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Rejection: why (shown to the State). Acceptance: the re-assessment's outcome.
    reason = models.TextField(blank=True, max_length=2000)
    resulting_level = models.CharField(
        max_length=3, choices=ReadinessLevel.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge"],
                condition=Q(status="pending"),
                name="one_pending_change_request_per_pledge",
                violation_error_message=_("A change request for this pledge is already pending."),
            )
        ]

    def __str__(self) -> str:
        return f"Change request {self.pk} ({self.get_status_display()})"


class PledgePartner(models.Model):
    """One partner's share of a joint (co-deployment) pledge: a State or a regional organization.

    The pledge's own member_state leads it and has a share too; the shares add up to the unit
    (checked by pcrs.partnerships.services.joint_pledge_shares_set, which owns these rows).
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="partners")
    member_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledge_shares",
    )
    regional_organization = models.ForeignKey(
        "memberstates.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledge_shares",
    )
    personnel = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    women = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    # [{"item": "Utility helicopter (medium)", "quantity": 3}, ...]: this partner's part of Annex C.
    equipment = models.JSONField(default=list, blank=True)
    contribution = models.CharField(
        max_length=200, blank=True, help_text=_("What this partner brings.")
    )

    class Meta:
        ordering = ["pledge", "-personnel", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member_state__isnull=False, regional_organization__isnull=True)
                    | Q(member_state__isnull=True, regional_organization__isnull=False)
                ),
                name="pledge_partner_state_or_organization",
                violation_error_message=(
                    "A partner is either a Member State or a regional organization."
                ),
            ),
            models.CheckConstraint(
                condition=Q(women__lte=models.F("personnel")),
                name="pledge_partner_women_within_personnel",
                violation_error_message=_("A partner's women cannot exceed its personnel."),
            ),
            models.UniqueConstraint(
                fields=["pledge", "member_state"], name="one_share_per_state_and_pledge"
            ),
            models.UniqueConstraint(
                fields=["pledge", "regional_organization"],
                name="one_share_per_organization_and_pledge",
            ),
        ]

    def __str__(self) -> str:
        who = self.member_state or self.regional_organization
        return f"{who}: {self.personnel} personnel"

    @property
    def partner_label(self) -> str:
        if self.member_state is not None:
            return self.member_state.iso3
        return self.regional_organization.code if self.regional_organization else "-"
