"""Kinds of upcoming events, and reading a kind from an event's name when none is given.

An event is only a stretch deadline for the competencies where that kind of event is real
practice: a launch is shipped and read out, a business review is presented, a hiring loop is
run. Knowing the kind is what keeps a plan from asking someone to "present" a launch.
"""

from __future__ import annotations

import re
from datetime import date

from rung.core.assessment import UpcomingEvent

EVENT_KINDS = (
    "launch",
    "business-review",
    "planning",
    "offsite",
    "conference-talk",
    "customer-visit",
    "hiring-loop",
    "design-review",
)

# Checked in this order: the first kind whose pattern matches the name wins, so the more
# specific phrases ("design review", "strategy review") come before the general ones.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("design-review", r"\b(design|architecture|technical|tech|security) review\b|\brfc\b"
                          r"|\bdesign crit"),
        ("hiring-loop", r"\bhir(e|ing)\b|\brecruit|\binterview loop\b|\bcandidates?\b"),
        ("customer-visit", r"\bcustomer (visit|day|summit|council|interviews?)\b"
                           r"|\badvisory board\b|\bcab\b|\bsite visit\b|\buser group\b"
                           r"|\b(user|customer|research) interview|\binterview round\b"
                           r"|\bfield (visit|study|research)\b"),
        ("conference-talk", r"\bconference\b|\bkeynote\b|\bmeetup\b|\bwebinar\b|\bpanel\b"
                            r"|\btalk\b|\bsummit talk\b"),
        ("offsite", r"\boff-?site\b|\bretreat\b|\bsummit\b"),
        ("planning", r"\bplanning\b|\bstrategy\b|\broadmap\b|\bokrs?\b|\bkick-?off\b"
                     r"|\bbudget\b|\bannual plan\b|\bquarterly plan\b"),
        ("business-review", r"\bbusiness review\b|\bqbr\b|\bmbr\b|\bwbr\b|\bboard\b"
                            r"|\bquarterly review\b|\b(ops|operating|results|exec|executive"
                            r"|leadership|portfolio|monthly) review\b|\ball-?hands\b"),
        ("launch", r"\blaunch|\brelease\b|\brollout\b|\broll-out\b|\bgo-?live\b|\bbeta\b"
                   r"|\bcut-?over\b|\bmigration\b|\bgeneral availability\b|\bsunset\b"),
    )
)
# "GA" is only a launch in capitals: "ga" inside other words or lower case means nothing.
_GA = re.compile(r"\bGA\b")


def infer_kind(name: str) -> str | None:
    """The kind an event's name suggests, or None when the name does not say."""
    for kind, pattern in _PATTERNS:
        if pattern.search(name):
            return kind
    if _GA.search(name):
        return "launch"
    return None


def kind_label(kind: str) -> str:
    return kind.replace("-", " ")


def typed_event(name: str, when: date, kind: str | None = None) -> UpcomingEvent:
    """An upcoming event with its kind: the given one, else the one its name suggests."""
    if kind:
        return UpcomingEvent(name, when, kind)
    inferred = infer_kind(name)
    return UpcomingEvent(name, when, inferred, kind_inferred=inferred is not None)
