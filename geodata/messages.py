"""Validation messages shared by every reader: a Dutch sentence tied to a file, line, column."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Message:
    """A user-facing message about an input file.

    ``line`` is the 1-based line (or row) number in the user's file, as a spreadsheet program
    would show it; ``column`` is the column name (or letter) as written in the file.
    """

    level: Level
    message: str
    line: int | None = None
    column: str | None = None
    file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"regel {self.line}")
        if self.column:
            where.append(f"kolom '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
