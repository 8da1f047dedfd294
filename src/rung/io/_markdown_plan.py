"""Read a development plan written in Markdown into the linter's neutral `PlanDoc`.

Two kinds of Markdown are understood, line by line with the standard library only:

- rung's own layout: `### N. Name` focus areas with labelled bullets
  (`- **Stretch assignment** (due 2027-01-15): ...`, `- **Milestone** (due ...): ...; threshold:
  ...`), a `## Calendar` table, a `## Calibration first` table and a header line with
  `cycle 2026-11-23 → 2027-02-20 · assessed 2026-11-02`;
- plans from elsewhere: `###` sections under a `##` section about gaps/focus/capabilities/growth
  bets, with `**Development Plan**:` / `**Success Indicators**:` bullet lists, `Timeline: 6-12
  months`, milestone sections with `Success criteria:` / `Review date:` sub-bullets, and review
  or check-in lines anywhere.

Whatever cannot be recognised is left out; the linter then reports what the plan lacks.
Every `where` is `line N` (1-based).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from rung.core.lint.document import (
    ActivityKind,
    DocActivity,
    DocAnchors,
    DocCalibrationNeed,
    DocEvent,
    DocFocusArea,
    DocMilestone,
    PlanDoc,
    competency_key,
)
from rung.core.lint.rules_vocabulary import (
    LEARNING_RE,
    RELATIVE_DATE,
    RELATIVE_DATE_RE,
    is_passive,
)

# --- dates, intervals, people ------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = (
    rf"(?:\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DATE_RE = re.compile(rf"\b{DATE}\b", re.IGNORECASE)
_DATE_PARTS = (
    re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$"),
    re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})$", re.IGNORECASE),
    re.compile(rf"^({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.IGNORECASE),
)
_RELATIVE_AFTER_PREPOSITION_RE = re.compile(
    rf"\b(?:by|in|within|before|at|during|until|due|after|over)\s+(?:the\s+)?({RELATIVE_DATE})",
    re.IGNORECASE,
)


def _to_date(text: str) -> date | None:
    text = text.strip()
    for n, pattern in enumerate(_DATE_PARTS):
        m = pattern.match(text)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if n == 0:
                return date(int(a), int(b), int(c))
            if n == 1:
                return date(int(c), _MONTHS[b[:3].lower()], int(a))
            return date(int(c), _MONTHS[a[:3].lower()], int(b))
        except ValueError:
            return None
    return None


def find_date(text: str) -> date | None:
    """The first calendar date written in `text` (ISO, '15 Jan 2027', 'Jan 15, 2027')."""
    for m in _DATE_RE.finditer(text):
        found = _to_date(m.group(0))
        if found:
            return found
    return None


def value_date(value: str) -> tuple[date | None, str | None]:
    """A date given as a label's value ('Review date: Month 3', '(due 2027-01-15)')."""
    value = re.sub(r"^(?:due|by|on|before|date)\b\s*:?\s*", "", value.strip(), flags=re.I)
    value = value.strip(" .;,")
    return find_date(value), (value or None)


def inline_date(text: str) -> tuple[date | None, str | None]:
    """A date inside running text: a calendar date, or 'by Month 3' / 'within 6 weeks'."""
    found = _DATE_RE.search(text)
    if found and _to_date(found.group(0)):
        return _to_date(found.group(0)), found.group(0)
    rel = _RELATIVE_AFTER_PREPOSITION_RE.search(text)
    return None, (rel.group(1) if rel else None)


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "six": 6}
_INTERVALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(p, re.IGNORECASE), days)
    for p, days in (
        (r"\bbi-?weekly\b|\bfortnightly\b|\bevery other week\b|\btwice a month\b", 14),
        (
            r"\bweekly\b|\bevery week\b|\beach week\b|\bonce a week\b|"
            r"\bevery (?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
            7,
        ),
        (r"\bmonthly\b|\bevery month\b|\beach month\b|\bonce a month\b", 30),
        (r"\bdaily\b|\bevery day\b", 1),
        (r"\bquarterly\b|\bevery quarter\b", 90),
    )
)


