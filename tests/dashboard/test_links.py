"""Hand-edited links (bug 3 of issue 11): every URL parameter of every page, fuzzed, never raises
nor reaches the fault boundary; a value outside its widget's domain is clamped or ignored and the
page says so in a short Dutch note."""

from __future__ import annotations

import random

import pytest

from layers.views import weight_themes

FAULT = "Er ging iets mis in Verbonden zelf"
WEIGHTS = sorted({f"w_{t}" for level in ("gemeente", "wijk") for t in weight_themes(level, ())})
PAGES = {
    "views/kaart.py": [
        "niveau", "gebied", "laag", "indeling", "eenheid", "doelgroep", "actie", "element",
        "initiatieven", *WEIGHTS,
    ],
    "views/gemeente.py": ["gemeente", "zoek"],
    "views/eigen_data.py": ["soort"],
    "views/inventaris.py": ["gemeente"],
    "views/plannen.py": ["gemeente", "afstand", "k", "punten", "hotspots", "wijk"],
}  # fmt: skip
FUZZ = [
    "5", "-1", "nan", "-inf", "1e309", "abc", "<b>x</b>", "%", ",,", "wijk", "Liège",
    "ouderen,xx", "x" * 300, "g:99999",
]  # fmt: skip


def _clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if FAULT in e.value]


def _open(app, page: str, params: dict[str, str]):
    if page == "views/kaart.py":
        for name, value in params.items():
            app.query_params[name] = value
        return app.run()
    at = app.run()  # the first run lands on Kaart (default page, no parameters)
    _clean(at)
    for name, value in params.items():
        at.query_params[name] = value
    return at.switch_page(page).run()


def _note(at) -> str:
    text = " ".join(w.value for w in at.warning if "Deze link bevat" in w.value)
    return text.replace("\\", "")  # the markdown escapes


@pytest.mark.parametrize(
    ("param", "raw", "expected"), [("w_alleenwonend", "5", 3.0), ("w_leeftijd", "-1", 0.0)]
)
def test_a_weight_outside_the_slider_is_clamped_with_a_note(app, param, raw, expected):
    at = _open(app, "views/kaart.py", {param: raw})
    _clean(at)
    assert at.select_slider(key=f"k_{param}").value == expected
    note = _note(at)
    assert param in note and "van 0 tot 3" in note
    assert at.query_params[param] in ([f"{expected:g}"], f"{expected:g}")  # the link is fixed
    at.run()
    assert not _note(at), "the note is shown once, on the run that read the link"


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("raw", FUZZ)
def test_every_url_parameter_fuzzed_never_breaks_a_page(app, page, raw):
    at = _open(app, page, dict.fromkeys(PAGES[page], raw))
    _clean(at)
    assert at.title, "the page still shows"


@pytest.mark.parametrize("seed", range(4))
def test_random_mixes_of_url_values_never_break_kaart(app, seed):
    rng = random.Random(seed)
    params = {
        name: rng.choice([*FUZZ, "", "1", "0", "2.5", "kloof"]) for name in PAGES["views/kaart.py"]
    }
    at = _open(app, "views/kaart.py", params)
    _clean(at)
    at.radio(key="k_niveau").set_value("wijk").run()
    _clean(at)
