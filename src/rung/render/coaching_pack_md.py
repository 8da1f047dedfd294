"""Coaching Pack → Markdown: the seven parts in order, the checklist result up front and in
full at the end, then the team-workshop appendix. A non-HR plan prints only the coaching plan
under its label."""

from __future__ import annotations

from rung.core.coaching_pack_model import PART_TITLES, AssessedCompetency, CoachingPack
from rung.core.hr_boundary import NON_HR_LABEL
from rung.core.plan import Milestone
from rung.render._md import cell as _cell
from rung.render._md import escaped
from rung.render._md import score as _score
from rung.render._md import sentence as _sentence


def _signal(m: Milestone) -> str:
    return f"{m.text.rstrip('.')} (by {m.due.isoformat()}; {m.threshold.rstrip('.')})"


def depth_path(path: tuple[str, ...]) -> str:
    return " → ".join(path) if len(path) > 1 else f"{path[0]} (consolidate at this depth)"


def render_pack_markdown(pack: CoachingPack) -> str:
    pack = escaped(pack)  # people's text never becomes HTML
    out: list[str] = []
    if pack.non_hr:
        _non_hr(out, pack)
    else:
        _header(out, pack)
        _part1(out, pack)
        _part2(out, pack)
        _part3(out, pack)
        _part4(out, pack)
        _part5(out, pack)
        _part6(out, pack)
        _part7(out, pack)
        _checklist(out, pack)
        _workshop(out, pack)
    return "\n".join(out).rstrip("\n") + "\n"


def _meta(pack: CoachingPack) -> str:
    return (
        f"**{pack.current_title} → {pack.target_title}** · framework: {pack.framework_name} · "
        f"cycle **{pack.cycle_start.isoformat()} → {pack.cycle_end.isoformat()}** · coach: "
        f"{pack.manager_name}"
    )


