"""What counts as Flemish: NIS-code prefixes of the five Flemish provinces."""

from __future__ import annotations

import pandas as pd

# Antwerpen 11-13, Vlaams-Brabant 23-24, West-Vl. 31-38, Oost-Vl. 41-46, Limburg 71-73.
FLEMISH_PREFIXES: tuple[str, ...] = ("1", "23", "24", "3", "4", "7")
FLEMISH_PROVINCES: tuple[str, ...] = ("10000", "20001", "30000", "40000", "70000")
FLEMISH_REGION = "2000"
N_GEMEENTEN_2025 = 285
N_GEMEENTEN_2024 = 300


def is_flemish_code(code: str) -> bool:
    """True for a NIS code (or a code starting with one, such as a sector) in Flanders."""
    return str(code).startswith(FLEMISH_PREFIXES)


def flemish_mask(codes: pd.Series) -> pd.Series:
    """Boolean mask over a Series of codes (strings)."""
    return codes.astype(str).str.startswith(FLEMISH_PREFIXES)
