"""'Eigen data' with the check in a worker process (issue 12): a long check shows its progress
and can be cancelled; an uncertain header is said and another 'Kopregel' can be chosen."""

from __future__ import annotations

import pytest

from tests.dashboard.test_eigen_data_page import _metrics, _no_exception, _open_page, _upload

CODES = ["11001", "11002", "11004", "11005", "11007", "11008", "11009", "11016", "11018"]
BLANKS = "gemeente;alleenwonenden\n11001;\n11002;\n11004;\n" + "".join(
    f"{code};{431 + i}\n" for i, code in enumerate(CODES[3:])
)


class _Running:
    """A check that runs until it is cancelled (stands in for a worker on a large file)."""

    queued = False

    def __init__(self) -> None:
        self.cancelled = False

    @property
    def done(self) -> bool:
        return self.cancelled

    @property
    def elapsed(self) -> float:
        return 12.0

    def wait(self, timeout: float | None = None) -> bool:
        return self.done

    def cancel(self) -> None:
        self.cancelled = True


@pytest.fixture
def running(monkeypatch) -> list[_Running]:
    started: list[_Running] = []

    def start(request):
        started.append(_Running())
        return started[-1]

    monkeypatch.setattr("dashboard.upload_flow.start_check", start)
    monkeypatch.setattr("dashboard.upload_flow.INLINE_SECONDS", 0.2)
    return started


def _texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def test_a_long_check_shows_its_seconds_and_can_be_cancelled(app, running):
    at = _upload(_open_page(app), "groot.csv", BLANKS.encode())
    assert len(running) == 1
    assert "Bezig: 12 s (hoogstens 30 seconden en 1,5 GB geheugen)" in _texts(at.caption)
    assert not at.metric  # no report before the check is done
    [cancel] = [b for b in at.button if b.label == "Annuleren"]
    cancel.click().run()
    _no_exception(at)
    assert running[0].cancelled  # the worker is killed
    assert "De controle van 'groot\\.csv' is geannuleerd" in _texts(at.info)
    assert not at.metric and not any(b.label == "Annuleren" for b in at.button)
    # checking it again starts a new worker
    next(b for b in at.button if b.label == "Opnieuw controleren").click().run()
    assert len(running) == 2 and not running[1].cancelled


def test_another_file_stops_the_check_of_the_previous_one(app, running):
    at = _upload(_open_page(app), "groot.csv", BLANKS.encode())
    _upload(at, "ander.csv", b"gemeente;waarde\n11001;5\n")
    assert running[0].cancelled and len(running) == 2


def test_an_uncertain_header_is_said_and_another_can_be_chosen(app):
    at = _upload(_open_page(app), "leeg.csv", BLANKS.encode())
    assert _metrics(at)["Rijen gelezen"] == 9
    assert "Regel 1 werd als kopregel genomen, maar dat is onzeker (de eerste rijen hebben " in (
        _texts(at.info)
    )
    [header] = [s for s in at.selectbox if s.label.startswith("Kopregel")]
    assert header.value == ""  # automatic
    assert header.options[:4] == [
        "automatisch (regel 1)",
        "(geen kopregel: elke regel is gegevens)",
        "regel 1: gemeente; alleenwonenden",
        "regel 2: 11001",
    ]
    header.set_value("2").run()
    _no_exception(at)
    assert _metrics(at)["Rijen gelezen"] == 8  # read from line 3 on
    assert "onzeker" not in _texts(at.info)  # chosen, no longer guessed
    assert any("Kopregel: regel 2 ('11001'), zoals gekozen." in str(v) for v in _frames(at))


def test_a_certain_header_keeps_the_reading_options_closed(app):
    at = _upload(_open_page(app), "goed.csv", b"gemeente;waarde\n11001;5\n11002;6\n")
    assert not any("kopregel genomen" in str(i.value) for i in at.info)
    assert [s for s in at.selectbox if s.label.startswith("Kopregel")]  # offered, not pressed
    [options] = [e for e in at.expander if e.label == "Leesopties"]
    assert options.proto.expanded is False


def _frames(at) -> list[str]:
    return [cell for df in at.dataframe for cell in df.value.astype(str).to_numpy().ravel()]


def test_no_header_line_can_be_chosen_and_every_line_counts(app):
    names = ["Antwerpen", "Gent", "Aalst", "Brugge", "Leuven", "Mechelen", "Hasselt", "Genk",
             "Lier", "Geel"]  # fmt: skip
    at = _upload(_open_page(app), "namen.csv", ("\n".join(names) + "\n").encode())
    assert _metrics(at)["Rijen gelezen"] == 9  # the first name taken as header
    assert "of 'geen kopregel' als elke regel gegevens is" in _texts(at.info)
    [header] = [s for s in at.selectbox if s.label.startswith("Kopregel")]
    assert header.options[1] == "(geen kopregel: elke regel is gegevens)"
    header.set_value("0").run()
    _no_exception(at)
    assert _metrics(at)["Rijen gelezen"] == 10 and _metrics(at)["Gekoppeld"] == 10
    assert "onzeker" not in _texts(at.info)
    assert any(
        "Geen kopregel: alle 10 regels zijn gegevens; kolommen kolom 1." in str(v)
        for v in _frames(at)
    )
