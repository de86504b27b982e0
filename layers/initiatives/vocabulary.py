"""Controlled vocabularies of the initiative inventory.

Each vocabulary is a tuple of :class:`Term`. The ``id`` is what an inventory file stores (short,
lowercase, hyphenated); ``label`` and ``uitleg`` are the Dutch texts the dashboard shows. Readers
accept an id or a label in any case (``"Mensen met dementie"`` -> ``mensen-met-dementie``).

The seven effective elements follow Bouwman & Van Tilburg (2020) as listed in the VVSG publication
"Verbonden met (n)iemand"; the explanations are our own wording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One vocabulary value: stored id, Dutch label, one-sentence Dutch explanation."""

    id: str
    label: str
    uitleg: str
    nummer: int | None = None


TARGET_GROUPS: tuple[Term, ...] = (
    Term("ouderen", "Ouderen", "Senioren die thuis wonen, meestal 65-plussers."),
    Term("jongeren", "Jongeren", "Tieners en jongvolwassenen."),
    Term("kinderen", "Kinderen", "Kinderen tot ongeveer twaalf jaar, vaak via school of opvang."),
    Term("studenten", "Studenten", "Studenten van hogescholen en universiteiten."),
    Term("gezinnen", "Gezinnen", "Gezinnen met kinderen, ook in armoede of met een klein netwerk."),
    Term("nabestaanden", "Nabestaanden", "Mensen die een partner of dierbare verloren hebben."),
    Term(
        "mensen-met-dementie",
        "Mensen met dementie",
        "Mensen met dementie of geheugenproblemen en hun omgeving.",
    ),
    Term("mantelzorgers", "Mantelzorgers", "Wie zorgt voor een naaste met een zorgnood."),
    Term("alleenwonenden", "Alleenwonenden", "Inwoners die alleen wonen of alleenstaand zijn."),
    Term(
        "kwetsbare-inwoners",
        "Kwetsbare inwoners",
        "Inwoners in armoede, met een kleine sociale kring of met digitale drempels.",
    ),
    Term(
        "wzc-bewoners",
        "Bewoners van woonzorgcentra",
        "Ouderen die in een woonzorgcentrum wonen.",
    ),
    Term(
        "thuiszorgclienten",
        "Thuiszorgcliënten",
        "Wie thuiszorg, gezinszorg of maaltijden aan huis krijgt.",
    ),
    Term("nieuwkomers", "Nieuwkomers", "Mensen die zich recent in de gemeente vestigden."),
    Term("alle-inwoners", "Alle inwoners", "Het initiatief staat open voor iedereen in de buurt."),
)
# Target groups that count as "initiatives for older people" (gap reasons, councillor hints).
OLDER_GROUPS: frozenset[str] = frozenset(
    {"ouderen", "mensen-met-dementie", "wzc-bewoners", "thuiszorgclienten"}
)

ACTION_TYPES: tuple[Term, ...] = (
    Term("huisbezoek", "Huisbezoek", "Medewerkers of vrijwilligers gaan bij mensen thuis langs."),
    Term("ontmoeting", "Ontmoeting", "Momenten of plekken waar mensen elkaar treffen."),
    Term("buddywerking", "Buddywerking", "Eén persoon wordt gekoppeld aan een vaste buddy."),
    Term(
        "telefonisch-contact",
        "Telefonisch contact",
        "Geregelde gesprekken via telefoon of beeldbellen.",
    ),
    Term(
        "digitale-inclusie",
        "Digitale inclusie",
        "Mensen helpen om digitaal mee te zijn en online contact te houden.",
    ),
    Term(
        "publieke-ruimte",
        "Publieke ruimte",
        "Pleinen, banken, begraafplaatsen of straten die ontmoeting mogelijk maken.",
    ),
    Term("rouw-en-verlies", "Rouw en verlies", "Steun en rituelen rond overlijden en afscheid."),
    Term("intergenerationeel", "Intergenerationeel", "Jong en oud samenbrengen."),
    Term("sensibilisering", "Sensibilisering", "Eenzaamheid zichtbaar en bespreekbaar maken."),
    Term("praktische-hulp", "Praktische hulp", "Hulp bij concrete dagelijkse zaken."),
    Term(
        "psychosociale-steun",
        "Psychosociale steun",
        "Begeleiding bij gevoelens van verdriet, eenzaamheid of onzekerheid.",
    ),
    Term(
        "vroegdetectie",
        "Signalen opvangen",
        "Signalen van eenzaamheid opmerken en mensen doorverwijzen.",
    ),
    Term("lotgenotencontact", "Lotgenotencontact", "Mensen in dezelfde situatie samenbrengen."),
    Term(
        "vrijwilligerswerk", "Vrijwilligerswerk", "Inwoners een actieve rol als vrijwilliger geven."
    ),
    Term(
        "cultuur", "Cultuur en creativiteit", "Film, poëzie, podcasts, kunst of lezen als middel."
    ),
    Term("wonen", "Wonen", "Woonvormen die mensen samenbrengen."),
    Term("participatie", "Participatie", "Inwoners denken mee over het ontwerp of de aanpak."),
)

