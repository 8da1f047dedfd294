"""Screenshots the browser tests take: kept out of the repository unless asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def publish(folder: Path, destination: str | None) -> list[Path]:
    """Copy the PNGs in `folder` to `destination` (relative to the repository) when it is
    given; the files copied."""
    if not destination:
        return []
    target = Path(destination)
    target = target if target.is_absolute() else ROOT / target
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for png in sorted(folder.glob("*.png")):
        copied.append(Path(shutil.copy2(png, target / png.name)))
    return copied
