"""Pure functions on a stored plan document (`rung.plan/1`, typed as `PlanJSON`): edit,
re-lint, read.

No Django here: the services and views call these, and the tests run them directly. The
document's keys are checked by mypy against the contract (`rung.core.serialize`); the form's
fields map onto a focus area through `FOCUS_FIELDS`, the one place that names them by path.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from rung.core.findings import LintFinding
from rung.core.lint import lint, plan_doc_from_json
from rung.core.plan import MIN_PEERS_COUNTED, Plan
from rung.core.serialize import (
    FocusAreaJSON,
    MilestoneJSON,
    PlanJSON,
    plan_from_dict,
    plan_to_dict,
)
from rung.core.tracking.timeline import timeline_of
from rung.planning import with_lint
from rung.render.markdown_plan import render_markdown

Doc = PlanJSON

# Focus-area fields a person edits, as (form field, path inside the focus area, label).
FOCUS_FIELDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("stretch_text", ("stretch_assignment", "text"), "stretch assignment"),
    ("stretch_due", ("stretch_assignment", "due"), "stretch due date"),
    ("stretch_output", ("stretch_assignment", "output"), "stretch output"),
    ("learning_title", ("learning_resource", "title"), "learning resource"),
    ("learning_scope", ("learning_resource", "scope"), "learning scope"),
    ("feedback_provider", ("feedback", "provider"), "feedback provider"),
    ("feedback_interval_days", ("feedback", "interval_days"), "feedback interval"),
    ("coaching_text", ("coaching_touchpoint", "text"), "coaching touchpoint"),
    ("coaching_interval_days", ("coaching_touchpoint", "interval_days"), "coaching interval"),
    ("weekly_rep", ("weekly_rep",), "weekly rep"),
)


def loads(text: str) -> Doc:
    """A stored document (written by `dumps` from `plan_to_dict`, so of the contract's shape)."""
    return cast(Doc, json.loads(text))


def dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def relint(doc: Doc) -> Doc:
    """The document with fresh lint findings (and normalized through the engine's model)."""
    return plan_to_dict(with_lint(plan_from_dict(doc)))


def findings_of(doc: Doc, *, today: date | None = None) -> list[LintFinding]:
    """The plan's findings; with `today`, also its cycle judged against that day (R033/R034)."""
    return lint(plan_doc_from_json(doc, f"plan for {doc['person']['id']}"), today=today)


def to_plan(doc: Doc) -> Plan:
    return plan_from_dict(doc)


def get_at(obj: Mapping[str, object], path: tuple[str, ...]) -> Any:
    """The value at a FOCUS_FIELDS path of a focus area (the one untyped way in)."""
    value: Any = obj
    for key in path:
        value = value[key]
    return value


def set_at(fa: FocusAreaJSON, path: tuple[str, ...], value: object) -> None:
    """Set the value at a FOCUS_FIELDS path of a focus area."""
    target: Any = fa
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def focus_values(doc: Doc, index: int) -> dict[str, Any]:
    """The form values of one focus area (dates as date objects)."""
    fa = doc["focus_areas"][index]
    values: dict[str, Any] = {}
    for field, path, _ in FOCUS_FIELDS:
        value = get_at(fa, path)
        values[field] = date.fromisoformat(value) if field.endswith("_due") else value
    for j, m in enumerate(fa["milestones"]):
        values[f"m{j}_text"] = m["text"]
        values[f"m{j}_due"] = date.fromisoformat(m["due"])
        values[f"m{j}_threshold"] = m["threshold"]
    return values


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def apply_focus_edit(doc: Doc, index: int, values: Mapping[str, Any]) -> tuple[Doc, list[str]]:
    """A copy of `doc` with focus area `index` set from form `values`; and what changed.

    Milestones are `m<j>_text/_due/_threshold`; a milestone whose text is blank is removed,
    extra ones (beyond the stored) are added when they have text.
    """
    new = copy.deepcopy(doc)
    fa = new["focus_areas"][index]
    changed: list[str] = []
    for field, path, label in FOCUS_FIELDS:
        if field not in values:
            continue
        value = _plain(values[field])
        if get_at(fa, path) != value:
            set_at(fa, path, value)
            changed.append(label)
    milestones: list[MilestoneJSON] = []
    j = 0
    while f"m{j}_text" in values:
        text = (values.get(f"m{j}_text") or "").strip()
        old = fa["milestones"][j] if j < len(fa["milestones"]) else None
        if text:
            m: MilestoneJSON = {
                "text": text,
                "due": (_plain(values.get(f"m{j}_due")) or (old["due"] if old else None)
                        or fa["stretch_assignment"]["due"]),
                "threshold": (values.get(f"m{j}_threshold") or "").strip(),
            }
            milestones.append(m)
            if old is None:
                changed.append(f"milestone {j + 1} added")
            else:
                changed += [f"milestone {j + 1} {label}" for label, before, after in (
                    ("text", old["text"], m["text"]), ("due date", old["due"], m["due"]),
                    ("threshold", old["threshold"], m["threshold"])) if before != after]
        elif old is not None:
            changed.append(f"milestone {j + 1} removed")
        j += 1
    if j:
        fa["milestones"] = milestones
    return new, changed


def set_first_action(doc: Doc, text: str) -> Doc:
    new = copy.deepcopy(doc)
    new["first_action"]["text"] = text.strip()
    return new


def with_status(doc: Doc, status: str) -> Doc:
    new = copy.deepcopy(doc)
    new["status"] = status
    return new


def redact_for_pm(doc: Doc) -> Doc:
    """What the PM sees: a peer score stands only when at least two peers gave it (the engine
    already leaves a lone peer out of the consensus, `rung.core.consensus`)."""
    if all(c.get("peer_count", 0) >= MIN_PEERS_COUNTED or c.get("peers") is None
           for c in doc["assessment"]["competencies"]):
        return doc
    new = copy.deepcopy(doc)
    for c in new["assessment"]["competencies"]:
        if c.get("peers") is not None and c.get("peer_count", 0) < MIN_PEERS_COUNTED:
            c["peers"] = None
    return new


def readable(doc: Doc) -> str:
    """The plan as Markdown: what a diff between versions is computed on (shown as text, so
    people's words stay as typed)."""
    return render_markdown(plan_from_dict(doc), escape_html=False)


def diff_lines(old: str, new: str, *, old_name: str, new_name: str) -> list[tuple[str, str]]:
    """A unified diff as (css class, line) pairs."""
    out = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), old_name, new_name,
                                     lineterm="", n=2):
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        out.append((kind, line))
    return out


