"""Reading plan words: dates, intervals, labels, feedback people, kinds of activity and event.

Pure text functions the plan readers (`rung.io.plan_markdown`, `rung.io.plan_csv`) share. They
find things; judging them (is this provider a named person? is this milestone vague?) is the
linter's job in `rung.core.lint`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from rung.core.lint.rules_vocabulary import RELATIVE_DATE

T = TypeVar("T")


def _named_patterns(pairs: tuple[tuple[T, str], ...]) -> tuple[tuple[T, re.Pattern[str]], ...]:
    """(name, pattern) pairs compiled case-insensitively, tried in order by their users."""
    return tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in pairs)


# --- dates ---------------------------------------------------------------------------------------

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
    rf"(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
DATE_RE = re.compile(rf"\b{DATE}\b", re.IGNORECASE)
_DATE_PARTS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})$", re.IGNORECASE),
    re.compile(rf"^({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.IGNORECASE),
)
RELATIVE_DATE_RE = re.compile(RELATIVE_DATE, re.IGNORECASE)
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


@lru_cache(maxsize=8192)
def find_date(text: str) -> date | None:
    """The first calendar date written in `text` (ISO, '15 Jan 2027', 'Jan 15, 2027')."""
    for m in DATE_RE.finditer(text):
        found = _to_date(m.group(0))
        if found:
            return found
    return None


_DATE_WORD_RE = re.compile(r"^(?:due|by|on|before|date)\b\s*:?\s*", re.IGNORECASE)


def value_date(value: str) -> tuple[date | None, str | None]:
    """A date given as a label's value ('Review date: Month 3', '(due 2027-01-15)')."""
    value = _DATE_WORD_RE.sub("", value.strip())
    value = value.strip(" .;,")
    return find_date(value), (value or None)


def inline_date(text: str) -> tuple[date | None, str | None]:
    """A date inside running text: a calendar date, or 'by Month 3' / 'within 6 weeks'."""
    for found in DATE_RE.finditer(text):
        day = _to_date(found.group(0))
        if day:
            return day, found.group(0)
    rel = _RELATIVE_AFTER_PREPOSITION_RE.search(text)
    return None, (rel.group(1) if rel else None)


# --- intervals -----------------------------------------------------------------------------------

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "six": 6}
_INTERVALS = _named_patterns(
    (
        (
            14,
            r"\bbi-?weekly\b|\bfortnightly\b|\bevery other (?:week|mon|tues|wednes|thurs|fri)"
            r"|\btwice a month\b|\bevery fortnight\b",
        ),
        (
            7,
            r"\bweekly\b|\bevery week\b|\beach week\b|\bonce a week\b|\bper week\b|"
            r"\bevery (?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
        ),
        (30, r"\bmonthly\b|\bevery month\b|\beach month\b|\bonce a month\b|\bper month\b"),
        (1, r"\bdaily\b|\bevery day\b"),
        (90, r"\bquarterly\b|\bevery quarter\b"),
    )
)
_ANY_INTERVAL_RE = re.compile(r"every|each|week|month|dai|day|quarter|fortnight|twice|per ", re.I)
_EVERY_N_RE = re.compile(r"\bevery\s+(\d+|two|three|four|six)\s+(day|week|month)s?\b", re.I)
_CHECKPOINTS_RE = re.compile(
    r"\b(week|day)s?\s+(\d+)\s*(?:,|and|&)\s*(?:(?:week|day)\s+)?(\d+)", re.IGNORECASE
)


@lru_cache(maxsize=8192)
def interval_days(text: str) -> int | None:
    """How often something recurs: 'every 14 days', 'biweekly', 'weeks 4 and 8' -> days."""
    if not _ANY_INTERVAL_RE.search(text):
        return None
    m = _EVERY_N_RE.search(text)
    if m:
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        return n * {"day": 1, "week": 7, "month": 30}[m.group(2).lower()]
    m = _CHECKPOINTS_RE.search(text)
    if m and int(m.group(3)) > int(m.group(2)):
        return (int(m.group(3)) - int(m.group(2))) * (7 if m.group(1).lower() == "week" else 1)
    for days, pattern in _INTERVALS:
        if pattern.search(text):
            return days
    return None


# --- who gives feedback --------------------------------------------------------------------------

# Where a provider's name ends: the interval or a description after it.
_PROVIDER_END_RE = re.compile(
    r";|\s[-–—]\s|\b(?:every|each|bi-?weekly|weekly|monthly|fortnightly|quarterly|daily|once|"
    r"twice|per|after each|at (?:the )?(?:end|weeks?|checkpoints?))\b",
    re.IGNORECASE,
)
_PROMPT_END_RE = re.compile(r"\b(?:every|bi-?weekly|weekly|monthly|fortnightly)\b", re.I)


