# The information-sharing log moved to its own app (sharing): state only, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0003_disclosure_correction_reason'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='Disclosure',
                ),
            ],
        ),
    ]