def interval_days(text: str) -> int | None:
    """How often something recurs: 'every 14 days', 'biweekly', 'weeks 4 and 8' -> days."""
    m = re.search(r"\bevery\s+(\d+|two|three|four|six)\s+(day|week|month)s?\b", text, re.I)
    if m:
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        return n * {"day": 1, "week": 7, "month": 30}[m.group(2).lower()]
    m = re.search(r"\b(week|day)s?\s+(\d+)\s*(?:,|and|&)\s*(?:(?:week|day)\s+)?(\d+)", text, re.I)
    if m and int(m.group(3)) > int(m.group(2)):
        return (int(m.group(3)) - int(m.group(2))) * (7 if m.group(1).lower() == "week" else 1)
    for pattern, days in _INTERVALS:
        if pattern.search(text):
            return days
    return None


_INTERVAL_WORDS = (
    r",|;|\s[-–—]\s|\bevery\b|\bbi-?weekly\b|\bweekly\b|\bmonthly\b|"
    r"\bfortnightly\b|\bonce\b|\btwice\b|\bat weeks?\b"
)
_ROLE_RE = re.compile(
    r"\b(?:manager|vp|svp|director|head|lead|chief|c[pteo]o|peers?|mentor|designer|engineer|"
    r"pm|principal|staff|founder|coach|colleague|architect|analyst|researcher|partner|"
    r"stakeholders?|team ?mate|skip-level|sales|marketing|finance)\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+\b")
_GENERIC_PROVIDER_RE = re.compile(
    r"^(?:an?\s+|the\s+)?(?:someone|somebody|anyone|tbd|n/?a|others?|people|"
    r"[\w-]*\s*practitioners?|experts?)$",
    re.IGNORECASE,
)


def _provider(candidate: str, *, strict: bool) -> str | None:
    """A named person or role, or None for 'someone' / 'Expert-level practitioners'."""
    candidate = candidate.strip(" .:,;")
    if not candidate or _GENERIC_PROVIDER_RE.match(candidate):
        return None
    if strict and not (_ROLE_RE.search(candidate) or _NAME_RE.search(candidate)):
        return None
    return candidate


def labelled_provider(value: str) -> str | None:
    """'Priya Shah (VP Product), every 14 days.' -> 'Priya Shah (VP Product)'."""
    return _provider(re.split(_INTERVAL_WORDS, value, maxsplit=1, flags=re.I)[0], strict=False)


def free_text_provider(text: str) -> str | None:
    """'Ask Priya Shah (VP Product) for feedback' / 'Seek mentorship from X' -> X if a person."""
    m = re.search(r"\bask\s+(.+?)\s+(?:for|to)\b", text, re.I) or re.search(
        r"\b(?:from|with|by)\s+(.+)$", text
    )
    candidate = re.split(_INTERVAL_WORDS, m.group(1) if m else text, maxsplit=1, flags=re.I)[0]
    return _provider(candidate, strict=True)


# --- labels and activity classification --------------------------------------------------------

_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(p, re.IGNORECASE))
    for role, p in (
        ("rationale", r"^(?:why\b|rationale|reason|because)"),
        ("first", r"^(?:this week|first (?:visible )?(?:action|step)|next (?:action|step)s?)"),
        ("recurring", r"^recurring"),
        ("stretch", r"stretch"),
        (
            "milestone",
            r"^(?:milestones?|success (?:indicators?|criteria|signals?|metrics?|"
            r"measures?)|measures? of success|definition of done|kpis?|outcomes?)\b",
        ),
        ("threshold", r"^(?:threshold|target|bar|minimum|measurement|evidence)\b"),
        ("learning", r"^(?:learning|learn|resources?|reading|course|book)\b"),
        ("feedback", r"^(?:feedback|mentor(?:ship|ing)?)\b"),
        ("coaching", r"^(?:coaching|coach|1:1)\b"),
        ("rep", r"\breps?\b|^(?:practice|habit)"),
        (
            "date",
            r"^(?:timeline|review date|due(?: date)?|deadline|target date|by when|when|"
            r"date|time ?frame)\b",
        ),
        ("output", r"^(?:visible output|outputs?|deliverables?|artifacts?)\b"),
        ("provider", r"^(?:mentor profile|who|provider|observer|reviewer)\b"),
        ("interval", r"^(?:frequency|cadence|interval|how often)\b"),
        (
            "activities",
            r"^(?:development (?:plan|activities)|activities|actions|key activities|"
            r"plan|practice loops|stretch work)\b",
        ),
        (
            "ignore",
            r"^(?:current|target level|priority|now|gap|type|impact|scope|duration|"
            r"skills developed|objective|specific examples|examples needed|interaction|"
            r"development focus)\b",
        ),
    )
)
_ACTIVE_START_RE = re.compile(
    r"^\s*(?:lead|own|run|present|write|ship|drive|facilitate|launch|deliver|build|design|"
    r"publish|organi[sz]e|host|create|define|conduct|negotiate|pitch|prepare|draft|take over|"
    r"chair|coordinate|produce|interview|analy[sz]e|set up|propose|map|prioriti[sz]e|rewrite|"
    r"redesign|replace)\b",
    re.IGNORECASE,
)
_OUTPUT_LABEL_RE = re.compile(r"\b(?:visible output|outputs?|deliverables?)\s*:\s*", re.I)
_ARTIFACT_RE = re.compile(
    r"\b(?:deck|doc|document|memo|brief|report|roadmap|pre-read|prd|one-pager|dashboard|spec|"
    r"proposal|write-up|writeup|analysis|business case|okrs?|presentation|narrative)\b",
    re.IGNORECASE,
)
_FEEDBACK_RE = re.compile(
    r"\b(?:mentor\w*|feedback|1:1s?|one-on-ones?|1-on-1s?|reviews? (?:with|by))\b", re.I
)
_COACHING_RE = re.compile(r"\bcoach\w*\b", re.IGNORECASE)


