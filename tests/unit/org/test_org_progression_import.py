"""Frameworks in the progression-framework format, imported into rung's framework file."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from rung.cli.main import cli
from rung.core.errors import InputError
from rung.io.frameworks import load_framework, validate_framework
from rung.io.progression_import import (
    import_progression_file,
    progression_to_framework,
    slugify,
)

from factories import MONZO

MONZO_FILES = ["product.md", "generic.md", "user-research.md"]
QUADRANTS = [("strategic", "external"), ("strategic", "internal"),
             ("tactical", "external"), ("tactical", "internal")]

SMALL = """\
---
path: "/small"
title: "🧪 Small Framework"
levels: 3
topics:
  - name: "problem solving"
    title: "🧠 Problem solving"
    content:
      - level: 1
        criteria:
          - "Asks why before how."
          - "Writes down the problem in one sentence."
      - level: 3
        criteria:
          - "Reframes   ambiguous problems
             for the whole group."
  - name: "data skills"
    title: "👨‍💻 Data Skills"
    content:
      - level: 2
        criteria:
          - "Sets up the metrics to track."
  - name: "Data Skills!"
    title: "📊 Data skills (again)"
    content: []
---
"""

BODY_FORMAT = """\
---
title: "🎯 Research Framework"
yaml: false
levels:
---
## Level 1

### Knowledge

Knows the basic methods.

### Ownership

Runs small studies.
With help.

---

## Level 2

### Knowledge

Knows when each method fits.

