"""Read a development plan written in Markdown into the linter's neutral `PlanDoc`.

The document's structure comes from `rung.io.markdown_outline` (markdown-it-py); this module
holds the plan heuristics on top of it. It understands rung's own layout and the shapes plans
from elsewhere take:

- focus areas as `###` sections under a `##` about focus/gaps/growth bets (any heading level,
  numbered '2.1' or with emoji), as 'Focus area 1: X' / 'Bet 2 — X' headings or bold lines,
  as list items with nested components (wiki exports), or as rows of a one-page table;
- components as labelled bullets or lines (`**Stretch assignment** (due X): ...`,
  `Feedback: ...`), plain bullets under a block label (`**Development Plan**:`), sentences in a
  narrative ('The stretch assignment is to ...'), or a two-column table;
- the cycle and assessment dates in a header line, the calendar as a table, bullets or
  recurring rules ('weekly self-check: every Friday from 2026-12-04'), score tables (with
  averaged consensus scores), calibration tables, and the first action;
- rung's own coaching pack, non-HR coaching plan and ladder, whose plan part is linted.

Whatever cannot be recognised is left out; the linter then reports what the plan lacks.
Every `where` is `line N` (1-based).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from rung.core.lint.document import (
    DocAnchors,
    DocumentKind,
    PlanDoc,
)
from rung.io.markdown_outline import Heading, Outline, Table, parse_outline
from rung.io.plan_focus import (
    FocusBuilder,
    PlanLine,
    focus_areas_from_table,
    is_focus_table,
    label_table_lines,
    read_focus_body,
)
from rung.io.plan_outside_focus import OutsideFocus
from rung.io.plan_text import (
    ASSESSMENT_HINT_RE,
    label_role,
    split_label,
    strip_marks,
)

# --- logical lines -----------------------------------------------------------------------------


def plan_lines(outline: Outline) -> list[PlanLine]:
    """Paragraphs and list items as logical lines. A source line starting in lower case
    continues the one before (wrapped text); any other starts a line of its own, so a block
    of 'Label: value' lines reads as separate lines."""
    out: list[PlanLine] = []
    first_line_of: dict[int, int] = {}
    for n, entry in enumerate(outline.entries):
        parent = first_line_of.get(entry.parent) if entry.parent is not None else None
        for k, (line, text) in enumerate(_joined(entry.lines)):
            if k == 0 and entry.item:
                text = _TASK_BOX_RE.sub("", text)  # '- [ ] Book the review': a to-do item
            if k == 0:
                first_line_of[n] = len(out)
                out.append(PlanLine(text, line, entry.item, entry.depth, parent))
            elif entry.item:
                out.append(PlanLine(text, line, False, entry.depth + 1, first_line_of[n]))
            else:
                out.append(PlanLine(text, line, False, entry.depth, parent))
    return out


_TASK_BOX_RE = re.compile(r"^\[[ xX]\]\s+")


def _joined(lines: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for line, raw in lines:
        text = raw.rstrip("\\").strip()  # a trailing backslash is a hard line break
        if out and text and (text[0].islower() or text[0] in "(&,;)"):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((line, text))
    return out


# --- finding the focus areas -------------------------------------------------------------------

_CONTAINER_RE = re.compile(
    r"focus|gap|capabilit|development areas?|growth (?:bets?|areas?)|bets\b|competenc|"
    r"priorit(?:y|ies) for|areas? to (?:develop|grow|work on)",
    re.IGNORECASE,
)
_NOT_CONTAINER_RE = re.compile(
    r"calendar|calibrat|backlog|notes?\b|milestone|checklist|ratings?|scores?|"
    r"cadence|schedule|review|evidence",
    re.I,
)
_SINGLE_FOCUS_RE = re.compile(
    r"^(?:focus(?: area)?|growth (?:bet|area)|gap|bet|area|priority)"
    r"\s*#?\s*\d*\s*[:.)\-–—]\s*(.+)$",
    re.IGNORECASE,
)
_NUMBERING_RE = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[A-Z][.)])\s+")
_PRIORITY_IN_TITLE_RE = re.compile(
    r"\s*[(\[]\s*(?:priority\s*[:=]?\s*)?((?:high|medium|low|p[0-3])\b[^)\]]*)[)\]]\s*$",
    re.IGNORECASE,
)
_BOLD_LINE_RE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?$")


def clean_title(title: str) -> str:
    """'🎯 2.1 Focus area 1: Stakeholder communication (High)' -> 'Stakeholder communication'."""
    title = re.sub(r"^[^\w(]+", "", strip_marks(title)).strip(" :*_")
    title = _NUMBERING_RE.sub("", title)
    m = _SINGLE_FOCUS_RE.match(title)
    title = (m.group(1) if m else title).strip(" :*_")
    title = _PRIORITY_IN_TITLE_RE.sub("", title)
    title = re.sub(r"\s*\((?:the PM's choice)\)$", "", title)
    return title.strip(" :*_—–-")


def _title_priority(title: str) -> str | None:
    m = _PRIORITY_IN_TITLE_RE.search(strip_marks(title))
    return m.group(1).strip() if m else None


def _is_container(h: Heading, outline: Outline) -> bool:
    if h.level == 1 and sum(x.level == 1 for x in outline.headings) < 2:
        return False  # the document's title
    plain = strip_marks(h.title)
    return bool(_CONTAINER_RE.search(plain)) and not _NOT_CONTAINER_RE.search(plain)


@dataclass(frozen=True)
class FocusSpan:
    name: str
    priority: str | None
    line: int  # where the focus area starts (its heading, bold line or list item)
    start: int  # its body: lines start..end-1
    end: int
    root: int | None = None  # the list item that is the focus area, for nested-list plans


def focus_spans(outline: Outline, lines: list[PlanLine]) -> tuple[list[FocusSpan], int | None]:
    """The focus areas as spans of lines, and the line of the section holding them."""
    for h in outline.headings:
        if not _is_container(h, outline):
            continue
        inside = [c for c in outline.headings if h.contains(c.line)]
        if inside:
            level = min(c.level for c in inside)
            children = [
                c
                for c in inside
                if c.level == level and not _NOT_CONTAINER_RE.search(strip_marks(c.title))
            ]
            if children:
                return [_heading_span(c) for c in children], h.line
    singles = [h for h in outline.headings if _SINGLE_FOCUS_RE.match(_bare(h.title))]
    if singles:
        return [_heading_span(h) for h in singles], None
    containers: list[Heading | None] = [h for h in outline.headings if _is_container(h, outline)]
    for box in containers or [None]:
        start, end = (box.line, box.end) if box else (-1, outline.line_count)
        spans = _bold_line_spans(lines, start, end, outline) or _item_spans(lines, start, end)
        if spans:
            return spans, box.line if box else None
    return [], None


def _bare(title: str) -> str:
    return _NUMBERING_RE.sub("", re.sub(r"^[^\w(]+", "", strip_marks(title)))


def _heading_span(h: Heading) -> FocusSpan:
    return FocusSpan(clean_title(h.title), _title_priority(h.title), h.line, h.line + 1, h.end)


def _bold_line_spans(
    lines: list[PlanLine], start: int, end: int, outline: Outline
) -> list[FocusSpan]:
    """'**Focus area 1: Pricing**' or 'Focus area 2 — Research' lines opening each area; in a
    focus section, any line that is bold and nothing else."""
    found = []
    for ln in lines:
        if not start < ln.line < end or ln.parent is not None or ln.item:
            continue
        bold = _BOLD_LINE_RE.match(ln.text)
        plain = strip_marks(ln.text)
        numbered = _SINGLE_FOCUS_RE.match(_bare(plain).split(". ")[0]) and len(plain) < 90
        titled = bold and start >= 0 and not label_role(bold.group(1)) and len(plain) < 70
        if numbered or titled:
            found.append(ln)
    if not found:
        return []
    stops = [ln.line for ln in found] + [_section_end(outline, found[-1].line, end)]
    return [
        FocusSpan(clean_title(ln.text), _title_priority(ln.text), ln.line, ln.line + 1, stop)
        for ln, stop in zip(found, stops[1:], strict=True)
    ]


def _section_end(outline: Outline, line: int, end: int) -> int:
    nxt = [h.line for h in outline.headings if line < h.line < end]
    return min(nxt) if nxt else end


def _item_spans(lines: list[PlanLine], start: int, end: int) -> list[FocusSpan]:
    """A wiki's nested list: '- Stakeholder communication' with its components nested below."""
    if start < 0:
        return []
    tops = [
        i
        for i, ln in enumerate(lines)
        if start < ln.line < end and ln.item and ln.depth == 0 and _has_component_children(lines, i)
    ]
    spans = []
    for n, i in enumerate(tops):
        stop = lines[tops[n + 1]].line if n + 1 < len(tops) else end
        ln = lines[i]
        spans.append(
            FocusSpan(clean_title(ln.text), _title_priority(ln.text), ln.line, ln.line, stop, i)
        )
    return spans