EFFECTIVE_ELEMENTS: tuple[Term, ...] = (
    Term(
        "activiteiten",
        "Activiteiten organiseren",
        "Er is een concreet aanbod waaraan mensen kunnen deelnemen.",
        1,
    ),
    Term(
        "ontmoeting",
        "Ontmoeting mogelijk maken",
        "Mensen krijgen gelegenheid en plaats om anderen te leren kennen.",
        2,
    ),
    Term(
        "praktische-hulp",
        "Praktische hulp bieden",
        "Drempels zoals vervoer, geld of digitale vaardigheden worden weggenomen.",
        3,
    ),
    Term(
        "betekenisvol-contact",
        "Betekenisvolle contacten creëren",
        "Het gaat om de kwaliteit van de relatie, niet alleen om meer contact.",
        4,
    ),
    Term(
        "sociale-vaardigheden",
        "Sociale vaardigheden versterken",
        "Mensen oefenen hoe ze contact leggen en onderhouden.",
        5,
    ),
    Term(
        "realistische-verwachtingen",
        "Realistische verwachtingen scheppen",
        "Eenzaamheid wordt een gewoon gevoel dat je mag benoemen, zonder schaamte.",
        6,
    ),
    Term(
        "betekenisvolle-rol",
        "Een betekenisvolle rol geven",
        "Mensen zetten hun talenten in voor anderen en voelen zich nodig.",
        7,
    ),
)

POLICY_DOMAINS: tuple[Term, ...] = (
    Term("welzijn", "Welzijn", "Sociaal beleid, sociale dienst en lokale dienstencentra."),
    Term("zorg", "Zorg", "Ouderenzorg, thuiszorg, gezinszorg en woonzorgcentra."),
    Term("gezondheid", "Gezondheid", "Preventie en geestelijke en lichamelijke gezondheid."),
    Term(
        "publieke-ruimte",
        "Infrastructuur en publieke ruimte",
        "Pleinen, parken, zitbanken, begraafplaatsen en ontmoetingsplekken.",
    ),
    Term("mobiliteit", "Mobiliteit", "Toegankelijk vervoer, stoepen en fietspaden."),
    Term(
        "cultuur-vrije-tijd",
        "Cultuur en vrije tijd",
        "Cultuur, bibliotheek, sport, verenigingen en evenementen.",
    ),
    Term("wonen", "Wonen", "Sociale huisvesting, cohousing en nieuwe woonvormen."),
    Term("onderwijs", "Onderwijs", "Scholen, hogescholen en leerlingenbegeleiding."),
    Term("jeugd", "Jeugd en gezin", "Jeugdwerk, kinderopvang en Huizen van het Kind."),
)

PRECISIONS: tuple[Term, ...] = (
    Term("adres", "Adres", "Het initiatief heeft een vast adres."),
    Term("plaats", "Deelgemeente of wijk", "Het initiatief speelt in één deelgemeente of wijk."),
    Term("gemeente", "Gemeente", "Het initiatief loopt in de hele gemeente."),
    Term("regio", "Regio", "Het initiatief loopt in meerdere gemeenten of een hele regio."),
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def term_key(text: str) -> str:
    """Case-, accent- and separator-insensitive key.

    ``"Mensen met Dementie"`` -> ``mensen-met-dementie``.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub("-", plain).strip("-")


def term_lookup(terms: tuple[Term, ...]) -> dict[str, str]:
    """Map every accepted spelling (id or label, normalised with :func:`term_key`) to the id."""
    lookup: dict[str, str] = {}
    for term in terms:
        lookup[term_key(term.label)] = term.id
        lookup[term_key(term.id)] = term.id
    return lookup


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    """Id -> Dutch label, for display."""
    return {term.id: term.label for term in terms}
