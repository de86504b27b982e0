"""Dutch texts of the councillor hints, grounded in the VVSG publication "Verbonden met (n)iemand".

Our own wording of the publication's advice (its facts and figures credited to it); which hint
applies is decided in :mod:`layers.initiatives.checklist`. Each function returns ``(title, text)``.
"""

from __future__ import annotations

import pandas as pd

SOURCE = "VVSG, 'Verbonden met (n)iemand – Eenzaamheid begrijpen en aanpakken'"
SURVEY_SOURCE = f"{SOURCE}; bevraging SARLab (VUB) en VVSG, 2023"
ELEMENT_SOURCE = f"Bouwman & Van Tilburg (2020), zoals samengevat in {SOURCE}"

NO_INITIATIVES = (
    "Nog geen initiatieven in het overzicht",
    "Voor deze gemeente staat geen enkel initiatief in het overzicht. Het standaardoverzicht "
    "bevat enkel de voorbeelden uit de VVSG-publicatie, dus dit zegt weinig over wat er echt "
    "loopt. Houd het eigen overzicht van de gemeente bij op de pagina 'Inventaris' (of laad een "
    "bestand op via 'Eigen data') om de checklist en de tips hieronder op het lokale aanbod te "
    "laten slaan.",
    SOURCE,
)

ISOLATION_VS_LONELINESS = (
    "Sociaal isolement is niet hetzelfde als eenzaamheid",
    "Het aanbod in het overzicht draait vooral om mensen samenbrengen. Dat helpt tegen sociaal "
    "isolement: te weinig contacten hebben, iets wat je van buitenaf kan vaststellen. "
    "Eenzaamheid is het gevoel dat je relaties tekortschieten, en dan volstaat meer contact vaak "
    "niet. De publicatie raadt aan om ook in te zetten op contacten die echt iets betekenen "
    "(buddy's, vaste gesprekspartners, lotgenoten) en op psychosociale begeleiding, en om "
    "drempels weg te werken (geld, vervoer, digitale vaardigheden). Volgens de bevraging van "
    "2023 maakt 71% van de lokale besturen dit onderscheid nog niet.",
    SURVEY_SOURCE,
)

COMBINE = (
    "Combineer meerdere werkzame elementen",
    "De initiatieven in het overzicht gebruiken samen maar één of twee van de zeven werkzame "
    "elementen. Een aanpak werkt beter wanneer hij er meerdere combineert, bijvoorbeeld "
    "ontmoeting koppelen aan een taak waarin deelnemers zich nuttig voelen, zoals "
    "vrijwilligerswerk in de buurt.",
    ELEMENT_SOURCE,
)


def _with_example(text: str, example: str, lead: str = "Een voorbeeld uit het overzicht") -> str:
    return f"{text} {lead}: {example}." if example else text


def youth(example: str) -> tuple[str, str, str]:
    """No initiative reaches young people."""
    text = (
        "Geen enkel initiatief in het overzicht bereikt jongeren of studenten, terwijl "
        "eenzaamheid op jonge leeftijd lang kan doorwerken. In de bevraging van 2023 richtte "
        "40% van de lokale besturen zich al op jongeren. Zoek partners die jongeren dagelijks "
        "zien: scholen, "
        "centra voor leerlingenbegeleiding (CLB), jeugdhuizen en jeugdwerk, OverKop-huizen en "
        "centra voor geestelijke gezondheidszorg (CGG). Werk aan sociale vaardigheden en breng "
        "jongeren in gelijkaardige situaties samen (lotgenotencontact)."
    )
    return "Jongeren worden niet bereikt", _with_example(text, example), SURVEY_SOURCE


def older(high: pd.Series | None) -> tuple[str, str, str]:
    """No initiative for older people (with the figure when the municipality scores high)."""
    text = (
        "Geen enkel initiatief in het overzicht richt zich op ouderen, de groep waarop bijna "
        "alle lokale besturen (98% in de bevraging van 2023) hun eenzaamheidsbeleid richten. "
        "Pensioen, het verlies van een partner, alleen wonen en minder mobiliteit verhogen het "
        "risico. Lokale dienstencentra zijn hier de vaste partner: ontmoeting in de buurt, "
        "praktische hulp, telefonisch contact en huisbezoeken."
    )
    if high is not None:
        text = f"{_figure(high)} {text}"
    return "Ouderen worden niet bereikt", text, SURVEY_SOURCE


