"""The recognition validity in force (4 years, PCRS.md "Training") and the starting criteria
for regional status; both are rows the Secretariat edits."""

import datetime as dt

from django.db import migrations

CRITERIA = [
    ("recognised_courses", 2),
    ("participant_states", 3),
    ("regional_trainees", 30),
    ("deliveries", 4),
]


def forwards(apps, schema_editor):
    Policy = apps.get_model("training", "RecognitionPolicy")
    Criterion = apps.get_model("training", "RegionalCriterion")
    Policy.objects.get_or_create(
        effective_from=dt.date(2000, 1, 1),
        defaults={
            "validity_years": 4,
            "reminder_days": 180,
            "source": "PCRS.md: a UN course recognition certificate is valid 4 years",
        },
    )
    for metric, threshold in CRITERIA:
        Criterion.objects.get_or_create(
            metric=metric,
            defaults={
                "threshold": threshold,
                "source": "starting value set by PCRS (to verify with ITS)",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