def label_role(label: str) -> str | None:
    for role, pattern in _ROLES:
        if pattern.search(label.strip()):
            return role
    return None


@dataclass(frozen=True)
class Label:
    label: str
    qualifier: str | None  # "(due 2027-01-15)" -> "due 2027-01-15"
    rest: str


_PLAIN_LABEL_RE = re.compile(r"^([A-Za-z][\w /&'’-]{0,40}?)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$")
_EMPHASIS = ("**", "__", "*", "_")


def split_label(text: str, *, plain: bool) -> Label | None:
    """'**Stretch assignment** (due X): rest', '_Why this one:_ rest', 'Timeline: 6 months'.

    Emphasised labels need a colon; plain ones (`plain=True`) must also be a known label word.
    """
    text = text.strip()
    for mark in _EMPHASIS:
        if text.startswith(mark) and len(text) > 2 * len(mark):
            close = text.find(mark, len(mark))
            if close <= len(mark):
                continue
            inner, after = text[len(mark) : close].strip(), text[close + len(mark) :].strip()
            qualifier = None
            if inner.endswith(":"):
                inner = inner[:-1].rstrip()
            else:
                m = re.match(r"^(?:\(([^)]*)\))?\s*:\s*(.*)$", after)
                if not m:
                    return None
                qualifier, after = m.group(1), m.group(2)
            q = re.match(r"^(.*?)\s*\(([^)]*)\)$", inner)
            if q:
                inner, qualifier = q.group(1), q.group(2)
            return Label(inner, qualifier, after)
    if plain:
        m = _PLAIN_LABEL_RE.match(text)
        if m and label_role(m.group(1)):
            return Label(m.group(1), m.group(2), m.group(3))
    return None


def strip_marks(text: str) -> str:
    return re.sub(r"\*\*|__|`", "", text).strip()


# --- lines, headings, tables ------------------------------------------------------------------

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    index: int  # position in the line list
    end: int  # index of the first line after the section (subsections included)

    @property
    def where(self) -> str:
        return f"line {self.index + 1}"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line index, cells)
    start: int
    end: int

    def column(self, pattern: str) -> int | None:
        for i, name in enumerate(self.header):
            if re.search(pattern, name, re.IGNORECASE):
                return i
        return None


def _cells(line: str) -> tuple[str, ...]:
    body = line.strip().removeprefix("|").removesuffix("|")
    return tuple(strip_marks(c.strip()) for c in re.split(r"(?<!\\)\|", body))


