"""Fail on any finding in a wapiti JSON report that the allow-list does not explain.

Usage: python check_wapiti.py REPORT.json ALLOWLIST.json. Findings are every entry under
``vulnerabilities`` and the "Internal Server Error" entries under ``anomalies`` (a 500 is a
bug however it was reached). An allow-list entry names the ``category``, a substring of
the finding's ``info`` (``info_contains``) and optionally its ``path``, and must give a
``reason``. Allow-list entries that match nothing are reported, so the list stays true.
"""

from __future__ import annotations

import json
import sys
from typing import Any

ANOMALIES_THAT_FAIL = {"Internal Server Error"}


def allowed_by(finding: dict[str, Any], category: str, allow: list[dict[str, str]]) -> int | None:
    for index, entry in enumerate(allow):
        if entry["category"] != category:
            continue
        if entry.get("info_contains", "") not in (finding.get("info") or ""):
            continue
        if "path" in entry and entry["path"] != finding.get("path"):
            continue
        return index
    return None


def main(report_path: str, allow_path: str) -> int:
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    with open(allow_path, encoding="utf-8") as f:
        allow = json.load(f)["allow"]
    for entry in allow:
        if not entry.get("reason", "").strip():
            print(f"wapiti: allow-list entry without a reason: {entry}", file=sys.stderr)
            return 1
    findings = [
        (category, finding)
        for category, items in (report.get("vulnerabilities") or {}).items()
        for finding in items
    ] + [
        (category, finding)
        for category, items in (report.get("anomalies") or {}).items()
        if category in ANOMALIES_THAT_FAIL
        for finding in items
    ]
    used: set[int] = set()
    failures = []
    for category, finding in findings:
        index = allowed_by(finding, category, allow)
        where = f"{finding.get('method', '')} {finding.get('path', '')}".strip()
        line = f"{category}: {where}: {finding.get('info', '')}"
        if index is None:
            failures.append(line)
        else:
            used.add(index)
            print(f"wapiti: allowed ({allow[index]['reason']}): {line}")
    for index, entry in enumerate(allow):
        if index not in used:
            print(f"wapiti: note: allow-list entry matched nothing: {entry}")
    other = {
        category: len(items)
        for category, items in (report.get("anomalies") or {}).items()
        if items and category not in ANOMALIES_THAT_FAIL
    }
    if other:
        print(f"wapiti: anomalies (not failing): {other}")
    crawled = report.get("infos", {}).get("crawled_pages_nbr")
    if crawled is not None:
        print(f"wapiti: {crawled} pages crawled")
    for line in failures:
        print(f"wapiti FINDING: {line}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
