"""UN peacekeeping operations, what they are authorized, who serves in them and what they need.

Every figure a gap report shows is computed (pcrs.missions.gaps) from these records; nothing
here stores a gap.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MissionKind(models.TextChoices):
    PEACEKEEPING = "peacekeeping", _("Peacekeeping operation")
    # Special political missions with uniformed personnel (UNAMA, UNAMI...) appear in the UN
    # monthly contribution reports; they are kept so those reports import in full.
    POLITICAL = "political", _("Special political mission")


class CoordinateStatus(models.TextChoices):
    OK = "ok", _("As published")
    SWAPPED = "swapped", _("Longitude and latitude swapped in the source; corrected")
    IMPOSSIBLE = "impossible", _("Impossible or outside the host country; not used")
    MISSING = "missing", _("Not published")


class MissionQuerySet(models.QuerySet["Mission"]):
    def peacekeeping(self) -> MissionQuerySet:
        return self.filter(kind=MissionKind.PEACEKEEPING)

    def active(self) -> MissionQuerySet:
        return self.filter(is_active=True)


class Mission(models.Model):
    """A UN peacekeeping operation, past or present."""

    acronym = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(
        max_length=16, choices=MissionKind.choices, default=MissionKind.PEACEKEEPING
    )
    host_country = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_missions",
    )
    # The host as the source names it: some hosts are not Member States (Kosovo, Western Sahara).
    host_name = models.CharField(max_length=120, blank=True)
    # ISO 3166 alpha-3 codes (XKX for Kosovo) of every country or territory the mission covers.
    host_codes = models.JSONField(default=list, blank=True)
    lead_department = models.CharField(max_length=32, blank=True)
    is_active = models.BooleanField(default=False, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    hq_location = models.CharField(max_length=120, blank=True)
    hq_latitude = models.FloatField(null=True, blank=True)
    hq_longitude = models.FloatField(null=True, blank=True)
    # The coordinates exactly as the source wrote them, and what the importer made of them.
    hq_source_longitude = models.CharField(max_length=32, blank=True)
    hq_source_latitude = models.CharField(max_length=32, blank=True)
    hq_coordinate_status = models.CharField(
        max_length=16, choices=CoordinateStatus.choices, default=CoordinateStatus.MISSING
    )
    source_id = models.CharField(max_length=16, blank=True)
    source_updated = models.DateField(null=True, blank=True)
    # What the source file says of the status, kept beside the status in force (is_active,
    # end_date), which a Secretariat correction may override. None: not in the source.
    source_is_active = models.BooleanField(null=True, blank=True)
    source_end_date = models.DateField(null=True, blank=True)
    data_notes = models.TextField(blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "acronym"]

    def __str__(self) -> str:
        return self.acronym

    @property
    def source_status(self) -> str:
        """What the source file says of the status, in words."""
        if self.source_is_active is None:
            return "not in the source file"
        if self.source_is_active:
            return "the source file says active"
        return f"the source file says closed {self.source_end_date or '(no date)'}"


class MissionStatusCorrection(models.Model):
    """The Secretariat's word on a mission's status, over what the source file says.

    One per mission (its history is in the audit trail); the mission importer applies it again
    after every re-import, so that a stale source never reopens a closed mission.
    """

    mission = models.OneToOneField(
        Mission, on_delete=models.CASCADE, related_name="status_correction"
    )
    is_active = models.BooleanField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    resolution = models.CharField(
        max_length=120, blank=True, help_text=_("e.g. 'S/RES/2690 (2023)'.")
    )
    source = models.CharField(
        max_length=255, help_text=_("Where this comes from: a resolution, a UN page, a letter.")
    )
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mission"]

    def __str__(self) -> str:
        state = "active" if self.is_active else f"closed {self.end_date}"
        return f"{self.mission}: {state} ({self.resolution or self.source})"


class CeilingCategory(models.TextChoices):
    """Categories the Security Council authorizes; totals where a resolution gives only one."""

    TROOPS = "troops", _("Contingent troops")
    STAFF_OBSERVERS = "staff_observers", _("Staff officers and military observers")
    MILITARY = "military", _("Military personnel (all)")
    FPU = "fpu", _("Formed police units")
    IPO = "ipo", _("Individual police officers")
    POLICE = "police", _("Police personnel (all)")
    JUSTICE_CORRECTIONS = "justice_corrections", _("Justice and corrections officers")


class Ceiling(models.Model):
    """An authorized ceiling in force from a date, citing the resolution that set it."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="ceilings")
    category = models.CharField(max_length=24, choices=CeilingCategory.choices)
    authorized = models.PositiveIntegerField(validators=[MaxValueValidator(100_000)])
    effective_from = models.DateField()
    resolution = models.CharField(max_length=120, help_text=_("e.g. 'S/RES/2709 (2023)'."))
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mission", "category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "category", "effective_from"], name="one_ceiling_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.get_category_display()}: {self.authorized}"


