"""Catalogue of every upstream file Verbonden uses: where it comes from, its licence and checksum.

Paths are relative to a mirror folder laid out like ``../shared/data``; the same layout is used
under the home folder's ``raw/`` directory after ``verbonden data fetch``. Upstream URLs are pinned
to a commit so a fetch is reproducible. The Statbel-derived tables have no download URL yet: they
are mirror-only (see :data:`SOURCES`).
"""

from __future__ import annotations

from dataclasses import dataclass

PIC_COMMIT = "3b1b6d8d3548e495f597db134f437f0d08898535"
IRAIL_COMMIT = "3239f07744f34778fa9c5289f369ebfa640ea83c"
HOUSEHOLDS_COMMIT = "fa3ee40c541ace76e592a42de83be060cf047189"
SURVEY_COMMIT = "7719c671366dfa301eac2e090b583bbba218ba64"
RAW_GITHUB = "https://raw.githubusercontent.com"


@dataclass(frozen=True)
class Source:
    """One upstream publisher/dataset, with its credit line."""

    id: str
    title: str
    publisher: str
    year: str
    licence: str
    licence_url: str
    attribution: str
    mirror_prefix: str
    upstream_base: str | None
    homepage: str


@dataclass(frozen=True)
class SourceFile:
    """One file of a source, identified by its mirror-relative path."""

    path: str
    sha256: str
    source: Source

    @property
    def url(self) -> str | None:
        """Pinned upstream download URL, or None when the file is mirror-only."""
        if self.source.upstream_base is None:
            return None
        relative = self.path.removeprefix(self.source.mirror_prefix).lstrip("/")
        return f"{self.source.upstream_base}/{relative}"


PIC = Source(
    id="pic",
    title="Gebiedsniveaus (gemeenten, wijken, deelgemeenten, provincies, ELZ, vervoerregio's)",
    publisher="Provincies in Cijfers",
    year="2025",
    licence="Modellicentie Gratis Hergebruik / Statbel open data",
    licence_url="https://github.com/provinciesincijfers/gebiedsniveaus",
    attribution="Provincies in Cijfers (provinciesincijfers/gebiedsniveaus) en Statbel",
    mirror_prefix="provinciesincijfers/gebiedsniveaus",
    upstream_base=f"{RAW_GITHUB}/provinciesincijfers/gebiedsniveaus/{PIC_COMMIT}",
    homepage="https://github.com/provinciesincijfers/gebiedsniveaus",
)
IRAIL = Source(
    id="irail",
    title="Treinstations in België",
    publisher="iRail",
    year="2026",
    licence="CC0 1.0",
    licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
    attribution="iRail (iRail/stations), CC0",
    mirror_prefix="iRail/stations",
    upstream_base=f"{RAW_GITHUB}/iRail/stations/{IRAIL_COMMIT}",
    homepage="https://github.com/iRail/stations",
)
STATBEL = Source(
    id="statbel",
    title="Bevolking, huishoudens en leeftijd (Statbel, afgeleide tabellen)",
    publisher="Statbel",
    year="2011, 2021, 2024",
    licence="Statbel open data licentie (compatibel met CC BY 4.0)",
    licence_url="https://statbel.fgov.be/nl/licentie-voor-open-data",
    attribution="Statbel (Algemene Directie Statistiek - Statistics Belgium)",
    mirror_prefix="statbel-derived",
    upstream_base=None,  # mirror-only for now: transcriptions of public derived tables
    homepage="https://statbel.fgov.be/nl/open-data",
)
HOUSEHOLDS = Source(
    id="huishoudens",
    title="Huishoudens naar grootte 2010-2040 (waarneming tot 2023, prognose vanaf 2024)",
    publisher="Statistiek Vlaanderen",
    year="2010-2040 (gepubliceerd 2024)",
    licence="Modellicentie Gratis Hergebruik (open data Vlaamse overheid)",
    licence_url="https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/modellicentie-gratis-hergebruik",
    attribution="Statistiek Vlaanderen, Huishoudensvooruitzichten (via gehuybre/data-blog)",
    mirror_prefix="gehuybre/data-blog",
    upstream_base=f"{RAW_GITHUB}/gehuybre/data-blog/{HOUSEHOLDS_COMMIT}",
    homepage="https://www.vlaanderen.be/statistiek-vlaanderen/bevolking/huishoudensvooruitzichten-aantal-en-groei",
)
SURVEY = Source(
    id="gemeente_stadsmonitor",
    title="Gemeente-Stadsmonitor 2023, burgerbevraging per gemeente",
    publisher="Agentschap Binnenlands Bestuur",
    year="2023",
    licence="Open data Vlaamse overheid (Modellicentie Gratis Hergebruik)",
    licence_url="https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/modellicentie-gratis-hergebruik",
    attribution="Gemeente-Stadsmonitor 2023, Agentschap Binnenlands Bestuur "
    "(via methodmatters/vibe_of_flanders_part_2)",
    mirror_prefix="methodmatters/vibe_of_flanders_part_2",
    upstream_base=f"{RAW_GITHUB}/methodmatters/vibe_of_flanders_part_2/{SURVEY_COMMIT}",
    homepage="https://www.gemeente-stadsmonitor.vlaanderen.be",
)
DELIJN = Source(
    id="delijn",
    title="Haltes van De Lijn (toestand 2015)",
    publisher="De Lijn",
    year="2015",
    licence="Open data De Lijn",
    licence_url="https://data.delijn.be",
    attribution="De Lijn (haltes 2015, via POI-Importer/belgium-haltes-de-lijn)",
    mirror_prefix="delijn-derived",
    upstream_base=None,  # mirror-only: one CSV merged from the 2015 tile files of the import
    homepage="https://github.com/POI-Importer/belgium-haltes-de-lijn",
)
SOURCES: tuple[Source, ...] = (PIC, IRAIL, STATBEL, HOUSEHOLDS, SURVEY, DELIJN)

