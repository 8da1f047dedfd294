"""Words the rules (and the Markdown reader) recognise: numbers, vague states, passive learning.

Kept in one place so the linter and the Markdown classifier agree on what "a course" or
"an observable action" is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rung.core.lint.document import competency_key

# Relative dates: "Month 3", "Q2", "in 6 weeks", "12-18 months", "end of quarter".
RELATIVE_DATE = (
    r"(?:\b(?:month|week|day|quarter|sprint)\s+\d+\b"
    r"|\b[qh][1-4]\b"
    r"|\b\d+(?:\s*(?:-|–|—|to)\s*\d+)?[\s-]*(?:days?|weeks?|months?|quarters?|years?)\b"
    r"|\b(?:end|start|middle|beginning) of (?:the |this |next )?(?:month|quarter|year|cycle)\b"
    r"|\bnext (?:month|quarter|year)\b|\bongoing\b|\btbd\b|\basap\b)"
)
RELATIVE_DATE_RE = re.compile(RELATIVE_DATE, re.IGNORECASE)

# Digits that are not a threshold: dates, quarters, levels, "1:1", "360 feedback".
_NUMBER_NOISE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}|"
    + RELATIVE_DATE
    + r"|\b[lp]\d\b|\b1\s*:\s*1s?\b|\b1-on-1s?\b|\b360(?:-degree)?\b",
    re.IGNORECASE,
)
# Counts written as words: "two presentations", "both leads", "a dozen interviews".
_NUMBER_WORD_RE = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|once|twice|half|dozen|percent|both|single|"
    r"every one|each of|all of|none of|majority|unanimous\w*)\b",
    re.IGNORECASE,
)
# A yes/no bar two people can check: "approved", "both leads sign off in writing".
_GATE_RE = re.compile(
    r"\b(?:approv(?:al|e|es|ed)|sign(?:s|ed)?[- ]?off|signed|in writing|green[- ]?light\w*|"
    r"go/no-go|accepted by|adopted by)\b",
    re.IGNORECASE,
)


def words(text: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words."""
    return frozenset(text.split())


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def has_number(text: str) -> bool:
    """A countable bar: a digit, a number word or a yes/no gate ("approved", "signs off"),
    ignoring dates and labels like "Q1" or "1:1"."""
    cleaned = _NUMBER_NOISE_RE.sub(" ", text)
    return bool(
        re.search(r"\d", cleaned) or _NUMBER_WORD_RE.search(cleaned) or _GATE_RE.search(cleaned)
    )


