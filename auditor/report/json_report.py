"""JSON reporter: the stable ``auditor-report/1`` contract (schema in report/schema/)."""

from __future__ import annotations

import json


def render_json(report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
