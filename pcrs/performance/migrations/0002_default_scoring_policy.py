"""The scoring policy the force-generation adapter starts from: a two-year half-life and the
same unit's own evaluations weighing three times its State's others (a PCRS choice, ADR 0102)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    Policy = apps.get_model("performance", "ScoringPolicy")
    Policy.objects.get_or_create(
        effective_from=dt.date(2000, 1, 1),
        defaults={
            "half_life_days": 730,
            "unit_weight": Decimal("3.00"),
            "source": "PCRS default (ADR 0102); the Secretariat may date a new policy",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
