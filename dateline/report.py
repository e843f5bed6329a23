"""The run report: a JSON-able dict and its human-readable Markdown rendering.

Pure: the run id, the validation result and the input rejections are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.model import Rejection
from dateline.validate import TABLE_ORDER, ValidationResult

REPORT_VERSION = 1


def current_rules_version() -> str | None:
    """The lexicon's `rules_version` (hash of the rule files), or None while no lexicon is available."""
    try:
        from dateline.lexicons import load_lexicon  # type: ignore[import-not-found, unused-ignore]

        version = getattr(load_lexicon(), "rules_version", None)
    except Exception:
        return None
    version = version() if callable(version) else version
    return str(version) if version else None


def build_report(
    run_id: str,
    result: ValidationResult,
    *,
    kind: str = "run",
    documents_read: int | None = None,
    rejections: Sequence[Rejection] | None = None,
    warnings: Sequence[Any] = (),
    rules_version: str | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report of one run (`kind="run"`) or one re-validation (`kind="validate"`)."""
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "run_id": run_id,
        "kind": kind,
        "rules_version": rules_version,
        "settings": settings or {},
        "tables": result.as_dict(),
        "rows_written": {name: t.valid.num_rows for name, t in result.tables.items()},
        "rows_quarantined": {name: t.quarantined.num_rows for name, t in result.tables.items()},
    }
    if rejections is not None:
        report["inputs"] = {
            "documents_read": documents_read,
            "rejected": len(rejections),
            "rejections": [
                {"source": r.source, "reason": r.reason, "detail": r.detail, "size_bytes": r.size_bytes}
                for r in rejections
            ],
            "warnings": [
                {
                    "source": getattr(w, "source", None),
                    "code": getattr(w, "code", None),
                    "detail": str(getattr(w, "detail", w)),
                }
                for w in warnings
            ],
        }
    return report


def _cell(value: object, width: int = 80) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def render_markdown(report: dict[str, Any]) -> str:
    """`validation.md`: what was read, rejected, written and quarantined, and every failed check."""
    title = "Dateline run" if report.get("kind") == "run" else "Dateline validation"
    lines = [
        f"# {title} `{report['run_id']}`",
        "",
        f"- rules_version: `{report.get('rules_version') or 'unknown'}`",
    ]
    for key, value in (report.get("settings") or {}).items():
        lines.append(f"- {key}: `{value}`")
    inputs = report.get("inputs")
    if inputs is not None:
        lines += [
            "",
            "## Inputs",
            "",
            f"- documents read: {inputs['documents_read']}",
            f"- inputs rejected: {inputs['rejected']}",
        ]
        if inputs["rejections"]:
            lines += ["", "| path | reason | size (bytes) | detail |", "|---|---|---:|---|"]
            for r in inputs["rejections"]:
                cells = [_cell(r[key]) for key in ("source", "reason", "size_bytes", "detail")]
                lines.append("| " + " | ".join(cells) + " |")
        if inputs.get("warnings"):
            lines += ["", f"Warnings (the article was kept): {len(inputs['warnings'])}", ""]
            lines += ["| path | warning | detail |", "|---|---|---|"]
            for w in inputs["warnings"]:
                lines.append("| " + " | ".join(_cell(w[key]) for key in ("source", "code", "detail")) + " |")
    lines += ["", "## Tables", "", "| table | rows in | written | quarantined |", "|---|---:|---:|---:|"]
    tables = report["tables"]
    for name in TABLE_ORDER:
        if name in tables:
            t = tables[name]
            lines.append(f"| {name} | {t['rows_in']} | {t['rows_valid']} | {t['rows_quarantined']} |")
    failed = [(name, f) for name in TABLE_ORDER for f in tables.get(name, {}).get("failures", [])]
    lines += ["", "## Failed checks", ""]
    if not failed:
        lines.append("None: every row passed.")
    for name, f in failed:
        where = f" on `{f['column']}`" if f["column"] else ""
        lines += ["", f"### {name}: `{_cell(f['check'], 120)}`{where} ({f['rows']} rows)", ""]
        for ex in f["examples"]:
            ident = f"id `{ex['id']}`" if ex.get("id") is not None else "whole table"
            lines.append(f"- row {ex['row']}, {ident}: `{_cell(ex['value'])}`")
    return "\n".join(lines) + "\n"


def summary_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per table (for a table artifact or a console summary)."""
    tables = report["tables"]
    return [
        {
            "table": name,
            "rows_in": tables[name]["rows_in"],
            "written": tables[name]["rows_valid"],
            "quarantined": tables[name]["rows_quarantined"],
            "failed_checks": len(tables[name]["failures"]),
        }
        for name in TABLE_ORDER
        if name in tables
    ]
