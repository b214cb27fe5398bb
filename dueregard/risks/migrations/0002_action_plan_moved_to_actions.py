# The action plan moved to the ``actions`` app (its 0001 takes the models over, tables
# unchanged): here ``risks`` lets go of them in Django's state only; no table is dropped.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("risks", "0001_initial"),
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EvidenceFile"),
                migrations.DeleteModel(name="ProgressNote"),
                migrations.DeleteModel(name="ActionItem"),
            ],
        ),
    ]