class PersonnelType(models.TextChoices):
    """The personnel types of the UN monthly contribution reports."""

    IPO = "ipo", _("Individual police")
    FPU = "fpu", _("Formed police units")
    EXPERTS = "experts", _("Experts on mission")
    TROOPS = "troops", _("Troops")
    # Reported separately by the UN Data Hub; the IPI file counts them within the others.
    STAFF = "staff", _("Staff officers")
    JUSTICE = "justice", _("Justice and corrections")


class ContributionImport(models.Model):
    """One accepted import of a monthly contributions file, with its report."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    months = models.JSONField(default=list)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    records_written = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Contribution(models.Model):
    """Personnel of one type that one State had in one mission at the end of one month."""

    month = models.DateField(help_text=_("Last day of the month reported."))
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="contributions"
    )
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="contributions")
    personnel_type = models.CharField(max_length=8, choices=PersonnelType.choices)
    male = models.PositiveIntegerField()
    female = models.PositiveIntegerField()
    # As reported: it may exceed male + female (personnel of unrecorded gender).
    total = models.PositiveIntegerField()
    gender_mismatch = models.BooleanField(
        default=False, help_text=_("The reported total differs from male + female.")
    )
    source_line = models.PositiveIntegerField(default=0)
    batch = models.ForeignKey(
        ContributionImport, on_delete=models.PROTECT, related_name="contributions"
    )

    class Meta:
        ordering = ["month", "mission", "member_state", "personnel_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "member_state", "mission", "personnel_type"],
                name="one_contribution_per_month_state_mission_type",
            )
        ]
        indexes = [
            models.Index(fields=["mission", "month"]),
            models.Index(fields=["member_state", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.member_state_id} {self.mission} {self.personnel_type}"


class FatalityImport(models.Model):
    """One accepted import of the UN peacekeeper fatalities file (DPPADPOSS-FATALITIES)."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    source_updated = models.DateField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    records_written = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Fatality(models.Model):
    """One peacekeeper fatality as the UN records it: one row of DPPADPOSS-FATALITIES."""

    source_id = models.PositiveIntegerField(unique=True)
    casualty_id = models.CharField(max_length=40, db_index=True)
    incident_date = models.DateField()
    # As the source writes it; the link is set when the mission is in PCRS (the file also
    # names special political missions and offices that PCRS does not list).
    mission_acronym = models.CharField(max_length=32)
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.PROTECT, related_name="fatalities"
    )
    nationality = models.CharField(max_length=120, blank=True)
    iso3 = models.CharField(max_length=3, blank=True)
    member_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fatalities",
    )
    gender = models.CharField(max_length=1, blank=True)
    personnel_type = models.CharField(max_length=40)
    incident_type = models.CharField(max_length=40)
    source_line = models.PositiveIntegerField(default=0)
    batch = models.ForeignKey(FatalityImport, on_delete=models.PROTECT, related_name="fatalities")

    class Meta:
        ordering = ["incident_date", "source_id"]
        indexes = [
            models.Index(fields=["mission", "incident_date"]),
            models.Index(fields=["member_state", "incident_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.casualty_id} {self.mission_acronym} {self.incident_date}"


class DeploymentLocation(models.Model):
    """A Geo-PKO deployment location of a mission in one year (FrontMap v2.3)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="locations")
    year = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=80)
    name = models.CharField(max_length=120)
    latitude = models.FloatField()
    longitude = models.FloatField()
    troops = models.PositiveIntegerField(null=True, blank=True)
    average_troops = models.PositiveIntegerField(null=True, blank=True)
    hq_level = models.PositiveSmallIntegerField(default=0)
    has_police = models.BooleanField(default=False)
    has_medical = models.BooleanField(default=False)
    has_aviation = models.BooleanField(default=False)
    has_observers = models.BooleanField(default=False)
    observations = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["mission", "year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "year", "name", "latitude", "longitude"],
                name="one_location_per_mission_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.year} {self.name}"


class ContingentStatus(models.TextChoices):
    DEPLOYED = "deployed", _("Deployed")
    REPATRIATED = "repatriated", _("Repatriated")


ROTATION_PERIODS = (6, 12)


class DeployedContingent(models.Model):
    """A formed unit (or a State's group of individual officers) serving in a mission."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="contingents")
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="contingents"
    )
    capability_type = models.ForeignKey(
        "registry.CapabilityType", on_delete=models.PROTECT, related_name="contingents"
    )
    designation = models.CharField(max_length=120, blank=True)
    personnel = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    women = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    deployed_on = models.DateField()
    rotation_months = models.PositiveSmallIntegerField(
        default=12, choices=[(m, f"{m} months") for m in ROTATION_PERIODS]
    )
    next_rotation_on = models.DateField()
    location = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=16, choices=ContingentStatus.choices, default=ContingentStatus.DEPLOYED
    )
    replacement_pledge = models.ForeignKey(
        "registry.Pledge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces_contingents",
    )
    replacement_note = models.CharField(max_length=255, blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text=_("Derived for the demo; not an actual deployment record.")
    )
    source_note = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mission", "next_rotation_on", "member_state"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women__lte=models.F("personnel")),
                name="contingent_women_within_personnel",
                violation_error_message="Women cannot exceed the personnel total.",
            ),
        ]

    def __str__(self) -> str:
        label = self.designation or str(self.capability_type)
        return f"{self.mission} {self.member_state.iso3} {label}"

    @property
    def women_share(self) -> float:
        return self.women / self.personnel if self.personnel else 0.0

    @property
    def has_replacement(self) -> bool:
        return self.replacement_pledge_id is not None or bool(self.replacement_note.strip())


