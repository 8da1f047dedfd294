"""The Coaching Pack's quality checklist (seed 003's quality gate), written as code.

Each check looks at the built pack and returns pass or fail with the reason, so the pack can
show what holds and what a manager still has to fix. The checks follow the checks seed 003
attaches to each workflow step: observable expectations, evidence or labelled assumptions,
constraints apart from gaps, one to three bets, reps/artifacts/measurement/coach per bet, a
sustainable cadence that builds autonomy, progress measured by artifacts, and the closing
risks, open questions and next steps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

from rung.core.bloom import BLOOM_IDS
from rung.core.coaching_pack_model import CheckResult, CoachingPack
from rung.core.hr_boundary import hr_request_reason
from rung.core.lint.rules_vocabulary import has_number, is_vague_state

MAX_BETS = 3
MANAGER_MINUTES_PER_MONTH = 120  # above this, the cadence is unlikely to survive a busy month
MIN_QUESTIONS = 5
MAX_DAYS_WITHOUT_CHECKPOINT = 35  # a monthly rhythm, with room for a weekend or holiday
_OPEN_STARTS = ("what", "how", "which", "where", "when", "who", "why", "if", "pick", "looking")


def _boundary(pack: CoachingPack) -> CheckResult:
    reason_hr = hr_request_reason(pack.goal)
    ok = reason_hr is None and not pack.non_hr
    reason = (
        "the stated goal is coaching" if ok and pack.goal
        else "no goal stated; nothing asks for HR paperwork" if ok
        else f"the goal asks for {reason_hr}: use the HR process" if reason_hr
        else "this is the non-HR plan only"
    )
    return CheckResult("", "A coaching engagement, not a PIP or HR case", ok, reason)


def _good_pm_observable(pack: CoachingPack) -> CheckResult:
    rows = pack.good_pm.competencies
    missing = [r.name for r in rows if not r.at_target]
    vague = [r.name for r in rows if r.at_target and is_vague_state(r.at_target)]
    ok = not missing and not vague and bool(rows)
    if ok:
        reason = (f"all {len(rows)} competencies have a behaviour anchor for "
                  f"{pack.good_pm.target_title}")
    else:
        parts = []
        if missing:
            parts.append("no anchor for " + ", ".join(missing))
        if vague:
            parts.append("anchor reads as a state, not a behaviour: " + ", ".join(vague))
        reason = "; ".join(parts) or "the framework lists no competencies"
    return CheckResult("", "Good PM is defined by observable behaviours", ok, reason)


def _bloom_set(pack: CoachingPack) -> CheckResult:
    bad = []
    for b in pack.vision.bets:
        if b.bloom_target not in BLOOM_IDS:
            bad.append(f"{b.name}: '{b.bloom_target}' is not a Bloom level")
        elif b.bloom_now in BLOOM_IDS and BLOOM_IDS.index(b.bloom_target) < BLOOM_IDS.index(
            b.bloom_now
        ):
            bad.append(f"{b.name}: target depth {b.bloom_target} is below today's {b.bloom_now}")
    ok = not bad
    reason = (
        "every bet has a target depth at or above today's estimate" if ok else "; ".join(bad)
    )
    return CheckResult("", "Each bet has a Bloom target depth", ok, reason)


def _evidence_or_assumption(pack: CoachingPack) -> CheckResult:
    a = pack.assessment
    if a is None:
        return CheckResult("", "Every gap has evidence or is marked an assumption", False,
                           "no assessment in this document")
    with_evidence = sum(1 for r in a.gaps if r.evidence)
    assumed = sum(1 for r in a.gaps if not r.evidence and r.assumption)
    bare = [r.name for r in a.gaps if not r.evidence and not r.assumption]
    ok = not bare
    reason = (
        f"{with_evidence} gap(s) with evidence notes, {assumed} marked as assumptions"
        if ok else "no evidence and no assumption label: " + ", ".join(bare)
    )
    return CheckResult("", "Every gap has evidence or is marked an assumption", ok, reason)


def _constraints_apart(pack: CoachingPack) -> CheckResult:
    a = pack.assessment
    if a is None:
        return CheckResult("", "Constraints are kept apart from skill gaps", False,
                           "no assessment in this document")
    gap_names = {r.name for r in a.gaps}
    bet_names = {b.name for b in pack.vision.bets}
    # A constraint may name a competency (e.g. a disputed score) but must not be one of the bets.
    mixed = [b for b in bet_names if b not in gap_names]
    ok = not mixed
    reason = (
        f"{len(a.constraints)} constraint(s) listed separately; every bet is a skill gap"
        if ok else "bets that are not skill gaps: " + ", ".join(sorted(mixed))
    )
    return CheckResult("", "Constraints are kept apart from skill gaps", ok, reason)


def _bet_count(pack: CoachingPack) -> CheckResult:
    n = len(pack.vision.bets)
    ok = 1 <= n <= MAX_BETS
    reason = f"{n} growth bet(s)" + ("" if ok else f"; keep between 1 and {MAX_BETS}")
    return CheckResult("", "One to three growth bets", ok, reason)


def _bet_complete(pack: CoachingPack) -> CheckResult:
    gaps = []
    for item in pack.development:
        missing = [
            part
            for part, present in (
                ("reps", item.weekly_reps),
                ("artifacts", item.artifacts),
                ("measurement", item.measurement),
                ("coach commitment", item.coach_commitment),
            )
            if not present
        ]
        if missing:
            gaps.append(f"{item.name} lacks {', '.join(missing)}")
    ok = bool(pack.development) and not gaps
    reason = (
        f"all {len(pack.development)} bet(s) have reps, artifacts, measurement and a coach "
        "commitment" if ok else "; ".join(gaps) or "no bets to check"
    )
    return CheckResult("", "Every bet has reps, artifacts, a measure and coach support", ok,
                       reason)


def _signals_observable(pack: CoachingPack) -> CheckResult:
    bad = []
    for b in pack.vision.bets:
        for m in b.success_signals:
            if not has_number(f"{m.text} {m.threshold}"):
                bad.append(f"{b.name}: no number in '{m.text}'")
            if is_vague_state(m.text):
                bad.append(f"{b.name}: '{m.text}' is a state, not an action")
            if not pack.cycle_start <= m.due <= pack.cycle_end:
                bad.append(f"{b.name}: due {m.due.isoformat()} is outside the cycle")
    count = sum(len(b.success_signals) for b in pack.vision.bets)
    ok = count > 0 and not bad
    reason = (f"{count} success signal(s), each an action with a number and a date in the cycle"
              if ok else "; ".join(bad) or "no success signals")
    return CheckResult("", "Success signals are observable and dated", ok, reason)


def _sustainable(pack: CoachingPack) -> CheckResult:
    minutes = pack.toolkit.manager_minutes_per_month
    ok = minutes <= MANAGER_MINUTES_PER_MONTH
    observing = [item.name for item in pack.development
                 if pack.manager_name in item.feedback]
    reason = (f"about {minutes} minutes of {pack.manager_name}'s time a month "
              f"(budget {MANAGER_MINUTES_PER_MONTH})")
    if observing:
        reason += (f"; {pack.manager_name} is also the observer for {', '.join(observing)}"
                   + ("" if ok else ": ask a peer or mentor to observe instead"))
    return CheckResult("", "The cadence is sustainable for the manager", ok, reason)


def _autonomy(pack: CoachingPack) -> CheckResult:
    questions = pack.toolkit.questions
    open_ones = [
        q for q in questions if q.rstrip().endswith("?") and q.lower().startswith(_OPEN_STARTS)
    ]
    ok = len(questions) >= MIN_QUESTIONS and len(open_ones) == len(questions)
    reason = (
        f"{len(open_ones)} of {len(questions)} coaching questions are open questions that ask "
        "the PM to reason"
    )
    return CheckResult("", "Coaching builds autonomy (open questions)", ok, reason)


def _measured_by_artifacts(pack: CoachingPack) -> CheckResult:
    title = "Progress is measured by artifacts, at least monthly"
    t = pack.tracker
    if t is None:
        return CheckResult("", title, False, "no tracker in this document")
    empty = [c.what for c in t.checkpoints if not c.evidence.strip()]
    days = sorted({pack.cycle_start, *(c.date for c in t.checkpoints)})
    longest = (
        max((b - a).days for a, b in itertools.pairwise(days))
        if len(days) > 1
        else (pack.cycle_end - pack.cycle_start).days
    )
    ok = not empty and longest <= MAX_DAYS_WITHOUT_CHECKPOINT
    parts = []
    if empty:
        parts.append("checkpoints without evidence: " + ", ".join(empty))
    parts.append(
        f"{len(t.checkpoints)} dated checkpoints, each naming what to look at; the longest "
        f"stretch without one is {longest} days (limit {MAX_DAYS_WITHOUT_CHECKPOINT})"
    )
    return CheckResult("", title, ok, "; ".join(parts))


def _toolkit_ready(pack: CoachingPack) -> CheckResult:
    tk = pack.toolkit
    missing = [
        part
        for part, present in (
            ("an agenda", tk.agenda),
            (f"at least {MIN_QUESTIONS} questions", len(tk.questions) >= MIN_QUESTIONS),
            ("a dated first session", tk.first_session),
            ("when to be directive", tk.directive_when),
        )
        if not present
    ]
    ok = not missing
    reason = (
        f"agenda, {len(tk.questions)} questions and the first session on "
        f"{tk.first_session.isoformat() if tk.first_session else '?'}"
        if ok else "missing " + ", ".join(missing)
    )
    return CheckResult("", "A session could be held tomorrow from the toolkit alone", ok, reason)


def _closing(pack: CoachingPack) -> CheckResult:
    o = pack.outlook
    missing = [
        name
        for name, items in (("risks", o.risks), ("open questions", o.open_questions),
                            ("next steps", o.next_steps))
        if not items
    ]
    undated = [s.text for s in o.next_steps if s.due is None]
    ok = not missing and not undated
    reason = (
        f"{len(o.risks)} risks, {len(o.open_questions)} open questions, "
        f"{len(o.next_steps)} dated next steps"
        if ok else "; ".join(
            (["missing " + ", ".join(missing)] if missing else [])
            + (["undated next steps: " + ", ".join(undated)] if undated else [])
        )
    )
    return CheckResult("", "Risks, open questions and dated next steps", ok, reason)


CHECKS: tuple[Callable[[CoachingPack], CheckResult], ...] = (
    _boundary,
    _good_pm_observable,
    _bloom_set,
    _evidence_or_assumption,
    _constraints_apart,
    _bet_count,
    _bet_complete,
    _signals_observable,
    _sustainable,
    _autonomy,
    _measured_by_artifacts,
    _toolkit_ready,
    _closing,
)


def run_checklist(pack: CoachingPack) -> tuple[CheckResult, ...]:
    """Every check of the quality gate, in order, each with pass/fail and its reason."""
    return tuple(
        replace(check(pack), id=f"Q{i}") for i, check in enumerate(CHECKS, start=1)
    )
