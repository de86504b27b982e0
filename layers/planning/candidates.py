"""Points a planner gives: candidate sites or known meeting places, read like any upload.

The file goes through the same reader as the 'Eigen data' page and ``verbonden check``
(:func:`geodata.upload.read_upload`); only its points are used, in EPSG:31370, with a label each
(a name column when there is one, else the file line).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geodata.resolver import Resolver
from geodata.store import read_layer
from geodata.upload import read_upload
from layers.indicators import upload_xy

NAME_COLUMNS = ("naam", "name", "label", "titel", "title", "omschrijving")


def points_from_file(
    data: bytes, *, filename: str, store_path: Path, label: str
) -> tuple[np.ndarray, list[str]]:
    """(EPSG:31370 points, labels) of a points file; a Dutch ``ValueError`` when it has none.

    ``label`` names the file's role in messages ("Kandidaten", "Ontmoetingsplaatsen").
    """
    result = read_upload(
        data,
        filename=filename,
        resolver=Resolver.from_store(store_path),
        gemeenten=read_layer(store_path, "gemeente", columns=["code"]),
    )
    points = result.points
    if not result.report.usable or points is None or points.empty:
        msg = (
            f"{label}: '{filename}' bevat geen bruikbare punten (een tabel met coördinaten, "
            "GeoJSON, GeoPackage of een gezipte shapefile met punten)."
        )
        raise ValueError(msg)
    lowered = {str(c).lower(): c for c in points.columns}
    name = next((lowered[n] for n in NAME_COLUMNS if n in lowered), None)
    if name is not None:
        labels = [str(v) if str(v).strip() else f"punt {i + 1}" for i, v in enumerate(points[name])]
    elif "regel" in points.columns:
        labels = [f"regel {line}" for line in points["regel"]]
    else:
        labels = [f"punt {i + 1}" for i in range(len(points))]
    return upload_xy(points, label=label), labels
