"""Per-row outcomes (matched, unmatched, malformed) and the report built from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal, SupportsInt

import numpy as np
import numpy.typing as npt
import pandas as pd

from geodata.messages import Message
from geodata.upload.report import Kind, UploadReport, decide_status

Outcome = Literal["matched", "unmatched", "malformed"]
_SUMMARY_EXAMPLES = 3


class RowLedger:
    """One outcome and reason per data row; a row's first problem wins."""

    def __init__(self, cells: pd.DataFrame, lines: np.ndarray) -> None:
        self.cells = cells.reset_index(drop=True)
        self.lines = np.asarray(lines, dtype=np.int64)
        self.outcome: npt.NDArray[np.object_] = np.full(len(self.cells), "matched", dtype=object)
        self.reason: list[str | None] = [None] * len(self.cells)

    def mark(self, position: int, outcome: Outcome, reason: str) -> None:
        """Mark one row as not used (unless it already has a problem)."""
        if self.reason[position] is None:
            self.outcome[position] = outcome
            self.reason[position] = reason

    def mark_all(
        self, positions: Iterable[SupportsInt], outcome: Outcome, reasons: str | Iterable[object]
    ) -> None:
        """Mark several rows; ``reasons`` is one string or one per position."""
        rows = list(positions)
        if isinstance(reasons, str):
            reasons = [reasons] * len(rows)
        for p, r in zip(rows, reasons, strict=True):
            self.mark(int(p), outcome, str(r))

    @property
    def usable(self) -> np.ndarray:
        """Boolean mask of rows still counted as matched."""
        return np.equal(self.outcome, "matched")

    def rejected_rows(self) -> pd.DataFrame:
        """Every unused row: line, reason and its original cells."""
        unused = np.flatnonzero(~self.usable)
        original = self.cells.iloc[unused].astype(object).copy()
        original.columns = [
            f"{c} (bestand)" if str(c) in ("line", "reason") else str(c) for c in original.columns
        ]
        original = original.where(original.notna(), "").astype(str)
        front = pd.DataFrame(
            {"line": self.lines[unused], "reason": [self.reason[p] for p in unused]},
            index=original.index,
        )
        return pd.concat([front, original], axis=1).reset_index(drop=True)

    def summary(self, filename: str) -> list[Message]:
        """A warning per outcome summarising unused rows, with the most frequent reasons."""
        messages: list[Message] = []
        for outcome, label in (("unmatched", "niet gekoppeld"), ("malformed", "onleesbaar")):
            positions = np.flatnonzero(self.outcome == outcome)
            if not len(positions):
                continue
            texts = [self.reason[p] or "" for p in positions]
            kinds = _reason_kinds(texts)
            reasons = Counter(kinds)
            example: dict[str, str] = {}
            for kind, text in zip(kinds, texts, strict=True):
                example.setdefault(kind, text)
            first = positions[0]
            examples = "; ".join(
                f"{n}x zoals '{_shorten(example[k])}'"
                for k, n in reasons.most_common(_SUMMARY_EXAMPLES)
            )
            kinds_text = f" Soorten redenen: {examples}." if len(reasons) > 1 else ""
            messages.append(
                Message(
                    "warning",
                    f"{len(positions)} rij(en) {label} en niet gebruikt (zie de lijst met "
                    f"geweigerde rijen). Eerste: regel {int(self.lines[first])}: "
                    f"{self.reason[first]}.{kinds_text}",
                    line=int(self.lines[first]),
                    file=filename,
                )
            )
        return messages

    def report(self, *, filename: str, kind: Kind, messages: list[Message]) -> UploadReport:
        """The final report; status follows from the rows used and the messages."""
        counts = Counter(self.outcome.tolist())
        all_messages = [*messages, *self.summary(filename)]
        matched = counts.get("matched", 0)
        return UploadReport(
            filename=filename,
            kind=kind,
            status=decide_status(rows_matched=matched, messages=all_messages, rejected=False),
            rows_in=len(self.cells),
            rows_matched=matched,
            rows_unmatched=counts.get("unmatched", 0),
            rows_malformed=counts.get("malformed", 0),
            messages=_with_no_rows_message(all_messages, matched, filename),
            rejected_rows=self.rejected_rows(),
        )


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _reason_kinds(reasons: list[str]) -> list[str]:
    """Reasons without their particulars (quoted values, numbers): a key to count them by kind,
    never shown (the message shows a real reason of each kind)."""
    text = pd.Series(reasons, dtype="str").str.replace(r"'[^']*'", "'...'", regex=True)
    column = text.str.extract(r"^(kolom [^:]*:[^:]*)", expand=False)
    first = text.str.split(":", n=1).str[0]
    kinds = column.where(text.str.startswith("kolom"), first).fillna(first)
    return kinds.str.replace(r"\d+", "#", regex=True).tolist()


def _with_no_rows_message(messages: list[Message], matched: int, filename: str) -> list[Message]:
    if matched or any(m.level == "error" for m in messages):
        return messages
    return [
        *messages,
        Message(
            "error",
            "Geen enkele rij van het bestand is bruikbaar; het bestand wordt geweigerd.",
            file=filename,
        ),
    ]


__all__ = ["Outcome", "RowLedger"]
