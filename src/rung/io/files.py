"""Reading a user's file: missing, unreadable, empty or non-UTF-8 files become one clear
`InputError` naming the file, never a traceback."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rung.core.errors import InputError, Problem

from .limits import LIMITS, bytes_limit_error
from .wording import FILE, describe

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")  # files parsed into plain data (structured.py)


def _no_if_impossible(question: Callable[[], bool]) -> bool:
    """The answer, or False, not an OSError or ValueError, for a name no file could have (too
    long, a NUL byte): such names come from the user's own options."""
    try:
        return question()
    except (OSError, ValueError):
        return False


def is_a_file(path: Path) -> bool:
    """Whether `path` names an existing file (False for a name no file could have)."""
    return _no_if_impossible(path.is_file)


def exists(path: Path) -> bool:
    """`path.exists()`, False for a name no file could have."""
    return _no_if_impossible(path.exists)


def is_folder(path: Path) -> bool:
    """`path.is_dir()`, False for a name no file could have."""
    return _no_if_impossible(path.is_dir)


def unsupported_type(path: Path, source: str, allowed: str) -> InputError:
    """The problem with a file of a kind the reader does not take; `allowed` says which."""
    what = describe(path.suffix.lower() or path.name)
    return InputError([Problem(source, FILE, f"unsupported file type {what}: {allowed}")])


def read_bytes(path: Path, source: str, what: str, limit: int = LIMITS.table_bytes) -> bytes:
    """The file's bytes; a missing, unreadable, empty or larger than `limit` file, or a
    device or pipe (/dev/zero never ends, a FIFO blocks), is an InputError."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            raise InputError([Problem(source, FILE, (
                "not a regular file (a device, pipe or socket); save the data to a file and "
                "give its path"))])
        with path.open("rb") as fh:
            raw = _read_at_most(fh, limit, source)
    except FileNotFoundError:
        raise InputError([Problem(source, FILE, "file not found; check the path")]) from None
    except IsADirectoryError:
        raise InputError(
            [Problem(source, FILE, "this is a folder, not a file; give the path of a file")]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem(source, FILE, f"cannot read the file ({exc.strerror})")]
        ) from None
    if not raw.strip():
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    return raw


def _read_at_most(fh: BinaryIO, limit: int, source: str) -> bytes:
    # Chunks, because read(limit + 1) would reserve the whole limit for every small file.
    chunks: list[bytes] = []
    total = 0
    while chunk := fh.read(1024 * 1024):
        total += len(chunk)
        if total > limit:
            raise bytes_limit_error(source, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def decode_utf8(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    source,
                    f"line {line}",
                    f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read; save the "
                    "file as UTF-8 (in Excel: File > Save As > 'CSV UTF-8'; in an editor: "
                    "encoding UTF-8)",
                )
            ]
        ) from None


def read_text(path: Path, source: str, what: str) -> str:
    text = decode_utf8(read_bytes(path, source, what, LIMITS.text_bytes), source)
    if not text.strip():
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    return text

