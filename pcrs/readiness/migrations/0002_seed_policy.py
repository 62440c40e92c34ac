"""Seed the first ReadinessPolicy row from the defaults (settings.PCRS_READINESS may override)."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    from pcrs.readiness.conf import readiness_settings

    Policy = apps.get_model("readiness", "ReadinessPolicy")
    if Policy.objects.exists():
        return
    conf = readiness_settings()
    Policy.objects.create(
        # The PCRS was created in 2015: this first row covers everything since.
        effective_from=dt.date(2015, 1, 1),
        first_renewal_months=conf["FIRST_RENEWAL_MONTHS"],
        renewal_interval_months=conf["RENEWAL_INTERVAL_MONTHS"],
        aav_validity_months=conf["AAV_VALIDITY_MONTHS"],
        verification_validity_months=conf["VERIFICATION_VALIDITY_MONTHS"],
        reminder_days=conf["REMINDER_DAYS"],
        rdl_deploy_within_days=conf["RDL_DEPLOY_WITHIN_DAYS"],
        note=(
            "Seeded defaults. Renewal periods from the PCRS Guidelines; the validity periods "
            "are assumptions (not published): see docs/adr/0020."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("readiness", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