Explains the limits.
"""


def write(tmp_path: Path, text: str, name: str = "small.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return data


def fill_in(data: dict[str, Any]) -> dict[str, Any]:
    """What a user would do: a quadrant per competency, rising targets, two must-haves."""
    quadrants = itertools.cycle(QUADRANTS)
    for comp in data["competencies"]:
        altitude, facing = next(quadrants)
        comp["quadrant"] = {"altitude": altitude, "facing": facing}
    for rank, (_, per_level) in enumerate(data["targets"].items(), start=1):
        for k, target in enumerate(per_level.values()):
            target["score"] = min(5, rank)
            target["must_have"] = k < 2
    return data


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the Monzo files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", MONZO_FILES)
def test_monzo_framework_imports_with_every_criterion_kept(name: str):
    source = MONZO / name
    imported = import_progression_file(source)
    data = imported.data
    anchors = "\n".join(a for c in data["competencies"] for a in c["anchors"].values())
    meta = front_matter(source)
    if meta.get("topics"):
        expected = [" ".join(c.split()) for t in meta["topics"] for item in t["content"]
                    for c in item["criteria"]]
        assert [c["id"] for c in data["competencies"]] == [slugify(t["name"])
                                                          for t in meta["topics"]]
        assert len(data["levels"]) == meta["levels"]
    else:  # the Markdown body form: one paragraph per topic and level
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
        expected = [" ".join(p.split()) for p in body.split("\n\n")
                    if p.strip() and not p.strip().startswith(("#", "---"))]
        assert [c["id"] for c in data["competencies"]] == ["knowledge", "ownership",
                                                          "collaboration"]
        assert len(data["levels"]) == 6
    assert expected
    assert all(criterion in anchors for criterion in expected)
    assert all(c["name"] == c["name"].strip() and c["name"].isascii()
               for c in data["competencies"])


def test_monzo_product_topics_become_competencies_with_plain_names():
    data = import_progression_file(MONZO / "product.md").data
    assert (data["id"], data["name"]) == ("product", "Product Framework")
    assert [(c["id"], c["name"]) for c in data["competencies"]] == [
        ("problem-solving", "Problem solving"),
        ("user-centricity", "User-centricity"),
        ("data-skills", "Data Skills"),
        ("domain-knowledge", "Domain Knowledge"),
        ("execution", "Execution"),
        ("works-through-others", "Works Through Others"),
        ("feedback", "Communication and Feedback"),
    ]
    assert [lv["id"] for lv in data["levels"]] == ["l1", "l2", "l3", "l4"]
    assert [lv["rank"] for lv in data["levels"]] == [1, 2, 3, 4]
    first = data["competencies"][0]
    assert first["anchors"]["l4"].splitlines()[0].startswith("- Successfully leads initiatives")
    assert first["unlocks"] == []
    assert first["quadrant"] == {"altitude": "TODO",
                                                            "facing": "TODO"}
    assert data["targets"]["l2"]["feedback"] == {"score": "TODO", "must_have": "TODO"}


@pytest.mark.parametrize("name", MONZO_FILES)
def test_the_yaml_header_says_what_to_fill_in_and_credits_the_source(name: str):
    imported = import_progression_file(MONZO / name)
    header = imported.text.split("\n\n")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert f"from {name}" in header
    assert "github.com/monzo/progression-framework" in header
    assert "MIT License, Copyright (c) 2019 Monzo Bank Limited (../LICENSE)" in header
    assert "Keep this note with any copy" in header
    for what in ("quadrant", "altitude", "facing", "score", "must_have", "TODO",
                 "rung frameworks validate"):
        assert what in header
    assert yaml.safe_load(imported.text) == imported.data  # the comments change nothing


@pytest.mark.parametrize("name", MONZO_FILES)
def test_validate_flags_every_placeholder_of_an_imported_monzo_file(name: str, tmp_path: Path):
    imported = import_progression_file(MONZO / name)
    comps, levels = imported.competencies, imported.levels
    assert imported.placeholders == 2 * comps + 2 * comps * levels
    out = tmp_path / "fw.yaml"
    out.write_text(imported.text, encoding="utf-8")
    code, _, err = run_cli("frameworks", "validate", str(out))
    assert code == 2
    flagged = [line for line in err.splitlines() if "placeholder left to fill in" in line]
    assert len(flagged) == imported.placeholders
    first = imported.data["competencies"][0]["id"]
    assert any(": competencies[0].quadrant.altitude: placeholder" in line for line in flagged)
    assert any(f": targets.l{levels}.{first}.must_have: placeholder" in line
               for line in flagged)


@pytest.mark.parametrize("name", MONZO_FILES)
def test_a_filled_in_copy_validates_clean_and_plans_with_it(name: str, tmp_path: Path):
    data = fill_in(import_progression_file(MONZO / name).data)
    fw_path = tmp_path / "filled.yaml"
    fw_path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                       encoding="utf-8")
    code, out, err = run_cli("frameworks", "validate", str(fw_path))
    assert (code, err) == (0, "")
    assert out.strip() == f"{fw_path}: valid"
    framework = load_framework(fw_path)
    comps = [c.id for c in framework.competencies]
    assessment = {
        "person": {"id": "sam", "name": "Sam Okafor", "level": "l1"},
        "framework": str(fw_path),
        "assessed_on": "2026-11-02",
        "ratings": [
            {"rater": "self", "scores": {c: 1 + (i % 2) for i, c in enumerate(comps)}},
            {"rater": "manager", "name": "Jo Park", "scores": {c: 1 for c in comps}},
        ],
    }
    a_path = tmp_path / "sam.yaml"
    a_path.write_text(yaml.safe_dump(assessment, sort_keys=False), encoding="utf-8")
    code, plan, err = run_cli("plan", str(a_path), "--start", "2026-11-30")
    assert code == 0, err
    assert plan.startswith("# Development plan: Sam Okafor")
    assert "## Focus areas" in plan
    assert "Level 2" in plan


# --- small fixtures ---------------------------------------------------------------------------


def test_names_lose_emoji_and_ids_are_slugs_made_unique(tmp_path: Path):
    data = import_progression_file(write(tmp_path, SMALL)).data
    assert (data["id"], data["name"]) == ("small", "Small Framework")
    assert [(c["id"], c["name"]) for c in data["competencies"]] == [
        ("problem-solving", "Problem solving"),
        ("data-skills", "Data Skills"),
        ("data-skills-2", "Data skills (again)"),
    ]


def test_each_criterion_is_kept_on_its_own_line_of_its_levels_anchor(tmp_path: Path):
    data = import_progression_file(write(tmp_path, SMALL)).data
    problem_solving, data_skills, again = data["competencies"]
    assert problem_solving["anchors"] == {
        "l1": "- Asks why before how.\n- Writes down the problem in one sentence.",
        "l3": "Reframes ambiguous problems for the whole group.",
    }
    assert data_skills["anchors"] == {"l2": "Sets up the metrics to track."}
    assert again["anchors"] == {}


def test_levels_and_placeholders_follow_the_levels_key(tmp_path: Path):
    imported = import_progression_file(write(tmp_path, SMALL))
    data = imported.data
    assert [lv["id"] for lv in data["levels"]] == ["l1", "l2", "l3"]
    assert [lv["title"] for lv in data["levels"]] == ["Level 1", "Level 2", "Level 3"]
    assert set(data["targets"]) == {"l1", "l2", "l3"}
    assert all(t == {"score": "TODO", "must_have": "TODO"}
               for per_level in data["targets"].values() for t in per_level.values())
    assert imported.placeholders == 2 * 3 + 2 * 3 * 3
    assert data["specializations"] == []
    assert all(c["unlocks"] == [] and c["group"] is None for c in data["competencies"])


def test_the_output_has_the_framework_file_shape_and_only_placeholders_stand_in_the_way(
    tmp_path: Path,
):
    data = import_progression_file(write(tmp_path, SMALL)).data
    assert list(data) == ["id", "name", "version", "description", "scale", "competencies",
                          "levels", "targets", "specializations"]
    problems = validate_framework(data, "small.yaml")
    assert problems
    assert all("TODO" in p.message or "'TODO'" in p.message for p in problems)
    assert validate_framework(fill_in(data), "small.yaml") == []


def test_the_markdown_body_form_is_read_level_by_level(tmp_path: Path):
    data = import_progression_file(write(tmp_path, BODY_FORMAT, "research.md")).data
    assert data["name"] == "Research Framework"
    assert [lv["id"] for lv in data["levels"]] == ["l1", "l2"]
    knowledge, ownership = data["competencies"]
    assert knowledge["anchors"] == {
        "l1": "Knows the basic methods.",
        "l2": "- Knows when each method fits.\n- Explains the limits.",
    }
    assert ownership["anchors"] == {"l1": "Runs small studies. With help."}


def test_the_id_can_be_chosen(tmp_path: Path):
    assert import_progression_file(write(tmp_path, SMALL), framework_id="acme-pm").data[
        "id"] == "acme-pm"


def test_without_a_license_file_the_header_says_to_check_the_license(tmp_path: Path):
    folder = tmp_path / "a" / "b" / "c"
    folder.mkdir(parents=True)
    text = import_progression_file(write(folder, SMALL)).text
    assert "No license file was found beside the source" in text


def test_a_license_beside_the_source_is_credited(tmp_path: Path):
    (tmp_path / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 Acme Ltd\n\n...")
    text = import_progression_file(write(tmp_path, SMALL)).text
    assert "#   MIT License, Copyright (c) 2024 Acme Ltd (LICENSE)." in text


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("# Product\nNo front matter here.\n", "line 1", "no YAML front matter"),
        ("---\ntitle: x\ntopics: []\n", "line 1", "front matter is not closed"),
        ("---\n- a\n- b\n---\n", "front matter", "expected key: value pairs"),
        ("---\ntitle: x\n---\nJust prose.\n", "front matter.topics", "no topics found"),
        ("---\ntopics: {a: 1}\n---\n", "front matter.topics", "expected a list of topics"),
    ],
)
def test_files_that_are_not_progression_frameworks_are_input_errors(
    tmp_path: Path, text: str, where: str, message: str
):
    with pytest.raises(InputError) as err:
        import_progression_file(write(tmp_path, text))
    assert [p.where for p in err.value.problems] == [where]
    assert message in err.value.problems[0].message


def test_every_problem_in_the_topics_is_reported_at_once(tmp_path: Path):
    text = """\
