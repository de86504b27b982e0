"""The Plannen view model: scenario tokens, the table, the map and the scenario in words."""

import pytest

from geodata.store import read_layer
from layers.indicators import IndicatorInputs
from layers.planning import planning_base, suggest_sites
from layers.views import parse_points, plannen_view, point_token, scenario_lines, sector_choices


@pytest.fixture(scope="module")
def base(settings):
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    return planning_base(inputs, home=settings.home)


def test_point_tokens_round_trip_and_bad_tokens_are_skipped():
    token = point_token(51.051474, 4.882018)
    assert token == "51.05147_4.88202"
    assert parse_points([token, "x_y", "10_10", "51.1", token]) == [(51.05147, 4.88202)]


def test_view_of_two_points_in_herselt(base, settings):
    choices = sector_choices(base, "13013")
    assert all(label.startswith("sector 13013") for label in choices.values())
    points = parse_points(list(choices)[:2])
    gemeente = read_layer(settings.store_path, "gemeente", display=True)
    wijken = read_layer(settings.store_path, "wijk", display=True)
    suggestion = suggest_sites(base, gemeente="13013", k=2, distance_m=800)
    view = plannen_view(
        base,
        gemeente="13013",
        points=points,
        distance_m=800,
        suggestion=suggestion,
        wijken=wijken,
        outline=gemeente.loc[gemeente["code"] == "13013"],
    )
    assert view.table["Gebied"].iloc[0] == "Herselt"
    assert view.table["65-plussers erbij binnen bereik"].iloc[0] > 0
    assert len(view.points) == 2
    assert view.sites is not None and len(view.sites) == 2
    assert any("straal" in note for note in view.notes)
    html = view.map.get_root().render()
    assert "nieuwe plek 2" in html and "voorstel 1" in html
    lines = scenario_lines(view)
    assert lines[0].startswith("Scenario: twee nieuwe ontmoetingsplekken in Herselt (binnen 800 m")
    assert any(line.startswith("Wijk ") for line in lines)
    assert any("vogelvlucht" in line for line in lines)