@dataclass
class Lines:
    """The document as lines, without front matter and fenced code, with its headings."""

    text: list[str]
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @classmethod
    def parse(cls, source_text: str) -> Lines:
        raw = source_text.splitlines()
        text = list(raw)
        if raw and raw[0].strip() == "---":  # YAML front matter
            for j in range(1, min(len(raw), 60)):
                if raw[j].strip() in ("---", "..."):
                    text[: j + 1] = [""] * (j + 1)
                    break
        fenced = False
        for i, line in enumerate(raw):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                text[i] = ""
            elif fenced:
                text[i] = ""
        lines = cls(text)
        found = [(i, m) for i, line in enumerate(text) if (m := _HEADING_RE.match(line))]
        for n, (i, m) in enumerate(found):
            level = len(m.group(1))
            end = next((j for j, mm in found[n + 1 :] if len(mm.group(1)) <= level), len(text))
            lines.headings.append(Heading(level, strip_marks(m.group(2)), i, end))
        lines.tables = list(lines._find_tables())
        return lines

    def _find_tables(self) -> Iterator[Table]:
        i = 0
        while i < len(self.text) - 1:
            if self.text[i].lstrip().startswith("|") and _TABLE_SEP_RE.match(self.text[i + 1]):
                j = i + 2
                rows = []
                while j < len(self.text) and self.text[j].lstrip().startswith("|"):
                    rows.append((j, _cells(self.text[j])))
                    j += 1
                yield Table(_cells(self.text[i]), tuple(rows), i, j)
                i = j
            else:
                i += 1

    def table_at(self, index: int) -> bool:
        return any(t.start <= index < t.end for t in self.tables)


# --- focus areas ---------------------------------------------------------------------------

_CONTAINER_RE = re.compile(
    r"focus|gap|capabilit|development areas?|growth bets?|bets\b|competenc", re.IGNORECASE
)
_NOT_CONTAINER_RE = re.compile(r"calendar|calibrat|backlog|notes?\b|milestone|checklist", re.I)
_SINGLE_FOCUS_RE = re.compile(
    r"^(?:focus area|growth bet|gap|bet)\s*#?\s*\d*\s*[:.)\-–—]\s*(.+)$", re.IGNORECASE
)
_ATTACH_SECTION_RE = re.compile(
    r"learning|resources?|activit|actions|development plan|stretch|projects?|feedback|coaching|"
    r"mentor",
    re.IGNORECASE,
)


def clean_title(title: str) -> str:
    title = strip_marks(title).strip(" :*_")
    title = re.sub(r"^\d+\s*[.)]\s*", "", title)
    m = _SINGLE_FOCUS_RE.match(title)
    return (m.group(1) if m else title).strip(" :*_")


@dataclass
class _Act:
    kind: ActivityKind
    text: str
    index: int
    due: date | None = None
    output: str | None = None
    provider: str | None = None
    interval: int | None = None

    def freeze(self) -> DocActivity:
        return DocActivity(
            self.kind,
            self.text,
            self.due,
            self.output,
            self.provider,
            self.interval,
            f"line {self.index + 1}",
        )

    def detail(self, body: str) -> None:
        """A sub-bullet under the activity: 'Timeline: ...', 'Frequency: ...', 'Output: ...'."""
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        value = lab.rest if lab else body
        if role == "date" and self.due is None:
            self.due = value_date(value)[0]
        elif role == "output" and value:
            self.output = value.strip(" .")
        elif role in ("provider", "feedback") and self.provider is None:
            self.provider = _provider(value, strict=False)
        elif role == "interval" or (role is None and self.interval is None):
            self.interval = self.interval or interval_days(value)


@dataclass
class _Milestone:
    text: str
    index: int
    due: date | None = None
    due_text: str | None = None
    threshold: str | None = None

    def freeze(self) -> DocMilestone:
        return DocMilestone(
            self.text, self.due, self.due_text, self.threshold, f"line {self.index + 1}"
        )

    def set_date(self, due: date | None, due_text: str | None) -> None:
        if self.due is None and (due or due_text):
            self.due, self.due_text = due, due_text

    def detail(self, body: str) -> None:
        """A sub-bullet: 'Success criteria: ...', 'Review date: Month 3', or the bar itself."""
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        if lab and role == "date":
            self.set_date(*value_date(lab.rest))
        elif lab and role in ("threshold", "milestone"):
            self._add_threshold(lab.rest)
        elif not lab or role is None:
            self._add_threshold(strip_marks(body))

    def _add_threshold(self, value: str) -> None:
        value = value.strip()
        if value:
            self.threshold = f"{self.threshold}; {value}" if self.threshold else value


def milestone_from_text(body: str, index: int, qualifier: str | None = None) -> _Milestone:
    """'Present X; threshold: 2 presentations' with an optional '(due 2027-01-15)'."""
    body = strip_marks(body)
    parts = re.split(r";?\s*\bthreshold\s*:\s*", body, maxsplit=1, flags=re.IGNORECASE)
    ms = _Milestone(parts[0].strip(), index)
    if len(parts) > 1:
        ms.threshold = parts[1].strip(" .") or None
    if qualifier:
        ms.set_date(*value_date(qualifier))
    ms.set_date(*inline_date(body))
    return ms


