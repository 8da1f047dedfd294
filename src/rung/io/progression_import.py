"""Frameworks written in the progression-framework format, into rung's framework file.

The format (github.com/monzo/progression-framework, used by many companies) is Markdown with
YAML front matter: `title`, `levels: N` and `topics: [{name, title, content: [{level,
criteria: [...]}]}]`. Some files (`yaml: false`) keep the same content in the Markdown body
instead: `## Level N` sections with a `### Topic` heading and a paragraph per topic.

Topics become competencies (ids slugified from the topic name, names from the title without
emoji); every behaviour criterion is kept, one line each, as the competency's anchor for its
level; levels become `l1..lN`. What the format lacks is left as `TODO` for the user, and
`rung frameworks validate` lists each one until it is filled in: the quadrant of each competency
(altitude, facing), and a target score and must-have flag per level and competency. `unlocks`
starts empty. The YAML carries a comment header saying what to fill in and crediting the source
and its license.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rung.core.errors import InputError, Problem

from .files import read_text
from .placeholders import placeholder_problems
from .structured import parse_structured
from .wording import FILE, describe

TODO = "TODO"
FORMAT_HOME = "github.com/monzo/progression-framework"
SUFFIXES = (".md", ".markdown")
PROGRESSION_WHAT = (
    "a progression-framework file (Markdown with YAML front matter: title, levels, topics)"
)
SCALE_LABELS = {
    0: "No experience",
    1: "Aware: knows the ideas, has not applied them yet",
    2: "Developing: does it with guidance",
    3: "Proficient: does it independently within own scope",
    4: "Advanced: leads it across teams",
    5: "Expert: sets how the organisation does it",
}
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")

_LEVEL_HEADING = re.compile(r"##\s+level\s+(\d+)\s*:?\s*", re.IGNORECASE)
_TOPIC_HEADING = re.compile(r"###\s+(.+?)\s*#*\s*")
_OTHER_HEADING = re.compile(r"#{1,2}\s+.*")
_RULE = re.compile(r"(-{3,}|\*{3,}|_{3,})\s*")


@dataclass(frozen=True)
class ImportedFramework:
    data: dict[str, Any]  # the framework-file shape of `framework_to_dict`, with TODOs
    text: str  # the YAML to save: comment header, then `data`
    placeholders: int  # how many TODO values `rung frameworks validate` will list
    competencies: int
    levels: int


@dataclass
class _Topic:
    name: str
    title: str
    criteria: dict[int, list[str]]  # level number -> criteria, in the order of the source


# --- public API -----------------------------------------------------------------------------


def import_progression_file(path: Path, *, framework_id: str | None = None) -> ImportedFramework:
    """Read a progression-framework Markdown file; `InputError` lists every problem."""
    path = Path(path)
    source = str(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(
            [
                Problem(
                    source,
                    FILE,
                    f"unsupported file type {describe(path.suffix or path.name)}: a "
                    "progression-framework file is Markdown (.md) with YAML front matter",
                )
            ]
        )
    text = read_text(path, source, PROGRESSION_WHAT)
    data = progression_to_framework(
        text, source=source, framework_id=framework_id, default_id=path.stem
    )
    header = import_header(data, source_name=path.name, license_note=find_license(path))
    return ImportedFramework(
        data=data,
        text=header + dump_framework_yaml(data),
        placeholders=len(placeholder_problems(data, source)),
        competencies=len(data["competencies"]),
        levels=len(data["levels"]),
    )


def progression_to_framework(
    text: str,
    *,
    source: str = "<input>",
    framework_id: str | None = None,
    default_id: str = "imported",
) -> dict[str, Any]:
    """The framework-file dict for a progression-framework document (text of the .md file)."""
    problems: list[Problem] = []
    if framework_id is not None and not _is_slug(framework_id):
        problems.append(
            Problem(
                "--id",
                "value",
                f"{describe(framework_id)} is not a valid id; use lowercase letters, digits and "
                "hyphens, e.g. 'product-pm'",
            )
        )
    front, body = _split_front_matter(text, source)
    meta = parse_structured(front, ".yaml", source, PROGRESSION_WHAT) if front.strip() else {}
    if not isinstance(meta, dict):
        raise InputError(
            [
                Problem(
                    source,
                    "front matter",
                    f"expected key: value pairs (title, levels, topics), got {describe(meta)}",
                )
            ]
        )
    declared = _declared_levels(meta, source, problems)
    if meta.get("topics") is not None:
        topics = _topics_from_front_matter(meta["topics"], source, problems)
    else:
        topics = _topics_from_body(body, source, problems)
    if not topics and not problems:
        problems.append(
            Problem(
                source,
                "front matter.topics",
                "no topics found: list them in the front matter (topics: [{name, title, "
                "content: [{level, criteria}]}]) or as '## Level N' sections with '### Topic' "
                "headings in the body",
            )
        )
    found = max((lv for t in topics for lv in t.criteria), default=0)
    if declared is not None and found > declared:
        problems.append(
            Problem(
                source,
                "front matter.levels",
                f"levels: {declared}, but the topics describe level {found}; set levels to "
                "the number of levels",
            )
        )
    if problems:
        raise InputError(problems)
    count = declared if declared is not None else found
    title = _plain(str(meta.get("title") or "")) or default_id
    return _framework(
        topics,
        count,
        framework_id=framework_id or slugify(default_id) or "imported",
        name=title,
        source_name=Path(source).name,
    )


def slugify(text: str) -> str:
    """'Problem solving' -> 'problem-solving'; '' when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def find_license(path: Path) -> str | None:
    """'MIT License, Copyright (c) 2019 Monzo Bank Limited (../LICENSE)' from a LICENSE file in
    the source's folder or up to two folders above; None when there is none."""
    folder = path.resolve().parent
    for up in range(3):
        for name in LICENSE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return _license_summary(candidate, "../" * up + name)
        folder = folder.parent
    return None


