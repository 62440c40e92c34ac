"""UN peacekeeping operations (imported from the UN Peace and Security Data Hub)."""

from __future__ import annotations

from django.db import models


class Mission(models.Model):
    """A UN peacekeeping operation, past or present."""

    acronym = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255)
    host_country = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_missions",
    )
    # The host as the source names it: some hosts are not Member States (Kosovo, Western Sahara).
    host_name = models.CharField(max_length=120, blank=True)
    lead_department = models.CharField(max_length=32, blank=True)
    is_active = models.BooleanField(default=False, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    hq_location = models.CharField(max_length=120, blank=True)
    hq_latitude = models.FloatField(null=True, blank=True)
    hq_longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-is_active", "acronym"]

    def __str__(self) -> str:
        return self.acronym