def _header(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    add(f"# PM Coaching Pack: {pack.person_name}")
    add(_meta(pack))
    add("")
    if pack.goal:
        add(f"**Coaching goal:** {_sentence(pack.goal)}")
        add("")
    add("> A coaching document for growth, kept apart from performance reviews and HR "
        "processes. The PM owns it: edit the bets and milestones together.")
    add("")
    add(f"**Quality check: {pack.passed} of {len(pack.checks)} passed** "
        "(each check and its reason at the end).")
    failed = [c for c in pack.checks if not c.passed]
    for c in failed:
        add(f"- To fix: {c.title}: {_sentence(c.reason)}")
    add("")


def _part(out: list[str], n: int) -> None:
    out.append(f"## {n}. {PART_TITLES[n - 1]}")


def _part1(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    g = pack.good_pm
    _part(out, 1)
    if g.target_scope:
        add(f"A {g.target_title} here owns {g.target_scope[:1].lower() + g.target_scope[1:]}.")
    if g.target_behaviours:
        add("")
        add(f"What people see a {g.target_title} do:")
        for b in g.target_behaviours:
            add(f"- {_sentence(b)}")
    add("")
    add(f"| Competency | Quadrant | Now ({pack.current_title}) | Good at {g.target_title} |")
    add("|---|---|---|---|")
    for c in g.competencies:
        name = f"**{c.name}** (bet)" if c.in_focus else c.name
        add(f"| {_cell(name)} | {c.quadrant} | {_cell(c.at_current or '–')} | "
            f"{_cell(c.at_target or '–')} |")
    add("")
    add("**Depth ladder (Bloom).** Skill grows in depth as well as in score; each bet names "
        "the depth to reach this cycle.")
    add("")
    add("| Depth | What it looks like | A rep at this depth |")
    add("|---|---|---|")
    for depth in g.bloom:
        add(f"| {depth.title} | {_cell(depth.looks_like)} | {_cell(depth.rep)} |")
    add("")


def _gap_line(r: AssessedCompetency) -> str:
    must = ", must-have" if r.must_have else ""
    cal = ", score pending calibration" if r.needs_calibration else ""
    return f"**{r.name}** ({_score(r.current)} → {_score(r.target)}{must}{cal})"


def _part2(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    a = pack.assessment
    if a is None:
        return
    _part(out, 2)
    add(f"Assessed {a.assessed_on.isoformat()}. Depth is estimated from the score; confirm it "
        "with the evidence.")
    add("")
    add("| Competency | Self | Mgr | Peers | Current | Target | Gap | Depth now |")
    add("|---|---|---|---|---|---|---|---|")
    for r in a.rows:
        gap = _score(r.gap) if r.is_gap else "met"
        add(f"| {_cell(r.name)} | {_score(r.self)} | {_score(r.manager)} | {_score(r.peers)} | "
            f"{_score(r.current)} | {_score(r.target)} | {gap} | {r.bloom_now or 'none yet'} |")
    add("")
    add("### Strengths")
    if a.strengths:
        for r in a.strengths:
            evidence = f" Evidence: {'; '.join(r.evidence)}." if r.evidence else ""
            add(f"- {r.name}: {_score(r.current)} against a target of {_score(r.target)}."
                + evidence)
    else:
        add("- None at or above target yet: every competency has a gap.")
    add("")
    add("### Gaps and their evidence")
    for r in a.gaps:
        add(f"- {_gap_line(r)}")
        for e in r.evidence:
            add(f"  - Evidence: {_sentence(e)}")
        if r.assumption:
            add(f"  - {r.assumption}")
    add("")
    add("### Constraints (not skill gaps)")
    add(a.constraints_note)
    add("")
    if a.constraints:
        for c in a.constraints:
            add(f"- {_sentence(c.text)} _(from: {c.source})_")
    else:
        add("- None found in the inputs.")
    add("")


def _part3(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    v = pack.vision
    _part(out, 3)
    add(f"**Next bigger challenge:** {v.next_bigger_challenge}")
    add("")
    add(f"**Looking further:** {v.horizon_question}")
    add("")
    add(f"Growth bets for {v.cycle_start.isoformat()} → {v.cycle_end.isoformat()}:")
    add("")
    add("| # | Bet | Score now → target | Depth now → target | Success signals |")
    add("|---|---|---|---|---|")
    for i, b in enumerate(v.bets, start=1):
        signals = "<br>".join(_cell(_signal(m)) for m in b.success_signals)
        add(f"| {i} | {_cell(b.name)} | {_score(b.current)} → {_score(b.target)} | "
            f"{b.bloom_now or 'none yet'} → {b.bloom_target} | {signals} |")
    add("")
    for i, b in enumerate(v.bets, start=1):
        add(f"- **Why bet {i} matters:** {_sentence(b.why)} Its bigger challenge: "
            f"{_sentence(b.challenge)}")
    add("")


def _part4(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    _part(out, 4)
    for i, d in enumerate(pack.development, start=1):
        add(f"### Bet {i}: {d.name}")
        add(f"- **Depth path:** {depth_path(d.depth_path)}")
        for rep in d.weekly_reps:
            add(f"- **Weekly rep:** {_sentence(rep)}")
        add(f"- **Stretch work** (due {d.stretch_due.isoformat()}): {_sentence(d.stretch)}")
        add(f"- **Artifacts:** {'; '.join(a.rstrip('.') for a in d.artifacts)}.")
        add(f"- **Learning** (bounded): {_sentence(d.learning)}")
        add(f"- **Feedback:** {_sentence(d.feedback)}")
        add(f"- **Coach commitment:** {_sentence(d.coach_commitment)}")
        for n, m in enumerate(d.measurement, start=1):
            add(f"- **Measured by** (milestone {n}, due {m.due.isoformat()}): "
                f"{m.text.rstrip('.')}; threshold: {_sentence(m.threshold)}")
        add("")


def _part5(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    tk = pack.toolkit
    _part(out, 5)
    add("| What | How often | Minutes | First | Times | Who |")
    add("|---|---|---|---|---|---|")
    for r in tk.cadence:
        add(f"| {r.what} | {r.how_often} | {r.minutes or '–'} | {r.first.isoformat()} | "
            f"{r.count} | {_cell(r.who)} |")
    add("")
    add(f"Manager time: about {tk.manager_minutes_per_month} minutes a month. Small, regular "
        "touches do more than one big review.")
    add("")
    total = sum(a.minutes for a in tk.agenda)
    add(f"### Monthly coaching session ({total} min, separate from status 1:1s)")
    for n, a in enumerate(tk.agenda, start=1):
        add(f"{n}. ({a.minutes} min) {a.text}")
    add("")
    add("### Coaching questions")
    for q in tk.questions:
        add(f"- {q}")
    add("")
    add("### Session topics per bet")
    for name, topic in tk.bet_prompts:
        add(f"- **{name}:** {topic}")
    add("")
    add("### Micro-coaching nudges between sessions")
    for name, nudge in tk.nudges:
        add(f"- **{name}:** {_sentence(nudge)}")
    add("")
    add("### Artifact review points")
    for d, what in tk.review_points:
        add(f"- {d.isoformat()}: {_sentence(what)}")
    add("")
    add("### When to be directive")
    for w in tk.directive_when:
        add(f"- {w}")
    add("")


def _part6(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    t = pack.tracker
    if t is None:
        return
    _part(out, 6)
    add("| Date | Checkpoint | Look at |")
    add("|---|---|---|")
    for c in t.checkpoints:
        add(f"| {c.date.isoformat()} | {_cell(c.what)} | {_cell(c.evidence)} |")
    add("")
    add("### Monthly colour check")
    add("At each session, colour every bet and write the reason in one line.")
    add("")
    add("| Bet | " + " | ".join(f"{label} ({d.isoformat()})" for label, d in t.rag_columns)
        + " |")
    add("|---|" + "---|" * len(t.rag_columns))
    for name in t.rag_rows:
        add(f"| {_cell(name)} | " + " | ".join("G / A / R:" for _ in t.rag_columns) + " |")
    add("")
    for colour, meaning in t.rag_legend:
        add(f"- **{colour.capitalize()}:** {meaning}")
    add("")
    add("### Quarterly refresh")
    add(f"At the 90-day review on {t.refresh_on.isoformat()}: re-score the bets with the "
        "artifacts on the table, decide which bets continue, give the next cycle a new "
        f"headline, and start it on {t.next_cycle_start.isoformat()}.")
    add("")
    add("### How to adjust")
    for rule in t.adjust_rules:
        add(f"- {rule}")
    add("")


def _part7(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    o = pack.outlook
    _part(out, 7)
    add("### Risks")
    for r in o.risks:
        add(f"- {r}")
    add("")
    add("### Open questions")
    for q in o.open_questions:
        add(f"- {q}")
    add("")
    add("### Next steps")
    for s in o.next_steps:
        due = f" (by {s.due.isoformat()})" if s.due else ""
        add(f"- [ ] {_sentence(s.text)}{due}")
    add("")


def _checklist(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    add("## Quality checklist")
    add(f"{pack.passed} of {len(pack.checks)} checks passed.")
    add("")
    add("| # | Check | Result | Why |")
    add("|---|---|---|---|")
    for c in pack.checks:
        add(f"| {c.id} | {_cell(c.title)} | {'pass' if c.passed else 'FAIL'} | "
            f"{_cell(_sentence(c.reason))} |")
    add("")


def _workshop(out: list[str], pack: CoachingPack) -> None:
    w = pack.workshop
    if w is None:
        return
    add = out.append
    add(f"## Appendix: team workshop ({w.minutes} min)")
    add(w.note)
    add("")
    for n, (minutes, title, what) in enumerate(w.steps, start=1):
        add(f"{n}. **{title}** ({minutes} min): {what}")
    add("")


def _non_hr(out: list[str], pack: CoachingPack) -> None:
    add = out.append
    add(f"# Coaching plan: {pack.person_name}")
    add(f"**{NON_HR_LABEL}.**")
    add("")
    add(_meta(pack))
    add("")
    add("> This is a development plan for coaching only. It holds no assessment, evidence or "
        "progress record and must not be used for a PIP, an HR case or any decision about "
        "employment; those belong to the company's HR process.")
    add("")
    add("## Growth bets")
    for i, b in enumerate(pack.vision.bets, start=1):
        add(f"{i}. **{b.name}**, to depth '{b.bloom_target}' by {pack.cycle_end.isoformat()}. "
            "Success signals: " + "; ".join(_signal(m) for m in b.success_signals) + ".")
    add("")
    add("## Development plan")
    for i, d in enumerate(pack.development, start=1):
        add(f"### Bet {i}: {d.name}")
        for rep in d.weekly_reps:
            add(f"- **Weekly rep:** {_sentence(rep)}")
        add(f"- **Stretch work** (due {d.stretch_due.isoformat()}): {_sentence(d.stretch)}")
        add(f"- **Learning** (bounded): {_sentence(d.learning)}")
        add(f"- **Feedback:** {_sentence(d.feedback)}")
        add(f"- **Coach commitment:** {_sentence(d.coach_commitment)}")
        add("")
    add("## Coaching cadence")
    for r in pack.toolkit.cadence:
        minutes = f", {r.minutes} min" if r.minutes else ""
        add(f"- {r.what}: {r.how_often}{minutes}, from {r.first.isoformat()}")
    add("")
    add("## Next steps")
    for s in pack.outlook.next_steps:
        due = f" (by {s.due.isoformat()})" if s.due else ""
        add(f"- [ ] {_sentence(s.text)}{due}")
    add("")
    add(f"_{NON_HR_LABEL}._")
