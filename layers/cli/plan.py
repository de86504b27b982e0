"""``verbonden plan``: the k best sites for new meeting places in one gemeente, as GeoJSON.

The same computation as the dashboard's Plannen page (:mod:`layers.planning`): a maximal covering
location problem over the gemeente's sector centroids (or the points of ``--kandidaten``), with the
meeting places of ``--ontmoetingsplaatsen`` counted as already covering. Writes the chosen sites
as GeoJSON points and prints a Dutch summary. Exit status: 0 written, 1 a points file rejected,
2 usage error; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.fetch import FetchError
from geodata.store import StoreError
from geodata.upload.cli import program_fault

if TYPE_CHECKING:
    import numpy as np

    from layers.planning import Suggestion, WhatIf

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class PlanUsageError(Exception):
    """A usage problem (unknown gemeente, k or distance out of range, unwritable output)."""


class PointsRejectedError(Exception):
    """A points file that cannot be used (Dutch message); exit status 1."""


def _number(text: str, option: str, kind: type[int] | type[float]) -> float:
    try:
        return kind(text.replace(",", "."))
    except ValueError:
        raise PlanUsageError(f"{option} '{text}' is geen getal.") from None


def _read_points(path_text: str, store_path: Path, label: str) -> tuple[np.ndarray, list[str]]:
    """(EPSG:31370 points, labels) of a points file, read as the dashboard reads it."""
    from geodata.upload import UploadRejectedError, read_user_file
    from layers.planning import points_from_file

    path = Path(path_text)
    if not path.is_file():
        raise PlanUsageError(f"bestand '{path}' bestaat niet of is geen bestand.")
    try:
        data = read_user_file(path)  # the upload's size guard, before reading
    except UploadRejectedError as exc:
        raise PointsRejectedError(f"{label} '{path.name}': {exc}") from None
    except OSError as exc:
        msg = f"bestand '{path}' kan niet gelezen worden ({exc.strerror})."
        raise PlanUsageError(msg) from None
    try:
        return points_from_file(data, filename=path.name, store_path=store_path, label=label)
    except ValueError as exc:
        raise PointsRejectedError(f"{exc} Zie 'verbonden check {path}'.") from None


def _check_output(out: str) -> Path:
    path = Path(out)
    if path.is_dir():
        raise PlanUsageError(f"--out '{out}' is een map; geef een bestandsnaam zoals plan.geojson.")
    if not path.parent.is_dir():
        raise PlanUsageError(f"de map '{path.parent}' voor --out bestaat niet.")
    return path


def plan_geojson(suggestion: Suggestion, check: WhatIf) -> str:
    """The chosen sites as a GeoJSON FeatureCollection (WGS84), with the scenario's figures."""
    gemeente = check.units.iloc[0]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {
                "plek": int(row["plek"]),
                "kandidaat": str(row["kandidaat"]),
                "bereik_65plus": float(row["bereik_65plus"]),
                "enkel_hier_65plus": float(row["enkel_hier_65plus"]),
                "extra_65plus": float(row["extra_65plus"]),
                "gemeente_code": suggestion.gemeente,
                "gemeente": suggestion.naam,
                "afstand_m": suggestion.distance_m,
            },
        }
        for _, row in suggestion.sites.iterrows()
    ]
    collection = {
        "type": "FeatureCollection",
        "name": f"plan {suggestion.naam}",
        "verbonden": {
            "gemeente": suggestion.naam,
            "afstand_m": suggestion.distance_m,
            "plekken": suggestion.k,
            "kandidaten": suggestion.candidates,
            "inwoners_65plus": suggestion.total_65plus,
            "al_binnen_bereik_65plus": suggestion.covered_before,
            "erbij_65plus": float(gemeente["erbij_65plus"]),
            "ver_voor": float(gemeente["ver_voor"]),
            "ver_na": float(gemeente["ver_na"]),
            "nood_voor": float(gemeente["nood_voor"]),
            "nood_na": float(gemeente["nood_na"]),
        },
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1)


