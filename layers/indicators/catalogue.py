"""The indicator catalogue: every indicator the product knows, declared once as data.

:data:`DEFAULT_SPECS` declares each indicator; :data:`REGISTRY` holds them by id (plus any a
test or plug-in registers). Generic code asks a spec (:func:`get_spec`, :func:`specs_for`) and
never keeps its own table keyed by indicator id.
"""

from __future__ import annotations

from geodata.catalogue import DELIJN, HOUSEHOLDS, IRAIL, PIC, STATBEL, SURVEY
from layers.indicators import (
    age,
    household_sizes,
    households,
    meeting,
    mobility,
    stops,
    survey,
)
from layers.indicators.spec import LEVELS, IndicatorSpec

_STATBEL = STATBEL.licence
_PIC_STATBEL = f"{PIC.licence}; {STATBEL.licence}"
_IRAIL_STATBEL = f"{IRAIL.licence} (iRail); {STATBEL.licence}"
_UPLOAD_STATBEL = f"eigen gegevens; {STATBEL.licence}"
_SECTOR_PLACEMENT = (
    "Sectoren van vóór de sectorhervorming van 2025 zijn via de sectortabellen van Provincies in "
    "Cijfers aan een wijk van 2025 toegewezen (tabel of zwaartepunt van de sector)."
)
_STATIONS = (
    "Belgische stations tellen alleen mee als er treinen stoppen (iRail: gemiddeld aantal "
    "stops groter dan 0); stations over de grens (zoals Maastricht of Breda) tellen altijd mee."
)
_CENTROIDS = (
    "Afstanden zijn hemelsbreed gemeten vanaf het zwaartepunt van elke statistische sector, "
    "niet vanaf elk adres; in grote landelijke sectoren is dat een benadering."
)

_HOUSEHOLDS = HOUSEHOLDS.licence
_SURVEY = SURVEY.licence
_SURVEY_STATBEL = f"{SURVEY.licence}; {STATBEL.licence} (bevolking 2024 als gewicht)"
_DELIJN_STATBEL = f"{DELIJN.licence}; {STATBEL.licence}"
_HOUSEHOLDS_SOURCE = "Statistiek Vlaanderen, huishoudens naar grootte (Huishoudensvooruitzichten)"
_SURVEY_SOURCE = "Gemeente-Stadsmonitor 2023 (burgerbevraging), Agentschap Binnenlands Bestuur"
_HOUSEHOLDS_MERGED = (
    "Voor de gemeenten die in 2025 fuseerden zijn de huishoudens van de deelnemende gemeenten "
    "opgeteld (Antwerpen met Borsbeek)."
)
_PROJECTION = (
    "Prognose, geen waarneming: Statistiek Vlaanderen rekent vooruit vanaf 2023 met "
    "veronderstellingen over geboorte, sterfte, migratie en samenwonen."
)
_SURVEY_OPINION = (
    "Enquête: het aandeel inwoners dat dit zelf zo ervaart, geen telling van voorzieningen. "
    "Per gemeente een steekproef, dus met een foutenmarge van enkele procentpunten."
)
_SURVEY_MERGED = (
    "Fusiegemeenten van 2025: schatting als gemiddelde van de deelgemeenten, gewogen naar hun "
    "bevolking op 1 januari 2024. Herstappe ontbreekt in de enquête: onbekend."
)
_SURVEY_REFERENCE = (
    "Vlaanderen en de provincies: gemiddelde van de gemeenten, gewogen naar hun bevolking."
)
_STOPS_2015 = (
    "Haltes 2015: het net van De Lijn is in 2024 hervormd (basisbereikbaarheid). Laad de "
    "actuele haltes op (GTFS-bestand stops.txt van De Lijn); die vervangen dan de haltes van "
    "2015 in de gemeenten die ze dekken."
)
_EVERY_STOP = (
    "Elke halte telt, ook zonder gekende lijnen: het bestand van 2015 mist de lijnnummers voor "
    "het grootste deel van de provincie Antwerpen. Zegt niets over hoe vaak er een bus of tram "
    "stopt."
)

