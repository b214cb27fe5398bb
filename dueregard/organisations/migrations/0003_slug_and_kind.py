from django.db import migrations, models
from django.utils.text import slugify


def name_the_organisations(apps, schema_editor):
    """Give every organisation a slug made from its name, unique (``-2``, ``-3``... if needed)."""
    Organisation = apps.get_model("organisations", "Organisation")
    taken: set[str] = set()
    for organisation in Organisation.objects.order_by("pk"):
        base = slugify(organisation.name)[:44].strip("-") or "organisation"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        organisation.slug = slug
        organisation.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_privileged_factor"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("college", "Further education college"),
                    ("sixth_form", "Sixth-form college"),
                    ("training_provider", "Independent training provider"),
                    ("adult_learning", "Adult and community learning provider"),
                    ("other", "Other education or training provider"),
                ],
                default="college",
                max_length=20,
                verbose_name="kind of provider",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                db_index=False, max_length=50, null=True, verbose_name="short name"
            ),
        ),
        migrations.RunPython(name_the_organisations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                help_text="Lower-case letters, digits and hyphens, e.g. larkfield-training.",
                max_length=50,
                unique=True,
                verbose_name="short name",
            ),
        ),
    ]
