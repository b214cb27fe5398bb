from django.db import migrations

from dueregard.concerns.taxonomy import load_concern_type_list, load_indicators


def load(apps, schema_editor):
    load_concern_type_list(
        apps.get_model("concerns", "ConcernTypeList"),
        apps.get_model("concerns", "ConcernType"),
        "concern_types_2024_25.json",
    )
    load_indicators(
        apps.get_model("concerns", "IndicatorCategory"), apps.get_model("concerns", "Indicator")
    )


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