_FILES: tuple[tuple[str, str], ...] = (
    (
        "iRail/stations/README.md",
        "b30962329721b20e3503cb86d65677d4959a39c76f8f2f5df6b07c7cc3b77684",
    ),
    (
        "iRail/stations/embarkment_statistics.csv",
        "f1b3e493ad9e45a0783a4dee1fad5d384d7702716db67e582e8dfeb25c0f79b3",
    ),
    (
        "iRail/stations/facilities.csv",
        "68e24429c9942415f755d08cbd44efe8b366d6b066245f2065bf46020a6729b4",
    ),
    (
        "iRail/stations/stations.csv",
        "e09dafaa32aee6c8302bff81ce30eb5b36e7974cdbdc6094015676b8e4ee7e9d",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/deelgemeente_gemeente.xlsx",
        "92955ff4bd42a9a4a6de18d9e6bedf0499c66842f103e7f87d98f025590114b3",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente2024_elz.xlsx",
        "e0fca5130397306d048a441dd5f6b20ae4e4894ad452f224897b715c826c9700",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente2024_gemeente.xlsx",
        "3f4480d153097ecac30290a1cb6fb905261dde83c78c59268b74d21831e051ee",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente2024_provincie2024.xlsx",
        "72c59ae06ceeffa97087b952b77a34c85e54fc05abebede9440edf12ad099d35",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente_elz.xlsx",
        "3aa4cd0c7be7544ca690ac1741178c6bfece20b9f0d7d4f515361c135ba0e194",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente_provincie.xlsx",
        "6aff7160b9d571ffc84a7b2a80eeee6141e94e7c8518eef93536672be02ae28b",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente_uitrustingsgraad.xlsx",
        "1778bb454ddec43b1652b36f6b5255b7bbc648b064881a6fd9182ced412af8ea",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/gemeente_vervoerregio.xlsx",
        "97a85bab04fbb96766ebe7a9406f33b55f5ed7122a115b9eccf50b44fef50422",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/ggw72024_gemeente2024.xlsx",
        "62b91e21889e824f6a06ca17443ef286efb243bebff7f2aa40066193ba061248",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/ggw7_gemeente.xlsx",
        "55866bc804e17b6a41cccc777d1766037aa6c2552b5bae485cd8960535e06499",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2019_statsec2024.xlsx",
        "616017e7c0060446af843b934f09dddc9bede9fc23ade8c9bbe22216893f8ccc",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2024_deelgemeente2024.xlsx",
        "568b9e33b0f29d159514c541345635a4030c14292bc69fd5643923ffd22b1a63",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2024_gemeente.xlsx",
        "601fa099dd736cd7984a343c0ccf0d4a5f7648def205a0f011b6474da3207a1c",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2024_gemeente2024.xlsx",
        "15ab99ae145d3f7e936e14d470452dd485a9f45c1a3addfe554667f53dab0336",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2024_ggw72024.xlsx",
        "87efa87e6f23e977b0aa4e02fe93dd1b110261d2957b907f869a7c9d58607b4d",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec2024_kerntypering.xlsx",
        "f3764ac024f5e7c34c99fc414e2616a4e5d6bd476b02c258cb846bcb55a571e6",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec_deelgemeente.xlsx",
        "a3cbb26e4ef82d94f4f63997fd47ea30e4645f9300f2201565736bc1925c25c5",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec_gemeente.xlsx",
        "a512abe8b0a08441546bc3961bf0e8c5cd171fc7fd1459d5ecc3ae6416135bba",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec_ggw7.xlsx",
        "d73b747672b9f78734e254093db8870555d431ec2619d0d558777b15b246c615",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/statsec_kerntypering.xlsx",
        "3ae6c2a394903e3c51d945f4fff922eb9b423770ca6579d5560cf8564fa8a478",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/deelgemeente.xlsx",
        "1ec9a64b80990bf8c9818daa3fbea29435f3c36d55e4e16fc40357823984abf2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/deelgemeente2024.xlsx",
        "0b214fd7c2e3e8fade17ca2e686acbad4ed174ce332154b1e65d36694e69c851",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/elz.xlsx",
        "67d0c20c6b183e7700e86a711a5114d0ce9a5047ceed5fef3ac156df78514e4b",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/gemeente.xlsx",
        "b4a45faed73910bc60b7c6d4599c57954d2ccb9db40323aad8866aa1ef524941",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/gemeente2024.xlsx",
        "d4a210496c51c4dfccdc41aaa22a3f81d1df87a8e0804db6cd326d44aa33c613",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/ggw7.xlsx",
        "d48953756910bec882e58374cc0d554278e55cbd2c0efad75346e2f25a0492be",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/ggw72024.xlsx",
        "fcb97c813a80572b1e69fb5334f13c390dcd24856fee5f22d5afd022d0ae1630",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/kerntypering.xlsx",
        "bae21e585369b60caf4e60779f063cac0c10af6a32a89319dd75f9dded1d8b4d",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/provincie.xlsx",
        "847ab5388011c855ff611390dfdfccb0ff38bee54c657399f24cc03e5f280050",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/provincie2024.xlsx",
        "7d479b14ce15170663a2d0443ccf674ec25d6726bdfa473156cb17fc4833e142",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/statsec.xlsx",
        "31409a462d850bf89022283a7b4a1d1e9d551c69885ff0c2f494545ada37f209",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/statsec2024.xlsx",
        "0ecb8325eb4b1d12d8fff57c00b190cb3efd9f78a6607d708bb148c1fc4850b0",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/uitrustingsgraad.xlsx",
        "cb76caedceeafe553fed549531954cfe93d899bfeda4999f049669f194e5e38e",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/gebiedsdefinities/vervoerregio.xlsx",
        "68678112d97108cb72eda87a6c33ef94784cc4afd63406b6b8e6897b412d6608",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/deelgemeente.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/deelgemeente.dbf",
        "46ae06af66320bbab8c8b1a1a7a7e3cd9ee4697d37bef01042cd903a1e8360c6",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/deelgemeente.prj",
        "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/deelgemeente.shp",
        "b0f1cb424c4a2d99b858a02fbc4301cd7cd7dd018e1011be8c89d8e5622abf56",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/deelgemeente.shx",
        "c49df18b3c54a3b5254fa12e015a8a3bf2680144127c0a4bb87addf43874dfed",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/elz.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/elz.dbf",
        "6d28b8024a5af1352f00b79e04931be2c4ab8887842c40cdf5da7a522c22f183",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/elz.prj",
        "a99c2586f5abfc04b891b4a3d3d8b7ba3f4a342d3a5a4001963dc4437a638ac6",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/elz.shp",
        "950f0466ccdd86483abe17fb491dc7c329d926d20603f29de5c6173210f2a280",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/elz.shx",
        "a07f0ee922d595647a72e8ac4bc9b7f774c1958e61f7810c7bd1887b30eb0eb8",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.dbf",
        "836ef363f5133127a3fe9f69e7b7fbf893f505bb01c945128cfe32cbb8e949be",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.prj",
        "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.shp",
        "4c895eb6679cf17e645486c017ddb589152d58b68f999b4096e2084d99d69d31",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.shx",
        "755629a3eb848247b6f15b5c9ff837c5e1adf68d65fb3e8d829a24a2b168247c",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente2024.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente2024.dbf",
        "4a4965fd1b60bb061181a675b4b1898a41c1485a76dc7b856c80775fa27a966f",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente2024.prj",
        "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente2024.shp",
        "3231a6dee250fd30c0cd03c6e7e3b0a87611873e99583d741711f0f9750a2499",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente2024.shx",
        "aa3b55fc1bf80a53b0118b008877373a227a21de8c78ac31bc34bc6d071a4783",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gewest.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gewest.dbf",
        "a52ffd63b1a804852111c2b7d6b174f357d61c964acc61d2c98d87422ea7c2eb",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gewest.prj",
        "a99c2586f5abfc04b891b4a3d3d8b7ba3f4a342d3a5a4001963dc4437a638ac6",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gewest.shp",
        "696fcc1efae39da8abf8f9d59e2819fc0614f5f222769c48799f498028d29f4e",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gewest.shx",
        "d7e85eab561272de7291c9a6533fb4570b5ea43ac05710c565b964d55561db01",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/ggw7.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/ggw7.dbf",
        "dee872befac1f3e7d576d8a1b9bffa0ca9f985db4e7687e18d9078f8b3340e68",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/ggw7.prj",
        "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/ggw7.shp",
        "43bf9006c9bb1a8a525fca2f1e3211b3d8e412a323cda76e61e366859d45ad8e",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/ggw7.shx",
        "4b5a3c0342ddd962d296da507eb48b9337f9fe7dd659ef2b2f0a89725d8a19d7",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/provincie.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/provincie.dbf",
        "32b93c34b9f38c9e5102092f53eee6168fde14f0484ff7a2f2559d04ae52ef04",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/provincie.prj",
        "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/provincie.shp",
        "99fc4dca8a56d78ef2ab5c9ba253d8093b042d6289fe2394a99bd40577791ee5",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/provincie.shx",
        "6f07d2232038c49e40e025269351760632085bf5f8551398f9f99bd48b3dbf58",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/vervoerregio.cpg",
        "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/vervoerregio.dbf",
        "87e1a490cb0e3a5a835646835022ba69edf5c9f5a9d94e6c6f0f373396decad2",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/vervoerregio.prj",
        "a99c2586f5abfc04b891b4a3d3d8b7ba3f4a342d3a5a4001963dc4437a638ac6",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/vervoerregio.shp",
        "cf9431fadb15e9b5feca37827735e0bd0f22d6c27bb6b2a50f08af7299881929",
    ),
    (
        "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/vervoerregio.shx",
        "d9fd21ab3677b97637da1937b5f7a9efc91065faf253714656cfe761aa71c9f0",
    ),
    (
        "statbel-derived/census2011_households_1person_municipality.csv",
        "e88dd2da8674d0ba564056d4136f8d4bcdaca1b8fc138221306fc83f9bf85cd7",
    ),
    (
        "statbel-derived/census2021_65plus_sector.csv",
        "e7e1bdf55897313fe0a8c68ca21cd6d40d83c04dbc44eb8f1e67f513efe52e49",
    ),
    (
        "statbel-derived/census2021_households_missing_codes.csv",
        "42a223e6b22c4bc0bfee0e8192fe70f27d0f57e4568d66b71529eb54eddfa489",
    ),
    (
        "statbel-derived/census2021_households_municipality.csv",
        "cb9100ac89e658640ba21b6469c9108080843f9d35e4840c9393eca5e1b34225",
    ),
    (
        "statbel-derived/census2021_households_municipality_2025_merged.csv",
        "2b80244d689803bddd99e263b8598279d4221eeeb85ee48be17b5eaa74afe0b6",
    ),
    (
        "statbel-derived/population_80plus_municipality_2024.csv",
        "e0bb513f0e5a9b034fbfe689d4ac1b94391d2189c1cada146f4049a13ee899cd",
    ),
    (
        "statbel-derived/population_sector_centroids_2024.json",
        "3af84cb694a00098f63d21fca71f857db68849f3487f9bfc90cc0540bb70cae9",
    ),
    (
        "gehuybre/data-blog/embuild-analyses/analyses/huishoudensgroei/data/huishoudens.csv",
        "f7e0f7fa29ae91d41d2c8afb7be4bf74396c8e53ea4fe120d0c00bc27da9712f",
    ),
    (
        "gehuybre/data-blog/embuild-analyses/analyses/huishoudensgroei/results/metadata.json",
        "f4450cdbad7da7b996f68218afeb34609ba9019edc1794f7264311aab498d537",
    ),
    (
        "methodmatters/vibe_of_flanders_part_2/Data/Derived/master_sm_df_20240506.RDS",
        "62b96740a979e5fb33a75d349b0b9393a46f36acd12c86283b4cad46e14c1e8d",
    ),
    (
        "methodmatters/vibe_of_flanders_part_2/Data/Derived/mapping_table_question_subject_20240506.RDS",
        "e3b9862fe1800a736ab007fb3c5e55032d6a4508e126b72d67aaab8a9adcfeb5",
    ),
    (
        "delijn-derived/delijn_stops_2015.csv",
        "7bcee61a7239ff5570ad44f03436c3021ef3063b795fb239b917d8f3aebde6b0",
    ),
)


