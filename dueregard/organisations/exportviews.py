"""Organisation-wide documents as downloads, from a table.

An app lists its documents (``ExportDocument``: what it is, which permission it needs, the
audit code it writes, and one builder per format); ``export_urls`` turns the table into
URLs named ``<name>_<format>``, each served by the one view ``export``. Step-up comes with
the permission (``Can.X.step_up``), so a document needs nothing more than its permission
to be protected like every other export (``tests/test_step_up.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from dueregard.audit.codes import AuditCode
from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.models import Organisation
from dueregard.organisations.permissions import Can

#: Each format's file extension and content type.
FORMATS: dict[str, str] = {
    "xlsx": exports.XLSX,
    "pdf": exports.PDF,
    "docx": exports.DOCX,
    "csv": exports.CSV,
}

Builder = Callable[[Organisation], bytes]


@dataclass(frozen=True)
class ExportDocument:
    """One document: ``name`` (URL names ``<name>_<format>``, path ``export/<name>.<format>``),
    ``stem`` of the file's name (no personal data), who may have it, what the audit says."""

    name: str
    stem: str
    permission: Can
    code: AuditCode
    builders: Mapping[str, Builder]

    def __post_init__(self) -> None:
        unknown = set(self.builders) - set(FORMATS)
        if unknown:
            raise ValueError(f"Unknown export format(s) for {self.name}: {sorted(unknown)}")


def export(request: HttpRequest, document: ExportDocument, format: str) -> HttpResponse:
    """Build ``document`` as ``format`` for the member's organisation; audited (the format,
    never the content)."""
    membership = membership_of(request)
    content = document.builders[format](membership.organisation)
    log(membership, document.code, object_type="export", context={"format": format})
    return exports.download(content, exports.safe_filename(document.stem, format), FORMATS[format])


def _view(document: ExportDocument, format: str) -> Callable[..., HttpResponseBase]:
    def view(request: HttpRequest) -> HttpResponse:
        return export(request, document, format)

    view.__name__ = f"{document.name}_{format}"
    view.__doc__ = f"{document.stem} as {format.upper()}"
    return require_GET(member_required(document.permission)(view))


def export_urls(documents: Iterable[ExportDocument]) -> list[URLPattern]:
    """One URL per document and format of the table."""
    return [
        path(f"export/{doc.name}.{format}", _view(doc, format), name=f"{doc.name}_{format}")
        for doc in documents
        for format in doc.builders
    ]
