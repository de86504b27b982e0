"""Indicators an analyst uploaded: turned into specs and columns next to the built-in ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from layers.indicators import IndicatorInputs, IndicatorSpec

UPLOAD_PREFIX = "eigen_"


@dataclass(frozen=True)
class UploadedIndicator:
    """One value column of an uploaded table, with the analyst's choices."""

    name: str  # the column name in the file (shown escaped)
    filename: str
    level: str
    values: pd.DataFrame  # code, value
    unit: str = ""
    direction: int = 1
    theme: str = "overig"

    @property
    def id(self) -> str:
        """A stable identifier for the column."""
        slug = re.sub(r"[^a-z0-9]+", "_", f"{self.filename}_{self.name}".lower()).strip("_")
        return f"{UPLOAD_PREFIX}{slug[:40]}"


def _spec(upload: UploadedIndicator) -> IndicatorSpec:
    values = upload.values

    def builder(_: IndicatorInputs, level: str) -> pd.DataFrame:
        if level != upload.level:
            msg = f"Eigen indicator '{upload.name}' bestaat alleen op niveau {upload.level}."
            raise ValueError(msg)
        return values.assign(numerator=float("nan"), denominator=float("nan"), reason="", caveat="")

    return IndicatorSpec(
        id=upload.id,
        label=f"{upload.name} (eigen bestand)",
        explanation=f"Opgeladen uit {upload.filename}; alleen via de werkset-link van deze sessie.",
        unit=upload.unit.strip() or "waarde",
        direction=1 if upload.direction >= 0 else -1,
        levels=(upload.level,),
        theme=upload.theme,
        source=f"Eigen bestand: {upload.filename}",
        year="eigen",
        licence="eigen gegevens",
        caveats=(),
        is_proxy=False,
        builder=builder,
        scale=1.0,
    )


def add_uploaded(
    wide: pd.DataFrame, uploads: Sequence[UploadedIndicator], *, level: str
) -> tuple[pd.DataFrame, dict[str, IndicatorSpec]]:
    """``wide`` with one column per uploaded indicator of ``level`` (units without a value get
    the reason "niet in het opgeladen bestand"), and the specs for those columns."""
    out = wide.copy()
    specs: dict[str, IndicatorSpec] = {}
    for upload in uploads:
        if upload.level != level:
            continue
        values = upload.values.set_index(upload.values["code"].astype(str))["value"]
        out[upload.id] = out["code"].astype(str).map(values).astype(float)
        out[f"{upload.id}__reden"] = [
            "niet in het opgeladen bestand" if pd.isna(v) else "" for v in out[upload.id]
        ]
        out[f"{upload.id}__kanttekening"] = ""
        specs[upload.id] = _spec(upload)
    return out, specs
