"""DRF's authtoken table kept every key in clear. The app is no longer installed (ADR 0051):
drop its table where an older database still has it, so no readable key survives."""

from django.db import migrations

TABLE = "authtoken_token"


def drop_plain_keys(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_tokens")]
    operations = [migrations.RunPython(drop_plain_keys, migrations.RunPython.noop)]
