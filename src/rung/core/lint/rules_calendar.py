"""Rules about the cycle and the review cadence.

Seed 000: every review date goes on the calendar while planning, and the 90-day cycle.
R033/R034 judge the cycle against today's date, so they run only when the caller gives one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from rung.core.findings import LintFinding
from rung.core.lint.document import DocEvent, PlanDoc
from rung.core.lint.rules import finding, quote

CYCLE_DAYS = (75, 105)  # end - start of a "90-day" cycle, with room for weekends and holidays
REVIEW_WINDOW_DAYS = 14  # the cycle review belongs in the last two weeks
REVIEW_MINUTES = 60
FIRST_CHECK_IN_DAYS = 35
# A plan written a few days after the start it names is normal: the week it was agreed in.
PAST_START_GRACE_DAYS = 7


def check_calendar(doc: PlanDoc, today: date | None = None) -> Iterator[LintFinding]:
    yield from _check_cycle_review(doc)
    yield from _check_first_check_in(doc)
    if today is not None:
        yield from _check_against_today(doc, today)
    yield from _check_cycle_length(doc)
    if not doc.first_action:
        yield finding(
            "R016",
            "No first visible action written down. Add one small step the PM takes in the "
            "first week (e.g. 'Book 30 minutes with the VP to walk through the Q1 review "
            "outline'), with its date.",
            doc.anchors.first_action,
        )


def _undated(events: list[DocEvent]) -> str:
    first_seen: dict[str, str] = {}
    for e in events:
        if e.date_text and e.date_text not in first_seen:
            first_seen[e.date_text] = e.where
    words = [f"{quote(text)} ({where})" for text, where in first_seen.items()]
    return f" It only has relative dates: {', '.join(words[:3])}." if words else ""


def _check_cycle_review(doc: PlanDoc) -> Iterator[LintFinding]:
    reviews = [e for e in doc.events if e.kind == "cycle-review" and e.date]
    if not reviews:
        loose = [e for e in doc.events if e.kind in ("cycle-review", None) and not e.date]
        yield finding(
            "R007",
            "No dated cycle review." + _undated(loose) + " Put a 60-minute review on the "
            "calendar at day ~90 with a real date, to re-score the competencies and choose the "
            "next focus areas.",
            doc.anchors.cadence,
        )
        return
    review = max(reviews, key=lambda e: e.date or date.min)
    problems = []
    if doc.cycle_end and review.date and (doc.cycle_end - review.date).days > REVIEW_WINDOW_DAYS:
        problems.append(
            f"is on {review.date.isoformat()}, "
            f"{(doc.cycle_end - review.date).days} days before the cycle ends"
        )
    if review.minutes is not None and review.minutes < REVIEW_MINUTES:
        problems.append(f"lasts {review.minutes} minutes")
    if problems:
        yield finding(
            "R020",
            f"The cycle review {' and '.join(problems)}. Hold a {REVIEW_MINUTES}-minute review "
            "in the last two weeks of the cycle, so there are 90 days of evidence to re-score.",
            review.where,
        )


def _check_first_check_in(doc: PlanDoc) -> Iterator[LintFinding]:
    check_ins = sorted(
        (e for e in doc.events if e.kind == "monthly-check-in" and e.date),
        key=lambda e: e.date or date.min,
    )
    if not check_ins:
        loose = [e for e in doc.events if e.kind == "monthly-check-in"]
        yield finding(
            "R008",
            "No first check-in on the calendar." + _undated(loose) + " Book the first "
            "monthly check-in with a real date during the planning conversation; plans without "
            "one die within weeks.",
            doc.anchors.cadence,
        )
        return
    first = check_ins[0]
    if doc.cycle_start and first.date:
        days = (first.date - doc.cycle_start).days
        if days > FIRST_CHECK_IN_DAYS:
            yield finding(
                "R022",
                f"The first check-in is {days} days into the cycle ({first.date.isoformat()}). "
                f"Hold it within the first {FIRST_CHECK_IN_DAYS} days, before the launch energy "
                "is gone.",
                first.where,
            )


def _check_cycle_length(doc: PlanDoc) -> Iterator[LintFinding]:
    if not (doc.cycle_start and doc.cycle_end):
        return
    days = (doc.cycle_end - doc.cycle_start).days
    low, high = CYCLE_DAYS
    if not low <= days <= high:
        yield finding(
            "R021",
            f"The cycle runs {days} days ({doc.cycle_start.isoformat()} → "
            f"{doc.cycle_end.isoformat()}). Plan in 90-day cycles: long enough to show real "
            "growth, short enough to keep urgency and correct course.",
            doc.anchors.cycle,
        )


def _check_against_today(doc: PlanDoc, today: date) -> Iterator[LintFinding]:
    start, end = doc.cycle_start, doc.cycle_end
    if end is not None and end < today:
        yield finding(
            "R034",
            f"The cycle ended on {end.isoformat()}, before today ({today.isoformat()}): every "
            "date in the plan is history. Hold the cycle review if it has not happened, then "
            "write the next 90-day plan starting on the next working day, e.g. 'cycle "
            f"{today.isoformat()} → {(today + timedelta(days=89)).isoformat()}'.",
            doc.anchors.cycle,
        )
        return
    if start is not None and (today - start).days > PAST_START_GRACE_DAYS:
        yield finding(
            "R033",
            f"The cycle started on {start.isoformat()}, {(today - start).days} days before "
            f"today ({today.isoformat()}), so its first dates have already gone by. For a new "
            "plan, start it on the next working day and date everything from there; for a "
            "plan already running, check the missed dates were held.",
            doc.anchors.cycle,
        )