def classify(text: str, index: int) -> _Act:
    """An unlabelled bullet: stretch, learning, feedback, coaching or other."""
    text = strip_marks(text)
    due, _ = inline_date(text)
    out = _OUTPUT_LABEL_RE.split(text, maxsplit=1)
    output = out[1].strip(" .") if len(out) > 1 else None
    if output is None and (artifact := _ARTIFACT_RE.search(text)):
        output = artifact.group(0)
    if _ACTIVE_START_RE.match(text) and (due or output) and not is_passive(text):
        return _Act("stretch", out[0].strip(), index, due, output)
    if LEARNING_RE.search(text):
        return _Act("learning", text, index)
    if _FEEDBACK_RE.search(text):
        return _Act(
            "feedback", text, index, provider=free_text_provider(text), interval=interval_days(text)
        )
    if _COACHING_RE.search(text):
        return _Act("coaching", text, index, interval=interval_days(text))
    return _Act("other", text, index, interval=interval_days(text))


def labelled_activity(role: str, lab: Label, index: int) -> _Act:
    """A bullet labelled by rung's layout: Stretch assignment / Learning / Feedback / ..."""
    rest = strip_marks(lab.rest)
    qualifier_due = value_date(lab.qualifier)[0] if lab.qualifier else None
    if role == "stretch":
        parts = _OUTPUT_LABEL_RE.split(rest, maxsplit=1)
        output = parts[1].strip(" .") if len(parts) > 1 else None
        return _Act(
            "stretch",
            parts[0].strip(),
            index,
            qualifier_due or inline_date(rest)[0],
            output or None,
        )
    if role == "learning":
        return _Act("learning", rest, index)
    if role == "feedback":
        return _Act(
            "feedback", rest, index, provider=labelled_provider(rest), interval=interval_days(rest)
        )
    if role == "coaching":
        # The interval may sit in the label's qualifier: "**Coaching** (every 30 days): ...".
        interval = interval_days(lab.qualifier or "") or interval_days(rest)
        return _Act("coaching", rest, index, interval=interval)
    return _Act("other", rest, index, interval=interval_days(f"{lab.label} {rest}"))


_ACTIVITY_ROLES = ("stretch", "learning", "feedback", "coaching", "rep")


@dataclass
class _FocusBuilder:
    name: str
    heading_index: int
    rationale: str | None = None
    acts: list[_Act] = field(default_factory=list)
    milestones: list[_Milestone] = field(default_factory=list)
    timeline: str | None = None

    def freeze(self) -> DocFocusArea:
        for ms in self.milestones:  # 'Timeline: 12-18 months' dates every undated milestone
            if self.timeline:
                ms.set_date(*value_date(self.timeline))
        return DocFocusArea(
            self.name,
            self.rationale,
            tuple(a.freeze() for a in self.acts),
            tuple(m.freeze() for m in self.milestones),
            f"line {self.heading_index + 1}",
        )


def parse_focus_body(fb: _FocusBuilder, lines: Lines, start: int, end: int) -> None:
    block: str | None = None
    last: _Act | _Milestone | None = None
    for i in range(start, end):
        line = lines.text[i]
        if not line.strip() or lines.table_at(i) or re.match(r"^\s*(?:-{3,}|\*{3,})\s*$", line):
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            block, last = _block_of(label_role(strip_marks(heading.group(2)))), None
            continue
        bullet = _BULLET_RE.match(line)
        indent = len(bullet.group(1).expandtabs(4)) if bullet else 0
        body = bullet.group(2) if bullet else line.strip()
        if bullet and indent >= 2 and last is not None:
            last.detail(body)
            continue
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        if lab and role == "rationale":
            fb.rationale = strip_marks(lab.rest).strip("_* ") or fb.rationale
        elif lab and role in _ACTIVITY_ROLES:
            last = labelled_activity(role, lab, i)
            fb.acts.append(last)
        elif lab and role == "milestone":
            if lab.rest.strip():
                last = milestone_from_text(lab.rest, i, lab.qualifier)
                fb.milestones.append(last)
            else:
                block, last = "milestones", None
        elif lab and role == "activities" and not lab.rest.strip():
            block, last = "activities", None
        elif lab and role == "date":
            fb.timeline = strip_marks(lab.rest) or fb.timeline
        elif lab and role in ("ignore", "threshold", "provider", "interval", "output", "first"):
            continue
        elif bullet and block != "ignore":
            if block == "milestones":
                last = milestone_from_text(body, i)
                fb.milestones.append(last)
            else:
                last = classify(body, i)
                fb.acts.append(last)
        elif not bullet and fb.rationale is None and re.search(r"\bbecause\b|\bchosen\b", line):
            fb.rationale = strip_marks(line)


