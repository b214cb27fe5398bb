"""Permission rows for the chronology narrowed by kinds and the printed case file and
chronology.

Only the DSL team handles cases; printing needs ``Can.EXPORT_CASE`` (with step-up). A
kind the filter does not offer is a message on the page (200), or 400 for the PDF.
"""

from __future__ import annotations

from tests.matrix import rule

ROWS = [
    rule("cases:chronology", "GET", "case", query="?kind=note&kind=review&start=2026-01-01"),
    rule("cases:chronology", "GET", "case", query="?kind=nonsense"),
    rule("cases:case_file_pdf", "GET", "case"),
    rule("cases:chronology_pdf", "GET", "case"),
    rule("cases:chronology_pdf", "GET", "case", query="?kind=decision&end=2030-01-01"),
    rule("cases:chronology_pdf", "GET", "case", ok=400, query="?kind=nonsense"),
]