def import_header(data: dict[str, Any], *, source_name: str, license_note: str | None) -> str:
    levels = [lv["id"] for lv in data["levels"]]
    credit = (
        f"#   {license_note}.\n#   Keep this note with any copy of this file."
        if license_note
        else "#   No license file was found beside the source: check its license before\n"
        "#   sharing this file."
    )
    lines = [
        f"# {data['name']}: imported by `rung frameworks import` from {source_name},",
        f"# a framework in the progression-framework format ({FORMAT_HOME}).",
        "# Source and license: the competency names and every behaviour criterion (the",
        "# `anchors`, one line per criterion) are the source's own words.",
        credit,
        "#",
        "# The progression-framework format has no quadrants and no numeric targets, so those",
        f"# are left as {TODO}. Fill in every {TODO} before using this framework:",
        "#   competencies[].quadrant  altitude: strategic or tactical;",
        "#                            facing: internal or external",
        f"#   targets.<level>.<id>     score: 0-5 expected at that level ({', '.join(levels)}),",
        "#                            rising with the level; must_have: true or false",
        "# Optional: unlocks (ids of competencies this one makes easier to grow), level titles,",
        "# scope and impact, descriptions, and specializations.",
        "# `rung frameworks validate FILE` lists every TODO left; it passes once none is.",
        "",
    ]
    return "\n".join(lines) + "\n"


