"""The built-in content parsed once per version of it, not on every start of `rung`.

Reading the shipped YAML (three frameworks, an activity library of a file per competency)
and checking it costs tens of milliseconds, several times what building a plan costs. The
checked objects are pickled into the user's cache folder together with a stamp of the content
files and of the code that reads them (each file's path, size and modification time, with
rung's and Python's versions). A cached object is used only when its stamp equals the
installation's, so a change to any of those files means a fresh parse.

The folder is `RUNG_CACHE_DIR`, else `$XDG_CACHE_HOME/rung`, else `~/.cache/rung`; an empty
`RUNG_CACHE_DIR` turns the cache off. Only files the current user owns and nobody else may
write are loaded; anything unreadable is parsed again and rewritten. Only a successful load is
cached: a broken built-in file raises its problems every time.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from rung import __version__

from . import builtin_content

T = TypeVar("T")
SUFFIX = ".pickle"
# The code that decides what the cached objects hold: the loaders and the core classes they
# build. A change to any file in these folders changes the stamp.
_CODE_FOLDERS = ("core", "io")
_STAMPED = (".yaml", ".yml", ".json", ".py")
_MISSING = object()


def cached(name: str, build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when this version of the content was built before.

    `name` (letters, digits, hyphens) tells apart the objects kept for one installation.
    """
    folder = cache_folder()
    if folder is None:
        return build()
    text, place = stamp()
    path = folder / f"{name}-{place}{SUFFIX}"
    value = _load(path, text)
    if value is not _MISSING:
        return cast(T, value)
    built = build()
    _store(path, text, built)
    return built


def cache_folder() -> Path | None:
    configured = os.environ.get("RUNG_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rung"


def stamp() -> tuple[str, str]:
    """(what the cached objects depend on, a short name for where this installation is)."""
    return _stamp(str(builtin_content.content_root()))


@functools.cache
def _stamp(root: str) -> tuple[str, str]:
    code = str(Path(__file__).resolve().parents[1])
    lines = [f"rung {__version__}, Python {sys.version_info[:2]}"]
    for folder in (root, *(os.path.join(code, name) for name in _CODE_FOLDERS)):
        _stamp_folder(folder, lines)
    # Two installations (two virtual environments, two checkouts) keep files of their own.
    place = f"{zlib.crc32(f'{root}|{code}'.encode()):08x}"
    return "\n".join(lines), place


def _stamp_folder(folder: str, lines: list[str]) -> None:
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        if entry.is_dir() and entry.name != "__pycache__":
            _stamp_folder(entry.path, lines)
        elif entry.name.endswith(_STAMPED):
            info = entry.stat()
            lines.append(f"{entry.path}|{info.st_size}|{info.st_mtime_ns}")


def clear_stamp() -> None:
    """Forget the stamp computed in this process (after editing content in place)."""
    _stamp.cache_clear()


def _load(path: Path, expected: str) -> object:
    try:
        with path.open("rb") as fh:
            info = os.fstat(fh.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return _MISSING  # someone else could have written it: never unpickle that
            if pickle.load(fh) != expected:
                return _MISSING  # another version of the content or the code
            value: object = pickle.load(fh)
            return value
    except Exception:  # missing, truncated, or written by other code: parse again
        return _MISSING


def _store(path: Path, text: str, value: object) -> None:
    """Write atomically; a folder that cannot be written only costs the next start a parse."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(text, fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