def labelled_provider(value: str) -> str | None:
    """'Priya Shah (VP Product), every 14 days.' -> 'Priya Shah (VP Product)';
    'your manager, Morgan Blake, biweekly' -> 'your manager, Morgan Blake'."""
    value = value.strip()
    prompt = re.match(r"^\W*to be named\b", value, re.IGNORECASE)
    end = (_PROMPT_END_RE if prompt else _PROVIDER_END_RE).search(value)
    return (value[: end.start()] if end else value).strip(" .,:;") or None


def free_text_provider(text: str) -> str | None:
    """'Ask Priya Shah (VP Product) for feedback' / 'Feedback from the team' -> who."""
    m = re.search(r"\bask\s+(.+?)\s+(?:for|to)\b", text, re.I) or re.search(
        r"\b(?:from|with|by)\s+(.+)$", text, re.I
    )
    return labelled_provider(m.group(1) if m else text)


# --- labels --------------------------------------------------------------------------------------

_ROLES = _named_patterns(
    (
        ("rationale", r"^(?:why\b|rationale|reason|because)"),
        ("first", r"^(?:this week|first (?:visible )?(?:action|step)|next (?:action|step)s?)"),
        ("recurring", r"^recurring"),
        ("priority", r"^(?:priority|rank(?:ing)?)\b"),
        ("stretch", r"stretch"),
        (
            "milestone",
            r"^(?:milestones?|success (?:indicators?|criteria|signals?|metrics?|"
            r"measures?|looks like)|measures? of success|measured by|definition of done|"
            r"kpis?|outcomes?|checkpoints?)\b",
        ),
        ("threshold", r"^(?:threshold|target|bar|minimum|measurement|evidence)\b"),
        ("learning", r"^(?:learning|learn|resources?|reading|course|book)\b"),
        ("feedback", r"^(?:feedback|mentor(?:ship|ing)?|observer)\b"),
        ("coaching", r"^(?:coaching|coach\b|coach commitment|1:1)"),
        ("rep", r"\breps?\b|^(?:practice|habit)"),
        (
            "date",
            r"^(?:timeline|review date|due(?: date)?|deadline|target date|by when|when|"
            r"date|time ?frame|horizon)\b",
        ),
        ("output", r"^(?:visible output|outputs?|deliverables?|artifacts?)\b"),
        ("provider", r"^(?:mentor profile|who|provider)\b"),
        ("interval", r"^(?:frequency|cadence|interval|how often)\b"),
        (
            "activities",
            r"^(?:development (?:plan|activities)|activities|actions|key activities|"
            r"plan|practice loops|stretch work)\b",
        ),
        (
            "ignore",
            r"^(?:current|target level|now|gap|type|impact|scope|duration|depth|"
            r"skills developed|objective|specific examples|examples needed|interaction|"
            r"development focus|score|self|manager|status|owner)\b",
        ),
    )
)


@lru_cache(maxsize=4096)
def label_role(label: str) -> str | None:
    label = label.strip()
    for role, pattern in _ROLES:
        if pattern.search(label):
            return role
    return None


@dataclass(frozen=True)
class Label:
    label: str
    qualifier: str | None  # "(due 2027-01-15)" -> "due 2027-01-15"
    rest: str


_PLAIN_LABEL_RE = re.compile(r"^([A-Za-z][\w /&'’-]{0,40}?)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$")
_NARRATIVE_LABEL_RE = re.compile(
    r"^(?:(?:the|my|our|her|his|their|your)\s+)?"
    r"(stretch assignment|stretch project|learning resource|learning|feedback(?: provider)?|"
    r"coaching(?: touchpoint)?|(?:first |second )?milestone|first (?:visible )?(?:action|step)|"
    r"rationale|priority|timeline)\s+"
    r"(?:is|are|will be|comes? from|will come from|happens|takes place|will happen)\s*"
    r"(?:to\s+)?:?\s*(.*)$",
    re.IGNORECASE,
)
_EMPHASIS = ("**", "__", "*", "_")


