"""Replace the gender targets that the earlier defaults interpolated from unverified 2018
values (FPU 2025 came out at 17% where the published target is 15%) by the dated table of
pcrs.missions.defaults. Rows the Secretariat edited (any other source) are kept. GenderTarget
belongs to pcrs.missions; this migration only rewrites data, its schema is unchanged."""

from decimal import Decimal

from django.db import migrations

# Frozen copy of pcrs.missions.defaults.gender_target_rows() at the time of this migration.
ROWS = [
    ("contingents", 2018, "8.0", 'to verify: no published 2018 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2019, "8.0", 'to verify: no published 2019 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2020, "8.0", 'to verify: no published 2020 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2021, "8.0", 'Uniformed Gender Parity Strategy 2018-2028: 2021 target (PCRS.md)'),
    ("contingents", 2022, "8.0", 'to verify: no published 2022 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2023, "8.0", 'to verify: no published 2023 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2024, "8.0", 'to verify: no published 2024 figure in PCRS.md; holds the 2021 target'),
    ("contingents", 2025, "12.0", 'Uniformed Gender Parity Strategy 2018-2028: 2025 target (PCRS.md)'),
    ("contingents", 2026, "12.0", 'to verify: no published 2026 figure in PCRS.md; holds the 2025 target'),
    ("contingents", 2027, "12.0", 'to verify: no published 2027 figure in PCRS.md; holds the 2025 target'),
    ("contingents", 2028, "15.0", 'Uniformed Gender Parity Strategy 2018-2028: 2028 target (PCRS.md)'),
    ("fpu", 2018, "15.0", 'to verify: no published 2018 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2019, "15.0", 'to verify: no published 2019 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2020, "15.0", 'to verify: no published 2020 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2021, "15.0", 'to verify: no published 2021 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2022, "15.0", 'to verify: no published 2022 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2023, "15.0", 'to verify: no published 2023 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2024, "15.0", 'to verify: no published 2024 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2025, "15.0", 'Uniformed Gender Parity Strategy 2018-2028: 2025 target (PCRS.md)'),
    ("fpu", 2026, "15.0", 'to verify: no published 2026 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2027, "15.0", 'to verify: no published 2027 figure in PCRS.md; holds the 2025 target'),
    ("fpu", 2028, "20.0", 'Uniformed Gender Parity Strategy 2018-2028: 2028 target (PCRS.md)'),
    ("ipo", 2018, "30.0", 'to verify: no published 2018 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2019, "30.0", 'to verify: no published 2019 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2020, "30.0", 'to verify: no published 2020 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2021, "30.0", 'to verify: no published 2021 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2022, "30.0", 'to verify: no published 2022 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2023, "30.0", 'to verify: no published 2023 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2024, "30.0", 'to verify: no published 2024 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2025, "30.0", 'to verify: no published 2025 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2026, "30.0", 'to verify: no published 2026 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2027, "30.0", 'to verify: no published 2027 figure in PCRS.md; holds the 2028 target'),
    ("ipo", 2028, "30.0", 'Uniformed Gender Parity Strategy 2018-2028: 2028 target (PCRS.md)'),
    ("observers_staff", 2018, "18.0", 'to verify: no published 2018 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2019, "18.0", 'to verify: no published 2019 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2020, "18.0", 'to verify: no published 2020 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2021, "18.0", 'Uniformed Gender Parity Strategy 2018-2028: 2021 target (PCRS.md)'),
    ("observers_staff", 2022, "18.0", 'to verify: no published 2022 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2023, "18.0", 'to verify: no published 2023 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2024, "18.0", 'to verify: no published 2024 figure in PCRS.md; holds the 2021 target'),
    ("observers_staff", 2025, "22.0", 'Uniformed Gender Parity Strategy 2018-2028: 2025 target (PCRS.md)'),
    ("observers_staff", 2026, "22.0", 'to verify: no published 2026 figure in PCRS.md; holds the 2025 target'),
    ("observers_staff", 2027, "22.0", 'to verify: no published 2027 figure in PCRS.md; holds the 2025 target'),
    ("observers_staff", 2028, "25.0", 'Uniformed Gender Parity Strategy 2018-2028: 2028 target (PCRS.md)'),
]
LEGACY_DEFAULT_SOURCES = ('Uniformed Gender Parity Strategy 2018-2028, starting target (to verify)', 'Uniformed Gender Parity Strategy 2018-2028 (PCRS.md)')


def forwards(apps, schema_editor):
    GenderTarget = apps.get_model("missions", "GenderTarget")
    if not GenderTarget.objects.exists():
        return  # a fresh database: gender_targets_load_defaults seeds the table
    legacy = GenderTarget.objects.filter(is_interpolated=True) | GenderTarget.objects.filter(
        source__in=LEGACY_DEFAULT_SOURCES
    )
    replaceable = {(t.category, t.year): t for t in legacy}
    present = set(GenderTarget.objects.values_list("category", "year"))
    for category, year, percent, source in ROWS:
        key = (category, year)
        target = replaceable.get(key)
        if target is not None:
            target.target_percent = Decimal(percent)
            target.source = source
            target.is_interpolated = False
            target.save(update_fields=["target_percent", "source", "is_interpolated"])
        elif key not in present:
            GenderTarget.objects.create(
                category=category,
                year=year,
                target_percent=Decimal(percent),
                source=source,
                is_interpolated=False,
            )


class Migration(migrations.Migration):
    dependencies = [("missions", "0002_imports_requirements_contingents")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
