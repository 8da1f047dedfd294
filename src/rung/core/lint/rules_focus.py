"""Rules about the focus areas and their four components (seed 000, steps 4-5)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from rung.core.findings import LintFinding
from rung.core.lint.document import DocActivity, DocFocusArea, PlanDoc
from rung.core.lint.people import TO_BE_NAMED_RE, provider_kind
from rung.core.lint.rules import finding, quote
from rung.core.lint.rules_vocabulary import (
    coaching_topic,
    horizon_days,
    is_bounded_learning,
    is_passive,
    is_support_work,
    normalise_for_repeat,
)
from rung.core.plan import MAX_FOCUS_MILESTONES

MAX_FOCUS_AREAS = 3
REPEAT_RATIO = 0.9
_MIN_REPEAT_CHARS = 12
# Feedback and coaching may rightly be the same person or meeting for every focus area.
_REPEAT_KINDS = ("stretch", "learning", "other")
# A focus area's own timeline may run a little past a 90-day cycle (R021's upper bound).
MAX_TIMELINE_DAYS = 105


def check_focus_areas(doc: PlanDoc) -> Iterator[LintFinding]:
    areas = doc.focus_areas
    if not areas:
        yield finding(
            "R017",
            "No focus areas found. Pick up to 3 competency gaps and write each as a focus "
            "area with a stretch assignment, a learning resource, feedback, coaching and a "
            "dated milestone (in Markdown: a ### section under '## Focus areas').",
            doc.anchors.focus_areas,
        )
        return
    if len(areas) > MAX_FOCUS_AREAS:
        extra = ", ".join(fa.name for fa in areas[MAX_FOCUS_AREAS:])
        yield finding(
            "R001",
            f"{len(areas)} focus areas; keep {MAX_FOCUS_AREAS}, move the rest ({extra}) to the "
            "backlog for a later cycle. More than three spreads effort too thin to show "
            "visible growth anywhere.",
            areas[MAX_FOCUS_AREAS].where,
        )
    for fa in areas:
        yield from _check_one(fa, doc)
    yield from _check_repeats(areas)
    yield from _check_priorities(areas)


def _check_priorities(areas: tuple[DocFocusArea, ...]) -> Iterator[LintFinding]:
    """'Priority: Medium' on every focus area ranks nothing."""
    labels = [fa.priority for fa in areas]
    if len(areas) < 2 or any(p is None for p in labels):
        return
    values = {" ".join((p or "").lower().split()) for p in labels}
    if len(values) == 1:
        yield finding(
            "R031",
            f"All {len(areas)} focus areas have the same priority ({quote(labels[0] or '')}), "
            "so nothing says which comes first when time runs short. Rank them, e.g. "
            "'Priority 1: Stakeholder communication (blocks the promotion case)', and let "
            "the lowest one give way first.",
            areas[1].where,
        )


def _check_one(fa: DocFocusArea, doc: PlanDoc) -> Iterator[LintFinding]:
    label = f"Focus area '{fa.name}'"
    # rung's non-HR coaching plan leaves out the assessment the rationale would cite.
    if not fa.rationale and doc.kind != "coaching-plan":
        yield finding(
            "R015",
            f"{label} has no rationale. Write one sentence on why this gap was chosen over the "
            "other candidates (magnitude, criticality, leverage) to anchor later reviews.",
            fa.where,
        )
    yield from _check_stretch(fa, label)
    for act in fa.activities:
        if act.kind == "learning" and not is_bounded_learning(act.text):
            yield finding(
                "R005",
                f"Unbounded learning resource {quote(act.text)}. Name a bounded piece: "
                "chapters 4-6 of a named book, lessons 1-3 of a course, one talk or one case "
                "study.",
                act.where,
            )
    yield from _check_feedback(fa, label)
    coaching = [a for a in fa.activities if a.kind == "coaching"]
    if not coaching:
        yield finding(
            "R012",
            f"{label} has no coaching touchpoint. Add a recurring conversation with the "
            "manager (monthly is typical) on progress, obstacles and adjustments.",
            fa.where,
        )
    for act in coaching:
        if not act.interval_days:
            yield finding(
                "R012",
                f"Coaching touchpoint {quote(act.text)} has no interval. Say how often it "
                "happens, e.g. 'every 30 days'.",
                act.where,
            )
        if not coaching_topic(act.text):
            what = quote(act.text) if act.text.strip() else "(empty)"
            yield finding(
                "R028",
                f"Coaching touchpoint {what} says when you meet but not what you work on. "
                "Name the topic, e.g. 'monthly: replay one stakeholder meeting — what they "
                "needed, where the message lost them'.",
                act.where,
            )
    yield from _check_timeline(fa, label)
    if not fa.milestones:
        yield finding(
            "R018",
            f"{label} has no milestone. Write one or two observable milestones tied to the "
            "stretch assignment, each with an action, a threshold and a calendar date.",
            fa.where,
        )
    if len(fa.milestones) > MAX_FOCUS_MILESTONES:
        yield finding(
            "R023",
            f"{label} has {len(fa.milestones)} milestones. Keep the one or two that show the "
            "stretch assignment landed; more spread 90 days thin and turn the review into a "
            "checklist. Move the rest to the next cycle.",
            fa.where,
        )
    yield from _check_order(fa)


def is_real_stretch(act: DocActivity) -> bool:
    """A concrete piece of real work the PM owns, with a date or a visible output: not learning
    in disguise, not helping with someone else's project."""
    return (
        act.kind == "stretch"
        and bool(act.text.strip())
        and not is_passive(act.text)
        and not is_support_work(act.text)
        and (act.due is not None or bool(act.output))
    )


