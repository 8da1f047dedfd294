"""rung.io: outside files (YAML, JSON, CSV, XLSX) into core objects, or one InputError.

Every loader validates at the boundary with Pydantic models, collects every problem (file,
row or field, value, what is allowed) and raises a single `rung.core.errors.InputError`.
Import what you need from its module (`rung.io.assessments`, `rung.io.frameworks`, ...):
each loads only what it uses, so the command line starts fast.
"""

from __future__ import annotations


def clear_caches() -> None:
    """Forget cached built-in frameworks, activity libraries, coaching prose and holiday
    calendars."""
    from . import activity_library, coaching_prose, content_cache, frameworks, holiday_calendar

    frameworks.clear_cache()
    activity_library.clear_cache()
    coaching_prose.clear_cache()
    holiday_calendar.clear_cache()
    content_cache.clear_stamp()


__all__ = ["clear_caches"]