def focus_text(fa: FocusAreaJSON) -> str:
    """One focus area as readable lines, for the side-by-side view of a refused save."""
    lines = [f"Focus area: {fa['name']}"]
    for _, path, label in FOCUS_FIELDS:
        lines.append(f"{label.capitalize()}: {get_at(fa, path)}")
    for j, m in enumerate(fa["milestones"], 1):
        lines.append(f"Milestone {j}: {m['text']} (due {m['due']}; threshold: {m['threshold']})")
    return "\n".join(lines)


def replace_choices(doc: Doc) -> dict[str, list[tuple[str, str]]]:
    """The PM's swap: a proposed focus area, and the backlog competencies (all have a gap)."""
    names = {g["competency"]: g["name"] for g in doc["gaps"]}
    return {
        "focus": [(fa["competency"], fa["name"]) for fa in doc["focus_areas"]
                  if fa["chosen_by"] == "rung"],
        "backlog": [(cid, names.get(cid, cid)) for cid in doc["backlog"]],
    }


def split_message(message: str) -> tuple[str, str]:
    """A lint message as (what is wrong, how to fix it): the first sentence, then the rest."""
    text = message.strip()
    for i in range(len(text) - 2):
        if text[i] in ".:" and text[i + 1] == " " and text[i + 2].isupper():
            head = text[: i + 1]
            # Not inside a quotation: an even number of quote marks (apostrophes aside) before.
            if _quote_marks(head) % 2 == 0:
                return head, text[i + 2:]
    return text, ""


def _quote_marks(text: str) -> int:
    return sum(
        1 for i, ch in enumerate(text)
        if ch == "'" and not (0 < i < len(text) - 1 and text[i - 1].isalnum()
                              and text[i + 1].isalnum())
    )


def timeline_dict(doc: Doc) -> dict[str, Any]:
    """The plan's health-relevant dates and focus competencies, to keep beside the plan row."""
    return timeline_of(plan_from_dict(doc)).to_dict()
