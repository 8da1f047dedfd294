"""Input problems, collected rather than raised one at a time.

Users fix files in one pass when every problem is reported at once, so loaders gather
`Problem`s and raise a single `InputError` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    source: str  # file name, or "<input>" when not from a file
    where: str  # "row 4, field score" / "ratings[1].scores.user-research"
    message: str  # what is wrong and what is allowed

    def __str__(self) -> str:
        return f"{self.source}: {self.where}: {self.message}"


class InputError(Exception):
    """Raised with every problem found; callers exit 2 and write nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