def bereaved(example: str) -> tuple[str, str, str]:
    """No initiative for people who lost a partner or loved one."""
    text = (
        "Er is geen aanbod rond rouw en verlies. Wie een partner of dierbare verliest, loopt "
        "een groter risico op eenzaamheid. Voorbeelden uit de publicatie: vrijwilligers die "
        "standaard langsgaan bij wie de partner verloor en wijzen op lotgenotencontact, "
        "rouwbegeleiding, troostplekken en begraafplaatsen die altijd toegankelijk zijn, en "
        "herdenkingsmomenten in de stad. Denk daarbij ook aan kinderen en jongeren die "
        "iemand verliezen."
    )
    return "Nabestaanden worden niet bereikt", _with_example(text, example), SOURCE


def families(example: str) -> tuple[str, str, str]:
    """No initiative for families."""
    text = (
        "Geen enkel initiatief in het overzicht richt zich op gezinnen. Waar armoede en een "
        "klein netwerk samenkomen, helpt een aanpak over de diensten heen: onderwijs, vrije "
        "tijd, wonen en welzijn die samen optrekken, bijvoorbeeld via het Huis van het Kind "
        "met speelplekken waar elk kind welkom is."
    )
    return "Gezinnen worden niet bereikt", _with_example(text, example), SOURCE


def _figure(row: pd.Series) -> str:
    from layers.maps import format_value  # folium with it: not at import (`verbonden check`)

    decimals, unit = int(row.get("decimalen", 1)), str(row.get("eenheid", ""))
    own = format_value(_float(row.get("gemeente")), decimals=decimals, unit=unit)
    flanders = format_value(_float(row.get("vlaanderen")), decimals=decimals, unit=unit)
    rank, total = _float(row.get("rang")), _float(row.get("rang_van"))
    where = f", {int(rank)}e van {int(total)} gemeenten" if rank and total else ""
    return f"{row.get('label', '')}: {own} tegenover {flanders} in het Vlaams Gewest{where}."


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def home_visits(row: pd.Series, example: str) -> tuple[str, str, str]:
    """Many people live alone but no initiative visits people at home."""
    text = (
        f"{_figure(row)} Toch gaat geen enkel initiatief in het overzicht bij mensen thuis "
        "langs. Wie alleen woont en weinig buitenkomt, bereik je zelden met een activiteit "
        "alleen. Huisbezoeken (bijvoorbeeld bij alle 80-plussers of bij wie alleen woont), een "
        "vast aanspreekpunt en sleutelfiguren zoals huisartsen, wijkagenten, "
        "thuiszorgmedewerkers en buurtvrijwilligers helpen om signalen vroeg op te vangen."
    )
    return "Veel alleenwonenden, geen huisbezoeken", _with_example(text, example), SOURCE


def mobility(row: pd.Series) -> tuple[str, str, str]:
    """The municipality scores high on a mobility indicator."""
    text = (
        f"{_figure(row)} Wie zich moeilijk verplaatst, haakt sneller af. De publicatie noemt "
        "toegankelijk en betaalbaar openbaar vervoer, buurttaxi's, deelauto's en -fietsen en "
        "veilige fietspaden en stoepen als manieren om deelname aan activiteiten mogelijk te "
        "maken. Vervoer regelen is ook een vorm van praktische hulp."
    )
    return "Mobiliteit als drempel", text, SOURCE


ELEMENT_TIPS: dict[str, str] = {
    "activiteiten": "Een vast, terugkerend aanbod geeft mensen een reden om buiten te komen.",
    "ontmoeting": "Denk aan buurtpleinen, zitbanken, een open huis of een babbelmoment.",
    "praktische-hulp": "Vervoer, hulp bij digitale vragen of financiële steun maken deelname "
    "mogelijk.",
    "betekenisvol-contact": "Een vaste buddy of een wekelijks gesprek telt meer dan veel "
    "vluchtige contacten.",
    "sociale-vaardigheden": "Bijvoorbeeld samen leren koken, schrijven of digitale middelen "
    "gebruiken om contact te houden.",
    "realistische-verwachtingen": "Campagnes, getuigenissen en podcasts maken eenzaamheid "
    "bespreekbaar; in de bevraging van 2023 voerde 70% van de besturen zo'n campagne.",
    "betekenisvolle-rol": "Vrijwilligerswerk of een taak in de buurt laat mensen voelen dat ze "
    "ertoe doen.",
}


def element(
    number: int, label: str, explanation: str, example: str, *, element_id: str = ""
) -> tuple[str, str]:
    """A missing effective element: what it means, with an example from the inventory."""
    tip = ELEMENT_TIPS.get(element_id, "")
    text = " ".join(
        t
        for t in ("Geen enkel initiatief in het overzicht gebruikt dit element.", explanation, tip)
        if t
    )
    return (
        f"Werkzaam element {number} ontbreekt: {label.lower()}",
        _with_example(text, example, "Een initiatief dat dit wel doet"),
    )
