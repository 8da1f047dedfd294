"""Public holidays per country, for business-day arithmetic in plans."""

from __future__ import annotations

from datetime import date

import pytest

from rung.core.errors import InputError
from rung.io.holiday_calendar import holiday_dates


def test_a_country_gives_its_public_holidays_for_the_years_asked() -> None:
    dates = holiday_dates("DE", [2026, 2027])

    assert date(2026, 10, 3) in dates  # German Unity Day
    assert date(2027, 12, 25) in dates
    assert all(d.year in (2026, 2027) for d in dates)


def test_codes_are_case_insensitive_and_the_result_is_cached() -> None:
    assert holiday_dates("de", {2026}) is holiday_dates(" DE ", (2026,))


def test_a_region_adds_its_own_holidays() -> None:
    assert date(2026, 1, 6) in holiday_dates("DE-BY", [2026])  # Epiphany in Bavaria
    assert date(2026, 1, 6) not in holiday_dates("DE", [2026])


def test_no_years_means_no_holidays() -> None:
    assert holiday_dates("US", []) == frozenset()


@pytest.mark.parametrize("code", ["XX", "Germany", ""])
def test_an_unknown_country_says_what_is_supported(code: str) -> None:
    with pytest.raises(InputError) as exc:
        holiday_dates(code, [2026])

    (problem,) = exc.value.problems
    assert problem.where == "country"
    assert "is not a supported ISO country code" in problem.message
    assert "such as US, GB, DE" in problem.message


def test_an_unknown_region_lists_the_regions() -> None:
    with pytest.raises(InputError) as exc:
        holiday_dates("DE-XY", [2026])

    message = exc.value.problems[0].message
    assert "'XY' is not a region of DE" in message
    assert "BY" in message
