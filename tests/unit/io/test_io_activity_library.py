"""Activity library files: loading, merging over the built-in, and the template rules."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import rung.io.builtin_content as content
from rung.core.activities import LearningTemplate, MilestoneTemplate, Observer, StretchTemplate
from rung.core.errors import InputError, Problem
from rung.io import clear_caches
from rung.io.activity_library import load_activity_file, load_activity_library
from rung.io.activity_library import validate_activity_library as validate
from rung.io.activity_library import validate_activity_path as validate_path

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = FIXTURES / "activities-tiny.yaml"


def library_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))
    return data


def research(data: dict[str, Any]) -> dict[str, Any]:
    """The senior band of the fixture's one competency."""
    result: dict[str, Any] = data["competencies"]["user-research"]["bands"]["senior"]
    return result


def entry(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = data["competencies"]["user-research"]
    return result


SENIOR = "competencies.user-research.bands.senior"


def at(found: list[Problem], where: str) -> str:
    matching = [p.message for p in found if p.where == where]
    assert len(matching) == 1, [str(p) for p in found]
    return matching[0]


@pytest.fixture
def builtin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in for rung/content with the tiny library as the 'pmwheel' built-in."""
    (tmp_path / "activities").mkdir()
    data = library_data()
    fallback = {"framework": "fallback", "quadrants": data["quadrants"]}
    (tmp_path / "activities" / "fallback.yaml").write_text(yaml.safe_dump(fallback), "utf-8")
    (tmp_path / "activities" / "acme").mkdir()
    one = {"competency": "user-research", **data["competencies"]["user-research"]}
    (tmp_path / "activities" / "acme" / "user-research.yaml").write_text(yaml.safe_dump(one),
                                                                          "utf-8")
    monkeypatch.setattr(content, "content_root", lambda: tmp_path)
    clear_caches()
    yield tmp_path
    clear_caches()


# --- loading ---------------------------------------------------------------------------------


def test_a_library_file_loads_into_activity_sets_per_band() -> None:
    library = load_activity_file(LIBRARY)

    content = library.by_competency["user-research"]
    aset = content.bands["senior"]
    assert aset.competency == "user-research"
    assert aset.observer == Observer("someone who watches you interview, for example a design "
                                     "lead", ("design", "research"))
    assert aset.lever == "bring what customers said into the argument"
    assert aset.bloom_target == "apply"
    assert aset.rep_minutes == 20
    assert aset.stretch[0] == StretchTemplate(
        "Run the discovery interviews for {product_area} and share what you heard",
        "an insight memo with 5 quotes, reviewed by {provider}",
        ("product_area",),
        artifact="insight memo",
        milestones=(
            MilestoneTemplate("Draft the insight memo", "with {provider}",
                              "at least 3 interviews in it"),
            MilestoneTemplate("Present the insight memo", "to {manager} and the design lead",
                              "at least 1 decision changed by the evidence"),
        ),
    )
    assert aset.learning == (
        LearningTemplate("Teresa Torres, Continuous Discovery Habits", "chapters 5-7", 120),
    )
    [fallback] = library.by_quadrant["strategic-internal"]
    assert fallback.competency == "strategic-internal"
    assert fallback.lever == ""  # optional for fallbacks


def test_a_band_the_file_leaves_out_borrows_the_nearest_one() -> None:
    content = load_activity_file(LIBRARY).by_competency["user-research"]

    assert content.bands["leading"] == content.bands["senior"]
    assert content.bands["entering"].coaching.startswith("Replay one interview note")


def test_a_specialization_overlay_changes_only_what_it_names() -> None:
    content = load_activity_file(LIBRARY).by_competency["user-research"]

    platform = content.for_target("senior", "platform")
    assert platform.coaching == "Which team would miss the platform most, and why?"
    assert platform.observer.roles == ("engineer",)
    assert platform.stretch == content.bands["senior"].stretch
    assert content.for_target("senior", "growth") == content.bands["senior"]


def test_a_folder_holds_one_file_per_competency_named_after_it(tmp_path: Path) -> None:
    one = {"competency": "user-research", **entry(library_data())}
    (tmp_path / "user-research.yaml").write_text(yaml.safe_dump(one), "utf-8")

    assert set(load_activity_file(tmp_path).by_competency) == {"user-research"}

    (tmp_path / "user-research.yaml").rename(tmp_path / "research.yaml")
    [problem] = validate_path(tmp_path)
    assert "named 'research' but describes 'user-research'" in problem.message


def test_the_first_library_format_gets_one_message_with_the_way_to_convert() -> None:
    data = library_data()
    data["competencies"]["user-research"] = {
        "feedback_role": "a design lead", "coaching": "x",
        "stretch": [{"text": "Run it", "output": "o"}],
        "learning": [{"title": "t", "scope": "s"}],
        "milestones": [{"action": "a", "context": "c", "threshold": "2"}],
    }

    [problem] = validate(data, "lib.yaml")

    assert problem.where == "competencies.user-research"
    assert "first library format" in problem.message
    assert "`bands:" in problem.message
    assert "observer" in problem.message


def test_the_builtin_fallback_and_framework_file_merge(builtin_dir: Path) -> None:
    library = load_activity_library("acme")

    assert set(library.by_competency) == {"user-research"}
    assert set(library.by_quadrant) == {"strategic-internal"}
    assert load_activity_library("other").by_competency == {}  # fallback only


def test_a_company_file_goes_over_the_builtin(builtin_dir: Path, tmp_path: Path) -> None:
    data = library_data()
    research(data)["coaching"] = "Our own coaching prompt"
    data["framework"] = "acme"
    del data["quadrants"]
    extra = tmp_path / "ours.yaml"
    extra.write_text(yaml.safe_dump(data), encoding="utf-8")

    library = load_activity_library("acme", extra)

    assert library.activity_set("user-research", "senior") is not None
    assert library.by_competency["user-research"].bands["senior"].coaching == (
        "Our own coaching prompt")
    assert "strategic-internal" in library.by_quadrant  # kept from the built-in


def test_a_company_file_for_another_framework_is_refused(builtin_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(LIBRARY.read_text("utf-8"), encoding="utf-8")  # says framework: tiny

    with pytest.raises(InputError) as exc:
        load_activity_library("acme", extra)

    assert "this library is for framework 'tiny' but the plan uses 'acme'" in at(
        exc.value.problems, "framework"
    )


def test_builtin_libraries_are_cached(builtin_dir: Path) -> None:
    first = load_activity_library("acme")
    (builtin_dir / "activities" / "fallback.yaml").write_text("broken: [", "utf-8")

    assert load_activity_library("acme") is first
    clear_caches()
    with pytest.raises(InputError, match="not valid YAML"):
        load_activity_library("acme")


def test_a_missing_builtin_fallback_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(content, "content_root", lambda: tmp_path)
    clear_caches()
    try:
        with pytest.raises(InputError, match="built-in activity library is missing"):
            load_activity_library("pm-quadrants")
    finally:
        clear_caches()


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.txt"
    shutil.copy(LIBRARY, path)

    with pytest.raises(InputError, match=r"\.yaml, \.yml or \.json"):
        load_activity_file(path)


# --- rules -----------------------------------------------------------------------------------


def test_the_fixture_is_clean() -> None:
    assert validate(library_data(), "lib.yaml") == []


def test_only_the_known_placeholders_are_allowed() -> None:
    data = library_data()
    research(data)["coaching"] = "Ask {mangaer} about {competency}"

    message = at(validate(data, "lib.yaml"), f"{SENIOR}.coaching")

    assert "unknown placeholder {mangaer} (did you mean 'manager'?)" in message
    assert "allowed: {competency}, {product_area}, {event}, {provider}, {manager}" in message


def test_event_and_product_area_only_in_stretch_templates_that_declare_them() -> None:
    data = library_data()
    research(data)["stretch"][1]["text"] = "Present at the {event}"
    research(data)["stretch"][1]["milestones"][0]["context"] = "to the {product_area} team"
    research(data)["coaching"] = "Prepare for the {event}"

    found = validate(data, "lib.yaml")

    assert "`events: [kind, ...]`" in at(found, f"{SENIOR}.stretch[1].text")
    assert "`requires: [product_area]`" in at(found, f"{SENIOR}.stretch[1].milestones[0].context")
    assert "only known in a stretch template" in at(found, f"{SENIOR}.coaching")


def test_every_set_needs_a_stretch_that_works_without_context() -> None:
    data = library_data()
    research(data)["stretch"] = [research(data)["stretch"][0]]

    message = at(validate(data, "lib.yaml"), f"{SENIOR}.stretch")

    assert "add one with neither `events` nor `requires`" in message


def test_milestone_thresholds_need_a_number() -> None:
    data = library_data()
    research(data)["stretch"][0]["milestones"][0]["threshold"] = "good feedback"
    research(data)["stretch"][0]["milestones"][1]["threshold"] = "sent within 2 weeks"

    found = validate(data, "lib.yaml")

    where = f"{SENIOR}.stretch[0].milestones"
    assert at(found, f"{where}[0].threshold").startswith("threshold 'good feedback' has no number")
    assert "durations and dates do not count" in at(found, f"{where}[1].threshold")


def test_every_milestone_names_its_stretch_artifact() -> None:
    data = library_data()
    research(data)["stretch"][0]["milestones"][1]["action"] = "Present the findings"
    research(data)["stretch"][1]["output"] = "a page of notes"

    found = validate(data, "lib.yaml")

    assert "does not name the stretch's output 'insight memo'" in at(
        found, f"{SENIOR}.stretch[0].milestones[1]")
    assert "does not name the artifact 'decision memo'" in at(found, f"{SENIOR}.stretch[1].output")


def test_stretch_work_that_reads_as_learning_is_refused() -> None:
    data = library_data()
    research(data)["stretch"][1]["text"] = "Read two books on interviewing"

    message = at(validate(data, "lib.yaml"), f"{SENIOR}.stretch[1].text")

    assert "reads as learning, not real work" in message


def test_a_follow_up_counts_from_an_event() -> None:
    data = library_data()
    research(data)["stretch"][1]["follow_up_days"] = 7

    message = at(validate(data, "lib.yaml"), f"{SENIOR}.stretch[1].follow_up_days")

    assert "counts from the template's event" in message


def test_learning_scope_must_not_be_empty() -> None:
    data = library_data()
    research(data)["learning"][0]["scope"] = " "
    data["quadrants"]["strategic-internal"][0]["learning"][0].pop("scope")

    found = validate(data, "lib.yaml")

    assert at(found, f"{SENIOR}.learning[0].scope")
    assert "required but missing" in at(found, "quadrants.strategic-internal[0].learning[0].scope")


def test_bloom_target_is_one_of_the_six_levels() -> None:
    data = library_data()
    research(data)["bloom_target"] = "analyse"

    message = at(validate(data, "lib.yaml"), f"{SENIOR}.bloom_target")

    assert "'analyse' is not a Bloom level (did you mean 'analyze'?)" in message
    assert "know, understand, apply, analyze, synthesize, evaluate" in message


def test_requires_names_only_context_keys_and_quadrants_only_the_four() -> None:
    data = library_data()
    research(data)["stretch"][0]["requires"] = ["product_area", "budget"]
    data["quadrants"]["strategic-inside"] = data["quadrants"].pop("strategic-internal")

    found = validate(data, "lib.yaml")

    requires = at(found, f"{SENIOR}.stretch[0].requires[1]")
    assert "'budget' is not allowed" in requires
    assert "did you mean 'strategic-internal'?" in at(found, "quadrants.strategic-inside")


def test_unbalanced_braces_are_reported() -> None:
    data = library_data()
    research(data)["weekly_rep"]["text"] = "Log one {competency insight"
    found = validate(data, "lib.yaml")

    assert "unbalanced braces" in at(found, f"{SENIOR}.weekly_rep.text")


def test_competency_ids_are_checked_when_the_framework_is_known() -> None:
    found = validate(
        library_data(),
        "lib.yaml",
        framework_id="tiny",
        competency_ids=["user-reserch", "delivery"],
    )

    assert "unknown competency 'user-research' for framework tiny" in at(
        found, "competencies.user-research"
    )


def test_a_set_needs_each_component() -> None:
    data = library_data()
    del research(data)["coaching"]
    research(data)["stretch"][1]["milestones"] = []
    del entry(data)["observer"]

    found = validate(data, "lib.yaml")

    assert "'coaching' is required" in at(found, f"{SENIOR}.coaching")
    assert "add at least one milestone" in at(found, f"{SENIOR}.stretch[1].milestones")
    assert "'observer' is required" in at(found, "competencies.user-research.observer")


def test_placeholders_left_to_fill_in_and_unknown_keys() -> None:
    data = library_data()
    research(data)["coaching"] = "TODO"
    research(data)["stretchs"] = []

    found = validate(data, "lib.yaml")

    assert "placeholder left to fill in" in at(found, f"{SENIOR}.coaching")
    assert "did you mean 'stretch'?" in at(found, f"{SENIOR}.stretchs")


def test_an_invalid_file_raises_every_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(library_data())
    research(data)["bloom_target"] = "master"
    research(data)["stretch"][0]["milestones"][0]["threshold"] = "done"
    path = tmp_path / "lib.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")

    with pytest.raises(InputError) as exc:
        load_activity_file(path)

    assert len(exc.value.problems) == 2
    assert {p.source for p in exc.value.problems} == {str(path)}
