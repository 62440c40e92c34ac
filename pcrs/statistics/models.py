"""Published statistics: dated releases of the protected pledge tables (ADR 0050).

A Publication is what observers and Member States see until the next one; the Secretariat
sees live figures. Its records keep each State's part (Secretariat-only: never shown) so the
next release can be audited against this one.
"""

from __future__ import annotations

from django.db import models


class Publication(models.Model):
    as_of = models.DateField(unique=True)
    published_at = models.DateTimeField(auto_now_add=True)
    # The disclosure parameters in force (disclosure.Params as a dict), for the record.
    params = models.JSONField(default=dict)
    suppressed_cells = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"Statistics as of {self.as_of:%Y-%m-%d}"


class PublishedCell(models.Model):
    """One published cell; None in every figure when suppressed (whether empty or not)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="cells")
    grouping = models.CharField(max_length=20)
    group = models.CharField(max_length=80)
    capability_type = models.CharField(max_length=120, blank=True)
    pledges = models.PositiveIntegerField(null=True)
    personnel = models.PositiveIntegerField(null=True)
    women = models.PositiveIntegerField(null=True)
    states = models.PositiveIntegerField(null=True)
    suppressed = models.BooleanField()

    class Meta:
        ordering = ["grouping", "group", "capability_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "grouping", "group", "capability_type"],
                name="statistics_cell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grouping}={self.group} x {self.capability_type}"


class PublishedRecord(models.Model):
    """One State's live pledges in one finest combination at the release (never shown)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="records")
    state = models.CharField(max_length=3)
    capability_type = models.CharField(max_length=120)
    groups = models.JSONField()
    pledges = models.PositiveIntegerField()
    personnel = models.PositiveIntegerField()
    women = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.state} x {self.capability_type}"
