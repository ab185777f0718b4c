"""Summarises a Schemathesis JUnit report: failures grouped by check and operation.

Usage: python schemathesis_summary.py REPORT.xml
Prints one line per (check, operation) with how many cases failed it and the first
detail (the status received, the schema error), then every server error (5xx) with its
reproducing curl.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main(path: str) -> int:
    root = ET.parse(path).getroot()
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    server_errors: list[tuple[str, str, str]] = []
    for case in root.iter("testcase"):
        op = case.get("name", "?")
        for failure in case.findall("failure"):
            text = failure.text or ""
            # One <failure> may hold several numbered failures of one check kind.
            for block in re.split(r"\n(?=\d+\. Test Case ID:)", text):
                m = re.search(r"^- (ST\d+|\w+) (.+)$", block, re.M)
                title = f"{m.group(1)} {m.group(2).strip()}" if m else (failure.get("message") or "?")
                lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
                detail = ""
                if m:
                    idx = next(i for i, ln in enumerate(lines) if ln.startswith("- "))
                    detail = " | ".join(ln for ln in lines[idx + 1 : idx + 3] if not ln.startswith("["))
                status = re.search(r"^\[(\d{3})\]", block, re.M)
                why = re.search(r'"errors":\[(.*?)\]', block)
                if why and not title.startswith("ST103"):
                    detail = f"{detail} | {why.group(1)[:160]}"
                groups[(title, op)].append(f"{detail} -> {status.group(1) if status else '-'}")
                if status and status.group(1).startswith("5"):
                    curl = re.search(r"^\s*(curl .+)$", block, re.M)
                    body = re.search(r"^\[\d{3}\][^\n]*\n\s*\n?\s*(.+)$", block, re.M)
                    server_errors.append((op, curl.group(1) if curl else "?", body.group(1)[:300] if body else ""))
        for error in case.findall("error"):
            errors[op].append((error.get("message") or (error.text or "").splitlines()[0])[:200])
    total = sum(len(v) for v in groups.values())
    print(f"schemathesis: {total} failing case(s) in {len(groups)} (check, operation) group(s)")
    # Undocumented status codes: one line per status received, with the operations.
    undocumented: dict[str, list[str]] = defaultdict(list)
    for (title, op), items in sorted(groups.items()):
        if title.startswith("ST103"):
            for status in sorted({i.rsplit("-> ", 1)[-1] for i in items}):
                undocumented[status].append(op)
    for status, ops in sorted(undocumented.items()):
        print(f"  ST103 undocumented {status} on {len(ops)} operation(s): {', '.join(ops)}")
    for (title, op), items in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if title.startswith("ST103"):
            continue
        print(f"  {op}: {title} x{len(items)} -- {items[0][:400]}")
    for op, msgs in sorted(errors.items()):
        for msg in sorted(set(msgs)):
            print(f"  ERROR {op}: {msg}")
    if server_errors:
        print("server errors (5xx):")
        for op, curl, body in server_errors:
            print(f"  {op}\n    {curl}\n    -> {body}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
