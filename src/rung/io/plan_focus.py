"""One focus area of a plan from elsewhere: its activities, milestones, rationale and priority.

`FocusBuilder` collects what the plan readers find and freezes into the linter's
`DocFocusArea`. `read_focus_body` reads a focus area's lines — labelled bullets, plain
bullets under a block label ('**Development Plan**:'), sentences in a narrative, a two-column
table of components — and `focus_areas_from_table` reads the one-page table the method
recommends ('| Focus area | Stretch | Due | Milestone | Due |').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rung.core.lint.document import ActivityKind, DocActivity, DocFocusArea, DocMilestone
from rung.core.lint.rules_vocabulary import LEARNING_RE, is_passive, is_support_work
from rung.io.markdown_outline import Table
from rung.io.plan_text import (
    ACTIVE_START_RE,
    ARTIFACT_RE,
    COACHING_RE,
    DATE,
    EVENT_START_RE,
    FEEDBACK_RE,
    LEARNING_VERB_RE,
    OUTPUT_LABEL_RE,
    Label,
    free_text_provider,
    inline_date,
    interval_days,
    label_role,
    labelled_provider,
    split_label,
    strip_marks,
    value_date,
)

ACTIVITY_ROLES = ("stretch", "learning", "feedback", "coaching", "rep")


@dataclass(frozen=True)
class PlanLine:
    """A logical line of a plan: a paragraph line, a list item, or a line inside an item."""

    text: str  # inline source, with its emphasis marks
    line: int  # 0-based
    item: bool
    depth: int
    parent: int | None = None  # index of the line this one details (its list item)


@dataclass
class Act:
    kind: ActivityKind
    text: str
    line: int
    due: date | None = None
    output: str | None = None
    provider: str | None = None
    interval: int | None = None

    def freeze(self) -> DocActivity:
        kind = self.kind
        if kind == "other" and (self.due or self.output) and _is_real_work(self.text):
            kind = "stretch"  # its date or output came on a line of its own
        return DocActivity(
            kind,
            self.text,
            self.due,
            self.output,
            self.provider,
            self.interval,
            f"line {self.line + 1}",
        )

    def detail(self, body: str) -> None:
        """A line under the activity: 'Timeline: ...', 'Frequency: ...', 'Output: ...'."""
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        value = strip_marks(lab.rest if lab else body)
        if role == "date" and self.due is None:
            self.due = value_date(value)[0]
        elif role == "output" and value:
            self.output = value.strip(" .")
        elif role in ("provider", "feedback") and self.provider is None:
            self.provider = labelled_provider(value)
        elif role == "interval" or (role is None and self.interval is None):
            self.interval = self.interval or interval_days(value)
        if self.kind == "stretch" and self.due is None and role is None:
            self.due = inline_date(value)[0]


@dataclass
class Milestone:
    text: str
    line: int
    due: date | None = None
    due_text: str | None = None
    threshold: str | None = None

    def freeze(self) -> DocMilestone:
        return DocMilestone(
            self.text, self.due, self.due_text, self.threshold, f"line {self.line + 1}"
        )

    def set_date(self, due: date | None, due_text: str | None) -> None:
        if self.due is None and (due or due_text):
            self.due, self.due_text = due, due_text

    def detail(self, body: str) -> None:
        """A line under it: 'Success criteria: ...', 'Review date: Month 3', or the bar itself."""
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        if lab and role == "date":
            self.set_date(*value_date(strip_marks(lab.rest)))
        elif lab and role in ("threshold", "milestone"):
            self.add_threshold(strip_marks(lab.rest))
        elif not lab or role is None:
            self.add_threshold(strip_marks(body))

    def add_threshold(self, value: str) -> None:
        value = value.strip()
        if value:
            self.threshold = f"{self.threshold}; {value}" if self.threshold else value


def milestone_from_text(body: str, line: int, qualifier: str | None = None) -> Milestone:
    """'Present X; threshold: 2 presentations' with an optional '(due 2027-01-15)'."""
    body = strip_marks(body)
    parts = re.split(r";?\s*\bthreshold\s*:\s*", body, maxsplit=1, flags=re.IGNORECASE)
    ms = Milestone(parts[0].strip(), line)
    if len(parts) > 1:
        ms.threshold = parts[1].strip(" .") or None
    if qualifier:
        ms.set_date(*value_date(qualifier))
    ms.set_date(*inline_date(body))
    return ms


# "Present the readout (by 2027-02-04; 1 analysis presented)": rung's success signals.
_SIGNAL_RE = re.compile(rf"\((?:by|due)\s+({DATE})\s*;\s*([^)]*)\)", re.IGNORECASE)


def milestones_from_signals(text: str, line: int) -> list[Milestone]:
    """Each '(by DATE; threshold)' closes a milestone whose words run back to the previous one
    (or to the label's colon)."""
    if "(by " not in text and "(due " not in text:
        return []
    text = strip_marks(text)
    out, start = [], 0
    for m in _SIGNAL_RE.finditer(text):
        words = re.split(r"[;:]\s", text[start : m.start()])[-1].strip(" .;:")
        start = m.end()
        if words:
            ms = Milestone(words, line, threshold=m.group(2).strip() or None)
            ms.set_date(*value_date(m.group(1)))
            out.append(ms)
    return out


def _is_real_work(text: str) -> bool:
    """Doing something (or helping do it: R027 judges that), not learning about it."""
    return bool(ACTIVE_START_RE.match(text) or is_support_work(text)) and not is_passive(text)


def classify(text: str, line: int) -> Act:
    """An unlabelled bullet or sentence: stretch, learning, feedback, coaching or other."""
    text = strip_marks(text)
    due, _ = inline_date(text)
    out = OUTPUT_LABEL_RE.split(text, maxsplit=1)
    output = out[1].strip(" .") if len(out) > 1 else None
    if output is None and (artifact := ARTIFACT_RE.search(text)):
        output = artifact.group(0)
    if (due or output) and _is_real_work(text):
        return Act("stretch", out[0].strip(), line, due, output)
    if LEARNING_RE.search(text):
        return Act("learning", text, line)
    if FEEDBACK_RE.search(text):
        return Act(
            "feedback", text, line, provider=free_text_provider(text), interval=interval_days(text)
        )
    if COACHING_RE.search(text):
        return Act("coaching", text, line, interval=interval_days(text))
    return Act("other", text, line, interval=interval_days(text))


def labelled_activity(role: str, lab: Label, line: int) -> Act:
    """A bullet labelled with its component: Stretch assignment / Learning / Feedback / ..."""
    rest = strip_marks(lab.rest)
    qualifier_due = value_date(lab.qualifier)[0] if lab.qualifier else None
    if role == "stretch":
        parts = OUTPUT_LABEL_RE.split(rest, maxsplit=1)
        output = parts[1].strip(" .") if len(parts) > 1 else None
        return Act(
            "stretch", parts[0].strip(), line, qualifier_due or inline_date(rest)[0], output or None
        )
    if role == "learning":
        return Act("learning", rest, line)
    # The interval may sit in the label: "**Coaching** (every 30 days): ...", "Coaching
    # happens monthly: ...".
    interval = (
        interval_days(lab.qualifier or "") or interval_days(rest) or interval_days(lab.label)
    )
    if role == "feedback":
        return Act("feedback", rest, line, provider=labelled_provider(rest), interval=interval)
    if role == "coaching":
        return Act("coaching", rest, line, interval=interval)
    return Act("other", rest, line, interval=interval_days(f"{lab.label} {rest}"))


@dataclass
class FocusBuilder:
    name: str
    line: int
    rationale: str | None = None
    acts: list[Act] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    timeline: str | None = None
    priority: str | None = None

    def freeze(self) -> DocFocusArea:
        for ms in self.milestones:  # 'Timeline: 12-18 months' dates every undated milestone
            if self.timeline:
                ms.set_date(*value_date(self.timeline))
        return DocFocusArea(
            self.name,
            self.rationale,
            tuple(a.freeze() for a in self.acts),
            tuple(m.freeze() for m in self.milestones),
            f"line {self.line + 1}",
            priority=self.priority,
            timeline=self.timeline if self.timeline and not re.search(r"\d{4}", self.timeline)
            else None,
        )


def block_of(role: str | None) -> str | None:
    if role == "milestone":
        return "milestones"
    if role in ("activities", *ACTIVITY_ROLES):
        return "activities"
    return "ignore" if role in ("ignore", "priority") else None


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_ABBREVIATION_END_RE = re.compile(
    r"\b(?:ch|chs|chap|pp|p|no|vol|sec|fig|pt|e\.g|i\.e|vs|approx|ca|dr|mr|ms|mrs|st)\.$",
    re.IGNORECASE,
)
_MILESTONE_SENTENCE_RE = re.compile(
    rf"^(?:by|on|before)\s+(?:{DATE}|the end of (?:the )?(?:cycle|quarter))\b", re.IGNORECASE
)
_RATIONALE_RE = re.compile(r"\bbecause\b|\bchosen\b|\bchose\b|\bpicked\b|\bselected\b", re.I)


def read_focus_body(fb: FocusBuilder, lines: Sequence[PlanLine], root: int | None = None) -> None:
    """The lines of one focus area, in order. Lines nested under `root` (a list item that is
    the focus area itself) count as its own lines."""
    block: str | None = None
    last: Act | Milestone | None = None
    for ln in lines:
        if ln.text.startswith("#"):  # a sub-heading: '#### Milestones' starts a block
            block, last = block_of(label_role(strip_marks(ln.text.lstrip("# ")))), None
            continue
        nested = ln.parent is not None and ln.parent != root
        if nested and last is not None:
            last.detail(ln.text)
            continue
        for sentence in _sentences(ln):
            block, last = _read_line(fb, sentence, ln, block, last)


def _sentences(ln: PlanLine) -> list[str]:
    """A list item is read whole; a paragraph in pieces, each starting at a sentence that
    names a component ('The stretch assignment is ...', 'Feedback: ...', 'By 2027-03-11, ...')
    and running on through the sentences that follow it."""
    if ln.item:
        return [ln.text]
    chunks: list[str] = []
    for sentence in split_sentences(ln.text):
        starts = split_label(sentence, plain=True) or _MILESTONE_SENTENCE_RE.match(sentence)
        if chunks and not starts:
            chunks[-1] = f"{chunks[-1]} {sentence}"
        else:
            chunks.append(sentence)
    return chunks


def split_sentences(text: str) -> list[str]:
    """Sentences, not broken after an abbreviation ('ch. 5–6', 'e.g. Priya')."""
    out: list[str] = []
    for piece in _SENTENCE_END_RE.split(text):
        if out and _ABBREVIATION_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


def _read_line(
    fb: FocusBuilder, text: str, ln: PlanLine, block: str | None, last: Act | Milestone | None
) -> tuple[str | None, Act | Milestone | None]:
    lab = split_label(text, plain=True)
    role = label_role(lab.label) if lab else None
    rest = strip_marks(lab.rest) if lab else ""
    if lab and role == "rationale":
        fb.rationale = rest.strip("_* ") or fb.rationale
    elif lab and role == "priority":
        fb.priority = rest.strip(" .") or fb.priority
    elif lab and role in ACTIVITY_ROLES:
        last = labelled_activity(role, lab, ln.line)
        fb.acts.append(last)
        if not rest:
            block = "activities"
    elif lab and role == "milestone":
        if rest:
            signals = milestones_from_signals(lab.rest, ln.line)
            found = signals or [milestone_from_text(lab.rest, ln.line, lab.qualifier)]
            fb.milestones.extend(found)
            last = found[-1]
        else:
            block, last = "milestones", None
    elif lab and role == "activities" and not rest:
        block, last = "activities", None
    elif lab and role == "date":
        fb.timeline = rest or fb.timeline
    elif lab and role in ("ignore", "threshold", "provider", "interval", "output", "first"):
        if role == "threshold" and isinstance(last, Milestone):
            last.add_threshold(rest)
        elif role == "output" and isinstance(last, Act):
            last.output = rest.strip(" .") or last.output
    elif block == "milestones" or (not ln.item and _MILESTONE_SENTENCE_RE.match(text)):
        last = milestone_from_text(text, ln.line)
        fb.milestones.append(last)
    elif ln.item and block != "ignore":
        last = classify(text, ln.line)
        fb.acts.append(last)
    elif not ln.item and fb.rationale is None and _RATIONALE_RE.search(text):
        fb.rationale = strip_marks(text)
    elif not ln.item and block != "ignore" and _is_activity_sentence(text):
        last = classify(text, ln.line)
        fb.acts.append(last)
    return block, last


def _is_activity_sentence(text: str) -> bool:
    """A sentence in a narrative that describes a component: 'She will read chapters 3-5 ...'
    (a learning sentence needs a verb of reading: 'Talk soon' is not a talk to watch)."""
    if EVENT_START_RE.match(text):
        return False
    kind = classify(text, 0).kind
    return kind != "other" and (kind != "learning" or bool(LEARNING_VERB_RE.search(text)))


def label_table_lines(table: Table) -> list[PlanLine]:
    """A two-column table of components ('| Stretch assignment | Lead the Q1 review |') as
    label lines, the header row included (wiki exports often have no real header)."""
    if len(table.header) != 2:
        return []
    rows = [(table.line, table.header), *table.rows]
    return [
        PlanLine(f"{strip_marks(cells[0])}: {cells[1]}", line, False, 0)
        for line, cells in rows
        if len(cells) == 2 and strip_marks(cells[0]) and strip_marks(cells[1])
    ]


# --- the one-page table ------------------------------------------------------------------------

_NAME_COLUMN = r"focus|competenc|gap|area|skill|bet\b"
_PLAN_COLUMN = r"stretch|milestone|activit|action|assignment|project"


def is_focus_table(table: Table) -> bool:
    return table.column(_NAME_COLUMN) is not None and table.column(_PLAN_COLUMN) is not None


def focus_areas_from_table(table: Table) -> list[FocusBuilder]:
    """One focus area per row; a 'Due' column dates the component to its left."""
    name_col = table.column(_NAME_COLUMN)
    if name_col is None:
        return []
    out = []
    for line, cells in table.rows:
        cell = dict(enumerate(strip_marks(c) for c in cells))
        fb = FocusBuilder(cell.get(name_col, "").strip(), line)
        current: Act | Milestone | None = None
        for col, head in enumerate(table.header):
            value = cell.get(col, "").strip()
            if not value or col == name_col or value in ("-", "–", "—"):
                continue
            # 'Due', 'Milestone due', 'Target date' date the component to their left.
            dates = re.search(r"\bdue\b|\bdate\b|\bby\b|\bwhen\b|\bdeadline\b", head, re.I)
            role = "date" if dates else label_role(strip_marks(head))
            if role == "date" and current is not None:
                if isinstance(current, Act):
                    current.due = current.due or value_date(value)[0]
                else:
                    current.set_date(*value_date(value))
            elif role == "milestone":
                current = milestone_from_text(value, line)
                fb.milestones.append(current)
            elif role == "threshold" and isinstance(current, Milestone):
                current.add_threshold(value)
            elif role in ACTIVITY_ROLES:
                current = labelled_activity(role, Label(head, None, value), line)
                fb.acts.append(current)
            elif role == "output" and isinstance(current, Act):
                current.output = value
            elif role == "interval" and isinstance(current, Act):
                current.interval = current.interval or interval_days(value)
            elif role == "provider" and isinstance(current, Act):
                current.provider = current.provider or labelled_provider(value)
            elif role == "rationale":
                fb.rationale = value
            elif role == "priority":
                fb.priority = value
            elif role == "date" and current is None:
                fb.timeline = value
        if fb.name:
            out.append(fb)
    return out