_STRETCH_FIX = (
    "Add one real project or responsibility in the PM's current job with a due date and "
    "a visible output, e.g. 'Lead the Q1 business review (due 2027-01-15); output: the "
    "deck'."
)


def _check_stretch(fa: DocFocusArea, label: str) -> Iterator[LintFinding]:
    if any(is_real_stretch(a) for a in fa.activities):
        return
    stretches = [a for a in fa.activities if a.kind == "stretch"]
    support = next((a for a in stretches if is_support_work(a.text)), None)
    if support is not None:
        yield finding(
            "R027",
            f"{label}: its stretch assignment {quote(support.text)} supports someone else's "
            "work, so nobody will see what the PM can do alone. Give the PM a piece they own "
            "end to end, e.g. 'Run the Q2 roadmap review yourself (due 2027-03-12); output: "
            "the roadmap deck and the decisions log'.",
            support.where,
        )
        return
    if stretches:
        act = stretches[0]
        if is_passive(act.text):
            problem = f"its stretch assignment {quote(act.text)} is learning, not real work"
        elif not act.text.strip():
            problem = "its stretch assignment is empty"
        else:
            problem = (
                f"its stretch assignment {quote(act.text)} has no due date and no visible output"
            )
        yield finding("R004", f"{label}: {problem}. {_STRETCH_FIX}", act.where)
        return
    if fa.activities:
        found = "; ".join(f"{a.kind}: {quote(a.text, 50)}" for a in fa.activities[:3])
        more = f" and {len(fa.activities) - 3} more" if len(fa.activities) > 3 else ""
        problem = f"has no stretch assignment in real work, only {found}{more}"
    else:
        problem = "has no activities at all"
    yield finding("R004", f"{label} {problem}. {_STRETCH_FIX}", fa.where)


def _check_timeline(fa: DocFocusArea, label: str) -> Iterator[LintFinding]:
    days = horizon_days(fa.timeline) if fa.timeline else None
    if days is not None and days > MAX_TIMELINE_DAYS:
        yield finding(
            "R030",
            f"{label} runs on a timeline of {quote(fa.timeline or '')}, longer than the 90-day "
            "cycle: nothing in it has to happen this quarter. Cut it to what this cycle can "
            "show, e.g. 'by 2027-02-19: present the pricing memo and get a go/no-go', and "
            "leave the longer arc to the next cycles.",
            fa.where,
        )


_FEEDBACK_EXAMPLE = "e.g. 'Priya Shah (VP Product), every 14 days'"


def _check_feedback(fa: DocFocusArea, label: str) -> Iterator[LintFinding]:
    feedback = [a for a in fa.activities if a.kind == "feedback"]
    if not feedback:
        yield finding(
            "R006",
            f"{label} has no feedback mechanism. Name a person (mentor, peer, manager) who "
            "watches the PM practise this and gives structured feedback at a set interval, "
            "e.g. 'Priya Shah (VP Product), every 14 days'.",
            fa.where,
        )
        return
    for act in feedback:
        yield from _check_feedback_activity(act)