def _source_for(path: str) -> Source:
    for source in SOURCES:
        if path.startswith(source.mirror_prefix + "/"):
            return source
    msg = f"no source for {path}"
    raise ValueError(msg)


FILES: tuple[SourceFile, ...] = tuple(
    SourceFile(path=path, sha256=sha, source=_source_for(path)) for path, sha in _FILES
)

PIC_DATA = "provinciesincijfers/gebiedsniveaus/data_voor_swing"


def shapefile(name: str) -> str:
    """Mirror-relative path of a Provincies in Cijfers shapefile (``.shp``)."""
    return f"{PIC_DATA}/shapefiles/{name}.shp"


def aggregation_table(name: str) -> str:
    """Mirror-relative path of a Provincies in Cijfers aggregation table (``.xlsx``)."""
    return f"{PIC_DATA}/aggregatietabellen/{name}.xlsx"


def definition_table(name: str) -> str:
    """Mirror-relative path of a Provincies in Cijfers area definition list (``.xlsx``)."""
    return f"{PIC_DATA}/gebiedsdefinities/{name}.xlsx"


def statbel_file(name: str) -> str:
    """Mirror-relative path of a Statbel-derived table."""
    return f"{STATBEL.mirror_prefix}/{name}"


def irail_file(name: str) -> str:
    """Mirror-relative path of an iRail stations file."""
    return f"{IRAIL.mirror_prefix}/{name}"


def source_of(path: str) -> Source:
    """The source a mirror-relative path belongs to."""
    return _source_for(path)


HOUSEHOLDS_DATA = f"{HOUSEHOLDS.mirror_prefix}/embuild-analyses/analyses/huishoudensgroei"
SURVEY_DATA = f"{SURVEY.mirror_prefix}/Data/Derived"


def households_file() -> str:
    """Mirror-relative path of Statistiek Vlaanderen's households by size (2010-2040)."""
    return f"{HOUSEHOLDS_DATA}/data/huishoudens.csv"


def survey_file() -> str:
    """Mirror-relative path of the Gemeente-Stadsmonitor 2023 table (one row per gemeente)."""
    return f"{SURVEY_DATA}/master_sm_df_20240506.RDS"


def survey_mapping_file() -> str:
    """Mirror-relative path of the survey's item -> sheet id and theme table."""
    return f"{SURVEY_DATA}/mapping_table_question_subject_20240506.RDS"


def delijn_file() -> str:
    """Mirror-relative path of the De Lijn stops of 2015 (one row per stop)."""
    return f"{DELIJN.mirror_prefix}/delijn_stops_2015.csv"
