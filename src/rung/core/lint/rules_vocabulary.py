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
_NUMBER_WORD_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|fifty|hundred|twice|half|dozen|percent|zero)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # plans repeat library texts: a batch lints each once
def has_number(text: str) -> bool:
    """A countable bar: a digit or a number word, ignoring dates and labels like "Q1" or "1:1"."""
    cleaned = _NUMBER_NOISE_RE.sub(" ", text)
    return bool(re.search(r"\d", cleaned) or _NUMBER_WORD_RE.search(cleaned))


# A milestone that names a state rather than something two people could watch happen.
VAGUE_STATE_RE = re.compile(
    r"\b(?:improv\w*|better|stronger|recogni[sz]\w*|proficien\w*|master(?:y|ed)|excellen\w*|"
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
LEARNING_SCOPE_RE = re.compile(
    r"\b(?:chapters?|ch\.|pp\.|pages?|lessons?|modules?|units?|episodes?|talks?|"
    r"case stud(?:y|ies)|cases?|sections?|essays?|articles?|parts?|minutes?|mins?)\b",
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
