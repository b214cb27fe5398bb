"""The shapes the API reads and writes. Ids are public UUIDs; nothing here writes models."""

from __future__ import annotations

from rest_framework import serializers

from dueregard.cases.models import ChronologyKind
from dueregard.people.models import PersonKind
from dueregard.people.sync import MAX_SYNC_ROWS
from dueregard.training.csv_import import MAX_IMPORT_ROWS


class PersonSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=PersonKind.choices, read_only=True)
    given_name = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    site = serializers.CharField(source="site.name", read_only=True, allow_null=True, default=None)
    left = serializers.BooleanField(source="is_archived", read_only=True)
    left_on = serializers.DateField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)


class SyncRowSerializer(serializers.Serializer[object]):
    """One MIS row as ``sync_people`` reads it (``people/sync.py`` checks the values)."""

    reference = serializers.CharField(max_length=40)
    kind = serializers.CharField(max_length=20)
    given_name = serializers.CharField(max_length=100, allow_blank=True)
    family_name = serializers.CharField(max_length=100, allow_blank=True)
    date_of_birth = serializers.CharField(max_length=10, required=False, allow_blank=True)
    site = serializers.CharField(max_length=100, required=False, allow_blank=True)
    left = serializers.BooleanField(required=False)
    left_on = serializers.CharField(max_length=10, required=False, allow_blank=True)


class PeopleSyncSerializer(serializers.Serializer[object]):
    people = serializers.ListField(
        child=SyncRowSerializer(), min_length=1, max_length=MAX_SYNC_ROWS
    )
    mark_missing_left = serializers.BooleanField(
        default=False,
        help_text="Mark every current person with a reference that no row names as left today.",
    )


class SyncReportSerializer(serializers.Serializer[object]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    marked_left = serializers.IntegerField()
    skipped_left = serializers.IntegerField()


class NewConcernSerializer(serializers.Serializer[object]):
    raised_by = serializers.UUIDField(help_text="The public id of the member raising it.")
    immediate_danger = serializers.BooleanField()
    observed_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200)
    narrative = serializers.CharField(max_length=20_000)
    people = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=50
    )
    unknown_subject = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    category = serializers.SlugField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional: the key of one of the organisation's safeguarding categories.",
    )


class ConcernReceiptSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class TrainingRowSerializer(serializers.Serializer[object]):
    email = serializers.CharField(max_length=254)
    course = serializers.CharField(max_length=200)
    completed_on = serializers.CharField(max_length=10)


class TrainingRecordsSerializer(serializers.Serializer[object]):
    records = serializers.ListField(
        child=TrainingRowSerializer(), min_length=1, max_length=MAX_IMPORT_ROWS
    )


class ImportProblemSerializer(serializers.Serializer[object]):
    field = serializers.CharField()
    detail = serializers.CharField()


class TrainingImportSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField()
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    created_count = serializers.IntegerField()
    problems = ImportProblemSerializer(many=True, source="api_problems")


class FigureSerializer(serializers.Serializer[object]):
    table = serializers.CharField()
    # DRF takes declared fields off the class; the name only shadows ``Field.label`` for mypy.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField(help_text="A count, or '<5'-style text when suppressed.")


class CaseSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    status = serializers.CharField()
    is_restricted = serializers.BooleanField()
    opened_at = serializers.DateTimeField(source="created_at")
    closed_at = serializers.DateTimeField(allow_null=True)


class CasePartySerializer(serializers.Serializer[object]):
    person = serializers.UUIDField(source="person.public_id", allow_null=True, default=None)
    role = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    safeguarding_category = serializers.CharField(
        source="safeguarding_category.key",
        allow_null=True,
        default=None,
        help_text="The key of the organisation's category that counts (set by the DSL).",
    )
    safeguarding_category_name = serializers.CharField(
        source="safeguarding_category.name", allow_null=True, default=None
    )
    is_prevent = serializers.BooleanField(
        source="safeguarding_category.is_prevent",
        allow_null=True,
        default=None,
        help_text="Whether the category is the Prevent one (radicalisation).",
    )
    category = serializers.CharField(
        source="category.label",
        allow_null=True,
        default=None,
        help_text="The Home Office Prevent type, for a case in the Prevent category.",
    )
    monitor = serializers.BooleanField()
    monitor_review_on = serializers.DateField(allow_null=True)
    parties = CasePartySerializer(many=True, source="api_parties")
    concerns = serializers.ListField(child=serializers.UUIDField(), source="api_concerns")


class ChronologyEntrySerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id")
    occurred_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ChronologyKind.choices, read_only=True)
    title = serializers.CharField()
    body = serializers.CharField()
