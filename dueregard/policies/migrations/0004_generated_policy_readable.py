"""The generated Prevent policy's versions link to the page every member may read (the
version in force), not to the editors' page: staff asked to read it can open it."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    PolicyVersion.objects.filter(document_url_name="policydoc:overview").update(
        document_url_name="policydoc:published"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    PolicyVersion.objects.filter(document_url_name="policydoc:published").update(
        document_url_name="policydoc:overview"
    )


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_review_flags")]
    operations = [migrations.RunPython(forwards, backwards)]
