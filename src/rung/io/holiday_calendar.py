"""Public holidays per country (the `holidays` package), so plan dates land on business days.

`country` is an ISO 3166-1 alpha-2 code such as "DE", optionally with an ISO 3166-2
subdivision for regional holidays: "DE-BY", "US-CA".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from rung.core.errors import InputError, Problem

from .wording import describe, did_you_mean, listing

EXAMPLES = "US, GB, DE, FR, NL, IN, JP, BR"


def holiday_dates(country: str, years: Iterable[int]) -> frozenset[date]:
    """Every public holiday of `country` in `years` (empty when `years` is empty)."""
    return _holiday_dates(country.strip().upper(), tuple(sorted(set(years))))


def country_problem(code: str) -> str | None:
    """Why `code` is not a country (or country-region) rung knows holidays for; None if it is."""
    supported = _supported()
    country, _, subdiv = code.strip().upper().partition("-")
    if country not in supported:
        return (
            f"{describe(code)} is not a supported ISO country code; use a two-letter "
            f"ISO 3166-1 code such as {EXAMPLES} (optionally with a region: DE-BY)"
        )
    if subdiv and subdiv not in supported[country]:
        regions = supported[country]
        return (
            f"{describe(subdiv)} is not a region of {country}"
            f"{did_you_mean(subdiv, regions)}; regions: {listing(regions, 12)}"
            if regions
            else f"{country} has no regional holidays; use {country} alone"
        )
    return None


@functools.cache
def _supported() -> dict[str, list[str]]:
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    return supported


@functools.lru_cache(maxsize=256)
def _holiday_dates(code: str, years: tuple[int, ...]) -> frozenset[date]:
    problem = country_problem(code)
    if problem:
        raise InputError([Problem("<input>", "country", problem)])
    if not years:
        return frozenset()
    import holidays

    country, _, subdiv = code.partition("-")
    calendar = holidays.country_holidays(country, subdiv=subdiv or None, years=years)
    return frozenset(calendar.keys())


def clear_cache() -> None:
    _holiday_dates.cache_clear()
