"""Reading a user's file: missing, unreadable, empty or non-UTF-8 files become one clear
`InputError` naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

from rung.core.errors import InputError, Problem

from .wording import FILE, describe

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")  # files parsed into plain data (structured.py)


def unsupported_type(path: Path, source: str, allowed: str) -> InputError:
    """The problem with a file of a kind the reader does not take; `allowed` says which."""
    what = describe(path.suffix.lower() or path.name)
    return InputError([Problem(source, FILE, f"unsupported file type {what}: {allowed}")])


def read_bytes(path: Path, source: str, what: str) -> bytes:
    """The file's bytes; a missing, unreadable or empty file is an InputError."""
    try:
        raw = path.read_bytes()
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
    text = decode_utf8(read_bytes(path, source, what), source)
    if not text.strip():
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    return text

