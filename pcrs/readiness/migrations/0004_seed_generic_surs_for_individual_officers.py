"""Generic Statements of Unit Requirements for the individual-officer capability types already in
the catalogue, so that individual pledges can reach Level 3 (ADR 0042). Editable in the admin;
types added later get theirs from the Secretariat (or the demo loader)."""

import datetime as dt

from django.db import migrations

INDIVIDUAL = ("individual_military", "individual_police", "individual_civilian")


def seed(apps, schema_editor):
    CapabilityType = apps.get_model("registry", "CapabilityType")
    UnitRequirement = apps.get_model("readiness", "UnitRequirement")
    have = set(
        UnitRequirement.objects.filter(is_generic=True, is_current=True).values_list(
            "capability_type_id", flat=True
        )
    )
    UnitRequirement.objects.bulk_create(
        UnitRequirement(
            capability_type=ct,
            reference=f"SUR-GEN-{ct.code}"[:60],
            title=f"Generic requirements: {ct.name}",
            issued_on=dt.date(2020, 1, 1),
            personnel=ct.typical_size,
            major_equipment=[],
            requirements=(
                f"Generic requirements for {ct.name}: language proficiency, driving, "
                "weapons handling where applicable, pre-deployment training, medical fitness."
            ),
        )
        for ct in CapabilityType.objects.filter(category__in=INDIVIDUAL)
        if ct.pk not in have
    )


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0003_evidence_records_what_it_verified"),
        ("registry", "0003_pledge_change_requests"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