def dump_framework_yaml(data: dict[str, Any]) -> str:
    """YAML in the layout of the built-in frameworks: quadrants and targets on one line each,
    multi-line anchors as literal blocks."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )


# --- front matter and body --------------------------------------------------------------------


def _split_front_matter(text: str, source: str) -> tuple[str, str]:
    lines = text.lstrip("\ufeff").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].strip() != "---":
        raise InputError(
            [
                Problem(
                    source,
                    "line 1",
                    "no YAML front matter: a progression-framework file starts with a line "
                    "'---', then title, levels and topics, then another '---'",
                )
            ]
        )
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            return "\n".join(lines[start + 1 : end]), "\n".join(lines[end + 1 :])
    raise InputError(
        [
            Problem(
                source,
                f"line {start + 1}",
                "the front matter is not closed: add a line '---' after its last key",
            )
        ]
    )


def _declared_levels(meta: dict[str, Any], source: str, problems: list[Problem]) -> int | None:
    value = meta.get("levels")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
        problems.append(
            Problem(
                source,
                "front matter.levels",
                f"expected the number of levels (a whole number from 1 to 20), got "
                f"{describe(value)}",
            )
        )
        return None
    return value


def _topics_from_front_matter(raw: Any, source: str, problems: list[Problem]) -> list[_Topic]:
    if not isinstance(raw, list):
        message = f"expected a list of topics, got {describe(raw)}"
        problems.append(Problem(source, "front matter.topics", message))
        return []
    topics = []
    for i, entry in enumerate(raw):
        where = f"front matter.topics[{i}]"
        if not isinstance(entry, dict):
            problems.append(
                Problem(source, where, f"expected {{name, title, content}}, got {describe(entry)}")
            )
            continue
        name, title = _text(entry.get("name")), _text(entry.get("title"))
        if not name and not title:
            problems.append(
                Problem(source, f"{where}.name", "empty; every topic needs a name or a title")
            )
        criteria: dict[int, list[str]] = {}
        content = entry.get("content")
        if not isinstance(content, list):
            problems.append(
                Problem(
                    source,
                    f"{where}.content",
                    f"expected a list of {{level, criteria}}, got {describe(content)}",
                )
            )
            content = []
        for j, item in enumerate(content):
            _content_item(item, f"{where}.content[{j}]", source, problems, criteria)
        topics.append(_Topic(name, title, criteria))
    return topics


def _content_item(
    item: Any, where: str, source: str, problems: list[Problem], out: dict[int, list[str]]
) -> None:
    if not isinstance(item, dict):
        problems.append(
            Problem(source, where, f"expected {{level, criteria}}, got {describe(item)}")
        )
        return
    level = item.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 20:
        problems.append(
            Problem(
                source,
                f"{where}.level",
                f"expected a level number (1, 2, ...), got {describe(level)}",
            )
        )
        return
    criteria = item.get("criteria")
    if criteria is None:
        criteria = []
    if not isinstance(criteria, list):
        problems.append(
            Problem(
                source,
                f"{where}.criteria",
                f"expected a list of behaviour criteria, got {describe(criteria)}",
            )
        )
        return
    for k, criterion in enumerate(criteria):
        if isinstance(criterion, str) and _squash(criterion):
            out.setdefault(level, []).append(_squash(criterion))
        else:
            problems.append(
                Problem(
                    source,
                    f"{where}.criteria[{k}]",
                    f"expected the text of a behaviour criterion, got {describe(criterion)}",
                )
            )


def _topics_from_body(body: str, source: str, problems: list[Problem]) -> list[_Topic]:
    """`## Level N` sections, each with `### Topic` headings and paragraphs under them."""
    topics: dict[str, _Topic] = {}
    level: int | None = None
    topic: _Topic | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if topic is not None and level is not None and paragraph:
            topic.criteria.setdefault(level, []).append(_squash(" ".join(paragraph)))
        paragraph.clear()

    for line in body.splitlines():
        stripped = line.strip()
        heading = _LEVEL_HEADING.fullmatch(stripped)
        if heading:
            flush()
            level, topic = int(heading.group(1)), None
            continue
        heading = _TOPIC_HEADING.fullmatch(stripped)
        if heading and level is not None:
            flush()
            title = heading.group(1)
            key = slugify(title) or title
            topic = topics.setdefault(key, _Topic(title, title, {}))
            continue
        if _OTHER_HEADING.fullmatch(stripped):
            flush()
            level, topic = None, None
        elif not stripped or _RULE.fullmatch(stripped):
            flush()
        elif topic is not None:
            paragraph.append(stripped)
    flush()
    return list(topics.values())


# --- building the framework ------------------------------------------------------------------


def _framework(
    topics: list[_Topic], count: int, *, framework_id: str, name: str, source_name: str
) -> dict[str, Any]:
    levels = [f"l{n}" for n in range(1, count + 1)]
    ids = _competency_ids(topics)
    competencies: list[dict[str, Any]] = []
    for cid, topic in zip(ids, topics, strict=True):
        title = _plain(topic.title) or _plain(topic.name).capitalize() or cid
        competencies.append(
            {
                "id": cid,
                "name": title,
                "description": f"{title}, as the {name} describes it level by level "
                f"(see anchors). Imported from {source_name}.",
                "quadrant": {"altitude": TODO, "facing": TODO},
                "group": None,
                "unlocks": [],
                "anchors": {
                    f"l{lv}": _anchor(topic.criteria[lv]) for lv in sorted(topic.criteria)
                },
            }
        )
    return {
        "id": framework_id,
        "name": name,
        "version": "1",
        "description": f"Imported from {source_name} (progression-framework format): "
        f"{len(competencies)} competencies with behaviour criteria for {count} levels.",
        "scale": {"min": 0, "max": 5, "labels": dict(SCALE_LABELS)},
        "competencies": competencies,
        "levels": [
            {
                "id": level_id,
                "rank": rank,
                "title": f"Level {rank}",
                "scope": "",
                "impact": "",
                "behaviours": [],
            }
            for rank, level_id in enumerate(levels, start=1)
        ],
        "targets": {
            level_id: {cid: {"score": TODO, "must_have": TODO} for cid in ids}
            for level_id in levels
        },
        "specializations": [],
    }


def _competency_ids(topics: list[_Topic]) -> list[str]:
    ids: list[str] = []
    for n, topic in enumerate(topics, start=1):
        base = slugify(topic.name) or slugify(_plain(topic.title)) or f"competency-{n}"
        cid, k = base, 2
        while cid in ids:
            cid, k = f"{base}-{k}", k + 1
        ids.append(cid)
    return ids


def _anchor(criteria: list[str]) -> str:
    """One criterion as it is; several as one line each, so none is lost or merged."""
    return criteria[0] if len(criteria) == 1 else "\n".join(f"- {c}" for c in criteria)


# --- text helpers ------------------------------------------------------------------------------


_DROP_CATEGORIES = {"So", "Sk", "Cf", "Cs", "Co", "Cn"}


def _plain(text: str) -> str:
    """'🚀 Product Framework' -> 'Product Framework': emoji, symbols and joiners removed."""
    kept = "".join(
        " "
        if unicodedata.category(ch) in _DROP_CATEGORIES or 0xFE00 <= ord(ch) <= 0xFE0F
        else ch
        for ch in text
    )
    return _squash(kept)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_slug(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value) is not None


def _license_summary(path: Path, shown: str) -> str:
    try:
        lines = [line.strip() for line in read_text(path, shown, "a licence").splitlines()]
    except InputError:  # missing, unreadable, a device or too large: point at it instead
        return f"License: see {shown}"
    lines = [line for line in lines if line]
    kind = lines[0] if lines and "license" in lines[0].lower() else "License"
    holder = next((line for line in lines if line.lower().startswith("copyright")), None)
    return f"{kind}, {holder} ({shown})" if holder else f"{kind} ({shown})"


# --- YAML layout -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    flow = set(value) in ({"altitude", "facing"}, {"score", "must_have"})
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


__all__ = [
    "ImportedFramework",
    "dump_framework_yaml",
    "find_license",
    "import_header",
    "import_progression_file",
    "progression_to_framework",
    "slugify",
]