class Priority(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    ROUTINE = "routine", _("Routine")


PRIORITY_RANK: dict[str, int] = {Priority.CRITICAL: 0, Priority.HIGH: 1, Priority.ROUTINE: 2}


class RequirementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_GENERATION = "in_generation", _("In generation")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")


UNFILLED_STATUSES = (RequirementStatus.OPEN, RequirementStatus.IN_GENERATION)


class Requirement(models.Model):
    """What a mission needs: a Statement-of-Unit-Requirements-like record."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="requirements")
    capability_type = models.ForeignKey(
        "registry.CapabilityType", on_delete=models.PROTECT, related_name="requirements"
    )
    title = models.CharField(max_length=120, blank=True)
    units = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    personnel = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20000)]
    )
    required_by = models.DateField()
    priority = models.CharField(max_length=12, choices=Priority.choices, default=Priority.HIGH)
    location = models.CharField(max_length=120, blank=True)
    languages = models.JSONField(default=list, blank=True)
    min_women_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    major_equipment = models.JSONField(default=list, blank=True)
    self_sustainment = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=16,
        choices=RequirementStatus.choices,
        default=RequirementStatus.OPEN,
        db_index=True,
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["mission", "required_by"]

    def __str__(self) -> str:
        return f"{self.mission} {self.title or self.capability_type}"

    @property
    def is_unfilled(self) -> bool:
        return self.status in UNFILLED_STATUSES


class GenderCategory(models.TextChoices):
    """The categories of the Uniformed Gender Parity Strategy 2018-2028."""

    CONTINGENTS = "contingents", _("Military contingents")
    OBSERVERS_STAFF = "observers_staff", _("Military observers and staff officers")
    FPU = "fpu", _("Formed police units")
    IPO = "ipo", _("Individual police officers")
    JUSTICE_CORRECTIONS = "justice_corrections", _("Justice and corrections officers")


class GenderTarget(models.Model):
    """The women's-share target of one category for one year; the Secretariat edits it."""

    category = models.CharField(max_length=24, choices=GenderCategory.choices)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_interpolated = models.BooleanField(default=False)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["category", "year"]
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.year}: {self.target_percent}%"
