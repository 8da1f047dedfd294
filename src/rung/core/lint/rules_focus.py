"""Rules about the focus areas and their four components (seed 000, steps 4-5)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from rung.core.findings import LintFinding
from rung.core.lint.document import DocActivity, DocFocusArea, PlanDoc
from rung.core.lint.rules import finding, quote
from rung.core.lint.rules_vocabulary import is_bounded_learning, is_passive, normalise_for_repeat
from rung.core.plan import MAX_FOCUS_MILESTONES

MAX_FOCUS_AREAS = 3
REPEAT_RATIO = 0.9
_MIN_REPEAT_CHARS = 12
# Feedback and coaching may rightly be the same person or meeting for every focus area.
_REPEAT_KINDS = ("stretch", "learning", "other")


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
        yield from _check_one(fa)
    yield from _check_repeats(areas)


def _check_one(fa: DocFocusArea) -> Iterator[LintFinding]:
    label = f"Focus area '{fa.name}'"
    if not fa.rationale:
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
    """A concrete piece of real work with a date or a visible output, not learning in disguise."""
    return (
        act.kind == "stretch"
        and bool(act.text.strip())
        and not is_passive(act.text)
        and (act.due is not None or bool(act.output))
    )


def _check_stretch(fa: DocFocusArea, label: str) -> Iterator[LintFinding]:
    if any(is_real_stretch(a) for a in fa.activities):
        return
    stretches = [a for a in fa.activities if a.kind == "stretch"]
    fix = (
        "Add one real project or responsibility in the PM's current job with a due date and "
        "a visible output, e.g. 'Lead the Q1 business review (due 2027-01-15); output: the "
        "deck'."
    )
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
        yield finding("R004", f"{label}: {problem}. {fix}", act.where)
        return
    if fa.activities:
        found = "; ".join(f"{a.kind}: {quote(a.text, 50)}" for a in fa.activities[:3])
        more = f" and {len(fa.activities) - 3} more" if len(fa.activities) > 3 else ""
        problem = f"has no stretch assignment in real work, only {found}{more}"
    else:
        problem = "has no activities at all"
    yield finding("R004", f"{label} {problem}. {fix}", fa.where)


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
        missing = [
            part
            for part, ok in (
                ("named person or role", act.provider),
                ("interval", act.interval_days),
            )
            if not ok
        ]
        if missing:
            what = f"Feedback {quote(act.text)}" if act.text else "Feedback"
            yield finding(
                "R006",
                f"{what} has no {' and no '.join(missing)}. Name who observes (e.g. 'Priya "
                "Shah, VP Product') and how often (e.g. 'every 14 days').",
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