---
levels: 2
topics:
  - name: ""
    title: ""
    content:
      - level: 1
        criteria: ["fine"]
  - name: speed
    content:
      - level: "two"
        criteria: ["x"]
      - level: 3
        criteria: ["beyond the levels"]
      - level: 1
        criteria: [42, "ok"]
  - just text
---
"""
    with pytest.raises(InputError) as err:
        import_progression_file(write(tmp_path, text))
    assert [p.where for p in err.value.problems] == [
        "front matter.topics[0].name",
        "front matter.topics[1].content[0].level",
        "front matter.topics[1].content[2].criteria[0]",
        "front matter.topics[2]",
        "front matter.levels",
    ]
    assert "the topics describe level 3" in err.value.problems[-1].message


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [({"framework_id": "Not An Id"}, "value"), ({"framework_id": "-x"}, "value")],
)
def test_a_bad_id_is_an_input_error(tmp_path: Path, kwargs: dict[str, Any], where: str):
    with pytest.raises(InputError) as err:
        import_progression_file(write(tmp_path, SMALL), **kwargs)
    assert [(p.source, p.where) for p in err.value.problems] == [("--id", where)]


def test_only_markdown_files_are_read(tmp_path: Path):
    with pytest.raises(InputError, match=r"unsupported file type '\.yaml'"):
        import_progression_file(write(tmp_path, SMALL, "small.yaml"))


def test_progression_text_can_be_converted_without_a_file():
    data = progression_to_framework(SMALL, default_id="team")
    assert data["id"] == "team"
    assert len(data["competencies"]) == 3


@pytest.mark.parametrize(
    ("text", "slug"),
    [("problem solving", "problem-solving"), ("Works through others", "works-through-others"),
     ("Café & Co.", "cafe-co"), ("👨‍💻", ""), ("  --A_b--  ", "a-b")],
)
def test_slugify(text: str, slug: str):
    assert slugify(text) == slug
