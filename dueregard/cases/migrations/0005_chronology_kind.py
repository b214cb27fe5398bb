"""Each chronology entry gets a kind, so the chronology can be narrowed to kinds of entry.

Existing entries are given theirs from their title (plain text, written by the services
with fixed wording; the encrypted body is not read). A title no rule knows becomes
"other". New entries get theirs from the service that writes them.
"""

from django.db import migrations, models

#: (kind, test on the title), first match wins; the titles the services have written.
RULES = [
    ("concern", lambda t: t.startswith("Concern ") and t.endswith(" raised")),
    ("decision", lambda t: t.startswith("Concern ") and t.endswith(" linked to this case")),
    ("decision", lambda t: t.startswith(("Case opened from concern", "Decision: "))),
    ("decision", lambda t: t.startswith(("Police called", "Type of concern set", "Category set"))),
    ("party", lambda t: t.startswith("Person linked as")),
    ("support", lambda t: t.startswith("Support action")),
    ("review", lambda t: t.startswith(("Review scheduled", "Review held", "Support ended"))),
    ("note", lambda t: t == "Note"),
    ("referral", lambda t: t.startswith(("Referral ", "Referral:"))),
    ("sharing", lambda t: t.startswith(("Information shared", "Information-sharing log"))),
    ("channel", lambda t: t.startswith("Channel ")),
    ("restriction", lambda t: t.startswith(("Restricted to", "Restriction lifted", "Break glass"))),
    ("closure", lambda t: t.startswith(("Case closed", "Case reopened", "Monitoring"))),
]


def kind_of(title: str) -> str:
    for kind, matches in RULES:
        if matches(title):
            return kind
    return "other"


def backfill(apps, schema_editor):
    # The historical manager is Django's plain one: the app's refusal of bulk updates
    # (entries are append-only) does not apply to this one-off classification.
    Entry = apps.get_model("cases", "ChronologyEntry")
    titles = Entry._base_manager.values_list("title", flat=True).distinct().iterator()
    by_kind: dict[str, list[str]] = {}
    for title in titles:
        by_kind.setdefault(kind_of(title), []).append(title)
    for kind, matched in by_kind.items():
        for start in range(0, len(matched), 500):
            Entry._base_manager.filter(title__in=matched[start : start + 500]).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_encrypt_descriptions")]

    operations = [
        migrations.AddField(
            model_name="chronologyentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("concern", "Concern raised"),
                    ("decision", "Triage and decisions"),
                    ("party", "People linked"),
                    ("support", "Support actions"),
                    ("review", "Reviews"),
                    ("note", "Notes"),
                    ("referral", "Referrals"),
                    ("sharing", "Information shared"),
                    ("channel", "Channel"),
                    ("restriction", "Restriction and break glass"),
                    ("closure", "Closure, reopening and monitoring"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="chronologyentry",
            index=models.Index(
                fields=["case", "kind", "occurred_at"], name="chronology_case_kind_idx"
            ),
        ),
    ]
