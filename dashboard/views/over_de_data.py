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
            f"- **Soort cijfer:** {spec.kind_label}\n"
            f"- **Bron:** {spec.source}, {spec.year} — {spec.licence}"
            + (f"\n- **Vereist:** opgeladen {spec.requires}" if spec.requires else "")
        )
        for caveat in spec.caveats:
            st.caption(caveat)

st.header("Nieuwe maten en hun grenzen")
st.markdown(
    """
- **Alleenwonenden (2023)** komt uit de huishoudtellingen van Statistiek Vlaanderen: het
  aandeel huishoudens van één persoon in 2023, de laatste waarneming. Voor Antwerpen is Borsbeek
  meegeteld. Het Census 2021-cijfer blijft als controle (beide bronnen geven voor 2021 precies
  hetzelfde). De cijfers voor 2030 en 2040 zijn een **prognose**: een verwachting op basis van
  veronderstellingen, geen meting; ze staan apart en tellen niet mee in de nood-index. Per wijk
  bestaat er geen open bron over alleenwonenden: in de wijkkaart telt dit thema niet mee.
- **Te weinig ontmoetingsplaatsen, te weinig openbaar vervoer, activiteiten voor senioren,
  tevredenheid over ouderenvoorzieningen** komen uit de burgerbevraging van de
  Gemeente-Stadsmonitor 2023. Zo'n aandeel is een **mening** van de ondervraagde inwoners, geen
  telling van wat er is, en het rust op een steekproef (een foutenmarge van enkele procentpunten).
  Voor de fusiegemeenten van 2025 is het een **schatting** (gemiddelde van de oude gemeenten,
  gewogen naar hun inwoners); Herstappe ontbreekt in de enquête. Er zijn geen wijkcijfers: per
  wijk blijft 'wonen in buitende kernen' de benadering voor ontmoetingsplaatsen.
- **Afstand tot een bus- of tramhalte (haltes 2015)** rekent met de haltes van De Lijn van 2015.
  Het net is in 2024 hervormd (basisbereikbaarheid): sommige haltes bestaan niet meer, andere
  zijn nieuw. Elke halte telt, ook als de lijnnummers ontbreken, en de maat zegt niets over hoe
  vaak er een bus stopt. Laad op 'Eigen data' het actuele bestand stops.txt van De Lijn op: dat
  vervangt dan de haltes van 2015.
- **Treinstations** tellen alleen mee als er treinen stoppen; stations over de grens
  (Maastricht, Eijsden, ...) tellen wel mee, want voor veel Limburgers zijn zij het dichtstbij.
- **Wijken.** De bronnen gebruiken statistische sectoren van vóór de sectorhervorming van 2025.
  Een sector waarvan de code nog bestaat, volgt de officiële tabel; een gesplitste sector volgt
  zijn opvolgers wanneer die in één wijk liggen; alleen de rest wordt via zijn zwaartepunt in een
  wijk van de eigen gemeente gelegd. Een wijkcijfer dat daarvan afhangt, krijgt een kanttekening.
  Een sector komt nooit in een wijk van een andere gemeente terecht, dus de inwoners van de wijken
  tellen op tot die van de gemeente.
"""
)

st.header("Nood-index, aanbod en actiekloof")
st.markdown(
    f"""
- **Nood-index (0–100).** Voor elke gekozen indicator krijgt elk gebied een percentielrang binnen
  Vlaanderen (0 = minste risico, 100 = meeste risico; bij indicatoren waar een lagere waarde meer
  risico betekent, wordt de rang omgekeerd). De index is het gewogen gemiddelde van die rangen met
  de gewichten die u kiest (standaard: één gelijk gewicht per thema: alleenwonen (2023),
  leeftijd (80+ per gemeente, 65+ per wijk), ontmoetingsplaatsen (enquête per gemeente, buitende
  kernen per wijk) en mobiliteit (afstand tot een bus- of tramhalte)). Ontbreekt een cijfer,
  dan telt die indicator voor dat gebied niet mee en worden de andere gewichten herschaald; het
  gebied krijgt dan een vlag. Een ontbrekend cijfer telt nooit als nul.
- **Robuustheid.** Hoe zeker is een prioriteit? Verbonden herberekent de index met
  {ROBUSTNESS_WEIGHTINGS} (Dirichlet-verdeling) en telt hoe vaak het gebied bij
  {TOP_SHARE_TEXT} blijft.
- **Aanbod.** Standaard het oordeel van de inwoners zelf, voor alle 285 gemeenten: het
  gemiddelde van het aandeel dat 'voldoende activiteiten voor senioren' ziet en het aandeel dat
  tevreden is over de ouderenvoorzieningen (Gemeente-Stadsmonitor 2023). Twee vragen samen,
  omdat ze elk een kant van het aanbod voor ouderen belichten (activiteiten en voorzieningen) en
  samen minder afhangen van het toeval van één vraag. Een wijk krijgt het cijfer van haar
  gemeente. Laadt u een eigen overzicht van initiatieven op, dan wordt voor de gemeenten die het
  dekt (en hun wijken) het aantal initiatieven per 10.000 inwoners van 80+ (gemeenten) of 65+
  (wijken) de maat. De voorbeelden uit de publicatie 'Verbonden met (n)iemand' staan op de kaart
  ter inspiratie, maar tellen niet mee als aanbod. Bij elk gebied staat welke maat zijn kloof
  gebruikt. Bij elk gebied tonen we ook de werkzame elementen (van de zeven) en de doelgroepen
  die de gekende initiatieven samen bereiken.
- **Actiekloof.** Nood in drie klassen (laag, midden, hoog) gekruist met aanbod in drie klassen:
  een 3×3-klasse. Hoge nood met laag aanbod is de grootste kloof. Bij een eigen overzicht heeft
  een gebied zonder initiatief altijd 'laag aanbod'.
- **Benaderingen.** Per wijk is er geen enquêtecijfer over ontmoetingsplaatsen: daar gebruikt
  Verbonden het aandeel inwoners in 'buitende kernen' (kleine kernen buiten de centra); de
  uitrustingsgraad van de gemeente is een extra kaartlaag. Laadt u ontmoetingsplaatsen op, dan
  meet Verbonden het aandeel 65-plussers verder dan 800 m wandelen van de dichtstbijzijnde.
"""
)
st.warning(GAP_DISCLAIMER)

st.header("Bekende beperkingen")
st.markdown(
    """
- **Borsbeek** is sinds 2025 deel van Antwerpen. Het standaardcijfer over alleenwonenden (2023)
  en het 80+-cijfer bevatten Borsbeek. Alleen het controlecijfer uit de Census 2021 mist Borsbeek
  (dat staat bij dat cijfer).
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
st.caption(f"Gegevensopslag: {loaders.store_description()}")
