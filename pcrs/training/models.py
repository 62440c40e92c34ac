"""Peacekeeping training centres, their courses, UN recognition of a course, the courses they
deliver, and how many of a pledge's personnel hold recognised pre-deployment training.

Validity of a recognition and the criteria for regional status are dated, editable data
(`RecognitionPolicy`, `RegionalCriterion`), not constants (ADR 0101).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreStatus(models.TextChoices):
    NATIONAL = "national", _("National peacekeeping training centre")
    REGIONAL = "regional", _("Regional peacekeeping training centre")


class TrainingCentre(models.Model):
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="training_centres"
    )
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        max_length=16, choices=CentreStatus.choices, default=CentreStatus.NATIONAL
    )
    established_on = models.DateField(help_text=_("When the centre opened."))
    is_synthetic = models.BooleanField(default=False)
    source_note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_state__name", "acronym"]

    def __str__(self) -> str:
        return self.acronym


class CourseKind(models.TextChoices):
    CORE_PREDEPLOYMENT = "core_pdt", _("Core pre-deployment training (CPTM)")
    SPECIALIZED = "specialized", _("Specialized training materials")
    OTHER = "other", _("Other course")


class Course(models.Model):
    centre = models.ForeignKey(TrainingCentre, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=CourseKind.choices)

    class Meta:
        ordering = ["centre", "title"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name="one_course_title_per_centre")
        ]

    def __str__(self) -> str:
        return f"{self.centre.acronym}: {self.title}"

    @property
    def is_pre_deployment(self) -> bool:
        return self.kind in (CourseKind.CORE_PREDEPLOYMENT, CourseKind.SPECIALIZED)


class RecognitionPolicy(models.Model):
    """How long a UN course recognition is valid, from a date (PCRS.md: 4 years)."""

    effective_from = models.DateField(unique=True)
    validity_years = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=180, validators=[MaxValueValidator(730)]
    )
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "recognition policies"

    def __str__(self) -> str:
        return f"from {self.effective_from}: {self.validity_years} years"


class RecognitionStatus(models.TextChoices):
    VALID = "valid", _("Recognised")
    RENEWAL_DUE = "renewal_due", _("Recognised, renewal due")
    RENEWED = "renewed", _("Superseded by a renewal")
    EXPIRED = "expired", _("Expired")


CURRENT_STATUSES = (RecognitionStatus.VALID, RecognitionStatus.RENEWAL_DUE)


class CourseRecognition(models.Model):
    """A UN training recognition certificate for one course."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="recognitions")
    recognised_on = models.DateField()
    valid_until = models.DateField()
    status = models.CharField(
        max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.VALID
    )
    reference = models.CharField(max_length=120, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)
    renews = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recognised_on"]

    def __str__(self) -> str:
        return f"{self.course} recognised {self.recognised_on}"

    def in_force_on(self, day: object) -> bool:
        return bool(self.recognised_on <= day <= self.valid_until)  # type: ignore[operator]


class CourseDelivery(models.Model):
    """One run of a course, with its trainees per State and gender."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="deliveries")
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name_plural = "course deliveries"

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"


class DeliveryTrainees(models.Model):
    delivery = models.ForeignKey(CourseDelivery, on_delete=models.CASCADE, related_name="trainees")
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="+"
    )
    men = models.PositiveIntegerField(validators=[MaxValueValidator(5000)])
    women = models.PositiveIntegerField(validators=[MaxValueValidator(5000)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "member_state"], name="one_trainee_row_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery}: {self.member_state_id} {self.men}+{self.women}"

    @property
    def total(self) -> int:
        return self.men + self.women


class PledgeTraining(models.Model):
    """How many of a pledge's personnel completed a recognised delivered course."""

    pledge = models.ForeignKey(
        "registry.Pledge", on_delete=models.CASCADE, related_name="training_records"
    )
    delivery = models.ForeignKey(CourseDelivery, on_delete=models.PROTECT, related_name="+")
    personnel = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pledge", "delivery"], name="one_record_per_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.personnel} of pledge {self.pledge_id} trained at {self.delivery}"


class CriterionMetric(models.TextChoices):
    RECOGNISED_COURSES = "recognised_courses", _("Courses with a UN recognition in force")
    PARTICIPANT_STATES = "participant_states", _("Other States that sent trainees (last 3 years)")
    REGIONAL_TRAINEES = "regional_trainees", _("Trainees from other States (last 3 years)")
    DELIVERIES = "deliveries", _("Course deliveries (last 3 years)")


class RegionalCriterion(models.Model):
    """One condition a national centre meets on its path to regional status (editable)."""

    metric = models.CharField(max_length=32, choices=CriterionMetric.choices, unique=True)
    threshold = models.PositiveIntegerField(validators=[MaxValueValidator(100_000)])
    is_active = models.BooleanField(default=True)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["metric"]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} >= {self.threshold}"