DEFAULT_SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        id="alleenwonend",
        label="Alleenwonenden (Census 2021)",
        explanation=(
            "Het aandeel private huishoudens dat uit één persoon bestaat. Alleen wonen is een "
            "van de sterkste voorspellers van eenzaamheid."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="alleenwonend",
        source="Statbel, Census 2021",
        year="2021",
        licence=_STATBEL,
        caveats=(
            "Antwerpen (2025) zonder Borsbeek: de census-bron heeft geen cijfer voor Borsbeek.",
            "Voor de gemeenten die in 2025 fuseerden zijn de cijfers van de deelnemende "
            "gemeenten opgeteld.",
        ),
        is_proxy=False,
        gap_phrase="hoog aandeel alleenwonenden (2021)",
        builder=households.alleenwonend,
    ),
    IndicatorSpec(
        id="leeftijd_80plus",
        label="80-plussers",
        explanation=(
            "Het aandeel inwoners van 80 jaar of ouder op 1 januari 2024. Op hoge leeftijd "
            "vallen partner, vrienden en mobiliteit vaker weg."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="leeftijd",
        source="Statbel, bevolking naar leeftijd op 1 januari 2024",
        year="2024",
        licence=_STATBEL,
        caveats=(
            "Herstappe heeft geen 80+-cijfer in de bron: onbekend, niet nul.",
            "Gemeenten van 2025: de tellingen van de gefuseerde gemeenten zijn opgeteld "
            "(Antwerpen omvat Borsbeek).",
            "Alleen per gemeente: er zijn geen 80+-cijfers per sector of wijk.",
        ),
        is_proxy=False,
        gap_phrase="hoog aandeel 80-plussers",
        need_default=("gemeente",),
        provision_denominator=("gemeente",),
        hint_topic="ouderen",
        builder=age.leeftijd_80plus,
    ),
    IndicatorSpec(
        id="leeftijd_65plus",
        label="65-plussers",
        explanation=(
            "Het aandeel inwoners van 65 jaar of ouder (Census 2021), per gemeente en per wijk."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="leeftijd",
        source="Statbel, Census 2021 per statistische sector",
        year="2021",
        licence=_STATBEL,
        caveats=(
            _SECTOR_PLACEMENT,
            "Inwoners zonder gekend adres (sector 'ZZZZ') tellen mee voor de gemeente, niet "
            "voor een wijk.",
        ),
        is_proxy=False,
        sector_source="census",
        gap_phrase="hoog aandeel 65-plussers",
        need_default=("wijk",),
        provision_denominator=("wijk",),
        hint_topic="ouderen",
        report_map=True,
        builder=age.leeftijd_65plus,
    ),
    IndicatorSpec(
        id="uitrustingsgraad",
        label="Uitrustingsgraad van de gemeente (benadering)",
        explanation=(
            "Hoe goed de gemeente uitgerust is met voorzieningen, van 1 (grote en regionale "
            "steden) tot 9 (zwak uitgeruste gemeenten buiten de invloedssfeer van een "
            "centrumstad). Een benadering voor het gebrek aan ontmoetingsplaatsen."
        ),
        unit="klasse",
        direction=1,
        levels=("gemeente",),
        theme="ontmoeting",
        source="Provincies in Cijfers, uitrustingsgraad van de gemeenten",
        year="2025",
        licence=_PIC_STATBEL,
        caveats=(
            "Benadering: zegt iets over voorzieningen in het algemeen, niet over "
            "ontmoetingsplaatsen zelf. Laad eigen ontmoetingsplaatsen op voor een echte meting.",
            "Volgorde van de klassen: eerst het niveau van de voorzieningen; bij een gelijk "
            "niveau telt een gemeente binnen de invloedssfeer van een centrumstad als beter "
            "uitgerust.",
        ),
        is_proxy=True,
        classification="equal_interval",
        decimals=0,
        aggregate=meeting.uitrustingsgraad_by_group,
        value_labels=meeting.UITRUSTINGSGRAAD_LABELS,
        gap_phrase="weinig voorzieningen (uitrustingsgraad)",
        builder=meeting.uitrustingsgraad,
    ),
    IndicatorSpec(
        id="buitende_kernen",
        label="Wonen in buitende kernen (benadering)",
        explanation=(
            "Het aandeel inwoners dat in een buitende kern woont: een kleine woonkern buiten de "
            "centra, met minder plaatsen om elkaar te ontmoeten. Een benadering voor het gebrek "
            "aan ontmoetingsplaatsen."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="ontmoeting",
        source="Provincies in Cijfers (kerntypering) en Statbel (bevolking per sector, 2024)",
        year="2024",
        licence=_PIC_STATBEL,
        caveats=(
            "Benadering: wonen in een buitende kern betekent niet dat er geen ontmoetingsplaats "
            "is. Laad eigen ontmoetingsplaatsen op voor een echte meting.",
            _SECTOR_PLACEMENT,
        ),
        is_proxy=True,
        sector_source="centroids",
        gap_phrase="veel inwoners in buitende kernen",
        need_default=("wijk",),
        builder=meeting.buitende_kernen,
    ),
    IndicatorSpec(
        id="afstand_station",
        label="Afstand tot een treinstation",
        explanation=(
            "De gemiddelde afstand in vogelvlucht van de inwoners tot het dichtstbijzijnde "
            "treinstation met treinen, ook over de grens, gewogen naar het aantal inwoners."
        ),
        unit="km",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="iRail (treinstations) en Statbel (bevolking per sector, 2024)",
        year="2024",
        licence=_IRAIL_STATBEL,
        caveats=(_CENTROIDS, _STATIONS),
        is_proxy=False,
        scale=1.0,
        sector_source="centroids",
        gap_phrase="ver van een treinstation",
        builder=mobility.afstand_station,
    ),
    IndicatorSpec(
        id="verder_dan_station",
        label="Ver van een treinstation",
        explanation=(
            "Het aandeel inwoners dat verder dan de gekozen afstand (standaard 3 km, in "
            "vogelvlucht) van een treinstation met treinen woont, ook over de grens."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="iRail (treinstations) en Statbel (bevolking per sector, 2024)",
        year="2024",
        licence=_IRAIL_STATBEL,
        caveats=(_CENTROIDS, _STATIONS),
        is_proxy=False,
        sector_source="centroids",
        gap_phrase="veel inwoners ver van een treinstation",
        builder=mobility.verder_dan_station,
    ),
    IndicatorSpec(
        id="alleenwonend_2011",
        label="Alleenwonenden in 2011",
        explanation=(
            "Het aandeel private huishoudens dat in 2011 uit één persoon bestond, binnen de "
            "gemeentegrenzen van 2025. Om de evolutie sinds 2011 te tonen."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source="Statbel, Census 2011",
        year="2011",
        licence=_STATBEL,
        caveats=(
            "De census van 2011 is gepubliceerd op de gemeenten van vóór 2019; die zijn hier "
            "opgeteld tot de gemeenten van 2025 (fusies van 2019 en 2025).",
        ),
        is_proxy=False,
        gap_phrase="hoog aandeel alleenwonenden in 2011",
        builder=households.alleenwonend_2011,
    ),
    IndicatorSpec(
        id="alleenwonend_verschil",
        label="Evolutie alleenwonenden 2011-2021",
        explanation=(
            "Hoeveel procentpunt het aandeel eenpersoonshuishoudens veranderde tussen de census "
            "van 2011 en die van 2021. Een positief getal betekent meer alleenwonenden."
        ),
        unit="procentpunt",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source="Statbel, Census 2011 en Census 2021",
        year="2011-2021",
        licence=_STATBEL,
        caveats=(
            "Antwerpen wordt in beide jaren zonder Borsbeek vergeleken, omdat de census van 2021 "
            "geen cijfer voor Borsbeek heeft.",
        ),
        is_proxy=False,
        aggregate=households.change_by_group,
        gap_phrase="sterke toename van het aandeel alleenwonenden",
        builder=households.alleenwonend_verschil,
    ),
    IndicatorSpec(
        id="ver_van_ontmoetingsplaats",
        label="65-plussers ver van een ontmoetingsplaats",
        explanation=(
            "Het aandeel 65-plussers dat verder dan de gekozen wandelafstand (standaard 800 m, in "
            "vogelvlucht) van de dichtstbijzijnde opgeladen ontmoetingsplaats woont."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="ontmoeting",
        source="Opgeladen ontmoetingsplaatsen en Statbel (Census 2021 per sector)",
        year="2021",
        licence=_UPLOAD_STATBEL,
        caveats=(
            _CENTROIDS,
            "65-plussers volgens Census 2021 per sector, geplaatst op het zwaartepunt van de "
            "sector; 65-plussers zonder gekend adres tellen niet mee.",
            "Alleen gemeenten met minstens één opgeladen ontmoetingsplaats krijgen een waarde; "
            "een ontmoetingsplaats net over de gemeentegrens telt wel mee.",
        ),
        is_proxy=False,
        requires="ontmoetingsplaatsen",
        sector_source="located_65plus",
        gap_phrase="veel 65-plussers ver van een ontmoetingsplaats",
        need_default=("gemeente", "wijk"),
        replaces_proxy=True,
        builder=meeting.ver_van_ontmoetingsplaats,
    ),
    IndicatorSpec(
        id="afstand_halte",
        label="Afstand tot een bus- of tramhalte",
        explanation=(
            "De gemiddelde afstand in vogelvlucht van de inwoners tot de dichtstbijzijnde "
            "opgeladen bus- of tramhalte, gewogen naar het aantal inwoners."
        ),
        unit="km",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="Opgeladen haltes (bv. De Lijn) en Statbel (bevolking per sector, 2024)",
        year="2024",
        licence=_UPLOAD_STATBEL,
        caveats=(
            _CENTROIDS,
            "Alleen gemeenten met minstens één opgeladen halte krijgen een waarde.",
            "Zegt niets over hoe vaak er een bus of tram stopt.",
        ),
        is_proxy=False,
        scale=1.0,
        decimals=2,
        requires="haltes",
        sector_source="centroids",
        gap_phrase="ver van een bus- of tramhalte",
        need_default=("gemeente", "wijk"),
        replaces_proxy=True,
        builder=mobility.afstand_halte,
    ),
    IndicatorSpec(
        id="verder_dan_halte",
        label="Ver van een bus- of tramhalte",
        explanation=(
            "Het aandeel inwoners dat verder dan de gekozen afstand (standaard 500 m, in "
            "vogelvlucht) van een opgeladen bus- of tramhalte woont."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="Opgeladen haltes (bv. De Lijn) en Statbel (bevolking per sector, 2024)",
        year="2024",
        licence=_UPLOAD_STATBEL,
        caveats=(
            _CENTROIDS,
            "Alleen gemeenten met minstens één opgeladen halte krijgen een waarde.",
            "Zegt niets over hoe vaak er een bus of tram stopt.",
        ),
        is_proxy=False,
        requires="haltes",
        sector_source="centroids",
        gap_phrase="veel inwoners ver van een bus- of tramhalte",
        builder=mobility.verder_dan_halte,
    ),
    IndicatorSpec(
        id="alleenwonend_2023",
        label="Alleenwonenden (2023)",
        explanation=(
            "Het aandeel private huishoudens dat in 2023 uit één persoon bestond, volgens de "
            "huishoudtellingen van Statistiek Vlaanderen. Alleen wonen hangt sterk samen met "
            "eenzaamheid."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="alleenwonend",
        source=_HOUSEHOLDS_SOURCE,
        year="2023",
        licence=_HOUSEHOLDS,
        caveats=(
            _HOUSEHOLDS_MERGED,
            "Alleen per gemeente: er zijn geen cijfers per wijk.",
        ),
        is_proxy=False,
        kind="observed",
        gap_phrase="hoog aandeel alleenwonenden",
        target_group="alleenwonenden",
        need_default=("gemeente",),
        hint_topic="alleenwonen",
        builder=household_sizes.alleenwonend_2023,
    ),
    IndicatorSpec(
        id="alleenwonend_2011_sv",
        label="Alleenwonenden (2011, Statistiek Vlaanderen)",
        explanation=(
            "Het aandeel private huishoudens dat in 2011 uit één persoon bestond, uit hetzelfde "
            "bestand als het cijfer van 2023, zodat beide jaren vergelijkbaar zijn."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source=_HOUSEHOLDS_SOURCE,
        year="2011",
        licence=_HOUSEHOLDS,
        caveats=(_HOUSEHOLDS_MERGED,),
        is_proxy=False,
        kind="observed",
        gap_phrase="hoog aandeel alleenwonenden in 2011",
        builder=household_sizes.alleenwonend_2011_sv,
    ),
    IndicatorSpec(
        id="alleenwonend_verschil_2011_2023",
        label="Evolutie alleenwonenden 2011-2023",
        explanation=(
            "Met hoeveel procentpunt het aandeel eenpersoonshuishoudens veranderde tussen 2011 "
            "en 2023. Een positief getal betekent dat meer huishoudens uit één persoon bestaan."
        ),
        unit="procentpunt",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source=_HOUSEHOLDS_SOURCE,
        year="2011-2023",
        licence=_HOUSEHOLDS,
        caveats=(_HOUSEHOLDS_MERGED,),
        is_proxy=False,
        kind="observed",
        aggregate=household_sizes.change_by_group,
        gap_phrase="sterke toename van het aandeel alleenwonenden sinds 2011",
        builder=household_sizes.alleenwonend_verschil_2011_2023,
    ),
    IndicatorSpec(
        id="alleenwonend_prognose_2030",
        label="Alleenwonenden in 2030 (prognose)",
        explanation=(
            "Het verwachte aandeel eenpersoonshuishoudens in 2030 volgens de "
            "huishoudensvooruitzichten van Statistiek Vlaanderen. Een prognose, geen meting."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source=f"{_HOUSEHOLDS_SOURCE}, prognose (basisjaar 2023)",
        year="2030",
        licence=_HOUSEHOLDS,
        caveats=(
            _PROJECTION,
            _HOUSEHOLDS_MERGED,
            "Herstappe heeft geen prognose in de bron: onbekend.",
        ),
        is_proxy=False,
        kind="projection",
        gap_phrase="hoog verwacht aandeel alleenwonenden in 2030",
        builder=household_sizes.alleenwonend_prognose_2030,
    ),
    IndicatorSpec(
        id="alleenwonend_prognose_2040",
        label="Alleenwonenden in 2040 (prognose)",
        explanation=(
            "Het verwachte aandeel eenpersoonshuishoudens in 2040 volgens de "
            "huishoudensvooruitzichten van Statistiek Vlaanderen. Een prognose, geen meting."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="overig",
        source=f"{_HOUSEHOLDS_SOURCE}, prognose (basisjaar 2023)",
        year="2040",
        licence=_HOUSEHOLDS,
        caveats=(
            _PROJECTION,
            _HOUSEHOLDS_MERGED,
            "Herstappe heeft geen prognose in de bron: onbekend.",
        ),
        is_proxy=False,
        kind="projection",
        gap_phrase="hoog verwacht aandeel alleenwonenden in 2040",
        builder=household_sizes.alleenwonend_prognose_2040,
    ),
    IndicatorSpec(
        id="gebrek_ontmoetingsplaatsen",
        label="Te weinig ontmoetingsplaatsen (enquête)",
        explanation=(
            "Het aandeel inwoners dat in de eigen buurt niet genoeg plaatsen vindt om te rusten "
            "en elkaar te ontmoeten: 100 min het aandeel dat 'voldoende ontmoetingsplaatsen' "
            "antwoordt in de Gemeente-Stadsmonitor."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="ontmoeting",
        source=_SURVEY_SOURCE,
        year="2023",
        licence=_SURVEY_STATBEL,
        caveats=(_SURVEY_OPINION, _SURVEY_MERGED, _SURVEY_REFERENCE),
        is_proxy=False,
        kind="survey",
        scale=1.0,
        gap_phrase="veel inwoners vinden te weinig ontmoetingsplaatsen in de buurt",
        need_default=("gemeente",),
        builder=survey.gebrek_ontmoetingsplaatsen,
    ),
    IndicatorSpec(
        id="onvoldoende_openbaar_vervoer",
        label="Te weinig openbaar vervoer (enquête)",
        explanation=(
            "Het aandeel inwoners dat het openbaar vervoer in de gemeente niet voldoende vindt: "
            "100 min het aandeel dat 'voldoende openbaar vervoer' antwoordt. Een beleving, geen "
            "meting van het aanbod."
        ),
        unit="%",
        direction=1,
        levels=("gemeente",),
        theme="mobiliteit",
        source=_SURVEY_SOURCE,
        year="2023",
        licence=_SURVEY_STATBEL,
        caveats=(_SURVEY_OPINION, _SURVEY_MERGED, _SURVEY_REFERENCE),
        is_proxy=False,
        kind="survey",
        scale=1.0,
        gap_phrase="veel inwoners vinden het openbaar vervoer onvoldoende",
        builder=survey.onvoldoende_openbaar_vervoer,
    ),
    IndicatorSpec(
        id="activiteiten_senioren",
        label="Voldoende activiteiten voor senioren (enquête)",
        explanation=(
            "Het aandeel inwoners dat vindt dat er in de gemeente voldoende activiteiten voor "
            "senioren zijn. Zegt iets over het aanbod zoals inwoners het zien: hoger is beter."
        ),
        unit="%",
        direction=-1,
        levels=("gemeente",),
        theme="overig",
        source=_SURVEY_SOURCE,
        year="2023",
        licence=_SURVEY_STATBEL,
        caveats=(_SURVEY_OPINION, _SURVEY_MERGED, _SURVEY_REFERENCE),
        is_proxy=False,
        kind="survey",
        scale=1.0,
        gap_phrase="weinig inwoners vinden er genoeg activiteiten voor senioren",
        provision_view=True,
        builder=survey.activiteiten_senioren,
    ),
    IndicatorSpec(
        id="tevredenheid_ouderenvoorzieningen",
        label="Tevredenheid over ouderenvoorzieningen (enquête)",
        explanation=(
            "Het aandeel inwoners dat tevreden is over de voorzieningen voor ouderen in de "
            "gemeente. Zegt iets over het aanbod zoals inwoners het zien: hoger is beter."
        ),
        unit="%",
        direction=-1,
        levels=("gemeente",),
        theme="overig",
        source=_SURVEY_SOURCE,
        year="2023",
        licence=_SURVEY_STATBEL,
        caveats=(_SURVEY_OPINION, _SURVEY_MERGED, _SURVEY_REFERENCE),
        is_proxy=False,
        kind="survey",
        scale=1.0,
        gap_phrase="weinig tevredenheid over de ouderenvoorzieningen",
        provision_view=True,
        builder=survey.tevredenheid_ouderenvoorzieningen,
    ),
    IndicatorSpec(
        id="afstand_delijn",
        label="Afstand tot een bus- of tramhalte (haltes 2015)",
        explanation=(
            "De gemiddelde afstand in vogelvlucht van de inwoners tot de dichtstbijzijnde halte "
            "van De Lijn, gewogen naar het aantal inwoners. Gemeten met de haltes van 2015: laad "
            "de actuele stops.txt op voor het huidige net."
        ),
        unit="m",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="De Lijn (haltes 2015) en Statbel (bevolking per sector, 2024)",
        year="2015 (haltes), 2024 (bevolking)",
        licence=_DELIJN_STATBEL,
        caveats=(_STOPS_2015, _EVERY_STOP, _CENTROIDS, _SECTOR_PLACEMENT),
        is_proxy=False,
        kind="observed",
        scale=1.0,
        decimals=0,
        gap_phrase="ver van een bus- of tramhalte (haltes 2015)",
        need_default=("gemeente", "wijk"),
        sector_source="centroids",
        builder=stops.afstand_delijn,
    ),
    IndicatorSpec(
        id="verder_dan_delijn",
        label="Ver van een bus- of tramhalte (haltes 2015)",
        explanation=(
            "Het aandeel inwoners dat verder dan de gekozen afstand (standaard 500 m, in "
            "vogelvlucht) van een halte van De Lijn woont. Gemeten met de haltes van 2015: laad "
            "de actuele stops.txt op voor het huidige net."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="De Lijn (haltes 2015) en Statbel (bevolking per sector, 2024)",
        year="2015 (haltes), 2024 (bevolking)",
        licence=_DELIJN_STATBEL,
        caveats=(_STOPS_2015, _EVERY_STOP, _CENTROIDS, _SECTOR_PLACEMENT),
        is_proxy=False,
        kind="observed",
        gap_phrase="veel inwoners ver van een bus- of tramhalte (haltes 2015)",
        sector_source="centroids",
        builder=stops.verder_dan_delijn,
    ),
    IndicatorSpec(
        id="ouderen_ver_van_delijn",
        label="65-plussers ver van een bus- of tramhalte (haltes 2015)",
        explanation=(
            "Het aandeel 65-plussers dat verder dan de gekozen afstand (standaard 500 m, in "
            "vogelvlucht) van een halte van De Lijn woont. Gemeten met de haltes van 2015: laad "
            "de actuele stops.txt op voor het huidige net."
        ),
        unit="%",
        direction=1,
        levels=("gemeente", "wijk"),
        theme="mobiliteit",
        source="De Lijn (haltes 2015) en Statbel (Census 2021 per sector)",
        year="2015 (haltes), 2021 (65-plussers)",
        licence=_DELIJN_STATBEL,
        caveats=(
            _STOPS_2015,
            _EVERY_STOP,
            _CENTROIDS,
            "65-plussers volgens Census 2021 per sector, geplaatst op het zwaartepunt van de "
            "sector; 65-plussers zonder gekend adres tellen niet mee.",
        ),
        is_proxy=False,
        kind="observed",
        gap_phrase="veel 65-plussers ver van een bus- of tramhalte (haltes 2015)",
        sector_source="located_65plus",
        builder=stops.ouderen_ver_van_delijn,
    ),
)

REGISTRY: dict[str, IndicatorSpec] = {}


def register(spec: IndicatorSpec) -> IndicatorSpec:
    """Add (or replace) a spec in :data:`REGISTRY`; returns it."""
    REGISTRY[spec.id] = spec
    return spec


def unregister(indicator_id: str) -> None:
    """Remove a spec from :data:`REGISTRY` (e.g. one a test registered); unknown ids are ignored."""
    REGISTRY.pop(indicator_id, None)


def get_spec(indicator_id: str) -> IndicatorSpec:
    """The spec with this id, or a Dutch error naming the known ids."""
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        msg = f"Onbekende indicator '{indicator_id}'. Bekende indicatoren: {known}."
        raise KeyError(msg) from None


def specs_for(level: str) -> list[IndicatorSpec]:
    """All registered specs available at ``level`` ("gemeente" or "wijk"), in registry order."""
    if level not in LEVELS:
        msg = f"Onbekend niveau '{level}' (verwacht: {', '.join(LEVELS)})."
        raise ValueError(msg)
    return [spec for spec in REGISTRY.values() if level in spec.levels]


def provision_denominator_spec(level: str) -> IndicatorSpec:
    """The indicator whose numerator (residents) is the provision denominator at ``level``."""
    return _only(
        [spec for spec in specs_for(level) if level in spec.provision_denominator],
        f"de noemer van het aanbod op niveau '{level}'",
    )


def provision_view_specs() -> tuple[IndicatorSpec, ...]:
    """The indicators whose mean is the default provision measure (``provision_view``)."""
    specs = tuple(spec for spec in REGISTRY.values() if spec.provision_view)
    if not specs:
        raise ValueError("Geen enkele indicator is de standaardmaat van het aanbod.")
    return specs


def report_map_spec() -> IndicatorSpec:
    """The indicator drawn on the wijk map of the municipality report (``report_map``)."""
    return _only(
        [spec for spec in REGISTRY.values() if spec.report_map], "de kaart van het rapport"
    )


def hint_indicators(topic: str) -> tuple[str, ...]:
    """Ids of the indicators a councillor hint on ``topic`` quotes, in registry order."""
    return tuple(spec.id for spec in REGISTRY.values() if spec.hint_topic == topic)


def _only(specs: list[IndicatorSpec], role: str) -> IndicatorSpec:
    if len(specs) != 1:
        found = ", ".join(spec.id for spec in specs) or "geen"
        msg = f"Precies één indicator moet {role} zijn; gevonden: {found}."
        raise ValueError(msg)
    return specs[0]


for _spec in DEFAULT_SPECS:
    register(_spec)
