"""One range of dates, 1970-01-01 to 2200-12-31, checked in one place (rung.core.dates): a
date outside it is a clear error, never a loop without end or an OverflowError."""

from __future__ import annotations

from datetime import date

import pytest

from rung.core.builder import build_plan
from rung.core.dates import (
    UnsupportedDate,
    months_before,
    parse_supported,
    require_supported,
    supported,
)
from rung.core.errors import InputError

import factories


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1, 3, 31), date(1, 2, 28)])
def test_months_before_the_first_year_is_an_error_not_a_loop_without_end(day: date):
    with pytest.raises(UnsupportedDate):
        months_before(day, 3)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 5, 31), 3, date(2027, 2, 28)),
    (date(2028, 5, 31), 3, date(2028, 2, 29)),
    (date(2027, 1, 15), 3, date(2026, 10, 15)),
    (date(2027, 7, 31), 1, date(2027, 6, 30)),
])
def test_months_before_clamps_to_the_last_day_of_a_shorter_month(
        day: date, months: int, expected: date):
    assert months_before(day, months) == expected


@pytest.mark.parametrize("day", [date(1970, 1, 1), date(2026, 11, 30), date(2200, 12, 31)])
def test_the_supported_range_includes_both_ends(day: date):
    assert supported(day) == day


@pytest.mark.parametrize("day", [date(1969, 12, 31), date(2201, 1, 1), date.min, date.max])
def test_a_date_outside_the_range_names_it_and_the_range(day: date):
    with pytest.raises(UnsupportedDate) as exc:
        supported(day)
    assert str(exc.value) == (f"{day.isoformat()} is outside the dates rung supports "
                              "(1970-01-01 to 2200-12-31); give a date in that range")


@pytest.mark.parametrize("text", ["abc", "", "2026-13-01", "9999-12-31", "0001-01-01"])
def test_parse_supported_refuses_malformed_and_far_dates_with_a_value_error(text: str):
    with pytest.raises(ValueError, match=r"not a date|outside the dates rung supports"):
        parse_supported(text)


def test_require_supported_is_an_input_error_naming_source_and_field():
    with pytest.raises(InputError) as exc:
        require_supported(date(9999, 12, 31), "plan.yaml", "start")
    [problem] = exc.value.problems
    assert (problem.source, problem.where) == ("plan.yaml", "start")


@pytest.mark.parametrize("start", [date(1, 1, 1), date(9999, 12, 31)])
def test_building_a_plan_from_an_unsupported_start_is_an_input_error(start: date):
    with pytest.raises(InputError) as exc:
        build_plan(factories.assessment(), factories.framework(), factories.library(),
                   start=start, source="alex.yaml")
    assert [(p.source, p.where) for p in exc.value.problems] == [("alex.yaml", "start")]
