"""Over de data: every source with year, licence and credit; methods and caveats in plain Dutch."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders
from geodata.catalogue import FILES, SOURCES
from layers.analysis import GAP_DISCLAIMER, ROBUSTNESS_WEIGHTINGS, TOP_SHARE_TEXT

st.title("Over de data")
st.write(
    "Verbonden gebruikt alleen open data. Hieronder staat elke bron met jaar, licentie en "
    "vermelding. De bestanden worden lokaal bewaard en gecontroleerd met een controlegetal "
    "(sha256); het dashboard werkt zonder internet."
)

st.header("Bronnen")
for source in SOURCES:
    n_files = sum(1 for f in FILES if f.source is source)
    with st.container(border=True):
        st.subheader(source.title)
        st.markdown(
            f"- **Uitgever:** {source.publisher}\n"
            f"- **Jaar:** {source.year}\n"
            f"- **Licentie:** [{source.licence}]({source.licence_url})\n"
            f"- **Vermelding:** {source.attribution}\n"
            f"- **Bestanden:** {n_files}"
            + ("" if source.upstream_base else " (voorlopig alleen via een spiegelmap beschikbaar)")
        )

st.header("Bronbestanden")
st.dataframe(
    [
        {
            "bestand": f.path,
            "bron": f.source.publisher,
            "licentie": f.source.licence,
            "sha256": f.sha256[:16] + "…",
            "download": f.url or "alleen spiegelmap",
        }
        for f in FILES
    ],
    hide_index=True,
    width="stretch",
)

st.header("Indicatoren")
st.write(
    "Elke indicator is een aandeel of afstand die Verbonden zelf uit de bronnen berekent. Worden "
    "gebieden samengevoegd (oude gemeenten, sectoren naar wijken), dan worden tellers en noemers "
    "opgeteld en het aandeel opnieuw berekend — nooit gemiddeld. Een waarde die niet te berekenen "
    "is, krijgt een reden in plaats van een getal."
)
from layers.indicators import REGISTRY  # noqa: E402 - page reads the registry only here

for spec in REGISTRY.values():
    with st.expander(spec.label):
        direction = "hoger = meer risico" if spec.direction > 0 else "hoger = minder risico"
        st.markdown(
            f"{spec.explanation}\n\n"
            f"- **Eenheid:** {spec.unit} ({direction})\n"
            f"- **Niveaus:** {', '.join(spec.levels)}\n"
            f"- **Bron:** {spec.source}, {spec.year} — {spec.licence}"
            + (f"\n- **Vereist:** opgeladen {spec.requires}" if spec.requires else "")
        )
        for caveat in spec.caveats:
            st.caption(caveat)

st.header("Nood-index, aanbod en actiekloof")
st.markdown(
    f"""
- **Nood-index (0–100).** Voor elke gekozen indicator krijgt elk gebied een percentielrang binnen
  Vlaanderen (0 = minste risico, 100 = meeste risico; bij indicatoren waar een lagere waarde meer
  risico betekent, wordt de rang omgekeerd). De index is het gewogen gemiddelde van die rangen met
  de gewichten die u kiest (standaard: één gelijk gewicht per thema: alleenwonen, leeftijd,
  ontmoetingsplaatsen, mobiliteit). Ontbreekt een cijfer, dan telt die indicator voor dat gebied
  niet mee en worden de andere gewichten herschaald; het gebied krijgt dan een vlag. Een
  ontbrekend cijfer telt nooit als nul.
- **Robuustheid.** Hoe zeker is een prioriteit? Verbonden herberekent de index met
  {ROBUSTNESS_WEIGHTINGS} (Dirichlet-verdeling) en telt hoe vaak het gebied bij
  {TOP_SHARE_TEXT} blijft.
- **Aanbod.** Het aantal initiatieven per 10.000 inwoners van 80+ (gemeenten) of 65+ (wijken),
  de werkzame elementen (van de zeven) en de doelgroepen die de initiatieven samen bereiken.
- **Actiekloof.** Nood in drie klassen (laag, midden, hoog) gekruist met aanbod in drie klassen:
  een 3×3-klasse. Hoge nood met laag aanbod is de grootste kloof. Gebieden zonder gekend
  initiatief hebben altijd 'laag aanbod'.
- **Benaderingen.** Zolang er geen lokale gegevens over ontmoetingsplaatsen zijn, gebruikt
  Verbonden twee benaderingen: de uitrustingsgraad van de gemeente en het aandeel inwoners in
  'buitende kernen' (kleine kernen buiten de centra). Laadt u ontmoetingsplaatsen op, dan meet
  Verbonden het aandeel 65-plussers verder dan 800 m wandelen van de dichtstbijzijnde.
"""
)
st.warning(GAP_DISCLAIMER)

st.header("Bekende beperkingen")
st.markdown(
    """
- **Borsbeek** is sinds 2025 deel van Antwerpen. De Census 2021-bron heeft geen cijfer voor
  Borsbeek: het aandeel alleenwonenden van Antwerpen is zonder Borsbeek berekend (dat staat bij
  het cijfer). Het 80+-cijfer van Antwerpen bevat Borsbeek wel.
- **Herstappe** heeft geen 80+-cijfer in de bron: de waarde is onbekend en telt niet mee in de
  nood-index (die wordt herschaald en gemarkeerd).
- **Benaderingen** (uitrustingsgraad, buitende kernen) zeggen iets over voorzieningen en
  spreiding, niet rechtstreeks over ontmoetingsplaatsen; ze zijn als benadering gelabeld.
- **Afstanden** zijn hemelsbreed, vanaf het middelpunt van elke statistische sector, gewogen met
  de bevolking van 2024.
- **Initiatieven** uit de publicatie hebben meestal een benaderde locatie (het centrum van de
  deelgemeente of gemeente); op de kaart zijn ze als open cirkel getekend.
"""
)

st.header("Gebiedsindeling")
st.write(
    "De kaart toont de 285 Vlaamse gemeenten zoals ze sinds 1 januari 2025 bestaan, en hun "
    "2.563 wijken. Cijfers die nog op de oude indeling (vóór de fusies van 2025) staan, worden "
    "omgerekend via de officiële omzettingstabel: aantallen worden opgeteld en percentages "
    "opnieuw berekend, nooit gemiddeld."
)
st.caption(f"Gegevensopslag: {loaders.settings().store_path}")
