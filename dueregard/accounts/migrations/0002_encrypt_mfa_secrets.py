"""Encrypt second-factor secrets stored in clear before the MFA adapter encrypted them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from dueregard.accounts.mfa import encrypt_existing

    encrypt_existing(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