def _has_component_children(lines: list[PlanLine], index: int) -> bool:
    roles = set()
    for ln in lines[index + 1 :]:
        if ln.parent is None or ln.depth == 0:
            break
        lab = split_label(ln.text, plain=True)
        roles.add(label_role(lab.label) if lab else None)
    return len(roles & {"stretch", "milestone", "learning", "feedback", "coaching"}) >= 2


# --- the document ------------------------------------------------------------------------------

_SCHEDULE_RE = re.compile(r"calendar|cadence|schedule|check-?ins?|reviews?|tracker", re.I)
_KINDS: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    ("coaching-pack", re.compile(r"^PM Coaching Pack\b", re.I)),
    ("coaching-plan", re.compile(r"^Coaching plan\b", re.I)),
    ("ladder", re.compile(r"^Promotion-readiness ladder\b", re.I)),
)



def parse_markdown_plan(text: str, source: str) -> PlanDoc:
    return read_plan_outline(parse_outline(text), source, raw=text)


def document_kind(outline: Outline, raw: str) -> DocumentKind:
    """rung's own documents that carry a plan inside, recognised by their title."""
    title = next((strip_marks(h.title) for h in outline.headings if h.level == 1), "")
    for kind, pattern in _KINDS:
        if pattern.search(title) and (
            kind != "coaching-plan" or "not an hr or performance document" in raw.lower()
        ):
            return kind
    return "plan"


