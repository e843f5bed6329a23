"""The analysts' view of a dataset: ONE self-contained HTML page (inline CSS and SVG, no script).

Counts per table; a timeline of meetings and events per country drawn as date windows (open-ended
windows fade out with an arrow, undated ones are listed); the network of bilateral meetings; the
validation summary, top quarantine reasons and rejected inputs of a run report. At the I/O edge:
reads the Parquet datasets (through `report_read`, in bounded memory) and `reports/<run_id>/validation.json`
under OUT; deterministic (no clock).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline import report_read, store, timeline

MAX_COUNTRIES = 30  # timeline lanes
MAX_ROWS_PER_COUNTRY = 6
MAX_NODES = 40
MAX_LISTED = 50  # rows of the undated / edge / rejection tables
MAX_TIMELINE_ROWS = 20_000  # per table: larger datasets show their most recent rows (memory stays bounded)
_PALETTE = "meeting=#2563eb MEET=#1e40af VISIT=#7c3aed SUMMIT=#db2777 AGREE=#059669 COMMEMORATE=#d97706 "
COLORS = dict(kv.split("=") for kv in (_PALETTE + "AID=#0891b2 DISASTER=#dc2626 OTHER=#6b7280").split())
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;margin:24px;max-width:1380px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb}
.muted{color:#6b7280}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:22px}table{border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #e5e7eb;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb}td.n{text-align:right;font-variant-numeric:tabular-nums}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;
border-radius:2px;margin-right:4px;vertical-align:-1px}svg text{font-family:system-ui,sans-serif}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _short(text: object, width: int = 160) -> str:
    s = " ".join(("" if text is None else str(text)).split())
    return s if len(s) <= width else s[: width - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Item:
    """One bar of the timeline: a meeting or an event, in the lane of one country."""

    kind: str  # "meeting" or the event type
    countries: tuple[str, ...]
    status: str
    start: dt.date | None
    end: dt.date | None
    sentence: str
    detail: str  # names, mode, date expression: the bar's tooltip

    def window_text(self) -> str:
        return (
            str(self.start)
            if self.start and self.start == self.end
            else f"{self.start or '…'} → {self.end or '…'}"
        )


# ---------------------------------------------------------------- reading OUT


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise store.StoreError(f"cannot read the report {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise store.StoreError(f"cannot read the report {path}: not a JSON object")
    return data


def find_reports(out: Path) -> list[str]:
    """Run ids with a `validation.json` under OUT/reports/, oldest first (run ids sort by time)."""
    reports = out / store.REPORTS
    return sorted(p.parent.name for p in reports.glob("*/validation.json")) if reports.is_dir() else []


def load_report(out: Path, run_id: str | None = None) -> dict[str, Any] | None:
    """The report of `run_id`, or the latest one; None when OUT has no report at all."""
    if run_id is not None:
        return _load_json(out / store.REPORTS / run_id / "validation.json")
    ids = find_reports(out)
    return _load_json(out / store.REPORTS / ids[-1] / "validation.json") if ids else None


def _inputs_report(out: Path, report: dict[str, Any] | None) -> dict[str, Any] | None:
    """The report that lists the inputs: this one, or (for a re-validation) the latest run before it."""
    if report is None or "inputs" in report:
        return report
    for rid in reversed([r for r in find_reports(out) if r <= str(report.get("run_id"))]):
        candidate = _load_json(out / store.REPORTS / rid / "validation.json")
        if "inputs" in candidate:
            return candidate
    return None


_MEETING_COLUMNS = (
    "event_id actor1_name actor1_country actor2_name actor2_country mode status date_start "
    "date_end date_text sentence"
).split()
_EVENT_COLUMNS = "event_id event_type status countries date_start date_end date_text sentence".split()


def timeline_items(
    meetings: report_read.Latest, events: report_read.Latest, plan: timeline.Plan, numbers: list[int]
) -> dict[int, _Item]:
    """The items `numbers` of the plan, with their texts (the only rows whose texts are read)."""
    wanted, n = sorted(set(numbers)), meetings.shown
    ours = [i for i in wanted if i < n]
    theirs = [i for i in wanted if i >= n]
    items = {i: _meeting_item(m) for i, m in zip(ours, meetings.records(ours), strict=True)}
    rows = events.records([plan.events[i - n] for i in theirs])
    return items | {i: _event_item(ev) for i, ev in zip(theirs, rows, strict=True)}


def _meeting_item(m: dict[str, Any]) -> _Item:
    pair = tuple(dict.fromkeys(c for c in (m.get("actor1_country"), m.get("actor2_country")) if c))
    detail = f"{m.get('actor1_name')} ({pair[0] if pair else '?'}) – {m.get('actor2_name')}"
    detail += f" ({pair[-1] if pair else '?'}), {m.get('mode')}, {m.get('status')}"
    return _item("meeting", pair, m, detail)


def _event_item(ev: dict[str, Any]) -> _Item:
    codes = tuple(dict.fromkeys(c for c in ev.get("countries") or () if c))
    return _item(str(ev.get("event_type")), codes, ev, f"{ev.get('event_type')}, {ev.get('status')}")


def _item(kind: str, countries: tuple[str, ...], row: dict[str, Any], detail: str) -> _Item:
    if row.get("date_text"):
        detail += f', "{row["date_text"]}"'
    status, sentence = str(row.get("status")), str(row.get("sentence") or "")
    return _Item(kind, countries, status, row.get("date_start"), row.get("date_end"), sentence, detail)


# ---------------------------------------------------------------- timeline SVG


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    """Readable axis ticks between lo and hi: days, months or years, at most ~12."""
    days = (hi - lo).days
    if days <= 60:
        step = next(s for s in (1, 2, 7, 14, 30) if days / s <= 12)
        return [
            (lo + dt.timedelta(d), (lo + dt.timedelta(d)).strftime("%b %d")) for d in range(0, days + 1, step)
        ]
    if days <= 3 * 366:
        step = next(s for s in (1, 2, 3, 6) if days / 30.4 / s <= 12)
        out, y, m = [], lo.year, lo.month
        while dt.date(y, m, 1) <= hi:
            if dt.date(y, m, 1) >= lo and (m - 1) % step == 0:
                out.append((dt.date(y, m, 1), f"{y}-{m:02d}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    step = max(1, math.ceil((hi.year - lo.year) / 12))
    return [(dt.date(y, 1, 1), str(y)) for y in range(lo.year + 1, hi.year + 1) if y % step == 0]


def render_timeline(plan: timeline.Plan, items: Mapping[int, _Item]) -> str:
    """The timeline SVG: the lanes of the plan, with the rows drawn taken from `items`."""
    if not plan.lanes or plan.days is None:
        return '<p class="muted">No dated meetings or events.</p>'
    lo, hi = plan.days[0], plan.days[1] + dt.timedelta(1)
    pad = dt.timedelta(days=max(1, (hi - lo).days // 30))
    lo, hi = lo - pad, hi + pad
    left, width, row_h, top = 330, 960, 20, 34
    span = (hi - lo).days

    def x(day: dt.date) -> float:
        return left + width * (day - lo).days / span

    body, y = [], top
    for code, count, rows in plan.lanes:
        hidden = count - MAX_ROWS_PER_COUNTRY
        body.append(f'<line x1="0" x2="{left + width}" y1="{y}" y2="{y}" stroke="#e5e7eb"/>')
        body.append(
            f'<text class="country" x="4" y="{y + 15}" font-weight="700" font-size="13">{_e(code)}</text>'
        )
        if hidden > 0:
            body.append(f'<text x="4" y="{y + 31}" font-size="11" fill="#6b7280">+{hidden} more</text>')
        for number in rows:
            body.append(_bar(items[number], code, x, y, left, width))
            y += row_h
        y += 6
    axis = [f'<line x1="{left}" x2="{left + width}" y1="{top - 4}" y2="{top - 4}" stroke="#9ca3af"/>']
    for day, label in _ticks(lo, hi):
        axis.append(f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{top - 8}" y2="{y}" stroke="#f3f4f6"/>')
        axis.append(
            f'<text x="{x(day):.1f}" y="{top - 12}" font-size="11" text-anchor="middle">{_e(label)}</text>'
        )
    kinds = plan.kinds
    defs = "".join(
        f'<linearGradient id="fade-{side}-{_slug(k)}" x1="{a}" x2="{b}">'
        f'<stop offset="0" stop-color="{_color(k)}"/>'
        f'<stop offset="1" stop-color="{_color(k)}" stop-opacity="0.05"/></linearGradient>'
        for k in kinds
        for side, a, b in (("r", 0, 1), ("l", 1, 0))
    )
    many = plan.countries > len(plan.lanes)
    note = f" Showing the {MAX_COUNTRIES} busiest of {plan.countries} countries." if many else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 10}" height="{y + 8}" role="img" '
        f'aria-label="timeline of meetings and events per country"><defs>{defs}</defs>'
        + "".join(axis)
        + "".join(body)
        + "</svg>"
    )
    legend = (
        " ".join(f'<span><i class="sw" style="background:{_color(k)}"></i>{_e(k)}</span>' for k in kinds)
        + " <span>open-ended windows fade out with an arrow; planned ones are pale and dashed</span>"
    )
    return f'<p class="legend">{legend}{_e(note)}</p>{svg}'


def _slug(kind: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", kind)


def _color(kind: str) -> str:
    return COLORS.get(kind, COLORS["OTHER"])


def _bar(item: _Item, code: str, x: Any, y: int, left: int, width: int) -> str:
    others = [c for c in item.countries if c != code]
    label = _short(f"{item.kind}{' with ' + ', '.join(others) if others else ''} · {item.window_text()}", 52)
    x0 = x(item.start) if item.start else left
    x1 = x(item.end + dt.timedelta(1)) if item.end else left + width
    x1 = max(x1, x0 + 3)
    fill = _color(item.kind)
    arrow = ""
    if item.start is None:
        fill = f"url(#fade-l-{_slug(item.kind)})"
        arrow = f'<path d="M{x0 - 6:.1f} {y + 10}l7 -5v10z" fill="{_color(item.kind)}"/>'
    elif item.end is None:
        fill = f"url(#fade-r-{_slug(item.kind)})"
        arrow = f'<path d="M{x1 + 6:.1f} {y + 10}l-7 -5v10z" fill="{_color(item.kind)}"/>'
    planned = ' fill-opacity="0.45" stroke-dasharray="3 2"' if item.status == "planned" else ""
    title = f"{code}: {item.detail}; {item.window_text()}\n{_short(item.sentence, 400)}"
    return (
        f'<g class="bar"><title>{_e(title)}</title>'
        f'<text x="60" y="{y + 14}" font-size="12" fill="#374151">{_e(label)}</text>'
        f'<rect x="{x0:.1f}" y="{y + 4}" width="{x1 - x0:.1f}" height="12" rx="2" fill="{fill}" '
        f'stroke="{_color(item.kind)}"{planned}/>{arrow}</g>'
    )


# ---------------------------------------------------------------- network SVG


def render_network(edges: Counter[tuple[str, str]]) -> str:
    """A deterministic circular layout: nodes sorted by meetings then code, edge width by weight."""
    degree: Counter[str] = Counter()
    for (a, b), w in edges.items():
        degree[a] += w
        degree[b] += w
    if not degree:
        return '<p class="muted">No bilateral meetings.</p>'
    nodes = sorted(degree, key=lambda c: (-degree[c], c))[:MAX_NODES]
    radius = max(150, 14 * len(nodes))
    size = 2 * radius + 160
    cx = cy = size / 2
    pos = {}
    for i, code in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[code] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    top = max(edges.values())
    parts = []
    for (a, b), w in sorted(edges.items()):
        if a == b or a not in pos or b not in pos:
            continue
        (xa, ya, _), (xb, yb, _) = pos[a], pos[b]
        parts.append(
            f'<line class="edge" x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" y2="{yb:.1f}" stroke="#2563eb" '
            f'stroke-opacity="0.55" stroke-width="{1 + 7 * w / top:.1f}"><title>{_e(a)}–{_e(b)}: '
            f"{w} meeting{'s' if w != 1 else ''}</title></line>"
        )
    for code in nodes:
        xn, yn, angle = pos[code]
        r = 5 + 2 * math.sqrt(degree[code])
        lx, ly = cx + (radius + r + 12) * math.cos(angle), cy + (radius + r + 12) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        parts.append(
            f'<g class="node"><title>{_e(code)}: {degree[code]} meetings</title>'
            f'<circle cx="{xn:.1f}" cy="{yn:.1f}" r="{r:.1f}" fill="#1e3a8a"/>'
            f'<text class="country" x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="13" '
            f'font-weight="700">{_e(code)}</text></g>'
        )
    note = f'<p class="muted">Showing the {MAX_NODES} most active of {len(degree)} countries.</p>'
    return (note if len(degree) > MAX_NODES else "") + (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size:.0f}" role="img" '
        f'aria-label="network of bilateral meetings">{"".join(parts)}</svg>'
    )


# ---------------------------------------------------------------- page


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i in numeric else ''}>{_e(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _validation_html(report: dict[str, Any] | None) -> str:
    if report is None:
        return '<p class="muted">No validation report found under reports/.</p>'
    tables = report.get("tables") or {}
    rows = [
        (n, t.get("rows_in"), t.get("rows_valid"), t.get("rows_quarantined"), len(t.get("failures", [])))
        for n, t in tables.items()
    ]
    meta = f"<p>Run <code>{_e(report.get('run_id'))}</code> ({_e(report.get('kind'))}), rules_version "
    meta += f"<code>{_e(report.get('rules_version') or 'unknown')}</code></p>"
    reasons = sorted(
        (
            (
                f.get("rows", 0),
                n,
                f.get("check"),
                f.get("column"),
                (f.get("examples") or [{}])[0].get("value"),
            )
            for n, t in tables.items()
            for f in t.get("failures", [])
        ),
        key=lambda r: (-r[0], str(r[1]), str(r[2])),
    )[:10]
    top = (
        _table(
            ("rows", "table", "check", "column", "example value"),
            [(r, n, c, col, _short(v, 120)) for r, n, c, col, v in reasons],
            numeric=(0,),
        )
        if reasons
        else '<p class="muted">None: every row passed.</p>'
    )
    return (
        meta
        + _table(("table", "rows in", "written", "quarantined", "failed checks"), rows, (1, 2, 3, 4))
        + "<h3>Top quarantine reasons</h3>"
        + top
    )


def _rejections_html(report: dict[str, Any] | None) -> str:
    inputs = (report or {}).get("inputs")
    if inputs is None:
        return '<p class="muted">No run report lists the inputs.</p>'
    rejected = inputs.get("rejections") or []
    head = f"<p>Run <code>{_e(report and report.get('run_id'))}</code>: {_e(inputs.get('documents_read'))} "
    head += f"documents read, {len(rejected)} inputs rejected.</p>"
    rows = [
        (r.get("source"), r.get("reason"), r.get("size_bytes"), _short(r.get("detail"), 120))
        for r in rejected[:MAX_LISTED]
    ]
    return head + (_table(("path", "reason", "size (bytes)", "detail"), rows, (2,)) if rows else "")


def render_html_report(out_dir: Path, run_id: str | None = None) -> str:
    """The report page of the dataset under `out_dir` and the run report `run_id` (default: the latest)."""
    out = Path(out_dir)
    report = load_report(out, run_id)
    limit = MAX_TIMELINE_ROWS
    meetings = report_read.read_latest(out, "meetings", _MEETING_COLUMNS, timeline.MEETING_COLUMNS, limit)
    events = report_read.read_latest(out, "events", _EVENT_COLUMNS, timeline.EVENT_COLUMNS, limit)
    n_meetings, n_events = meetings.total, events.total
    sampled = (
        f"Showing the {meetings.shown:,} latest of {n_meetings:,} meetings and the {events.shown:,} latest of "
        f"{n_events:,} events (by start date)."
        if meetings.shown < n_meetings or events.shown < n_events
        else ""
    )
    cards = []
    for name in store.TABLE_NAMES:
        rows, quarantined = report_read.num_rows(out / name), report_read.num_rows(out / store.QUARANTINE / name)
        shown = "missing" if rows is None else f"{rows:,}"
        cards.append(
            f'<div class="card" id="count-{name}">{_e(name)}<b>{_e(shown)}</b>'
            f'<span class="muted">{quarantined or 0:,} quarantined</span></div>'
        )
    light = meetings.light(timeline.MEETING_COLUMNS), events.light(timeline.EVENT_COLUMNS)
    plan = timeline.plan_timeline(*light, lanes=MAX_COUNTRIES, rows=MAX_ROWS_PER_COUNTRY, listed=MAX_LISTED)
    drawn = [i for _, _, rows in plan.lanes for i in rows]
    items = timeline_items(meetings, events, plan, drawn + plan.listed)
    drawing, undated = render_timeline(plan, items), [items[i] for i in plan.listed]
    listed = [(i.kind, ", ".join(i.countries), i.status, i.detail, _short(i.sentence, 220)) for i in undated]
    none = '<p class="muted">None.</p>'
    undated_html = _table(("kind", "countries", "status", "detail", "sentence"), listed) if plan.undated else none
    edges = report_read.pair_counts(out)
    edge_rows = [(f"{a}–{b}", w) for (a, b), w in sorted(edges.items(), key=lambda e: (-e[1], e[0]))]
    title = f"Dateline report: {out.name or out}" + (f" · run {report.get('run_id')}" if report else "")
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{CSS}</style></head><body>
<h1>{_e(title)}</h1><p class="muted">Dataset <code>{_e(out)}</code></p>
<section id="counts"><h2>Rows per table</h2><div class="cards">{"".join(cards)}</div></section>
<section id="timeline"><h2>Timeline of meetings and events per country</h2>
{f'<p class="muted">{_e(sampled)}</p>' if sampled else ""}{drawing}
<h3>Undated ({plan.undated})</h3>{undated_html}</section>
<section id="network"><h2>Network of bilateral meetings</h2><div class="cards">{render_network(edges)}
<div>{_table(("pair", "meetings"), edge_rows[:MAX_LISTED], (1,)) if edge_rows else ""}</div></div></section>
<section id="validation"><h2>Validation</h2>{_validation_html(report)}</section>
<section id="rejected"><h2>Rejected inputs</h2>{_rejections_html(_inputs_report(out, report))}</section>
</body></html>
"""


def write_html_report(out_dir: Path, run_id: str | None = None) -> Path:
    """Write `out_dir/reports/<run_id>/report.html` (default: the latest run report) and return its path."""
    out = Path(out_dir)
    if run_id is None:
        ids = find_reports(out)
        if not ids:
            raise store.StoreError(f"no report under {out / store.REPORTS}: run `dateline run` first")
        run_id = ids[-1]
    path = out / store.REPORTS / run_id / "report.html"
    text = render_html_report(out, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
