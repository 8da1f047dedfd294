"""rung.io: outside files (YAML, JSON, CSV, XLSX) into core objects, or one InputError.

Every loader validates at the boundary with Pydantic models, collects every problem (file,
row or field, value, what is allowed) and raises a single `rung.core.errors.InputError`.

The names below are imported on first use, so `import rung.io.<module>` costs only that
module (the command line starts faster for it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activity_library import (
        load_activity_file,
        load_activity_library,
        validate_activity_library,
    )
    from .assessments import (
        assessment_from_dict,
        load_assessment,
        load_assessments,
        validate_assessment,
    )
    from .frameworks import (
        BUILTIN_FRAMEWORKS,
        DEFAULT_FRAMEWORK,
        framework_to_dict,
        is_warning,
        list_frameworks,
        load_framework,
        validate_framework,
        validate_framework_file,
    )
    from .holiday_calendar import holiday_dates

_HOMES = {
    "load_activity_file": "activity_library",
    "load_activity_library": "activity_library",
    "validate_activity_library": "activity_library",
    "assessment_from_dict": "assessments",
    "load_assessment": "assessments",
    "load_assessments": "assessments",
    "validate_assessment": "assessments",
    "BUILTIN_FRAMEWORKS": "frameworks",
    "DEFAULT_FRAMEWORK": "frameworks",
    "framework_to_dict": "frameworks",
    "is_warning": "frameworks",
    "list_frameworks": "frameworks",
    "load_framework": "frameworks",
    "validate_framework": "frameworks",
    "validate_framework_file": "frameworks",
    "holiday_dates": "holiday_calendar",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rung.io' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def clear_caches() -> None:
    """Forget cached built-in frameworks, activity libraries, coaching prose and holiday
    calendars."""
    from . import activity_library, coaching_prose, content_cache, frameworks, holiday_calendar

    frameworks.clear_cache()
    activity_library.clear_cache()
    coaching_prose.clear_cache()
    holiday_calendar.clear_cache()
    content_cache.clear_stamp()


__all__ = [
    "BUILTIN_FRAMEWORKS",
    "DEFAULT_FRAMEWORK",
    "assessment_from_dict",
    "clear_caches",
    "framework_to_dict",
    "holiday_dates",
    "is_warning",
    "list_frameworks",
    "load_activity_file",
    "load_activity_library",
    "load_assessment",
    "load_assessments",
    "load_framework",
    "validate_activity_library",
    "validate_assessment",
    "validate_framework",
    "validate_framework_file",
]