def read_plan_outline(
    outline: Outline, source: str, *, raw: str = "", unit: str = "line"
) -> PlanDoc:
    """The plan in `outline`; `unit` names places ('line 12', or 'row 12' for a spreadsheet)."""
    lines = plan_lines(outline)
    spans, container = focus_spans(outline, lines)
    builders: list[FocusBuilder] = []
    ranges: list[tuple[int, int]] = []
    for span in spans:
        fb = FocusBuilder(span.name, span.line, priority=span.priority)
        read_focus_body(fb, _body_lines(outline, lines, span), span.root)
        builders.append(fb)
        ranges.append((span.line, span.end))
    if not builders:
        table = _focus_table(outline, container)
        if table is not None:
            builders = focus_areas_from_table(table)
            ranges.append((table.line, table.end))
            container = container if container is not None else table.line
    scan = OutsideFocus(outline, lines, ranges, builders)
    scan.run()
    first_focus = f"line {spans[0].line + 1}" if spans else "line 1"
    extras = scan.extras
    doc = PlanDoc(
        source=source,
        cycle_start=scan.cycle[0],
        cycle_end=scan.cycle[1],
        assessed_on=scan.assessed,
        stale=scan.stale,
        focus_areas=tuple(fb.freeze() for fb in builders),
        milestones=tuple(m.freeze() for m in extras.milestones),
        events=tuple(extras.events),
        needs_calibration=tuple(extras.needs),
        calibration_scheduled=tuple(extras.scheduled),
        first_action=scan.first_action,
        first_action_due=scan.first_due,
        anchors=DocAnchors(
            focus_areas=f"line {container + 1}" if container is not None else first_focus,
            cadence=next(
                (h.where for h in outline.headings if _SCHEDULE_RE.search(h.title)), "line 1"
            ),
            assessment=scan.anchors["assessment"],
            cycle=scan.anchors["cycle"],
            first_action=scan.anchors["first_action"],
        ),
        scores=tuple(scan.scores),
        assessment_found=bool(scan.scores) or bool(ASSESSMENT_HINT_RE.search(raw)),
        kind=document_kind(outline, raw),
    )
    return _renamed(doc, unit) if unit != "line" else doc


def _renamed(doc: PlanDoc, unit: str) -> PlanDoc:
    """'line N' -> 'row N' everywhere, for a spreadsheet."""

    def fix(value: object) -> object:
        if isinstance(value, str) and value.startswith("line "):
            return f"{unit} {value[5:]}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.replace(
                value, **{f.name: fix(getattr(value, f.name)) for f in dataclasses.fields(value)}
            )
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        return value

    renamed = fix(doc)
    assert isinstance(renamed, PlanDoc)
    return renamed


def _body_lines(outline: Outline, lines: list[PlanLine], span: FocusSpan) -> list[PlanLine]:
    """A focus area's lines with its sub-headings (as '#### Title') and component tables."""
    body = [ln for ln in lines if span.start <= ln.line < span.end and ln.line != span.line]
    body += [
        PlanLine("#" * h.level + " " + h.title, h.line, False, 0)
        for h in outline.headings
        if span.start <= h.line < span.end and h.line != span.line
    ]
    for table in outline.tables:
        if span.start <= table.line < span.end:
            body += label_table_lines(table)
    return sorted(body, key=lambda ln: ln.line)


def _focus_table(outline: Outline, container: int | None) -> Table | None:
    heading = next((h for h in outline.headings if h.line == container), None)
    candidates = [
        t for t in outline.tables if heading is None or heading.line < t.line < heading.end
    ]
    return next((t for t in candidates if is_focus_table(t)), None)


