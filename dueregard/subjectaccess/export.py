"""The response to a subject access request: one ZIP with a PDF, a JSON file and the files.

``response.pdf`` is for the person to read; ``response.json`` holds the same records
for a machine (each record's type, id and fields); ``attachments/`` holds every file,
decrypted. The accepted redaction terms are "[redacted]" in both the PDF and the JSON;
files are sent as they are, so the page asks the DSL to open each before sending.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dueregard.core import exports
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require
from dueregard.subjectaccess import services
from dueregard.subjectaccess.collect import Held, collect, jsonable
from dueregard.subjectaccess.models import SubjectAccessRequest, TermDecision
from dueregard.subjectaccess.redact import pattern, redact

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Response:
    filename: str
    content: bytes
    records: int
    files: int


def build(membership: Membership, sar: SubjectAccessRequest, held: Held) -> bytes:
    """The ZIP's bytes, redacted with the request's accepted terms."""
    terms = [t.text for t in sar.terms.filter(decision=TermDecision.ACCEPTED)]
    found = pattern(terms)
    data = redact(as_json(sar, held), found)
    pdf = exports.render_pdf(
        "subjectaccess/response_pdf.html",
        {
            "organisation": membership.organisation,
            "generated_at": timezone.now(),
            "sar": sar,
            "person_name": redact(sar.person.full_name, found),
            "sections": redact(_readable(held), found),
            "seen": redact(
                [
                    {
                        "at": f"{timezone.localtime(s.at):%-d %b %Y %H:%M}",
                        "who": s.who,
                        "what": s.what,
                        "record": s.record,
                    }
                    for s in held.seen
                ],
                found,
            ),
            "files": [f.path for f in held.files],
            "marking": exports.OFFICIAL_SENSITIVE,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("response.pdf", pdf)
        archive.writestr(
            "response.json", json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        )
        for file in held.files:
            archive.writestr(file.path, file.read())
    return buffer.getvalue()


def _readable(held: Held) -> list[dict[str, Any]]:
    """The records as the PDF shows them: each field's label and its value as text."""
    return [
        {
            "title": section.title,
            "records": [
                {
                    "id": record.public_id,
                    "rows": [[v.label, v.text] for v in record.values if v.name != "public_id"],
                }
                for record in section.records
            ],
        }
        for section in held.sections
    ]


def as_json(sar: SubjectAccessRequest, held: Held) -> dict[str, Any]:
    """What the response holds, as plain data (before redaction)."""
    return {
        "format": "dueregard subject access response",
        "version": FORMAT_VERSION,
        "generated_at": jsonable(timezone.now()),
        "organisation": sar.organisation.name,
        "request": {
            "id": str(sar.public_id),
            "received_on": jsonable(sar.received_on),
            "due_on": jsonable(sar.deadline),
        },
        "person": {
            "id": str(sar.person.public_id),
            "given_name": sar.person.given_name,
            "family_name": sar.person.family_name,
        },
        "records": [
            {
                "type": section.label,
                "title": section.title,
                "records": [
                    {
                        "id": record.public_id,
                        "fields": {v.name: v.value for v in record.values},
                        "labels": {v.name: v.label for v in record.values},
                        "files": [f.path for f in record.files],
                    }
                    for record in section.records
                ],
            }
            for section in held.sections
        ],
        "who_has_seen_it": [
            {"at": jsonable(s.at), "who": s.who, "what": s.what, "record": s.record}
            for s in held.seen
        ],
    }


def export_response(membership: Membership, sar: SubjectAccessRequest) -> Response:
    """Build the response and log it as a disclosure to the person, or refuse
    (``DomainError``: undecided redactions, restricted records, a closed request).

    Names found since the last look are proposed first (in their own transaction, so they
    stay proposed when the export is then refused for them).
    """
    require(membership, Can.EXPORT_SUBJECT_ACCESS)
    services.find_names(membership, sar)  # refused for a closed request
    held = collect(membership, sar)
    services.check_ready(sar, held)
    content = build(membership, sar, held)
    with transaction.atomic():
        services.record_export(membership, sar, records=held.count, files=len(held.files))
    name = exports.safe_filename(f"subject-access-{sar.received_on:%Y-%m-%d}", "zip")
    return Response(name, content, held.count, len(held.files))