@lru_cache(maxsize=8192)
def split_label(text: str, *, plain: bool) -> Label | None:
    """'**Stretch assignment** (due X): rest', '_Why this one:_ rest', 'Timeline: 6 months'.

    Emphasised labels need a colon; plain ones (`plain=True`) must also be a known label word,
    or a sentence such as 'The stretch assignment is to ...'.
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
        m = _NARRATIVE_LABEL_RE.match(text)
        if m:
            return Label(m.group(1), None, m.group(2))
    return None


_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TASK_BOX_RE = re.compile(r"^\[[ xX]\]\s+")
_MARKS_RE = re.compile(r"\*\*|__|`")


@lru_cache(maxsize=8192)
def strip_marks(text: str) -> str:
    """Emphasis, code marks, task boxes and HTML line breaks out of inline Markdown."""
    text = _BR_RE.sub("; ", text)
    text = _TASK_BOX_RE.sub("", text.strip())
    return _MARKS_RE.sub("", text).strip()


# --- kinds of activity ---------------------------------------------------------------------------

ACTIVE_START_RE = re.compile(
    r"^\W*(?:(?:i|you|they|she|he|we)(?:\s+will|'ll|’ll)\s+|to\s+)?"
    r"(?:lead|own|run|present|write|ship|drive|facilitate|launch|deliver|build|design|"
    r"publish|organi[sz]e|host|create|define|conduct|negotiate|pitch|prepare|draft|take over|"
    r"chair|coordinate|produce|interview|analy[sz]e|set up|propose|map|prioriti[sz]e|rewrite|"
    r"redesign|replace|author|convene|plan|scope|size|take|head|make|kick off)\b",
    re.IGNORECASE,
)
OUTPUT_LABEL_RE = re.compile(r"\b(?:visible output|outputs?|deliverables?)\s*(?:is|:)\s*", re.I)
ARTIFACT_RE = re.compile(
    r"\b(?:deck|doc|document|memo|brief|report|roadmap|pre-read|prd|one-pager|dashboard|spec|"
    r"proposal|write-up|writeup|analysis|business case|okrs?|presentation|narrative|readout|"
    r"plan|model)\b",
    re.IGNORECASE,
)
# A line inside a focus area that is really the plan's calendar: 'Check-ins: 2027-02-02 ...'.
EVENT_START_RE = re.compile(
    r"^\W*(?:(?:the|first|second|third|next|final|monthly|weekly|biweekly|\d+-day)\s+)*"
    r"(?:check-?ins?|reviews?|launch check|self-checks?|calibration)\b",
    re.IGNORECASE,
)
LEARNING_VERB_RE = re.compile(
    r"\b(?:read|reads|reading|study|studies|take|takes|complete|completes|watch|watches|"
    r"listen|work through|works through|go through|goes through)\b",
    re.IGNORECASE,
)
FEEDBACK_RE = re.compile(
    r"\b(?:mentor\w*|feedback|1:1s?|one-on-ones?|1-on-1s?|reviews? (?:with|by))\b", re.I
)
COACHING_RE = re.compile(r"\bcoach\w*\b", re.IGNORECASE)

# --- events --------------------------------------------------------------------------------------

EVENT_RE = re.compile(
    r"\b(?:check-?ins?|reviews?|calibrat\w*|launch check|self-?checks?|retro\w*|"
    r"coaching sessions?|feedback)\b",
    re.I,
)
_EVENT_KINDS = _named_patterns(
    (
        ("calibration", r"calibrat"),
        ("first-action", r"first (?:visible )?(?:action|step)"),
        ("launch-check", r"launch check"),
        ("weekly-self-check", r"self-?check"),
        (
            "cycle-review",
            r"\b90-?\s?day review|cycle review|quarterly review|end[- ]of[- ]cycle|"
            r"\breassess|final review|day ?90\b|quarterly refresh",
        ),
        (
            "monthly-check-in",
            r"check-?in|monthly review|coaching session|monthly (?:1:1|one-on-one|sync)",
        ),
        ("biweekly-feedback", r"feedback"),
    )
)


@lru_cache(maxsize=4096)
def event_kind(text: str) -> str | None:
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(text):
            return kind
    return None


def calibration_subject(text: str) -> str:
    """'Calibration: Product strategy & vision' -> 'Product strategy & vision'."""
    text = DATE_RE.sub(" ", strip_marks(text))
    text = re.sub(
        r"\b(?:calibrat\w*|talk|conversation|meeting|session|15-?min(?:ute)?s?)\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^\W*(?:on|for|of|about)\b", " ", text.strip(" :–—-·,"), flags=re.I)
    return " ".join(text.split()).strip(" :–—-·,")


# --- scores ----------------------------------------------------------------------------------

SCORE_RE = re.compile(r"(?<![\d.])(\d(?:\.\d+)?)(?![\d])")
AVERAGED_RE = re.compile(
    r"\b(?:averag\w*|avg|mean|split the difference|midpoint|half-?way)\b", re.IGNORECASE
)
# Scores, a dated assessment, or a pointer to one, anywhere in a plan.
ASSESSMENT_HINT_RE = re.compile(
    r"\b(?:self|manager|mgr|peers?|current|now|scored?|rating|rated)\b\s*[:=(]?\s*\d(?:\.\d)?\b"
    r"|\b\d(?:\.\d)?\s*(?:→|->|⟶)\s*\d(?:\.\d)?\b"
    r"|\b(?:assess(?:ed|ments?)|ratings?|rated|scores?|scored)\b"
    rf"[^\n]{{0,60}}?(?:{DATE}|https?://|\[|\bsee\b)",
    re.IGNORECASE,
)


def score_in(cell: str) -> float | None:
    m = SCORE_RE.search(cell)
    return float(m.group(1)) if m else None
