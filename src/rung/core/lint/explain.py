"""Why each rule exists, in the method's terms, with a plan line that fails it and one that passes.

`rung lint --explain R006` prints one of these. The rationale paraphrases the method (seed
000: the step or the common mistake the rule comes from); the examples are plan lines as a
manager would write them.
"""

from __future__ import annotations

from typing import NamedTuple


class Explanation(NamedTuple):
    rationale: str
    bad: str
    good: str


EXPLANATIONS: dict[str, Explanation] = {
    "R001": Explanation(
        "Growth needs sustained, deliberate practice, and attention spread over more than three "
        "areas yields a little progress everywhere and visible progress nowhere. Three is the "
        "ceiling per 90-day cycle; the other gaps wait on a backlog for later cycles.",
        "Focus areas: strategy, research, analytics, delivery, communication, technical depth",
        "Focus areas: stakeholder communication, data analysis, product strategy "
        "(backlog: research, delivery)",
    ),
    "R002": Explanation(
        "A milestone has to be checkable by the PM and the manager without a judgement call. "
        "The method asks for an action, a context and a minimum threshold: a count, a share, "
        "or a yes/no gate such as an approval.",
        "Milestone: get better at running reviews",
        "Milestone (due 2027-01-15): run the Q1 business review; threshold: at least 3 "
        "decisions recorded",
    ),
    "R003": Explanation(
        "Relative dates ('Month 3', 'Q2', 'in 6 weeks') slide: nobody can tell on a given day "
        "whether the milestone is late. Every milestone gets a calendar date inside the cycle, "
        "usually the stretch assignment's own deadline.",
        "Milestone (Month 3): present the pricing analysis",
        "Milestone (due 2027-02-12): present the pricing analysis to the VP",
    ),
    "R004": Explanation(
        "A stretch assignment in the PM's real job builds skill several times faster than "
        "courses, because it forces application under real constraints with real stakes. Each "
        "focus area needs one, with a natural deadline and a visible output.",
        "Development: complete an advanced course on product strategy",
        "Stretch assignment (due 2027-01-29): write the H2 strategy memo; output: the memo "
        "and the opportunity sizing",
    ),
    "R005": Explanation(
        "Learning is there for foundations and should be a bounded piece that fits beside the "
        "work: a 300-page book is not a learning resource, chapters 4 to 6 of it are.",
        "Learning: read Inspired",
        "Learning: Inspired, Marty Cagan — chapters 10–12 (about 30 pages)",
    ),
    "R006": Explanation(
        "Feedback needs one person who watches the PM practise and says what they saw, at a "
        "set interval. A group ('the team') or a role ('a peer') is nobody's job, and a "
        "missing interval means it happens once, if at all.",
        "Feedback: the team, when possible",
        "Feedback: Priya Shah (VP Product), every 14 days",
    ),
    "R007": Explanation(
        "The formal 60-minute review at day ~90 is where scores are reassessed and the next "
        "focus areas are chosen. Without a real date on the calendar it drifts and the plan "
        "becomes a static document.",
        "Review: end of quarter",
        "90-day review: 2027-02-19, 60 min, PM and manager",
    ),
    "R008": Explanation(
        "The most common way a plan dies is that nobody checks in. The first monthly check-in "
        "is booked with a real date during the planning conversation, not after it.",
        "Check-ins: monthly (to be scheduled)",
        "Monthly check-in 1: 2026-12-22 (booked)",
    ),
    "R009": Explanation(
        "When self and manager scores differ by two or more points, the data is not ready to "
        "prioritise: a 15-minute calibration talk, each side with one recent example, comes "
        "first. The disagreement often shows a blind spot worth working on.",
        "| Product strategy | self 4 | manager 2 |   (nothing scheduled)",
        "Calibration: Product strategy & vision, 2026-11-25, 15 min",
    ),
    "R010": Explanation(
        "An assessment older than three months may no longer describe the PM: projects and "
        "roles change. Reassess, or confirm with the manager that nothing has shifted.",
        "Assessed 2026-05-04 for a cycle starting 2026-11-23",
        "Assessed 2026-11-02 for a cycle starting 2026-11-23",
    ),
    "R011": Explanation(
        "One template with the competency name swapped in is the generic plan the method "
        "warns about: activities that could belong to any PM instead of this PM's real work.",
        "Complete advanced training in Strategy / Complete advanced training in Research",
        "Run the churn interviews for Billing / Write the H2 strategy memo for Checkout",
    ),
    "R012": Explanation(
        "A recurring conversation with the manager (monthly is typical) keeps progress, "
        "obstacles and adjustments in view. It needs an interval, and it may be one line "
        "shared by all focus areas.",
        "Coaching: with the manager",
        "Coaching: monthly, on all three areas",
    ),
    "R013": Explanation(
        "'Improved communication' is a state nobody can watch happen. A milestone names an "
        "action in a context that two reasonable people would agree did or did not occur.",
        "Milestone: improved stakeholder management",
        "Milestone: present the market analysis to the leadership team and get approval to "
        "proceed",
    ),
    "R014": Explanation(
        "Everything in the plan belongs to this cycle: a date outside it cannot be reviewed "
        "at this cycle's check-ins and review.",
        "Milestone (due 2027-06-30) in a cycle ending 2027-02-20",
        "Milestone (due 2027-02-12) in a cycle ending 2027-02-20",
    ),
    "R015": Explanation(
        "One sentence on why this gap was chosen over the others (size, criticality, "
        "leverage) anchors later reviews and stops revisionist second-guessing.",
        "### Product strategy   (no reason given)",
        "Why this one: a must-have for Senior PM and the largest gap (2.0 → 3.5)",
    ),
    "R016": Explanation(
        "The strongest predictor of success is a visible action in the first five business "
        "days. The planning conversation ends with one small, dated first step.",
        "(no first step written down)",
        "This week (by 2026-11-27): book 30 minutes with Priya to walk through the Q1 review "
        "outline",
    ),
    "R017": Explanation(
        "A development plan is built around one to three focus areas, each with a stretch "
        "assignment, a learning resource, feedback, coaching and a dated milestone.",
        "(a document with goals but no focus areas)",
        "## Focus areas / ### 1. Stakeholder communication ...",
    ),
    "R018": Explanation(
        "The milestone converts subjective growth into something both sides can see; a focus "
        "area without one cannot be judged at the review.",
        "### Data analysis (activities only)",
        "Milestone (due 2027-01-26): present a recommendation from your own analysis; "
        "threshold: 0 corrections to the numbers",
    ),
    "R019": Explanation(
        "Milestones show what the stretch assignment produced, so at least one is due on or "
        "after the stretch assignment itself.",
        "Stretch due 2027-02-10, milestone due 2027-01-05",
        "Stretch due 2027-02-10, milestone due 2027-02-10",
    ),
    "R020": Explanation(
        "The cycle review needs 90 days of evidence and a full hour to re-score and choose "
        "the next focus areas: it belongs in the cycle's last two weeks and lasts 60 minutes.",
        "Cycle review: 2027-01-10, 30 min (cycle ends 2027-02-20)",
        "Cycle review: 2027-02-19, 60 min",
    ),
    "R021": Explanation(
        "Ninety days is long enough to show real growth and short enough to keep urgency and "
        "correct course.",
        "Cycle: 2026-11-23 → 2027-11-23",
        "Cycle: 2026-11-23 → 2027-02-20",
    ),
    "R022": Explanation(
        "Launch energy fades within two or three weeks; a first check-in more than five "
        "weeks in comes after the plan has quietly died.",
        "First check-in: 2027-01-30 (cycle started 2026-11-23)",
        "First check-in: 2026-12-22",
    ),
    "R023": Explanation(
        "One or two milestones per focus area show whether the stretch assignment landed; "
        "more turn the review into a checklist and spread 90 days thin.",
        "Five milestones under one focus area",
        "Two milestones: the presentation, and the follow-up decision",
    ),
    "R024": Explanation(
        "The method says plainly not to average a self/manager gap of two or more points: "
        "the average hides the disagreement, and the disagreement is often the blind spot "
        "most worth working on. Calibrate instead, each side bringing one recent example.",
        "| Product strategy | 4 | 2 | 3 (averaged) |",
        "| Product strategy | 4 | 2 | pending: calibration talk 2026-11-25 |",
    ),
    "R025": Explanation(
        "The method's test for a milestone: would two reasonable people who watched the PM "
        "for a quarter agree it was met? Being 'seen as' something, or feeling confident, "
        "fails that test even with a number attached.",
        "Be seen as a strategic thinker by 3 senior stakeholders",
        "Present the H2 strategy to 3 senior stakeholders and get it approved with at most 1 "
        "round of changes",
    ),
    "R026": Explanation(
        "When nobody fits yet, writing 'To be named: someone who ...' is honest and keeps the "
        "slot visible; it still has to become a person before the first check-in, or the "
        "feedback never happens.",
        "Feedback: To be named: someone who reads your stakeholder updates first-hand",
        "Feedback: Dana Kim (Sales lead), every 14 days",
    ),
    "R027": Explanation(
        "A stretch assignment is real work the PM owns under genuine constraints. Supporting, "
        "helping with or being involved in someone else's project lets the PM watch rather "
        "than act, and leaves nothing the manager can judge as the PM's own.",
        "Stretch assignment: support the Q2 roadmap process",
        "Stretch assignment (due 2027-03-12): run the Q2 roadmap review yourself; output: "
        "the roadmap deck and decision log",
    ),
    "R028": Explanation(
        "The coaching touchpoint is where progress, obstacles and adjustments are discussed. "
        "'Discuss how it is going' names a meeting, not a conversation; say what the time is "
        "spent on.",
        "Coaching: monthly 1:1 to discuss how it is going",
        "Coaching: monthly, replay one stakeholder meeting — what they needed, where the "
        "message lost them",
    ),
    "R029": Explanation(
        "Monthly check-ins review progress against milestones. When every milestone falls in "
        "the cycle's last fortnight, the check-ins have nothing to look at and a slip shows "
        "only when it is too late to correct.",
        "All milestones due 2027-02-20 (the cycle's last day)",
        "Milestone 1 due 2027-01-15 (first draft reviewed), milestone 2 due 2027-02-12",
    ),
    "R030": Explanation(
        "A 90-day plan works because it is short enough to keep urgency. A focus area on a "
        "'12-18 months' timeline tells the PM nothing needs to happen this quarter.",
        "Timeline: 12-18 months",
        "Timeline: this cycle (milestone due 2027-02-12); the longer arc goes to later cycles",
    ),
    "R031": Explanation(
        "Gaps are ranked by size, role criticality and leverage, and the ranking decides what "
        "gives way when a project eats the PM's time. The same priority on every focus area "
        "is no ranking at all.",
        "Priority: Medium (on every focus area)",
        "Priority 1: stakeholder communication; 2: data analysis; 3: market analysis",
    ),
    "R032": Explanation(
        "Always assess first: without current scores (self and manager) the priorities are "
        "guesses and the plan feels disconnected from the PM's reality.",
        "(a plan with focus areas but no scores and no assessment date)",
        "Assessed 2026-11-02 · | Competency | Self | Manager | Target |",
    ),
    "R033": Explanation(
        "A new plan whose cycle began weeks ago starts with its launch check, first action "
        "and first check-in already missed. Start a new plan on the next working day.",
        "Cycle: 2020-01-06 → 2020-04-03, written today",
        "Cycle: starting on the next working day",
    ),
    "R034": Explanation(
        "A cycle that has ended has nothing left to schedule: review it, then write the next "
        "cycle's plan.",
        "Cycle: 2020-01-06 → 2020-04-03",
        "Cycle: the next 90 days from today",
    ),
}
