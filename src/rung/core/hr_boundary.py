"""The PM Coaching Pack's HR boundary: a coaching document, never a PIP or an HR case.

A request to build one (`--purpose "PIP for ..."`) is recognised by `hr_request_reason` and
declined with `decline_message`; the non-HR coaching plan carries `NON_HR_LABEL` on every page.
"""

from __future__ import annotations

import re

NON_HR_LABEL = "Not an HR or performance document"

_HR_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bpips?\b", "a PIP"),
    (r"\bperformance[- ]improvement[- ]plans?\b", "a performance improvement plan"),
    (r"\bperformance[- ]management (?:process|case|plan)\b", "a performance-management case"),
    (r"\bhr\b[- ]?(?:case|file|process|record|documentation|paperwork|investigation)"
     r"|\b(?:for|to|with) hr\b", "an HR case"),
    (r"\b(?:disciplinary|written warning|final warning)\b"
     r"|\b(?:misconduct|workplace) investigation\b", "a disciplinary step"),
    (r"\bdocument\w* (?:\w+ ){0,3}?(?:under-?perform\w*|poor perform\w*|"
     r"performance (?:issues|problems|concerns))|\bunder-?perform(?:er|ers|ance)\b"
     r"|\bpoor performers?\b", "documenting underperformance"),
    (r"\bpaper ?trail\b", "a paper trail"),
    (r"\bcase against\b|\bcase for (?:firing|dismiss\w*|terminat\w*|letting \w+ go)\b",
     "a case against the person"),
    (r"\btermination\b|\bterminat(?:e|ing) (?:him|her|them|their employment|the pm|my pm)\b"
     r"|\bdismissal\b|\bfir(?:e|ing) (?:him|her|them|the pm|my pm|someone)\b"
     r"|\bget(?:ting)? (?:him|her|them) fired\b|\blet(?:ting)? (?:him|her|them) go\b"
     r"|\bmanag(?:e|ed|ing) (?:him|her|them|\w+ pm) out\b|\bmanaging out\b"
     r"|\bexit(?:ing)? (?:him|her|them)\b|\bmak(?:e|ing) (?:him|her|them) redundant\b",
     "ending someone's employment"),
    (r"\bdemot\w*", "a demotion"),
)
_HR_RES = tuple((re.compile(p, re.IGNORECASE), what) for p, what in _HR_PATTERNS)


def hr_request_reason(purpose: str | None) -> str | None:
    """What in `purpose` makes it an HR or performance-management request, or None."""
    if not purpose:
        return None
    for pattern, what in _HR_RES:
        if pattern.search(purpose):
            return what
    return None


def decline_message(reason: str) -> str:
    return (
        f"rung builds coaching packs, not HR or performance documents, and this request is for "
        f"{reason}. Use your company's HR process for a PIP, an HR case or documenting "
        "underperformance; HR and the manager own that, with the PM's rights in view. To get "
        "only the coaching plan, clearly labelled as not an HR document, run again with "
        "--non-hr-plan."
    )
