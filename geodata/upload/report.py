"""The account of one upload: what was read, what was used and why every other row was not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from geodata.messages import Message

Kind = Literal["table", "points"]
Status = Literal["ok", "warnings", "rejected"]

REJECTED_BASE_COLUMNS: tuple[str, ...] = ("line", "reason")
# Shown (page or command line) when reading a file hits a bug in Verbonden, not in the file.
PROGRAM_FAULT = "Er ging iets mis in Verbonden zelf (geen fout in uw bestand)."


class UploadRejectedError(Exception):
    """Raised inside the reading path when a whole file cannot be used; carries Dutch messages."""

    def __init__(self, message: Message, *extra: Message) -> None:
        super().__init__(message.message)
        self.messages: list[Message] = [message, *extra]


def empty_rejected_rows() -> pd.DataFrame:
    """A rejected-rows table without rows."""
    return pd.DataFrame({"line": pd.Series(dtype="Int64"), "reason": pd.Series(dtype="object")})


@dataclass(frozen=True)
class UploadReport:
    """Accounting for one file; ``rows_in == rows_matched + rows_unmatched + rows_malformed``.

    ``rejected_rows`` lists every data row that is not used: its 1-based ``line`` in the file, the
    Dutch ``reason`` and the row's original cells.
    """

    filename: str
    kind: Kind
    status: Status
    rows_in: int
    rows_matched: int
    rows_unmatched: int
    rows_malformed: int
    messages: list[Message] = field(default_factory=list)
    rejected_rows: pd.DataFrame = field(default_factory=empty_rejected_rows)

    def __post_init__(self) -> None:
        total = self.rows_matched + self.rows_unmatched + self.rows_malformed
        if total != self.rows_in:
            msg = (
                f"accounting broken for {self.filename}: rows_in={self.rows_in} but "
                f"matched+unmatched+malformed={total}"
            )
            raise ValueError(msg)
        unused = self.rows_unmatched + self.rows_malformed
        if len(self.rejected_rows) != unused:
            msg = f"{unused} unused rows but {len(self.rejected_rows)} listed for {self.filename}"
            raise ValueError(msg)

    @property
    def usable(self) -> bool:
        """True when the file can be used (possibly with warnings)."""
        return self.status != "rejected"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output (rejected rows as a list of records)."""
        rows = self.rejected_rows.astype(object).where(self.rejected_rows.notna(), None)
        return {
            "filename": self.filename,
            "kind": self.kind,
            "status": self.status,
            "rows_in": self.rows_in,
            "rows_matched": self.rows_matched,
            "rows_unmatched": self.rows_unmatched,
            "rows_malformed": self.rows_malformed,
            "messages": [m.as_dict() for m in self.messages],
            "rejected_rows": [
                {str(k): _plain(v) for k, v in record.items()}
                for record in rows.to_dict(orient="records")
            ],
        }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def decide_status(*, rows_matched: int, messages: list[Message], rejected: bool) -> Status:
    """'rejected' when nothing is usable, 'warnings' when any warning or error was raised."""
    if rejected or rows_matched == 0:
        return "rejected"
    if any(m.level in ("warning", "error") for m in messages):
        return "warnings"
    return "ok"


def rejected_file_report(
    *, filename: str, kind: Kind, messages: list[Message], rows: pd.DataFrame | None = None
) -> UploadReport:
    """Report for a file refused as a whole; every row read (if any) is listed as unmatched."""
    listed = empty_rejected_rows() if rows is None else rows
    return UploadReport(
        filename=filename,
        kind=kind,
        status="rejected",
        rows_in=len(listed),
        rows_matched=0,
        rows_unmatched=len(listed),
        rows_malformed=0,
        messages=messages,
        rejected_rows=listed,
    )


__all__ = [
    "PROGRAM_FAULT",
    "UploadRejectedError",
    "UploadReport",
    "decide_status",
    "empty_rejected_rows",
    "rejected_file_report",
]