# A milestone that names a state rather than something two people could watch happen.
VAGUE_STATE_RE = re.compile(
    r"\b(?:improv\w*|better|stronger|recogni(?:[sz]\w*|tion)|proficien\w*|master(?:y|ed)|excellen\w*|"
    r"more (?:confident|strategic|effective|comfortable|visible)|understand\w*|awareness|"
    r"ability to|able to|successful(?:ly)? appl\w*|demonstrate (?:progress|growth)|"
    r"progress in|growth in|grow(?:n|s)? (?:in|as)|develop(?:ed)? (?:skills?|capabilit\w*))\b",
    re.IGNORECASE,
)
_REGULAR_ACTIONS = (
    "present|deliver|launch|publish|submit|interview|document|pitch|record|host|draft|demo|ship|"
    "complet|facilitat|negotiat|decid|clos|approv|receiv|produc|prioriti[sz]|writ|run|sign"
)
OBSERVABLE_ACTION_RE = re.compile(
    rf"\b(?:(?:{_REGULAR_ACTIONS})(?:e|es|ed|d|s|ing|ped|ping|ted|ting|ten)?|"
    r"lead|leads|leading|led|ran|hold|holds|held|wrote|send|sends|sent|teach|taught|build|built|"
    r"own|owns|owned|approval|sign-off|signed off|presentations?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def is_vague_state(text: str) -> bool:
    return bool(VAGUE_STATE_RE.search(text)) and not OBSERVABLE_ACTION_RE.search(text)


# Knowledge intake, not practice under real stakes.
PASSIVE_RE = re.compile(
    r"\b(?:courses?|books?|training|certifications?|certificates?|workshops?|webinars?|"
    r"(?<![-\w])read|reading|articles?|podcasts?|mentorship|mentoring|shadow\w*|observ\w*|"
    r"attend\w*|learn\w*|study|studying)\b"
    r"|^\s*apply\b|\bpractice\b.*\bmore\b",
    re.IGNORECASE,
)

LEARNING_RE = re.compile(
    r"\b(?:courses?|books?|chapters?|training|certifications?|certificates?|workshops?|"
    r"webinars?|class|tutorials?|podcasts?|articles?|(?<![-\w])read|reading|study|lessons?|"
    r"modules?|talks?|case stud(?:y|ies))\b",
    re.IGNORECASE,
)

# A bounded piece of learning: chapters of a book, lessons of a course, one talk, one case.
# Abbreviations end in a dot, so they need a number after them rather than a word boundary.
LEARNING_SCOPE_RE = re.compile(
    r"\b(?:chapters?|pages?|lessons?|modules?|units?|episodes?|talks?|"
    r"case stud(?:y|ies)|cases?|sections?|essays?|articles?|parts?|minutes?|mins?)\b"
    r"|\b(?:ch|chs|chap|pp|p|sec|pt)\.\s*\d",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def is_bounded_learning(text: str) -> bool:
    return bool(LEARNING_SCOPE_RE.search(text))


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def is_passive(text: str) -> bool:
    return bool(PASSIVE_RE.search(text))


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def normalise_for_repeat(text: str, focus_name: str) -> str:
    """Case, spacing, digits and the focus area's own name removed: what a template leaves."""
    words = f" {competency_key(text)} "
    name = competency_key(focus_name)
    if name:
        words = words.replace(f" {name} ", " ")
    return " ".join(re.sub(r"\d+", " ", words).split())


# --- milestones measured by opinion (R025) -----------------------------------------------------

# Someone's impression or the PM's own feeling as the bar: a number cannot make it observable.
SUBJECTIVE_RE = re.compile(
    r"\b(?:be(?:ing)?|is|are|become|becomes|get|gets)\s+(?:seen|perceived|viewed|regarded|known|"
    r"thought of|considered|recogni[sz]ed|acknowledged|trusted)\s+(?:as|to be|by)\b"
    r"|\b(?:seen|perceived|viewed|regarded)\s+as\b"
    r"|\bfeel(?:s|ing)?\s+(?:more\s+|very\s+|fully\s+)?(?:confident|comfortable|ready|"
    r"empowered|good|better|capable|at ease|in control|like)\b"
    r"|\b(?:confidence|comfort)\s+(?:level\s+|score\s+|rating\s+)?(?:of\s+|at\s+)?"
    r"\d+\s*(?:/|out of)"
    r"|\bself-?(?:assess\w*|rat(?:ed|ing|es)|report\w*|scor\w*|evaluat\w*)\b"
    r"|\b(?:gut feel\w*|sense of|impression|reputation)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_subjective(text: str) -> bool:
    return bool(SUBJECTIVE_RE.search(text))


# --- stretch assignments that support someone else's work (R027) -------------------------------

SUPPORT_RE = re.compile(
    r"^\W*(?:(?:i|you|they|she|he|we)\s+(?:will|would|should|can)\s+|to\s+)?"
    r"(?:support(?:s|ing)?|help(?:s|ing)?|assist(?:s|ing)?|aid|"
    r"be(?:come)?\s+(?:involved|included|part of|a part of|present|on hand|available)|"
    r"get\s+involved|participat(?:e|es|ing)|contribut(?:e|es|ing)\s+to|sit\s+in|"
    r"tag\s+along|back\s+up|cover\s+for|"
    r"be\s+(?:a\s+)?(?:sounding board|backup|second pair of hands))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_support_work(text: str) -> bool:
    """'Support the Q2 roadmap process', 'Help with the launch', 'Be involved in pricing'."""
    return bool(SUPPORT_RE.search(text))


# --- coaching touchpoints without a topic (R028) -----------------------------------------------

# Words any coaching meeting has; what is left over is what the conversation is about.
_COACHING_FILLER = words(
    """
    a an the and or of on in at to for with about by from as per is are be it its it's how
    what where things thing stuff going goes went general generally overall quick brief
    discuss discussion discussing talk talks talking chat chats catch catching up check
    checks checking checkin checkins sync syncs touch touchpoint touchpoints base meeting
    meetings session sessions conversation conversations call calls review reviewing update
    updates status progress regular recurring standing usual normal weekly biweekly bi
    fortnightly monthly quarterly daily every each once twice week weeks month months day
    days minutes min mins hour hours manager managers my your our their his her we i you
    they me coaching coach one on 1:1 1:1s one-on-one one-on-ones 1-on-1 1-on-1s time slot
    agenda see plan plans development overall open ended anything whatever come comes up as
    needed ad hoc adhoc ongoing pm pms
    """
)
_WITH_SOMEONE_RE = re.compile(r"\b(?:with|and)\s+(?:[A-Z][\w'’-]*\s*)+")
_PLACEHOLDER_RE = re.compile(r"\b(?:tbd|tba|n/?a|todo|to be (?:decided|defined|agreed))\b", re.I)


@lru_cache(maxsize=8192)
def coaching_topic(text: str) -> str:
    """What a coaching touchpoint is about, once the meeting words are gone ('' for none)."""
    if _PLACEHOLDER_RE.search(text):
        return ""
    text = _WITH_SOMEONE_RE.sub(" ", text)  # who you meet is not what you talk about
    words = re.findall(r"[a-z0-9][a-z0-9:'’-]*", text.lower())
    return " ".join(w for w in words if w not in _COACHING_FILLER and not w.isdigit())


# --- horizons longer than a cycle (R030) --------------------------------------------------------

_HORIZON_RE = re.compile(
    r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|nine|twelve|eighteen)"
    r"(?:\s*(?:-|–|—|to)\s*(?:\d+(?:\.\d+)?|two|three|four|five|six|nine|twelve|eighteen))?"
    r"[\s-]*(days?|weeks?|months?|quarters?|years?)\b"
    r"|\b(a|one|half a)\s+(year|quarter)\b",
    re.IGNORECASE,
)
_HORIZON_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12,
    "eighteen": 18, "a": 1, "half a": 0.5,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}


@lru_cache(maxsize=8192)
def horizon_days(text: str) -> int | None:
    """The shortest span a timeline names, in days: '12-18 months' -> 360, '2-3 years' -> 730."""
    m = _HORIZON_RE.search(text)
    if not m:
        return None
    amount, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    value = float(amount) if amount[0].isdigit() else _HORIZON_WORDS[amount.lower()]
    return round(value * _UNIT_DAYS[unit.lower().rstrip("s")])
