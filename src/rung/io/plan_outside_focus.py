"""Everything of a plan around its focus areas: the header (cycle, assessment date), the
first action, the calendar (tables, bullets, recurring rules), score and calibration tables,
milestone sections, and lines about one focus area or all of them that sit elsewhere.

`OutsideFocus(outline, lines, focus_ranges, builders).run()` reads them from the outline
`rung.io.plan_markdown` built; what belongs to a focus area is added to its builder.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

from rung.core.lint.document import (
    AVERAGE_TOLERANCE,
    CALIBRATION_POINTS,
    DocCalibrationNeed,
    DocEvent,
    DocScore,
    competency_key,
)
from rung.io.markdown_outline import Outline, Table
from rung.io.plan_focus import (
    Act,
    FocusBuilder,
    Milestone,
    PlanLine,
    classify,
    label_table_lines,
    labelled_activity,
    milestone_from_text,
    milestones_from_signals,
    split_sentences,
)
from rung.io.plan_text import (
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

# '2027-01-08 — First visible action: ...': a dated line of a checklist or a schedule.
_DATED_LINE_RE = re.compile(rf"^\**({DATE})\**\s*(?:[—–:|-]|\s)\s*(.+)$", re.IGNORECASE)
_ATTACH_SECTION_RE = re.compile(
    r"learning|resources?|activit|actions|development plan|stretch|projects?|feedback|coaching|"
    r"mentor|growth bets",
    re.IGNORECASE,
)
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
_WHY_NUMBERED_RE = re.compile(r"^why (?:bet|focus area|area|gap|priority)\s*(\d+)", re.I)


@dataclass
class Extras:
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
class OutsideFocus:
    """Header, first action, calendar, scores, calibration and milestones around the focus
    areas, and lines that belong to a focus area but sit elsewhere."""

    outline: Outline
    lines: list[PlanLine]
    focus_ranges: list[tuple[int, int]]
    builders: list[FocusBuilder]
    extras: Extras = field(default_factory=Extras)
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