def _block_of(role: str | None) -> str | None:
    if role == "milestone":
        return "milestones"
    if role in ("activities", *_ACTIVITY_ROLES):
        return "activities"
    return "ignore" if role == "ignore" else None


def focus_sections(lines: Lines) -> tuple[list[Heading], Heading | None]:
    """The focus-area headings, and the container section they sit in (if any)."""
    for h in lines.headings:
        if h.level == 2 and _CONTAINER_RE.search(h.title) and not _NOT_CONTAINER_RE.search(h.title):
            children = [c for c in lines.headings if c.level == 3 and h.index < c.index < h.end]
            if children:
                return children, h
    singles = [
        h
        for h in lines.headings
        if _SINGLE_FOCUS_RE.match(re.sub(r"^\d+\s*[.)]\s*", "", strip_marks(h.title)))
    ]
    return singles, None


def focus_from_table(lines: Lines, container: Heading) -> list[_FocusBuilder]:
    """A focus-area table ('| Focus area | Stretch | Due | Milestone | Due |') with no sections."""
    table = next((t for t in lines.tables if container.index < t.start < container.end), None)
    if table is None:
        return []
    name_col = table.column(r"focus|competenc|gap|area|skill")
    if name_col is None or table.column(r"stretch|milestone|activit|action") is None:
        return []  # a table of scores, not of plans
    out = []
    for index, cells in table.rows:
        cell = dict(enumerate(cells))
        fb = _FocusBuilder(cell.get(name_col, "").strip(), index)
        current: _Act | _Milestone | None = None
        for col, head in enumerate(table.header):
            value = cell.get(col, "").strip()
            if not value or col == name_col:
                continue
            role = label_role(head) or (
                "date" if re.search(r"\bdue\b|\bby\b", head, re.I) else None
            )
            if role == "date" and current is not None:
                if isinstance(current, _Act):
                    current.due = current.due or value_date(value)[0]
                else:
                    current.set_date(*value_date(value))
            elif role == "milestone":
                current = milestone_from_text(value, index)
                fb.milestones.append(current)
            elif role in _ACTIVITY_ROLES:
                current = labelled_activity(role, Label(head, None, value), index)
                fb.acts.append(current)
            elif role == "rationale":
                fb.rationale = value
        if fb.name:
            out.append(fb)
    return out


# --- plan-level milestones, events, calibration --------------------------------------------

_EVENT_RE = re.compile(
    r"\b(?:check-?ins?|reviews?|calibrat\w*|launch check|self-check|retro\w*)\b", re.I
)
_EVENT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        ("calibration", r"calibrat"),
        ("first-action", r"first (?:visible )?action"),
        ("launch-check", r"launch check"),
        ("weekly-self-check", r"self-?check"),
        (
            "cycle-review",
            r"\b90-?\s?day review|cycle review|quarterly review|end[- ]of[- ]cycle|"
            r"\breassess|final review|day ?90\b",
        ),
        ("monthly-check-in", r"check-?in|monthly review"),
        ("biweekly-feedback", r"feedback"),
    )
)


def event_kind(text: str) -> str | None:
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(text):
            return kind
    return None


def calibration_subject(text: str) -> str:
    """'Calibration: Product strategy & vision' -> 'Product strategy & vision'."""
    text = _DATE_RE.sub(" ", strip_marks(text))
    text = re.sub(
        r"\b(?:calibrat\w*|talk|conversation|meeting|session|15-?min(?:ute)?s?)\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^\W*(?:on|for|of|about)\b", " ", text.strip(" :–—-·"), flags=re.I)
    return " ".join(text.split()).strip(" :–—-·")


