"""Gemeente-Stadsmonitor 2023: residents' own view, per municipality (shares of respondents).

The survey was held per 2019-2024 municipality. A 2025 municipality that merged has no figure of
its own: its value is the mean of its parts weighted by their population on 1 January 2024, an
estimate that every such unit says in its caveat. Herstappe is missing in the source: unknown.

Numerator and denominator: a survey share has no counts, so ``numerator`` = share x population
and ``denominator`` = population (2024), with scale 1. Summed over a province or Flanders, the
reference value is then the population-weighted mean of the municipal shares.
"""

from __future__ import annotations

import pandas as pd

from geodata.raw import read_survey
from layers.indicators.age import population_80plus
from layers.indicators.frames import ratio, units, unknown_codes_error
from layers.indicators.spec import IndicatorInputs

SURVEY_FILE = "master_sm_df_20240506.RDS (Gemeente-Stadsmonitor 2023)"
MEETING_PLACES = "Voldoende ontmoetingsplaatsen"  # GSM SA_S_17
PUBLIC_TRANSPORT = "Voldoende openbaar vervoer"  # GSM MO_S_04
SENIOR_ACTIVITIES = "Voldoende activiteiten voor senioren"  # GSM CU_S_23
ELDERLY_SERVICES = "Tevredenheid over ouderenvoorzieningen"  # GSM ZO_S_09


def weighted_share(
    inputs: IndicatorInputs, level: str, item: str, *, complement: bool = False
) -> pd.DataFrame:
    """The survey share for ``item`` (or 100 minus it) per 2025 gemeente, population-weighted."""
    survey = read_survey(inputs.raw_dir)
    if item not in survey.columns:
        msg = f"{SURVEY_FILE}: kolom '{item}' ontbreekt."
        raise ValueError(msg)
    population = population_80plus(inputs)
    unknown = ~survey["nis"].isin(population["nis"])
    if unknown.any():
        bad = survey.loc[unknown, "nis"]
        bad.index = bad.index + 1
        raise unknown_codes_error(SURVEY_FILE, "nis_code", bad)
    share = population["nis"].map(survey.set_index("nis")[item].astype(float))
    if complement:
        share = 100.0 - share
    parts = population.assign(share=share, weighted=share * population["tot_pop"])
    grouped = parts.groupby("gemeente_code")
    all_known = grouped["share"].agg(lambda s: bool(s.notna().all()))
    numerator = grouped["weighted"].sum().where(all_known)
    denominator = grouped["tot_pop"].sum()
    missing = parts.loc[parts["share"].isna()].groupby("gemeente_code")["naam"].agg(", ".join)
    merged = grouped["naam"].agg(list)
    merged = merged[merged.map(len) > 1]
    caveat = merged.map(
        lambda names: (
            "schatting: gemiddelde van de enquêtecijfers van "
            f"{', '.join(names[:-1])} en {names[-1]}, gewogen naar hun bevolking op 1 januari "
            "2024; de enquête heeft geen eigen cijfer voor de fusiegemeente"
        )
    )
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=numerator,
        denominator=denominator,
        missing_reason="geen cijfer in de Gemeente-Stadsmonitor 2023",
        unknown_reason=missing.map(
            lambda names: f"geen cijfer voor {names} in de Gemeente-Stadsmonitor 2023"
        ),
        caveat=caveat,
    )


def gebrek_ontmoetingsplaatsen(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents who do not find enough meeting places in their neighbourhood."""
    return weighted_share(inputs, level, MEETING_PLACES, complement=True)


def onvoldoende_openbaar_vervoer(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents who do not find enough public transport (a perception)."""
    return weighted_share(inputs, level, PUBLIC_TRANSPORT, complement=True)


def activiteiten_senioren(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents who find there are enough activities for seniors."""
    return weighted_share(inputs, level, SENIOR_ACTIVITIES)


def tevredenheid_ouderenvoorzieningen(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents satisfied with the services for older people."""
    return weighted_share(inputs, level, ELDERLY_SERVICES)
