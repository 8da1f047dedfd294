"""Frameworks by key: the built-ins from rung.io, uploaded ones from their stored text.

An uploaded framework is written once to RUNG_DATA_DIR/frameworks/<key>-<hash><suffix> and
read with `rung.io.frameworks.load_framework`, which caches it by path, mtime and size: the
same loader, checks and cache as the CLI.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from rung.core.framework import Framework
from rung.io.frameworks import BUILTIN_FRAMEWORKS, load_framework
from rung.web.people.models import FrameworkEntry


def framework_file(key: str, document: str, suffix: str) -> Path:
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest()[:12]
    folder = Path(settings.DATA_DIR) / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}-{digest}{suffix}"
    if not path.exists():
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(document, encoding="utf-8")
        tmp.replace(path)
    return path


def get_framework(key: str) -> Framework:
    """The framework called `key`; KeyError when rung does not know it."""
    if key in BUILTIN_FRAMEWORKS:
        return load_framework(key)
    entry = FrameworkEntry.objects.filter(key=key, builtin=False).first()
    if entry is None:
        raise KeyError(key)
    return load_framework(framework_file(entry.key, entry.document, entry.suffix))


def framework_choices(*, include: str | None = None) -> list[tuple[str, str]]:
    """(key, label) of the enabled frameworks, plus `include` (a person's current one)."""
    entries = FrameworkEntry.objects.filter(enabled=True) | FrameworkEntry.objects.filter(
        key=include or ""
    )
    choices = [(e.key, e.name) for e in entries.distinct()]
    if not choices:
        choices = [(key, key) for key in BUILTIN_FRAMEWORKS]
    return choices
