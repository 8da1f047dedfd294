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
from dataclasses import dataclass, field
from datetime import date

from rung.core.lint.document import (
    AVERAGE_TOLERANCE,
    CALIBRATION_POINTS,
    DocAnchors,
    DocCalibrationNeed,
    DocEvent,
    DocScore,
    DocumentKind,
    PlanDoc,
    competency_key,
)
from rung.io.markdown_outline import Heading, Outline, Table, parse_outline
from rung.io.plan_focus import (
    Act,
    FocusBuilder,
    Milestone,
    PlanLine,
    classify,
    focus_areas_from_table,
    is_focus_table,
    label_table_lines,
    labelled_activity,
    milestone_from_text,
    milestones_from_signals,
    read_focus_body,
    split_sentences,
)
from rung.io.plan_text import (
    ASSESSMENT_HINT_RE,
    AVERAGED_RE,
    DATE,
    DATE_RE,
    EVENT_RE,
    EVENT_START_RE,
    RELATIVE_DATE_RE,
    Label,
    calibration_subject,
    event_kind,
    find_date,
    inline_date,
    label_role,
    score_in,
    split_label,
    strip_marks,
    value_date,
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
# '2027-01-08 — First visible action: ...': a dated line of a checklist or a schedule.
_DATED_LINE_RE = re.compile(rf"^\**({DATE})\**\s*(?:[—–:|-]|\s)\s*(.+)$", re.IGNORECASE)


def _joined(lines: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for line, raw in lines:
        text = raw.rstrip("\\").strip()
        if out and (text[:1].islower() or text[:1] in "(&,;)"):
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
_ATTACH_SECTION_RE = re.compile(
    r"learning|resources?|activit|actions|development plan|stretch|projects?|feedback|coaching|"
    r"mentor|growth bets",
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

_CYCLE_RE = re.compile(
    rf"\bcycle\b[^:\d]{{0,20}}:?\s*(?:from\s+|\*\*)?({DATE})\**\s*"
    rf"(?:→|->|–|—|-|to|until|through|(?:and )?ending(?: on)?)\s*\**({DATE})",
    re.IGNORECASE,
)
_CYCLE_EDGE_RE = re.compile(
    rf"^(?:(?:the )?(?:cycle|plan|quarter)\s+)?(start|end)s?(?:\s+date|\s+on)?\s*[:=]?\s*({DATE})",
    re.IGNORECASE,
)
_ASSESSED_RE = re.compile(
    rf"\b(?:assessed|assessment(?: date)?|scored|rated)(?:\s+on)?\s*:?\s*({DATE})"
    r"|\b(?:assessed|assessment|scored|rated|ratings|scores)\b"
    rf"[^.;\n]{{0,60}}?\b(?:on|dated)\s+({DATE})",
    re.IGNORECASE,
)
_STALE_RE = re.compile(r"(?<!not )\bstale\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\d{4}")
_ASSESSED_HINT_RE = re.compile(r"assess|scored|rated|ratings|scores")
_SCHEDULE_RE = re.compile(r"calendar|cadence|schedule|check-?ins?|reviews?|tracker", re.I)
_KINDS: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    ("coaching-pack", re.compile(r"^PM Coaching Pack\b", re.I)),
    ("coaching-plan", re.compile(r"^Coaching plan\b", re.I)),
    ("ladder", re.compile(r"^Promotion-readiness ladder\b", re.I)),
)
_WHY_NUMBERED_RE = re.compile(r"^why (?:bet|focus area|area|gap|priority)\s*(\d+)", re.I)


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
    scan = _Scan(outline, lines, ranges, builders)
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


# --- everything outside the focus areas --------------------------------------------------------


@dataclass
class _Extras:
    events: list[DocEvent] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    needs: list[DocCalibrationNeed] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    def add_event(
        self, text: str, line: int, minutes: int | None = None, when: str | None = None
    ) -> DocEvent:
        kind = event_kind(text)
        day, day_text = value_date(when) if when is not None else inline_date(text)
        if day is None and when is not None:
            day, day_text = inline_date(when)
            day_text = day_text or when.strip() or None
        if day is None and day_text is None and when is None:
            rel = RELATIVE_DATE_RE.search(text)
            day_text = rel.group(0) if rel else None
        if minutes is None and (m := re.search(r"\b(\d+)[\s-]*min", text, re.I)):
            minutes = int(m.group(1))
        event = DocEvent(kind, day, day_text, f"line {line + 1}", minutes)
        self.events.append(event)
        if kind == "calibration" and day is not None:
            subject = calibration_subject(text)
            if subject:
                self.scheduled.append(subject)
        return event


@dataclass
class _Scan:
    """Header, first action, calendar, scores, calibration and milestones around the focus
    areas, and lines that belong to a focus area but sit elsewhere."""

    outline: Outline
    lines: list[PlanLine]
    focus_ranges: list[tuple[int, int]]
    builders: list[FocusBuilder]
    extras: _Extras = field(default_factory=_Extras)
    scores: list[DocScore] = field(default_factory=list)
    cycle: tuple[date | None, date | None] = (None, None)
    assessed: date | None = None
    stale: bool | None = None
    first_action: str | None = None
    first_due: date | None = None
    anchors: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(("first_action", "assessment", "cycle"), "line 1")
    )
    shared: list[Act] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # lines read as milestones already

    def inside_focus(self, line: int) -> bool:
        return any(a <= line < b for a, b in self.focus_ranges)

    def by_name(self, name: str) -> FocusBuilder | None:
        key = competency_key(name)
        return next((fb for fb in self.builders if competency_key(fb.name) == key), None)

    def run(self) -> None:
        self.read_tables()
        self.read_milestone_sections()
        self.read_lines()
        for act in self.shared:  # 'Coaching: monthly, on all three areas' is every area's
            for fb in self.builders:
                if not any(a.kind == act.kind for a in fb.acts):
                    fb.acts.append(act)

    # tables

    def read_tables(self) -> None:
        for table in self.outline.tables:
            if self.inside_focus(table.line):
                continue
            owner = self.outline.section_of(table.line)
            title = owner.title if owner else ""
            for ln in label_table_lines(table):
                self._header(ln.line, strip_marks(ln.text))
            self._read_scores(table)
            if re.search(r"calibrat", title, re.I) and not re.search(r"calendar", title, re.I):
                self._read_calibration_table(table)
            elif not self._read_calendar_table(table):
                for ln in label_table_lines(table):
                    self._outside_focus(ln)

    def _read_calendar_table(self, table: Table) -> bool:
        when_col = table.column(r"^(?:date|when|day|due|by)$|\bdate\b")
        what_col = table.column(r"what|event|meeting|item|session|review|activity|checkpoint")
        if when_col is None or what_col is None:
            return False
        minutes_col = table.column(r"min|duration|length")
        for line, cells in table.rows:
            cell = {i: strip_marks(c) for i, c in enumerate(cells)}
            minutes = None
            if minutes_col is not None:
                m = re.search(r"\d+", cell.get(minutes_col, ""))
                minutes = int(m.group(0)) if m else None
            what = cell.get(what_col, "")
            event = self.extras.add_event(what, line, minutes, cell.get(when_col, ""))
            if event.kind == "first-action" and self.first_action is None:
                others = [v for i, v in cell.items() if i not in (when_col, what_col) and v]
                text = max(others, key=len, default="")
                if len(text) > 20:  # the action itself, not a name or a number of minutes
                    self.first_action, self.first_due = text, event.date
                    self.anchors["first_action"] = f"line {line + 1}"
        return True

    def _read_calibration_table(self, table: Table) -> None:
        col = table.column(r"competenc|skill|area") or 0
        for line, cells in table.rows:
            name = strip_marks(cells[col]) if col < len(cells) else ""
            if name:
                self.extras.needs.append(DocCalibrationNeed(name, f"line {line + 1}"))

    def _read_scores(self, table: Table) -> None:
        """'| Competency | Self | Manager | Consensus |' rows; a 2+ point split whose consensus
        says 'averaged', or sits exactly on the average under a consensus column, is averaged."""
        self_col = table.column(r"^self|self[- ]?(?:score|rating|assess)")
        mgr_col = table.column(r"^(?:manager|mgr)|manager[- ]?(?:score|rating)")
        if self_col is None or mgr_col is None:
            return
        name_col = table.column(r"competenc|skill|area|capabilit") or 0
        agreed_col = table.column(r"consensus|agreed|final|combined|overall|average|avg|mean")
        current_col = agreed_col if agreed_col is not None else table.column(r"current|working")
        for line, cells in table.rows:
            cell = {i: strip_marks(c) for i, c in enumerate(cells)}
            name = re.sub(r"\s*\((?:must|nice)[^)]*\)$", "", cell.get(name_col, "")).strip()
            self_score, manager = score_in(cell.get(self_col, "")), score_in(cell.get(mgr_col, ""))
            if not name or self_score is None or manager is None:
                continue
            shown = cell.get(current_col, "") if current_col is not None else ""
            consensus = score_in(shown)
            row_text = " ".join(cell.values())
            if re.search(r"calibrat", row_text, re.I) and find_date(row_text):
                self.extras.scheduled.append(name)
            mean = (self_score + manager) / 2
            averaged = abs(self_score - manager) >= CALIBRATION_POINTS and (
                bool(AVERAGED_RE.search(shown))
                or (
                    agreed_col is not None
                    and consensus is not None
                    and abs(consensus - mean) <= AVERAGE_TOLERANCE
                    and not re.search(r"calibrat|agreed|\*", shown, re.I)
                )
            )
            if averaged and consensus is None:
                consensus = mean
            self.scores.append(
                DocScore(name, self_score, manager, consensus, averaged, f"line {line + 1}")
            )

    # milestone sections

    def read_milestone_sections(self) -> None:
        """'## Milestone & Review Schedule' and the like, outside the focus areas."""
        found = [
            h
            for h in self.outline.headings
            if re.search(r"milestone|success signals|success criteria", h.title, re.I)
            and not self.inside_focus(h.line)
        ]
        for h in found:
            if any(p.contains(h.line) for p in found):
                continue  # outermost only
            last: Milestone | None = None
            for ln in self.lines:
                if not h.line < ln.line < h.end or self.inside_focus(ln.line):
                    continue
                if ln.parent is not None and last is not None:
                    last.detail(ln.text)
                elif ln.item:
                    last = self._milestone_line(ln)
                self.consumed.add(ln.line)

    def _milestone_line(self, ln: PlanLine) -> Milestone:
        lab = split_label(ln.text, plain=False)
        owner = self.by_name(lab.label) if lab else None
        if owner is None and (m := re.match(r"^([^:]{3,60}):\s", strip_marks(ln.text))):
            owner = self.by_name(m.group(1))
            if owner is not None:
                lab = Label(m.group(1), None, strip_marks(ln.text)[m.end() :])
        if lab and (owner or label_role(lab.label)):
            ms = milestone_from_text(lab.rest, ln.line, lab.qualifier)
        elif lab:
            ms = milestone_from_text(f"{lab.label}: {lab.rest}", ln.line, lab.qualifier)
        else:
            ms = milestone_from_text(ln.text, ln.line)
        (owner.milestones if owner else self.extras.milestones).append(ms)
        return ms

    # lines

    def read_lines(self) -> None:
        for ln in self.lines:
            plain = strip_marks(ln.text)
            self._header(ln.line, plain)
            if self.inside_focus(ln.line):
                self._calendar_in_focus(ln)
                continue
            if ln.item:
                self._outside_focus(ln)
            else:  # a narrative paragraph: each sentence may be its own review or header
                for sentence in split_sentences(ln.text):
                    self._outside_focus(dataclasses.replace(ln, text=sentence))
        for h in self.outline.headings:
            self._header(h.line, strip_marks(h.title))
            if not self.inside_focus(h.line) and EVENT_RE.search(h.title):
                self.extras.add_event(strip_marks(h.title), h.line)

    def _calendar_in_focus(self, ln: PlanLine) -> None:
        """'Check-ins: 2027-02-02 and 2027-03-02' written under the last focus area of a plan
        without headings belongs to the calendar."""
        if ln.item and ln.parent is not None:
            return
        for sentence in [ln.text] if ln.item else split_sentences(ln.text):
            if EVENT_START_RE.match(strip_marks(sentence)) and DATE_RE.search(sentence):
                self.extras.add_event(strip_marks(sentence), ln.line)

    def _header(self, line: int, plain: str) -> None:
        low = plain.lower()
        if "stale" in low and "assess" in low and _STALE_RE.search(plain):
            self.stale = True
        if not _YEAR_RE.search(plain):  # every header date has a year
            return
        if "cycle" in low and self.cycle == (None, None) and (m := _CYCLE_RE.search(plain)):
            self.cycle = (find_date(m.group(1)), find_date(m.group(2)))
            self.anchors["cycle"] = f"line {line + 1}"
        elif ("start" in low or "end" in low) and (m := _CYCLE_EDGE_RE.match(plain)):
            start, end = self.cycle  # 'Cycle start: ...' and 'Cycle end: ...'
            day = find_date(m.group(2))
            if m.group(1).lower() == "start" and start is None:
                self.cycle, self.anchors["cycle"] = (day, end), f"line {line + 1}"
            elif m.group(1).lower() == "end" and end is None:
                self.cycle = (start, day)
        if (
            self.assessed is None
            and _ASSESSED_HINT_RE.search(low)
            and (m := _ASSESSED_RE.search(plain))
        ):
            self.assessed = find_date(m.group(1) or m.group(2))
            self.anchors["assessment"] = f"line {line + 1}"

    def _outside_focus(self, ln: PlanLine) -> None:
        dated = _DATED_LINE_RE.match(ln.text)
        lab = split_label(dated.group(2) if dated else ln.text, plain=True)
        role = label_role(lab.label) if lab else None
        if lab and role == "first":
            if self.first_action is None:
                self.first_action = strip_marks(lab.rest) or None
                qualifier_due = value_date(lab.qualifier)[0] if lab.qualifier else None
                line_due = find_date(dated.group(1)) if dated else None
                self.first_due = qualifier_due or line_due or find_date(lab.rest)
                self.anchors["first_action"] = f"line {ln.line + 1}"
            return
        if lab and role == "recurring":
            for segment in re.split(r"\s+·\s+", lab.rest):
                self.extras.add_event(segment, ln.line)
            return
        if ln.line not in self.consumed and self._attach(ln, lab, role):
            return
        has_date = bool(DATE_RE.search(ln.text))
        if lab and role in ("coaching", "feedback") and self.builders and not has_date:
            self.shared.append(labelled_activity(role, lab, ln.line))
            return
        if EVENT_RE.search(ln.text) and (ln.item or lab or has_date):
            self.extras.add_event(strip_marks(ln.text), ln.line)

    def _attach(self, ln: PlanLine, lab: Label | None, role: str | None) -> bool:
        """Lines about one focus area that sit elsewhere: '- **Product strategy**: ...' under
        '### Learning Resources', '**Why bet 2 matters:** ...', '1. **Pricing**, ... Success
        signals: ...'."""
        why = _WHY_NUMBERED_RE.match(lab.label) if lab else None
        if lab and why:
            n = int(why.group(1))
            if 1 <= n <= len(self.builders):
                self.builders[n - 1].rationale = strip_marks(lab.rest)
                return True
        fb = self.by_name(re.split(r",", strip_marks(lab.label), maxsplit=1)[0]) if lab else None
        if fb is None and (m := re.match(r"^\*\*([^*]+)\*\*,", ln.text)):
            fb = self.by_name(m.group(1))
        if fb is None:
            return False
        signals = milestones_from_signals(ln.text, ln.line)
        if signals:
            fb.milestones.extend(signals)
            return True
        section = self.outline.section_of(ln.line)
        if lab is None or role is not None or section is None:
            return False
        if not _ATTACH_SECTION_RE.search(section.title):
            return False
        act = classify(lab.rest, ln.line)
        fb.acts.append(act)
        index = self.lines.index(ln) if ln in self.lines else -1
        for sub in self.lines[index + 1 :]:
            if sub.parent is None:
                break
            act.detail(sub.text)
        return True

