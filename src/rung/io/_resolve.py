"""Find the framework an assessment names: a built-in id, or a path relative to the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rung.core.errors import InputError, Problem
from rung.core.framework import Framework

from .files import is_a_file
from .frameworks import BUILTIN_FRAMEWORKS, DEFAULT_FRAMEWORK, load_framework
from .frameworks import unknown_framework_message as _unknown


class FrameworkResolver:
    """Resolves and remembers frameworks for one input file (a CSV may name several)."""

    def __init__(self, source: str, base_dir: Path, override: Framework | None) -> None:
        self.source = source
        self.base_dir = base_dir
        self.override = override
        self._seen: dict[str, tuple[Framework | None, list[Problem]]] = {}

    def resolve(self, ref: Any, where: str) -> tuple[Framework | None, list[Problem]]:
        """(framework or None, problems); a non-text ref is left to the shape checks."""
        if self.override is not None:
            return self.override, []
        if ref is None or (isinstance(ref, str) and not ref.strip()):
            ref = DEFAULT_FRAMEWORK
        if not isinstance(ref, str):
            return None, []
        ref = ref.strip()
        if ref not in self._seen:
            self._seen[ref] = self._load(ref, where)
            return self._seen[ref]
        # The same framework named on many rows: its problems are reported once.
        return self._seen[ref][0], []

    def _load(self, ref: str, where: str) -> tuple[Framework | None, list[Problem]]:
        if ref in BUILTIN_FRAMEWORKS:
            candidates = [ref]
        else:
            path = Path(ref)
            options = [path] if path.is_absolute() else [self.base_dir / path, path]
            candidates = [str(p) for p in options if is_a_file(p)][:1]
        if not candidates:
            return None, [Problem(self.source, where, _unknown(ref))]
        try:
            return load_framework(candidates[0]), []
        except InputError as exc:
            return None, exc.problems
