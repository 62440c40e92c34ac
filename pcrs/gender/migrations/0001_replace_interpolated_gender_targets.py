"""Replace the gender targets that the earlier defaults interpolated from unverified 2018
values (FPU 2025 came out at 17% where the published target is 15%) by the dated table of
pcrs.missions.defaults. Rows the Secretariat edited (any other source) are kept. GenderTarget
belongs to pcrs.missions; this migration only rewrites data, its schema is unchanged."""

from django.db import migrations


def forwards(apps, schema_editor):
    from pcrs.missions.defaults import LEGACY_DEFAULT_SOURCES, gender_target_rows

    GenderTarget = apps.get_model("missions", "GenderTarget")
    if not GenderTarget.objects.exists():
        return  # a fresh database: gender_targets_load_defaults seeds the table
    legacy = GenderTarget.objects.filter(is_interpolated=True) | GenderTarget.objects.filter(
        source__in=LEGACY_DEFAULT_SOURCES
    )
    replaceable = {(t.category, t.year): t for t in legacy}
    present = set(GenderTarget.objects.values_list("category", "year"))
    for row in gender_target_rows():
        key = (row.category, row.year)
        target = replaceable.get(key)
        if target is not None:
            target.target_percent = row.target_percent
            target.source = row.source
            target.is_interpolated = False
            target.save(update_fields=["target_percent", "source", "is_interpolated"])
        elif key not in present:
            GenderTarget.objects.create(
                category=row.category,
                year=row.year,
                target_percent=row.target_percent,
                source=row.source,
                is_interpolated=False,
            )


class Migration(migrations.Migration):
    dependencies = [("missions", "0002_imports_requirements_contingents")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