def _summary(suggestion: Suggestion, check: WhatIf) -> str:
    gemeente = check.units.iloc[0]
    lines = [
        f"{suggestion.naam}: {suggestion.k} plek(ken) binnen {suggestion.distance_m:.0f} m "
        f"(vogelvlucht), gekozen uit {suggestion.candidates} kandidaten"
        + (f", voor de 65-plussers van wijk {suggestion.wijk}." if suggestion.wijk else "."),
        f"65-plussers: {suggestion.total_65plus:.0f}, waarvan {suggestion.covered_before:.0f} al "
        "binnen bereik van een gekende ontmoetingsplaats.",
    ]
    for _, row in suggestion.sites.iterrows():
        lines.append(
            f"  plek {row['plek']}: {row['kandidaat']} ({row['lat']:.5f}, {row['lon']:.5f}): "
            f"{row['bereik_65plus']:.0f} 65-plussers binnen bereik, {row['extra_65plus']:.0f} erbij"
        )
    gains = ", ".join(
        f"{int(r['plekken'])}: {r['bereikt_65plus']:.0f}" for _, r in suggestion.gains.iterrows()
    )
    lines.append(f"Beste bereik per aantal plekken (65-plussers): {gains}.")
    lines.append(
        f"{check.measure_label}: {gemeente['ver_voor']:.1f} % -> {gemeente['ver_na']:.1f} %; "
        f"nood-index {gemeente['nood_voor']:.1f} -> {gemeente['nood_na']:.1f} "
        f"(rang {gemeente['rang_voor']} -> {gemeente['rang_na']})."
    )
    lines.extend(f"Let op: {note}" for note in check.notes)
    lines.append(
        f"Let op: afstanden in vogelvlucht vanaf het zwaartepunt van elke statistische sector; "
        f"een sector is hier typisch {check.radius_m[0]:.0f} m groot (straal, mediaan), dus "
        "wie aan de rand woont kan zoveel dichter of verder wonen."
    )
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    from geodata.build import ensure_store
    from geodata.resolver import Resolver
    from geodata.settings import load_settings
    from layers.indicators import IndicatorInputs
    from layers.planning import check_distance, check_sites, planning_base, suggest_sites, what_if

    out = _check_output(args.out)
    try:
        k = check_sites(int(_number(args.k, "--k", int)))
        distance = check_distance(_number(args.afstand, "--afstand", float))
    except ValueError as exc:
        raise PlanUsageError(str(exc)) from None
    settings = load_settings(home=args.home)
    ensure_store(settings)
    resolver = Resolver.from_store(settings.store_path)
    match = resolver.resolve(args.gemeente)
    if not match.ok or match.code is None:
        options = ", ".join(f"{naam} ({code})" for code, naam in match.candidates)
        hint = f" Bedoelt u: {options}?" if options else ""
        raise PlanUsageError(f"gemeente '{args.gemeente}' niet gevonden.{hint}")
    if match.note:
        print(match.note, file=sys.stderr)
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    base = planning_base(inputs, home=settings.home)
    if args.ontmoetingsplaatsen:
        existing, _ = _read_points(
            args.ontmoetingsplaatsen, settings.store_path, "Ontmoetingsplaatsen"
        )
        base = base.with_existing(existing)
    candidates, labels = None, None
    if args.kandidaten:
        candidates, labels = _read_points(args.kandidaten, settings.store_path, "Kandidaten")
    wijk = None
    if args.wijk:
        wijk_match = resolver.resolve_wijk(args.wijk)
        if not wijk_match.ok:
            raise PlanUsageError(f"wijk '{args.wijk}' niet gevonden (geef een wijkcode).")
        wijk = str(args.wijk).strip().upper()
    try:
        suggestion = suggest_sites(
            base,
            gemeente=match.code,
            k=k,
            distance_m=distance,
            candidates=candidates,
            candidate_labels=labels,
            wijk=wijk,
        )
    except ValueError as exc:
        raise PlanUsageError(str(exc)) from None
    check = what_if(base, gemeente=match.code, new=suggestion.xy, distance_m=distance)
    try:
        out.write_text(plan_geojson(suggestion, check), encoding="utf-8")
    except OSError as exc:
        raise PlanUsageError(f"'{out}' kan niet geschreven worden ({exc.strerror}).") from None
    print(_summary(suggestion, check))
    print(f"Plan geschreven naar {out}.")
    return EXIT_OK


def run_plan(args: argparse.Namespace) -> int:
    """Run ``verbonden plan``; 0 written, 1 points file rejected, 2 usage error. Never raises."""
    try:
        return _run(args)
    except PlanUsageError as exc:
        print(f"verbonden plan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PointsRejectedError as exc:
        print(f"Geen plan geschreven: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except (FetchError, StoreError, FileNotFoundError, PermissionError) as exc:
        print(f"verbonden plan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("verbonden plan: onderbroken.", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the one boundary: user errors never get here
        return program_fault("plan", exc)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``plan`` to the ``verbonden`` parser."""
    parser = subparsers.add_parser(
        "plan",
        help="de beste plekken voor nieuwe ontmoetingsplaatsen in een gemeente (GeoJSON)",
        description="Kies k plekken die samen de meeste 65-plussers binnen wandelafstand van een "
        "ontmoetingsplaats brengen (maximale dekking, exact opgelost) en schrijf ze als GeoJSON.",
    )
    parser.add_argument("--gemeente", required=True, help="naam of NIS-code van de gemeente")
    parser.add_argument("--k", default="3", help="aantal nieuwe plekken, 1 tot 5 (standaard 3)")
    parser.add_argument(
        "--afstand", default="800", help="wandelafstand in meter, 400 tot 1500 (standaard 800)"
    )
    parser.add_argument(
        "--kandidaten",
        help="puntenbestand met kandidaat-plekken (standaard: de zwaartepunten van de sectoren)",
    )
    parser.add_argument(
        "--ontmoetingsplaatsen", help="puntenbestand met de bestaande ontmoetingsplaatsen"
    )
    parser.add_argument(
        "--wijk", help="alleen de 65-plussers van deze wijk van de gemeente (wijkcode)"
    )
    parser.add_argument("--out", required=True, help="het GeoJSON-bestand om te schrijven")
    parser.add_argument("--home", help="map met de gegevensopslag (VERBONDEN_HOME)")
    parser.set_defaults(func=run_plan)


__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "plan_geojson", "register", "run_plan"]
