"""Who gives feedback: a named person, a prompt to name one, a group, a role, or nobody.

The method asks for "a person who will observe the PM practising": one accountable human.
A group ("the team", "stakeholders") is nobody's job and a role ("a peer", "Director of
Product") leaves the asking undone, so both fail R006. A named person passes, with or without
a role: "Priya Shah (VP Product)", "your manager, Morgan Blake". rung's own plans write
"To be named: ..." when nobody fits yet: a visible to-do (R026), not a defect.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from rung.core.lint.rules_vocabulary import words

ProviderKind = Literal["named", "to-be-named", "group", "role", "missing"]

TO_BE_NAMED_RE = re.compile(r"^\W*to be named\b\s*[:–—-]?\s*", re.IGNORECASE)

_GROUP_WORDS = (
    r"teams?|stakeholders?|peers|colleagues|leadership|leaders|managers|everyone|everybody|"
    r"committee|council|board|staff|squad|tribe|guild|department|org|organi[sz]ation|group|"
    r"people|folks|others|customers|users|partners|practitioners|experts|mentors|reviewers|"
    r"engineers|designers|analysts|execs|executives|directors|pms"
)
_GROUP_RE = re.compile(rf"\b(?:{_GROUP_WORDS})\b", re.IGNORECASE)

# Words that name a job or a part of a company, never a person.
_ROLE_WORDS = words(
    """
    manager managers director directors head heads lead leads chief officer vp svp evp avp
    cpo cto ceo coo cfo cmo cro ciso gm pm pms pmm apm gpm tpm em ic principal staff senior
    sr junior jr associate group engineer engineers designer designers analyst analysts
    researcher architect partner partners mentor mentors coach peer peers founder cofounder
    co-founder president owner specialist consultant advisor adviser scientist writer
    marketer rep representative executive exec product products marketing sales engineering
    design research data analytics finance financial business operations ops legal hr
    people platform growth customer customers success support security strategy ux ui qa
    program programme project portfolio revenue commercial enterprise partnerships brand
    content community infrastructure technical technology tech development developer devrel
    account accounts solutions field skip-level skip level line team teammate teammates
    colleague stakeholder stakeholders leadership leader leaders user users expert experts
    practitioner practitioners member members board committee council org organisation
    organization department function someone somebody anyone anybody tbd tba n/a na none
    unknown various whoever other others
    """
)
_PLACEHOLDERS = words(
    """
    someone somebody anyone anybody tbd tba n/a na none unknown various whoever other
    others
    """
)
# Capitalised words that start a phrase without naming anyone.
_NOT_NAMES = words(
    """
    my your our their his her its the a an each every any some all both this that these
    those ask seek get have with from by via and or for of to in on at weekly biweekly
    monthly daily every fortnightly quarterly once twice feedback review reviews who
    observer observers provider none
    """
)
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.-]*")
# "Head of Payments", "PM for Returns": the words after the preposition name a team.
_OF_TEAM_RE = re.compile(
    r"\b(?:of|for|in|at|on)\s+(?:the\s+)?[^\W\d_][\w&'’-]*(?:\s+(?:&\s+)?[A-Z][\w&'’-]*)*"
)


def _is_name_token(token: str) -> bool:
    word = token.strip(".'’-")
    if not word or not word[0].isupper():
        return False
    lower = word.lower()
    if lower in _ROLE_WORDS or lower in _NOT_NAMES:
        return False
    # VP, CPO, PMM, TBD: short all-capital words are titles or placeholders.
    return not (word.isupper() and len(word) <= 4)


@lru_cache(maxsize=8192)
def has_person_name(text: str) -> bool:
    return any(_is_name_token(t) for t in _TOKEN_RE.findall(_OF_TEAM_RE.sub(" ", text)))


@lru_cache(maxsize=8192)
def provider_kind(text: str | None) -> ProviderKind:
    """How `text` (a feedback provider as written) names who gives the feedback."""
    text = (text or "").strip()
    if not text:
        return "missing"
    prompt = TO_BE_NAMED_RE.match(text)
    if prompt:
        return "to-be-named" if text[prompt.end() :].strip(" .") else "missing"
    if has_person_name(text):
        return "named"
    if _GROUP_RE.search(text):
        return "group"
    words = {w.lower().strip(".'’-") for w in _TOKEN_RE.findall(text)}
    return "role" if words & (_ROLE_WORDS - _PLACEHOLDERS) else "missing"
