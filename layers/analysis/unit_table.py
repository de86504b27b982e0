"""One row per unit with every figure: indicators, need index, provision and the action gap.

This is what the exports write and what the dashboard shows as "every figure on the map also in
a table". Indicators come from :func:`layers.indicators.compute`, the need index from
:mod:`.need`, provision from :mod:`.provision` and the gap from :mod:`.gap`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import geopandas as gpd
import pandas as pd

from geodata.store import read_attributes, read_layer
from layers.analysis.gap import GAP_DISCLAIMER, UPLOADED_NOTE, gap_classes, gap_reasons
from layers.analysis.need import (
    ROBUSTNESS_DEFINITION,
    default_weights,
    need_index,
    upload_fallbacks,
)
from layers.analysis.provision import (
    UPLOAD_SOURCE,
    VIEW_MEASURE,
    inventory_coverage,
    provision_measure,
    provision_per_unit,
)
from layers.analysis.reference import flanders_value
from layers.indicators import (
    UNAVAILABLE_THEMES,
    IndicatorInputs,
    IndicatorSpec,
    build_indicator,
    compute,
    provision_denominator_spec,
    provision_view_specs,
    specs_for,
)
from layers.initiatives import (
    default_inventory_path,
    initiatives_per_unit,
    place_initiatives,
    read_inventory,
)


def load_inventory(inputs: IndicatorInputs) -> pd.DataFrame:
    """The default inventory (the publication's initiatives), validated against the store."""
    codes = read_attributes(inputs.store_path, "gemeente")["code"].astype(str)
    inventory, _ = read_inventory(
        default_inventory_path(), filename="initiatives.csv", known_codes=set(codes)
    )
    return inventory


def place_inventory(inputs: IndicatorInputs, inventory: pd.DataFrame) -> gpd.GeoDataFrame:
    """WGS84 points of the valid initiatives (see :func:`layers.initiatives.place_initiatives`)."""
    return place_initiatives(
        inventory,
        gemeente=read_layer(inputs.store_path, "gemeente", display=True),
        deelgemeente=read_layer(inputs.store_path, "deelgemeente", display=True),
        wijk=read_layer(inputs.store_path, "wijk", display=True),
    )


def unit_provision(
    inputs: IndicatorInputs,
    level: str,
    *,
    inventory: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Provision columns per unit and the measure each unit's gap uses.

    The initiatives (see :func:`layers.analysis.provision_per_unit`) are counted per 10,000 of the
    numerator (residents) of the indicator the catalogue marks as ``provision_denominator`` at
    ``level``: 80-plussers per gemeente, 65-plussers per wijk. They are the provision measure only
    of the units an uploaded ``inventory`` covers; everywhere else (and always with the
    publication's examples, ``inventory`` None) it is the residents' view (``provision_view``).
    ``sources`` (gemeente code -> source label, see :func:`combine_inventories`) names the
    covered gemeenten explicitly, for an inventory that mixes the municipalities' saved ones,
    an upload and the publication's examples.
    """
    if sources is not None:
        covered = set(sources)
    else:
        covered = set() if inventory is None else inventory_coverage(inventory)
    inventory = load_inventory(inputs) if inventory is None else inventory
    points = place_inventory(inputs, inventory)
    units = read_layer(inputs.store_path, level, display=True)
    assignments = initiatives_per_unit(points, units, level=level)
    built = build_indicator(inputs, provision_denominator_spec(level).id, level)
    denominators = pd.DataFrame({"code": built["code"], "noemer": built["numerator"]})
    provision = provision_per_unit(
        assignments,
        inventory,
        denominators,
        codes=units["code"].astype(str).tolist(),
        level=level,
    )
    view_specs = provision_view_specs()
    shares = pd.concat(
        [
            build_indicator(inputs, spec.id, "gemeente").set_index("code")["value"]
            for spec in view_specs
        ],
        axis=1,
    )
    view_source = "; ".join(
        dict.fromkeys(
            f"{spec.source} ({spec.year}; {spec.licence}; {spec.kind_label})" for spec in view_specs
        )
    )
    return provision_measure(
        provision,
        shares.mean(axis=1, skipna=False),
        gemeente_of=units.set_index(units["code"].astype(str))["gemeente_code"]
        if level == "wijk"
        else pd.Series(dtype=str),
        covered=covered,
        level=level,
        view_source=view_source,
        inventory_source=UPLOAD_SOURCE if sources is None else sources,
    )


def _specs(level: str, columns: pd.Index) -> dict[str, IndicatorSpec]:
    return {spec.id: spec for spec in specs_for(level) if spec.id in columns}


def unit_table(
    inputs: IndicatorInputs,
    level: str,
    *,
    weights: Mapping[str, float] | None = None,
    inventory: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per unit of ``level`` with every figure and its reasons.

    ``weights`` (indicator id -> weight) default to equal weights for the default indicator of
    each theme. ``inventory`` is a typed inventory from ``read_inventory``; None uses the
    publication's examples (and ``kloof_kanttekening`` then carries :data:`GAP_DISCLAIMER`).
    ``sources`` names the gemeenten whose provision ``inventory`` is (see :func:`unit_provision`).
    """
    wide = compute(inputs, level)
    specs = _specs(level, wide.columns)
    parents = read_attributes(inputs.store_path, "wijk") if level == "wijk" else None
    provision = unit_provision(inputs, level, inventory=inventory, sources=sources)
    return assemble_unit_table(
        wide,
        provision,
        specs=specs,
        weights=weights,
        flanders=lambda ident: flanders_value(inputs, ident),
        parents=parents,
    )


def assemble_unit_table(
    wide: pd.DataFrame,
    provision: pd.DataFrame,
    *,
    specs: Mapping[str, IndicatorSpec],
    weights: Mapping[str, float] | None,
    flanders: Callable[[str], float],
    parents: pd.DataFrame | None,
) -> pd.DataFrame:
    """Combine precomputed indicators and provision with a need index for ``weights``.

    The fast step of :func:`unit_table`: the dashboard caches ``wide`` and ``provision`` and calls
    this on every weight change. ``specs`` may include specs of uploaded indicators (columns of
    ``wide`` that are not in the registry). ``parents`` (wijk attributes) adds the gemeente
    columns at wijk level; ``flanders(id)`` gives the Flemish value quoted in the reasons.
    """
    level = "wijk" if parents is not None else "gemeente"
    available = [ident for ident in specs if ident in wide and wide[ident].notna().any()]
    chosen = dict(weights) if weights is not None else default_weights(level, available)
    chosen = {ident: w for ident, w in chosen.items() if ident in available}
    need = need_index(
        wide,
        weights=chosen,
        directions={ident: spec.direction for ident, spec in specs.items()},
        labels={ident: spec.label for ident, spec in specs.items()},
        fallbacks=upload_fallbacks(level, specs, available),
    )
    table = wide.merge(need, on="code", how="left").merge(provision, on="code", how="left")
    if parents is not None:
        indexed = parents.set_index(parents["code"].astype(str))
        table.insert(2, "gemeente_code", table["code"].map(indexed["gemeente_code"]))
        table.insert(3, "gemeente", table["code"].map(indexed["gemeente"]))
    uses_view = table["aanbod_maat"] == VIEW_MEASURE
    gap = gap_classes(
        table["nood"],
        table["aanbod_aantal"],
        table["aanbod_per_10000"],
        view=table["aanbod_enquete"],
        uses_view=uses_view,
    )
    table = pd.concat([table, gap], axis=1)
    used = [ident for ident, weight in chosen.items() if weight > 0]
    flemish = {ident: flanders(ident) for ident in used}
    flemish_view = float(pd.Series([flanders(s.id) for s in provision_view_specs()]).mean())
    table["kloof_redenen"] = gap_reasons(
        table, specs=specs, indicators=used, flanders=flemish, flemish_view=flemish_view
    )
    table["kloof_kanttekening"] = [GAP_DISCLAIMER if view else UPLOADED_NOTE for view in uses_view]
    return table


def table_metadata(
    level: str, *, weights: Mapping[str, float] | None, uploaded_inventory: bool
) -> dict[str, str]:
    """Metadata written with an export: disclaimer, weights, unavailable themes and sources."""
    specs = specs_for(level)
    sources = sorted(
        {f"{spec.source} ({spec.year}; {spec.licence}; {spec.kind_label})" for spec in specs}
    )
    metadata = {
        "niveau": level,
        "opmerking": GAP_DISCLAIMER + (f" {UPLOADED_NOTE}" if uploaded_inventory else ""),
        "aanbod": (
            "Per gebied in 'aanbod_maat' de maat van het aanbod die de kloof gebruikt, met bron, "
            "jaar, licentie en soort in 'aanbod_bron'."
        ),
        "nood_index": (
            "gewogen gemiddelde van percentielrangen binnen Vlaanderen (0 = laagste, 100 = hoogste "
            f"risico) over de gekende indicatoren; robuustheid = {ROBUSTNESS_DEFINITION}."
        ),
        "bronnen": "; ".join(sources),
    }
    if weights is not None:
        metadata["gewichten"] = "; ".join(f"{k}={v:g}" for k, v in weights.items())
    missing = UNAVAILABLE_THEMES.get(level, {})
    if missing:
        metadata["niet_beschikbaar"] = " ".join(missing.values())
    return metadata
