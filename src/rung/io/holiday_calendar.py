"""Public holidays per country (the `holidays` package), so plan dates land on business days.

`country` is an ISO 3166-1 alpha-2 code such as "DE", optionally with an ISO 3166-2
subdivision for regional holidays: "DE-BY", "US-CA".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from rung.core.errors import InputError, Problem

from ._common import describe, did_you_mean, listing

EXAMPLES = "US, GB, DE, FR, NL, IN, JP, BR"


def holiday_dates(country: str, years: Iterable[int]) -> frozenset[date]:
    """Every public holiday of `country` in `years` (empty when `years` is empty)."""
    return _holiday_dates(country.strip().upper(), tuple(sorted(set(years))))


@functools.lru_cache(maxsize=256)
def _holiday_dates(code: str, years: tuple[int, ...]) -> frozenset[date]:
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    country, _, subdiv = code.partition("-")
    if country not in supported:
        raise InputError(
            [
                Problem(
                    "<input>",
                    "country",
                    f"{describe(code)} is not a supported ISO country code; use a two-letter "
                    f"ISO 3166-1 code such as {EXAMPLES} (optionally with a region: DE-BY)",
                )
            ]
        )
    if subdiv and subdiv not in supported[country]:
        regions = supported[country]
        raise InputError(
            [
                Problem(
                    "<input>",
                    "country",
                    f"{describe(subdiv)} is not a region of {country}"
                    f"{did_you_mean(subdiv, regions)}; regions: {listing(regions, 12)}"
                    if regions
                    else f"{country} has no regional holidays; use {country} alone",
                )
            ]
        )
    if not years:
        return frozenset()
    calendar = holidays.country_holidays(country, subdiv=subdiv or None, years=years)
    return frozenset(calendar.keys())


def clear_cache() -> None:
    _holiday_dates.cache_clear()