@dataclass
class _Extras:
    events: list[DocEvent] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    needs: list[DocCalibrationNeed] = field(default_factory=list)
    milestones: list[_Milestone] = field(default_factory=list)

    def add_event(
        self, text: str, index: int, minutes: int | None = None, when: str | None = None
    ) -> None:
        kind = event_kind(text)
        day, day_text = value_date(when) if when is not None else inline_date(text)
        if day is None and day_text is None and when is None:
            rel = RELATIVE_DATE_RE.search(text)
            day_text = rel.group(0) if rel else None
        if minutes is None and (m := re.search(r"\b(\d+)[\s-]*min", text, re.I)):
            minutes = int(m.group(1))
        self.events.append(DocEvent(kind, day, day_text, f"line {index + 1}", minutes))
        if kind == "calibration" and day is not None:
            subject = calibration_subject(text)
            if subject:
                self.scheduled.append(subject)


def read_calendar_table(table: Table, extras: _Extras) -> bool:
    when_col = table.column(r"^(?:date|when|day|due)$|\bdate\b")
    what_col = table.column(r"what|event|meeting|item|session|review|activity")
    if when_col is None or what_col is None:
        return False
    minutes_col = table.column(r"min|duration|length")
    for index, cells in table.rows:
        cell = dict(enumerate(cells))
        minutes = None
        if minutes_col is not None:
            m = re.search(r"\d+", cell.get(minutes_col, ""))
            minutes = int(m.group(0)) if m else None
        extras.add_event(cell.get(what_col, ""), index, minutes, cell.get(when_col, ""))
    return True


def read_calibration_table(table: Table, extras: _Extras) -> None:
    col = table.column(r"competenc|skill|area") or 0
    for index, cells in table.rows:
        name = cells[col].strip() if col < len(cells) else ""
        if name:
            extras.needs.append(DocCalibrationNeed(name, f"line {index + 1}"))


def read_milestone_section(lines: Lines, start: int, end: int, extras: _Extras) -> None:
    last: _Milestone | None = None
    for i in range(start, end):
        bullet = _BULLET_RE.match(lines.text[i])
        if not bullet:
            continue
        indent, body = len(bullet.group(1).expandtabs(4)), bullet.group(2)
        if indent >= 2 and last is not None:
            last.detail(body)
            continue
        lab = split_label(body, plain=False)
        if lab and label_role(lab.label) is None:
            last = milestone_from_text(f"{lab.label}: {lab.rest}", i, lab.qualifier)
        else:
            last = milestone_from_text(lab.rest if lab else body, i, lab.qualifier if lab else None)
        extras.milestones.append(last)


# --- the document ----------------------------------------------------------------------------

_CYCLE_RE = re.compile(
    rf"\bcycle\b\s*:?\s*(?:from\s+)?({DATE})\s*(?:→|->|–|—|-|to|until|through)\s*({DATE})",
    re.IGNORECASE,
)
_ASSESSED_RE = re.compile(rf"\bassessed(?:\s+on)?\s*:?\s*({DATE})", re.IGNORECASE)
_STALE_RE = re.compile(r"(?<!not )\bstale\b", re.IGNORECASE)
_SCHEDULE_RE = re.compile(r"calendar|cadence|schedule|check-?ins?|reviews?", re.IGNORECASE)


def parse_markdown_plan(text: str, source: str) -> PlanDoc:
    lines = Lines.parse(text)
    sections, container = focus_sections(lines)
    builders: list[_FocusBuilder] = []
    for h in sections:
        fb = _FocusBuilder(clean_title(h.title), h.index)
        parse_focus_body(fb, lines, h.index + 1, h.end)
        builders.append(fb)
    if not builders and container is None:
        container = next(
            (
                h
                for h in lines.headings
                if h.level == 2
                and _CONTAINER_RE.search(h.title)
                and not _NOT_CONTAINER_RE.search(h.title)
            ),
            None,
        )
        if container is not None:
            builders = focus_from_table(lines, container)

    ranges = [(h.index, h.end) for h in sections]
    if container is not None:
        ranges.append((container.index, container.end))
    scan = _Scan(lines, ranges, {competency_key(fb.name): fb for fb in builders})
    scan.read_tables()
    scan.read_milestone_sections()
    scan.read_lines()

    focus_where = container.where if container else (sections[0].where if sections else "line 1")
    cadence_where = next(
        (h.where for h in lines.headings if _SCHEDULE_RE.search(h.title)), "line 1"
    )
    extras = scan.extras
    return PlanDoc(
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
            focus_areas=focus_where,
            cadence=cadence_where,
            assessment=scan.anchors["assessment"],
            cycle=scan.anchors["cycle"],
            first_action=scan.anchors["first_action"],
        ),
    )


