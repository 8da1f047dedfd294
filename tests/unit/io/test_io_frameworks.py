"""Framework files: loading, the contract shape, round trips, and every validation rule."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import rung.io.builtin_content as content
from rung.core.errors import InputError, Problem
from rung.core.framework import Quadrant, Target
from rung.io import clear_caches
from rung.io.frameworks import (
    BUILTIN_FRAMEWORKS,
    framework_to_dict,
    is_warning,
    list_frameworks,
    load_framework,
    validate_framework,
    validate_framework_file,
)

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny-framework.yaml"


def tiny_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    return data


def messages(problems: list[Problem]) -> list[str]:
    return [f"{p.where}: {p.message}" for p in problems]


def only(problems: list[Problem], where: str) -> Problem:
    found = [p for p in problems if p.where == where]
    assert len(found) == 1, messages(problems)
    return found[0]


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


# --- loading ---------------------------------------------------------------------------------


def test_a_framework_file_loads_into_the_core_dataclasses() -> None:
    fw = load_framework(TINY)

    assert (fw.id, fw.name, fw.version) == ("tiny", "Tiny PM framework", "1")
    assert (fw.scale.min, fw.scale.max, fw.scale.labels[0]) == (0, 5, "No experience")
    assert [c.id for c in fw.competencies][:2] == ["user-research", "stakeholder-communication"]
    research = fw.competency("user-research")
    assert research.quadrant == Quadrant("tactical", "external")
    assert research.unlocks == ("product-strategy",)
    assert research.anchors == {"pm": "Runs interviews each sprint"}
    assert fw.level("pm").behaviours == ("Owns a roadmap",)
    assert fw.specialization("growth").quadrant_weights == {
        "strategic-external": 1.25,
        "tactical-external": 1.1,
    }


def test_shorthands_quadrant_as_key_and_target_as_bare_score() -> None:
    fw = load_framework(TINY)

    assert fw.competency("delivery").quadrant == Quadrant("tactical", "internal")
    assert fw.targets["apm"]["stakeholder-communication"] == Target(2.0, must_have=False)
    assert fw.targets["pm"]["delivery"] == Target(3.0, must_have=True)


def test_a_path_given_as_text_loads_too() -> None:
    assert load_framework(str(TINY)).id == "tiny"


def test_a_json_framework_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(tiny_data()), encoding="utf-8")

    assert load_framework(path) == load_framework(TINY)


def test_unknown_builtin_id_lists_the_builtins_and_suggests_the_closest() -> None:
    with pytest.raises(InputError) as exc:
        load_framework("pm-quadrant")

    (problem,) = exc.value.problems
    assert problem.where == "framework"
    assert "unknown framework 'pm-quadrant'" in problem.message
    assert "did you mean 'pm-quadrants'?" in problem.message
    for fid in BUILTIN_FRAMEWORKS:
        assert fid in problem.message


def test_a_missing_framework_file_is_named() -> None:
    with pytest.raises(InputError) as exc:
        load_framework(Path("no/such/framework.yaml"))

    assert "framework file not found: 'no/such/framework.yaml'" in str(exc.value)


def test_a_framework_file_of_another_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fw.txt"
    path.write_text("id: x", encoding="utf-8")

    with pytest.raises(InputError, match=r"unsupported file type '\.txt'.*\.yaml, \.yml or \.json"):
        load_framework(path)


def test_an_invalid_file_raises_every_problem_naming_the_file(tmp_path: Path) -> None:
    data = tiny_data()
    data["scale"] = {"min": 5, "max": 0}
    data["levels"][0]["title"] = "TODO"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")

    with pytest.raises(InputError) as exc:
        load_framework(path)

    assert {p.source for p in exc.value.problems} == {str(path)}
    assert {p.where for p in exc.value.problems} >= {"scale", "levels[0].title"}


def test_yaml_syntax_errors_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text("id: x\nname: [unclosed\n", encoding="utf-8")

    with pytest.raises(InputError) as exc:
        load_framework(path)

    (problem,) = exc.value.problems
    assert problem.where.startswith("line ")
    assert "not valid YAML" in problem.message


# --- contract shape and round trip --------------------------------------------------------


def test_framework_to_dict_has_the_contract_shape() -> None:
    data = framework_to_dict(load_framework(TINY))

    assert list(data) == [
        "id",
        "name",
        "version",
        "description",
        "scale",
        "competencies",
        "levels",
        "targets",
        "specializations",
    ]
    assert set(data["scale"]) == {"min", "max", "labels"}
    assert set(data["competencies"][0]) == {
        "id",
        "name",
        "description",
        "quadrant",
        "group",
        "unlocks",
        "anchors",
    }
    assert data["competencies"][0]["quadrant"] == {"altitude": "tactical", "facing": "external"}
    assert set(data["levels"][0]) == {"id", "rank", "title", "scope", "impact", "behaviours"}
    assert data["targets"]["apm"]["stakeholder-communication"] == {"score": 2, "must_have": False}
    assert set(data["specializations"][1]) == {"id", "name", "description", "quadrant_weights"}


def test_round_trip_through_yaml_and_json_files(tmp_path: Path) -> None:
    fw = load_framework(TINY)
    as_yaml = tmp_path / "dumped.yaml"
    as_json = tmp_path / "dumped.json"
    as_yaml.write_text(yaml.safe_dump(framework_to_dict(fw), sort_keys=False), encoding="utf-8")
    as_json.write_text(json.dumps(framework_to_dict(fw)), encoding="utf-8")

    assert load_framework(as_yaml) == fw
    assert load_framework(as_json) == fw
    assert validate_framework(framework_to_dict(fw), "dumped") == []


# --- validation rules -------------------------------------------------------------------------


def test_a_valid_framework_has_no_problems() -> None:
    assert validate_framework(tiny_data(), "tiny.yaml") == []


def test_required_keys_are_named() -> None:
    data = tiny_data()
    del data["version"]
    del data["competencies"][0]["quadrant"]

    problems = validate_framework(data, "fw.yaml")

    assert "required but missing" in only(problems, "version").message
    assert "'quadrant' is required" in only(problems, "competencies[0].quadrant").message


def test_unknown_keys_are_typos_with_a_suggestion() -> None:
    data = tiny_data()
    data["specialisations"] = data.pop("specializations")

    problem = only(validate_framework(data, "fw.yaml"), "specialisations")

    assert "unknown key 'specialisations' (did you mean 'specializations'?)" in problem.message


def test_ids_must_be_unique() -> None:
    data = tiny_data()
    data["competencies"][2]["id"] = "user-research"
    data["levels"][1]["rank"] = 1

    problems = validate_framework(data, "fw.yaml")

    assert "duplicate competency id 'user-research' (also competencies[0])" in (
        only(problems, "competencies[2].id").message
    )
    assert "rank 1 is also the rank of level 'apm'" in only(problems, "levels[1].rank").message


def test_quadrant_values_are_checked_with_a_suggestion() -> None:
    data = tiny_data()
    data["competencies"][0]["quadrant"] = {"altitude": "strategik", "facing": "internal"}
    data["competencies"][1]["quadrant"] = "strategic-inside"

    problems = validate_framework(data, "fw.yaml")

    altitude = only(problems, "competencies[0].quadrant.altitude").message
    assert "'strategik' is not allowed (did you mean 'strategic'?)" in altitude
    assert "'strategic' or 'tactical'" in altitude
    assert (
        "strategic-internal, strategic-external"
        in only(problems, "competencies[1].quadrant").message
    )


def test_unlocks_must_name_existing_competencies_and_not_itself() -> None:
    data = tiny_data()
    data["competencies"][1]["unlocks"] = ["stakeholder-communication", "usr-research"]

    problems = validate_framework(data, "fw.yaml")

    assert "unlocks itself" in only(problems, "competencies[1].unlocks[0]").message
    assert "unknown competency 'usr-research' (did you mean 'user-research'?)" in (
        only(problems, "competencies[1].unlocks[1]").message
    )


def test_every_level_needs_a_target_for_every_competency() -> None:
    data = tiny_data()
    del data["targets"]["apm"]["delivery"]
    del data["targets"]["senior-pm"]

    problems = validate_framework(data, "fw.yaml")

    assert "no target for delivery" in only(problems, "targets.apm").message
    assert "no targets for level 'senior-pm'" in only(problems, "targets").message


def test_targets_name_known_levels_and_competencies_within_the_scale() -> None:
    data = tiny_data()
    data["targets"]["pm"]["market-insight"] = 9
    data["targets"]["pm"]["delivery"] = {"score": -1, "must_have": True}
    data["targets"]["pm"]["delivry"] = 2
    data["targets"]["staff-pm"] = {}

    problems = validate_framework(data, "fw.yaml")

    assert "target 9 is outside the scale; use a number from 0 to 5" in (
        only(problems, "targets.pm.market-insight").message
    )
    assert "target -1 is outside" in only(problems, "targets.pm.delivery.score").message
    assert "did you mean 'delivery'?" in only(problems, "targets.pm.delivry").message
    assert "unknown level 'staff-pm'" in only(problems, "targets.staff-pm").message


def test_a_target_that_drops_with_the_level_is_a_warning_and_still_loads(tmp_path: Path) -> None:
    data = tiny_data()
    data["targets"]["senior-pm"]["market-insight"] = 1

    problems = validate_framework(data, "fw.yaml")
    warning = only(problems, "targets.senior-pm.market-insight")
    path = tmp_path / "dropping.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")

    assert is_warning(warning)
    assert "target 1 at level 'senior-pm' is below 2 at 'pm'" in warning.message
    assert load_framework(path).targets["senior-pm"]["market-insight"].score == 1


def test_scale_min_must_be_below_max() -> None:
    data = tiny_data()
    data["scale"] = {"min": 5, "max": 5}

    assert "min (5) must be below max (5)" in only(validate_framework(data, "f"), "scale").message


def test_scores_must_be_numbers_not_booleans() -> None:
    data = tiny_data()
    data["targets"]["pm"]["delivery"] = {"score": True}

    problem = only(validate_framework(data, "f"), "targets.pm.delivery.score")

    assert "expected a number, got true (a yes/no value)" in problem.message


def test_quadrant_weights_use_the_four_keys_and_positive_numbers() -> None:
    data = tiny_data()
    data["specializations"][1]["quadrant_weights"] = {
        "strategic-externa": 1.2,
        "tactical-internal": 0,
        "tactical-external": "high",
    }

    problems = validate_framework(data, "f")

    key = only(problems, "specializations[1].quadrant_weights.strategic-externa").message
    assert "did you mean 'strategic-external'?" in key
    assert "strategic-internal, strategic-external, tactical-internal, tactical-external" in key
    zero = only(problems, "specializations[1].quadrant_weights.tactical-internal").message
    assert "expected a positive number" in zero
    assert "got 0" in zero
    assert (
        "got 'high'"
        in only(problems, "specializations[1].quadrant_weights.tactical-external").message
    )


@pytest.mark.parametrize("text", ["TODO", "TODO: describe it", "<fill in>", "Scope: ??"])
def test_placeholders_left_by_an_importer_are_reported(text: str) -> None:
    data = tiny_data()
    data["levels"][2]["impact"] = text

    problem = only(validate_framework(data, "imported.yaml"), "levels[2].impact")

    assert problem.message.startswith("placeholder left to fill in")
    assert problem.source == "imported.yaml"


def test_ids_must_be_lowercase_slugs() -> None:
    data = tiny_data()
    data["levels"][0]["id"] = "Senior PM"

    assert "not a valid id" in only(validate_framework(data, "f"), "levels[0].id").message


def test_non_mapping_data_is_one_clear_problem() -> None:
    (problem,) = validate_framework(["a", "list"], "f.yaml")

    assert "expected key: value pairs" in problem.message


def test_all_problems_are_collected_in_one_pass() -> None:
    data = copy.deepcopy(tiny_data())
    data["nme"] = "typo"
    data["competencies"][0]["quadrant"] = "nowhere"
    data["competencies"][1]["unlocks"] = ["ghost"]
    data["targets"]["senior-pm"]["delivery"] = 7
    data["levels"][0]["title"] = "<fill in>"

    assert len(validate_framework(data, "f")) == 5


# --- built-ins and the cache -----------------------------------------------------------------


@pytest.mark.usefixtures("fresh_caches")
def test_builtin_loads_are_cached_until_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frameworks").mkdir()
    builtin = tmp_path / "frameworks" / "pm-ladder.yaml"
    shutil.copy(TINY, builtin)
    monkeypatch.setattr(content, "content_root", lambda: tmp_path)

    first = load_framework("pm-ladder")
    builtin.write_text("not: [a framework", encoding="utf-8")  # not read again: cached

    assert load_framework("pm-ladder") is first
    clear_caches()
    with pytest.raises(InputError, match="not valid YAML"):
        load_framework("pm-ladder")


@pytest.mark.usefixtures("fresh_caches")
def test_a_missing_builtin_file_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(content, "content_root", lambda: tmp_path)

    with pytest.raises(InputError, match="built-in framework file is missing"):
        load_framework("pmwheel")


def test_list_frameworks_returns_the_builtins_in_order() -> None:
    assert [fw.id for fw in list_frameworks()] == list(BUILTIN_FRAMEWORKS)


# --- validating a file -----------------------------------------------------------------------


def test_validate_framework_file_reports_file_and_content_problems(tmp_path: Path) -> None:
    data = tiny_data()
    data["targets"]["senior-pm"]["market-insight"] = 1  # a warning
    data["levels"][0]["scope"] = "??"  # an error
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")

    found = validate_framework_file(path)

    assert validate_framework_file(TINY) == []
    assert sorted(p.where for p in found) == ["levels[0].scope", "targets.senior-pm.market-insight"]
    assert [is_warning(p) for p in found if p.where.startswith("targets")] == [True]
    assert "the file is empty" in validate_framework_file(empty)[0].message
    assert "unsupported file type" in validate_framework_file(tmp_path / "fw.toml")[0].message


def test_a_framework_file_is_parsed_once_per_version(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    shutil.copy(TINY, path)

    first = load_framework(path)
    again = load_framework(path)
    data = tiny_data()
    data["name"] = "Renamed framework"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")

    assert again is first
    assert load_framework(path).name == "Renamed framework"
