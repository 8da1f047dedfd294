"""rung.io: outside files (YAML, JSON, CSV, XLSX) into core objects, or one InputError.

Every loader validates at the boundary with Pydantic models, collects every problem (file,
row or field, value, what is allowed) and raises a single `rung.core.errors.InputError`.
"""

from __future__ import annotations

from . import activity_library as _activity_library
from . import frameworks as _frameworks
from . import holiday_calendar as _holiday_calendar
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


def clear_caches() -> None:
    """Forget cached built-in frameworks, activity libraries and holiday calendars."""
    _frameworks.clear_cache()
    _activity_library.clear_cache()
    _holiday_calendar.clear_cache()


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