@dataclass
class _Scan:
    """Everything outside the focus areas: header, first action, calendar, milestones."""

    lines: Lines
    focus_ranges: list[tuple[int, int]]
    by_name: dict[str, _FocusBuilder]
    extras: _Extras = field(default_factory=_Extras)
    cycle: tuple[date | None, date | None] = (None, None)
    assessed: date | None = None
    stale: bool | None = None
    first_action: str | None = None
    first_due: date | None = None
    anchors: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(("first_action", "assessment", "cycle"), "line 1")
    )

    def inside_focus(self, index: int) -> bool:
        return any(a <= index < b for a, b in self.focus_ranges)

    def read_tables(self) -> None:
        for table in self.lines.tables:
            if self.inside_focus(table.start):
                continue
            owner = _section_of(self.lines, table.start)
            title = owner.title if owner else ""
            if re.search(r"calibrat", title, re.I) and not re.search(r"calendar", title, re.I):
                read_calibration_table(table, self.extras)
            else:
                read_calendar_table(table, self.extras)

    def read_milestone_sections(self) -> None:
        """'## Milestone & Review Schedule' and the like, outside the focus areas."""
        found = [
            h
            for h in self.lines.headings
            if re.search(r"milestone", h.title, re.I) and not self.inside_focus(h.index)
        ]
        for h in found:
            if not any(p.index < h.index < p.end for p in found):  # outermost only
                read_milestone_section(self.lines, h.index + 1, h.end, self.extras)

    def read_lines(self) -> None:
        for i, line in enumerate(self.lines.text):
            if line.strip() and not self.lines.table_at(i):
                self._header(i, strip_marks(line))
                if not self.inside_focus(i):
                    self._outside_focus(i, line)

    def _header(self, i: int, plain: str) -> None:
        if self.cycle == (None, None) and (m := _CYCLE_RE.search(plain)):
            self.cycle = (find_date(m.group(1)), find_date(m.group(2)))
            self.anchors["cycle"] = f"line {i + 1}"
        if self.assessed is None and (m := _ASSESSED_RE.search(plain)):
            self.assessed = find_date(m.group(1))
            self.anchors["assessment"] = f"line {i + 1}"
        if _STALE_RE.search(plain) and re.search(r"assess", plain, re.I):
            self.stale = True

    def _outside_focus(self, i: int, line: str) -> None:
        bullet = _BULLET_RE.match(line)
        heading = _HEADING_RE.match(line)
        body = bullet.group(2) if bullet else line.strip()
        lab = split_label(body, plain=True)
        role = label_role(lab.label) if lab else None
        if lab and role == "first":
            if self.first_action is None:
                self.first_action = strip_marks(lab.rest) or None
                qualifier_due = value_date(lab.qualifier)[0] if lab.qualifier else None
                self.first_due = qualifier_due or find_date(lab.rest)
                self.anchors["first_action"] = f"line {i + 1}"
            return
        if lab and role == "recurring":
            for segment in re.split(r"\s+·\s+", lab.rest):
                self.extras.add_event(segment, i)
            return
        if bullet and lab and self._attach(i, lab):
            return
        if _EVENT_RE.search(line) and (bullet or lab or heading or _DATE_RE.search(line)):
            self.extras.add_event(strip_marks(heading.group(2) if heading else line), i)

    def _attach(self, i: int, lab: Label) -> bool:
        """'- **Product strategy**: training and certification' under '### Learning Resources'
        belongs to the focus area of that name."""
        fb = self.by_name.get(competency_key(lab.label))
        section = _section_of(self.lines, i)
        if fb is None or section is None or not _ATTACH_SECTION_RE.search(section.title):
            return False
        act = classify(lab.rest, i)
        fb.acts.append(act)
        for j in range(i + 1, len(self.lines.text)):
            sub = _BULLET_RE.match(self.lines.text[j])
            if not sub or len(sub.group(1).expandtabs(4)) < 2:
                break
            act.detail(sub.group(2))
        return True


def _section_of(lines: Lines, index: int) -> Heading | None:
    """The innermost heading whose section contains line `index`."""
    owners = [h for h in lines.headings if h.index < index < h.end]
    return max(owners, key=lambda h: h.index) if owners else None