def _check_feedback_activity(act: DocActivity) -> Iterator[LintFinding]:
    kind = provider_kind(act.provider)
    who = quote(act.provider or "")
    if kind == "to-be-named":
        prompt = TO_BE_NAMED_RE.sub("", act.provider or "", count=1)
        yield finding(
            "R026",
            f"The feedback person is still to be named ({quote(prompt)}). Ask someone who "
            "fits before the first check-in and write their name, e.g. 'Priya Shah (VP "
            "Product)'.",
            act.where,
        )
    what = f"Feedback {quote(act.text)}" if act.text else "Feedback"
    who_problem = {
        "group": f"Feedback from a group ({who}) is nobody's job, so it rarely happens",
        "role": f"Feedback from {who} names a role, not a person, so nobody has been asked",
        "missing": f"{what} has no named person",
    }.get(kind)
    if who_problem:
        interval = "" if act.interval_days else ", and it has no interval"
        yield finding(
            "R006",
            f"{who_problem}{interval}. Name the one person who will watch the PM practise "
            f"this and how often, {_FEEDBACK_EXAMPLE}; if nobody is agreed yet, write 'To be "
            "named: someone who ...' and ask before the first check-in.",
            act.where,
        )
    elif not act.interval_days:
        yield finding(
            "R006",
            f"{what} has no interval. Say how often the observer gives structured feedback, "
            "e.g. 'every 14 days'.",
            act.where,
        )


def _check_order(fa: DocFocusArea) -> Iterator[LintFinding]:
    stretch_dues = [a.due for a in fa.activities if is_real_stretch(a) and a.due]
    milestone_dues = [m.due for m in fa.milestones if m.due]
    if not stretch_dues or not milestone_dues:
        return
    stretch_due, last_milestone = min(stretch_dues), max(milestone_dues)
    if last_milestone < stretch_due:
        yield finding(
            "R019",
            f"Focus area '{fa.name}': every milestone is due before the stretch assignment "
            f"({last_milestone.isoformat()} < {stretch_due.isoformat()}), so no milestone can "
            "show its result. Date at least one milestone on or after the stretch assignment.",
            fa.where,
        )


@dataclass(frozen=True)
class _Text:
    area: int
    text: str
    norm: str
    where: str
    words: frozenset[str]


# Texts that share under half their words cannot be 90 % alike character by character in
# practice; checking word sets first keeps difflib off nearly every pair.
_MIN_WORD_OVERLAP = 0.5


def _word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _check_repeats(areas: tuple[DocFocusArea, ...]) -> Iterator[LintFinding]:
    clusters: list[list[_Text]] = []
    for i, fa in enumerate(areas):
        texts = [(a.text, a.where) for a in fa.activities if a.kind in _REPEAT_KINDS]
        texts += [(m.text, m.where) for m in fa.milestones]
        for text, where in texts:
            norm = normalise_for_repeat(text, fa.name)
            if len(norm) < _MIN_REPEAT_CHARS:
                continue
            item = _Text(i, text, norm, where, frozenset(norm.split()))
            # One matcher per text, built only when a pair survives the word check: difflib
            # then indexes the text once for all its comparisons.
            matcher: SequenceMatcher[str] | None = None
            for cluster in clusters:
                if _word_overlap(item.words, cluster[0].words) < _MIN_WORD_OVERLAP:
                    continue
                if matcher is None:
                    matcher = SequenceMatcher(None, autojunk=False)
                    matcher.set_seq2(norm)
                matcher.set_seq1(cluster[0].norm)
                if (
                    matcher.real_quick_ratio() >= REPEAT_RATIO
                    and matcher.quick_ratio() >= REPEAT_RATIO
                    and matcher.ratio() >= REPEAT_RATIO
                ):
                    cluster.append(item)
                    break
            else:
                clusters.append([item])
    for cluster in clusters:
        names = [areas[i].name for i in sorted({t.area for t in cluster})]
        if len(names) < 2:
            continue
        first, repeat = cluster[0], next(t for t in cluster if t.area != cluster[0].area)
        yield finding(
            "R011",
            f"{quote(first.text)} is repeated in {len(names)} focus areas ({', '.join(names)}) "
            "with only the name changed: a generic template. Write activities and milestones "
            "tied to this PM's real work for each competency.",
            repeat.where,
        )
