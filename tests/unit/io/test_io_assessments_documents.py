"""Assessment files in YAML and JSON (one person each): the contract and every error class."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from rung.core.assessment import (
    Context,
    FeedbackPerson,
    Person,
    PmChoice,
    Rating,
    UpcomingEvent,
)
from rung.core.errors import InputError, Problem
from rung.io.assessments import (
    assessment_from_dict,
    load_assessment,
    load_assessments,
    validate_assessment,
)
from rung.io.frameworks import load_framework

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny-framework.yaml"


def base() -> dict[str, Any]:
    """A minimal valid assessment against the tiny test framework."""
    return {
        "person": {"id": "alex", "name": "Alex Rivera", "level": "pm"},
        "framework": str(TINY),
        "assessed_on": "2026-11-02",
        "ratings": [
            {"rater": "self", "scores": {"user-research": 3, "delivery": 2}},
            {"rater": "manager", "name": "Jordan Lee", "scores": {"user-research": 2.5}},
        ],
    }


def write(tmp_path: Path, data: Any, name: str = "alex.yaml") -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(tmp_path: Path, data: Any, name: str = "alex.yaml") -> list[Problem]:
    path = write(tmp_path, data, name)
    with pytest.raises(InputError) as exc:
        load_assessment(path)
    return exc.value.problems


def at(found: list[Problem], where: str) -> str:
    """The one message reported at `where`."""
    matching = [p.message for p in found if p.where == where]
    assert len(matching) == 1, [str(p) for p in found]
    return matching[0]


# --- happy paths -----------------------------------------------------------------------------


def test_the_contract_example_loads_into_an_assessment() -> None:
    assessment, fw = load_assessment(FIXTURES / "alex.yaml")

    assert fw.id == "tiny"
    assert assessment.framework == "tiny"
    assert assessment.person == Person(
        "alex", "Alex Rivera", "pm", "senior-pm", specialization="growth"
    )
    assert assessment.assessed_on == date(2026, 11, 2)
    assert assessment.ratings == (
        Rating("self", {"user-research": 3.0, "stakeholder-communication": 2.0}),
        Rating("manager", {"user-research": 3.0, "stakeholder-communication": 1.5}, "Jordan Lee"),
        Rating("peer", {"user-research": 4.0}, "Sam"),
    )
    assert assessment.evidence == {
        "stakeholder-communication": ("Skipped the launch review with Sales; escalation followed",)
    }
    assert assessment.context == Context(
        product_area="Checkout",
        upcoming=(UpcomingEvent("Q1 business review", date(2027, 1, 15), "business-review",
                                kind_inferred=True),),
        feedback_people=(FeedbackPerson("Priya Shah", "VP Product"),),
    )
    assert assessment.calibrated == {"stakeholder-communication": 2.0}
    assert assessment.manager_name() == "Jordan Lee"


def test_json_holds_the_same_contract_as_yaml(tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "alex.yaml").read_text(encoding="utf-8"))
    data["framework"] = str(TINY)
    data["assessed_on"] = data["assessed_on"].isoformat()
    data["context"]["upcoming"][0]["date"] = "2027-01-15"

    from_json, _ = load_assessment(write(tmp_path, data, "alex.json"))
    from_yaml, _ = load_assessment(FIXTURES / "alex.yaml")

    assert from_json == from_yaml


def test_load_assessments_returns_one_pair_for_a_document(tmp_path: Path) -> None:
    [(assessment, fw)] = load_assessments(write(tmp_path, base()))

    assert (assessment.person.id, fw.id) == ("alex", "tiny")


def test_career_changer_has_no_level_and_no_target(tmp_path: Path) -> None:
    data = base()
    data["person"] = {"id": "kim", "name": "Kim Park", "level": None}
    omitted = base()
    omitted["person"] = {"id": "kim", "name": "Kim Park"}

    null_level, _ = load_assessment(write(tmp_path, data, "null.yaml"))
    no_level, _ = load_assessment(write(tmp_path, omitted, "omitted.yaml"))

    assert null_level.person == Person("kim", "Kim Park", None, None)
    assert no_level.person == null_level.person


def test_target_level_may_be_omitted_for_the_engine_to_choose(tmp_path: Path) -> None:
    assessment, _ = load_assessment(write(tmp_path, base()))

    assert assessment.person.target_level is None


def test_optional_keys_beyond_the_contract(tmp_path: Path) -> None:
    data = base()
    data["person"].update(specialization="growth", manager="Jordan Lee")
    data["context"] = {
        "company": "Acme",
        "feedback_people": [
            {"name": "Priya Shah", "role": "VP Product", "competencies": ["market-insight"]}
        ],
    }
    data["pm_choice"] = {"replace": "delivery", "with": "market-insight", "reason": "Q1 focus"}
    data["first_action"] = "Book three customer calls"
    data["calibrated"] = {"user-research": 2.5}

    assessment, _ = load_assessment(write(tmp_path, data))

    assert assessment.person.specialization == "growth"
    assert assessment.person.manager == "Jordan Lee"
    assert assessment.context.company == "Acme"
    assert assessment.context.feedback_people[0].competencies == ("market-insight",)
    assert assessment.pm_choice == PmChoice("delivery", "market-insight", "Q1 focus")
    assert assessment.first_action == "Book three customer calls"
    assert assessment.calibrated == {"user-research": 2.5}


def test_a_single_evidence_note_may_be_written_as_text(tmp_path: Path) -> None:
    data = base()
    data["evidence"] = {"delivery": "Shipped the beta two weeks late"}

    assessment, _ = load_assessment(write(tmp_path, data))

    assert assessment.evidence == {"delivery": ("Shipped the beta two weeks late",)}


def test_a_framework_path_is_relative_to_the_assessment_file(tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "ours.yaml").write_text(TINY.read_text("utf-8"), "utf-8")
    data = base()
    data["framework"] = "frameworks/ours.yaml"

    _, fw = load_assessment(write(tmp_path, data))

    assert fw.id == "tiny"


def test_framework_override_wins_over_the_file(tmp_path: Path) -> None:
    data = base()
    data["framework"] = "pmwheel"

    _, fw = load_assessment(write(tmp_path, data), framework_override=TINY)

    assert fw.id == "tiny"


def test_without_a_framework_key_the_default_is_pm_quadrants(tmp_path: Path) -> None:
    default = load_framework("pm-quadrants")
    data = base()
    del data["framework"]
    data["person"]["level"] = default.levels_by_rank()[1].id
    first = default.competencies[0].id
    data["ratings"] = [{"rater": "self", "scores": {first: 3}}]

    assessment, fw = load_assessment(write(tmp_path, data))

    assert fw is default
    assert assessment.framework == "pm-quadrants"


def test_a_date_in_the_future_is_fine(tmp_path: Path) -> None:
    data = base()
    data["assessed_on"] = "2099-01-01"

    assessment, _ = load_assessment(write(tmp_path, data))

    assert assessment.assessed_on == date(2099, 1, 1)


def test_rater_roles_are_case_insensitive(tmp_path: Path) -> None:
    data = base()
    data["ratings"][0]["rater"] = "Self"

    assessment, _ = load_assessment(write(tmp_path, data))

    assert assessment.ratings[0].rater == "self"


def test_validate_assessment_checks_parsed_data() -> None:
    fw = load_framework(TINY)
    data = base()
    data["ratings"][0]["scores"]["delivery"] = 8

    (problem,) = validate_assessment(data, "upload.yaml", framework=fw)

    assert (problem.source, problem.where) == ("upload.yaml", "ratings[0].scores.delivery")
    assert validate_assessment(base(), framework=fw) == []


def test_assessment_from_dict_builds_from_parsed_data() -> None:
    fw = load_framework(TINY)

    assessment, used = assessment_from_dict(base(), "api body", framework=fw)

    assert used is fw
    assert assessment.ratings_by("manager")[0].scores == {"user-research": 2.5}


# --- errors: competencies and scores ---------------------------------------------------------


def test_unknown_competency_names_file_field_value_and_the_closest_id(tmp_path: Path) -> None:
    data = base()
    data["ratings"][1]["scores"]["usr-research"] = 3

    [problem] = problems(tmp_path, data)

    assert problem.source == str(tmp_path / "alex.yaml")
    assert problem.where == "ratings[1].scores.usr-research"
    assert "unknown competency 'usr-research' in framework tiny" in problem.message
    assert "(did you mean 'user-research'?)" in problem.message
    assert "valid ids: user-research, stakeholder-communication, delivery" in problem.message


def test_score_outside_the_scale_says_the_allowed_range(tmp_path: Path) -> None:
    data = base()
    data["ratings"][0]["scores"]["delivery"] = 7

    message = at(problems(tmp_path, data), "ratings[0].scores.delivery")

    assert message == (
        "score 7 is outside the scale; use a number from 0 to 5 (decimals such as 2.5 are allowed)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "not a number: 'abc'"),
        ("3,5", "use a dot for decimals: 3.5"),
        ([3], "not a number: a list"),
        (None, "not a number: nothing (null)"),
    ],
)
def test_score_that_is_not_a_number(tmp_path: Path, value: Any, expected: str) -> None:
    data = base()
    data["ratings"][0]["scores"]["delivery"] = value

    message = at(problems(tmp_path, data), "ratings[0].scores.delivery")

    assert expected in message
    assert "a number from 0 to 5" in message


@pytest.mark.parametrize("text", ["true", "yes", "on", "false"])
def test_booleans_are_not_scores(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bool.yaml"
    path.write_text(
        f"person: {{id: a, name: A, level: pm}}\nframework: {TINY}\nassessed_on: 2026-11-02\n"
        f"ratings:\n  - {{rater: self, scores: {{delivery: {text}}}}}\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as exc:
        load_assessment(path)

    assert "(a yes/no value) is not a score" in at(exc.value.problems, "ratings[0].scores.delivery")


def test_numeric_text_and_decimals_are_scores(tmp_path: Path) -> None:
    data = base()
    data["ratings"][0]["scores"] = {"delivery": "3.5", "user-research": 0}

    assessment, _ = load_assessment(write(tmp_path, data))

    assert assessment.ratings[0].scores == {"delivery": 3.5, "user-research": 0.0}


def test_a_rating_without_scores_and_an_assessment_without_ratings(tmp_path: Path) -> None:
    data = base()
    data["ratings"][1]["scores"] = {}
    none = base()
    none["ratings"] = []

    assert "add at least one score" in at(problems(tmp_path, data), "ratings[1].scores")
    assert "add at least one rating" in at(problems(tmp_path, none, "none.yaml"), "ratings")


# --- errors: person, levels, specialization --------------------------------------------------


def test_unknown_level_target_level_and_specialization_list_what_is_allowed(
    tmp_path: Path,
) -> None:
    data = base()
    data["person"].update(level="sr-pm", target_level="staff", specialization="growht")

    found = problems(tmp_path, data)

    assert at(found, "person.level") == (
        "unknown level 'sr-pm' in framework tiny (did you mean 'senior-pm'?); "
        "levels: apm, pm, senior-pm"
    )
    assert "levels: apm, pm, senior-pm" in at(found, "person.target_level")
    assert "(did you mean 'growth'?); specializations: generalist, growth" in (
        at(found, "person.specialization")
    )


def test_a_target_below_the_current_level_is_refused(tmp_path: Path) -> None:
    data = base()
    data["person"].update(level="senior-pm", target_level="pm")

    message = at(problems(tmp_path, data), "person.target_level")

    assert "target level 'pm' is below the current level 'senior-pm'" in message
    assert "choose one of: senior-pm" in message


def test_the_person_needs_an_id_and_a_name(tmp_path: Path) -> None:
    data = base()
    data["person"] = {"id": "  ", "nme": "Alex"}

    found = problems(tmp_path, data)

    assert at(found, "person.id") == "must not be empty"
    assert "'name' is required but missing" in at(found, "person.name")
    assert "unknown key 'nme' (did you mean 'name'?)" in at(found, "person.nme")


# --- errors: raters listed twice ---------------------------------------------------------------


def with_ratings(*ratings: dict[str, Any]) -> dict[str, Any]:
    data = base()
    data["ratings"] = list(ratings)
    return data


def test_a_second_self_rating_is_listed_twice(tmp_path: Path) -> None:
    data = with_ratings(
        {"rater": "self", "scores": {"delivery": 2}},
        {"rater": "self", "name": "Alex", "scores": {"user-research": 2}},
    )

    assert "a second self rating (the first is ratings[0])" in at(
        problems(tmp_path, data), "ratings[1]"
    )


def test_a_second_manager_is_listed_twice_whatever_the_name(tmp_path: Path) -> None:
    data = with_ratings(
        {"rater": "manager", "name": "Jordan Lee", "scores": {"delivery": 2}},
        {"rater": "manager", "name": "Morgan", "scores": {"delivery": 3}},
    )

    assert "a second manager rating (the first is ratings[0])" in at(
        problems(tmp_path, data), "ratings[1]"
    )


def test_the_same_named_peer_twice_is_listed_twice(tmp_path: Path) -> None:
    data = with_ratings(
        {"rater": "peer", "name": "Sam", "scores": {"delivery": 2}},
        {"rater": "peer", "name": "sam ", "scores": {"user-research": 3}},
    )

    assert "peer 'sam' is listed twice (also ratings[0])" in at(
        problems(tmp_path, data), "ratings[1]"
    )


def test_one_unnamed_peer_is_fine_but_two_are_listed_twice(tmp_path: Path) -> None:
    fine = with_ratings(
        {"rater": "peer", "scores": {"delivery": 2}},
        {"rater": "peer", "name": "Sam", "scores": {"delivery": 3}},
    )
    twice = with_ratings(
        {"rater": "peer", "scores": {"delivery": 2}},
        {"rater": "peer", "scores": {"delivery": 3}},
    )

    assessment, _ = load_assessment(write(tmp_path, fine, "fine.yaml"))
    message = at(problems(tmp_path, twice, "twice.yaml"), "ratings[1]")

    assert [r.name for r in assessment.ratings_by("peer")] == [None, "Sam"]
    assert "a second peer without a name" in message
    assert "counts as one rater listed twice" in message


def test_unknown_rater_role_suggests_and_lists_roles(tmp_path: Path) -> None:
    data = with_ratings({"rater": "mangaer", "scores": {"delivery": 2}})

    message = at(problems(tmp_path, data), "ratings[0].rater")

    assert message == (
        "'mangaer' is not a rater role (did you mean 'manager'?); use one of: self, manager, peer"
    )


# --- errors: dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["02/11/2026", "2026-11", "next monday", 20261102])
def test_malformed_dates_say_the_format(tmp_path: Path, value: Any) -> None:
    data = base()
    data["assessed_on"] = value

    message = at(problems(tmp_path, data), "assessed_on")

    assert "is not a date; write dates as YYYY-MM-DD, e.g. 2026-11-02" in message


def test_an_impossible_date_in_yaml_is_reported_with_every_other_problem(
    tmp_path: Path,
) -> None:
    path = tmp_path / "alex.yaml"
    path.write_text(
        f"person: {{id: a, name: A, level: wizard}}\nframework: {TINY}\n"
        "assessed_on: 2026-02-30\nratings: [{rater: self, scores: {delivery: 9}}]\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as exc:
        load_assessment(path)

    found = exc.value.problems
    assert at(found, "assessed_on") == (
        "'2026-02-30' is not a real date; write dates as YYYY-MM-DD, e.g. 2026-11-02"
    )
    assert {p.where for p in found} == {"assessed_on", "person.level", "ratings[0].scores.delivery"}


def test_an_impossible_date_in_json_is_named(tmp_path: Path) -> None:
    data = base()
    data["context"] = {"upcoming": [{"name": "QBR", "date": "2027-02-30"}]}

    message = at(problems(tmp_path, data, "alex.json"), "context.upcoming[0].date")

    assert "'2027-02-30' is not a real date" in message


def test_a_date_with_a_time_of_day_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alex.yaml"
    path.write_text(
        f"person: {{id: a, name: A}}\nframework: {TINY}\nassessed_on: 2026-11-02 10:30:00\n"
        "ratings: [{rater: self, scores: {delivery: 2}}]\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as exc:
        load_assessment(path)

    assert "has a time of day" in at(exc.value.problems, "assessed_on")


# --- errors: unknown keys, pm_choice, calibrated, context --------------------------------------


def test_unknown_top_level_key_suggests_the_closest(tmp_path: Path) -> None:
    data = base()
    data["ratngs"] = data.pop("ratings")

    found = problems(tmp_path, data)

    typo = at(found, "ratngs")
    assert typo.startswith("unknown key 'ratngs' (did you mean 'ratings'?); allowed keys here:")
    assert "person, framework, assessed_on, ratings" in typo
    assert "'ratings' is required but missing" in at(found, "ratings")


def test_pm_choice_names_known_competencies(tmp_path: Path) -> None:
    data = base()
    data["pm_choice"] = {"replace": "delivry", "with": "strategy"}

    found = problems(tmp_path, data)

    assert "unknown competency 'delivry'" in at(found, "pm_choice.replace")
    assert "unknown competency 'strategy'" in at(found, "pm_choice.with")


def test_pm_choice_must_swap_two_different_competencies(tmp_path: Path) -> None:
    data = base()
    data["pm_choice"] = {"replace": "delivery", "with": "delivery"}

    assert "same competency 'delivery'" in at(problems(tmp_path, data), "pm_choice")


def test_calibrated_scores_name_known_competencies_on_the_scale(tmp_path: Path) -> None:
    data = base()
    data["calibrated"] = {"user-reserch": 2, "delivery": 5.5}

    found = problems(tmp_path, data)

    assert "did you mean 'user-research'?" in at(found, "calibrated.user-reserch")
    assert "score 5.5 is outside the scale" in at(found, "calibrated.delivery")


def test_evidence_and_feedback_people_name_known_competencies(tmp_path: Path) -> None:
    data = base()
    data["evidence"] = {"delivry": ["late"]}
    data["context"] = {"feedback_people": [{"name": "Priya", "competencies": ["markt-insight"]}]}

    found = problems(tmp_path, data)

    assert "unknown competency 'delivry'" in at(found, "evidence.delivry")
    assert "did you mean 'market-insight'?" in at(
        found, "context.feedback_people[0].competencies[0]"
    )


def test_unknown_framework_in_the_file_is_reported_at_the_framework_key(tmp_path: Path) -> None:
    data = base()
    data["framework"] = "pm-ladders"

    message = at(problems(tmp_path, data), "framework")

    assert "unknown framework 'pm-ladders' (did you mean 'pm-ladder'?)" in message


# --- errors: the file itself ------------------------------------------------------------------


def test_an_empty_file(tmp_path: Path) -> None:
    for name, text in [("empty.yaml", ""), ("blank.yaml", "  \n\n"), ("comment.yaml", "# x\n")]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as exc:
            load_assessment(path)
        assert [(p.where, p.message.split(";")[0]) for p in exc.value.problems] == [
            ("file", "the file is empty")
        ]


def test_a_file_that_is_not_utf8_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("person: {id: a, name: Zoë}\n".encode("latin-1"))

    with pytest.raises(InputError) as exc:
        load_assessment(path)

    (problem,) = exc.value.problems
    assert problem.where == "line 1"
    assert "not UTF-8" in problem.message
    assert "save the file as UTF-8" in problem.message


def test_unsupported_extensions_name_the_allowed_ones(tmp_path: Path) -> None:
    for name, extra in [("a.txt", ""), ("a.xls", "the old Excel format")]:
        path = tmp_path / name
        path.write_text("x", encoding="utf-8")
        with pytest.raises(InputError) as exc:
            load_assessment(path)
        message = exc.value.problems[0].message
        assert ".yaml, .yml, .json, .csv, .xlsx" in message
        assert extra in message


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_assessment(tmp_path / "nobody.yaml")


def test_syntax_errors_and_duplicate_keys(tmp_path: Path) -> None:
    broken_json = tmp_path / "a.json"
    broken_json.write_text('{"person": {"id": "a",}}', encoding="utf-8")
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        f"person: {{id: a, name: A}}\nframework: {TINY}\nassessed_on: 2026-11-02\n"
        "ratings:\n  - rater: self\n    scores:\n      delivery: 2\n      delivery: 4\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as json_exc:
        load_assessment(broken_json)
    with pytest.raises(InputError) as dup_exc:
        load_assessment(dup)

    assert json_exc.value.problems[0].where == "line 1, column 23"
    assert "not valid JSON" in json_exc.value.problems[0].message
    assert "key 'delivery' appears twice (lines 7 and 8)" in at(
        dup_exc.value.problems, "ratings[0].scores.delivery"
    )


def test_yaml_is_read_safely(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("person: !!python/object/apply:os.system ['echo hacked']\n", "utf-8")

    with pytest.raises(InputError, match="not valid YAML"):
        load_assessment(path)


@pytest.mark.parametrize(
    "data",
    [
        ["a", "list"],
        "just text",
        {"person": [], "ratings": 5, "assessed_on": {}},
        {"person": {"id": 1, "name": True}, "ratings": [{"scores": [1, 2]}], "framework": 3},
        {"ratings": [None, "x", {"rater": None}], "context": {"upcoming": "soon"}},
        {"person": {"id": "a", "name": "A"}, "evidence": {"delivery": [1, None]}},
    ],
)
def test_garbage_is_an_input_error_never_a_traceback(tmp_path: Path, data: Any) -> None:
    data_with_framework = dict(data, framework=str(TINY)) if isinstance(data, dict) else data

    assert problems(tmp_path, data_with_framework)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = base()
    data["person"]["level"] = "boss"
    data["assessed_on"] = "yesterday"
    data["ratings"][0]["scores"]["delivery"] = 9
    data["ratings"].append({"rater": "self", "scores": {"delivery": 1}})
    data["extra"] = 1

    wheres = {p.where for p in problems(tmp_path, data)}

    assert wheres == {
        "person.level",
        "assessed_on",
        "ratings[0].scores.delivery",
        "ratings[2]",
        "extra",
    }


def test_several_people_are_refused_by_load_assessment(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "person_id,person_name,level,competency,rater,score,assessed_on,framework\n"
        f"alex,Alex,pm,delivery,self,3,2026-11-02,{TINY}\n"
        f"kim,Kim,pm,delivery,self,2,2026-11-02,{TINY}\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as exc:
        load_assessment(path)

    (problem,) = exc.value.problems
    assert "expected one person's assessment, found 2 people (alex, kim)" in problem.message
