"""The funder report's figures for the hand-made campaign, nationally and for Latgale.

Every expected number is worked out in ``funder_data``'s docstring.
"""

from plakats.reports.figures import Figures, build_figures
from plakats.reports.queries import Scope

from .funder_data import PERIOD, table


def _figures(world, region=None, lang="en"):
    return build_figures(Scope(world["campaign"], *PERIOD, region=region), lang)


def test_it_counts_targets_regions_kinds_and_materials_nationally(funder_world):
    figures = _figures(funder_world)
    # name, measure, counts from, goal, reached, share of goal
    assert [row[3:] for row in table(figures, "targets")] == [[20, 6, 0.3], [4, 2, 0.5]]
    regions = {row[0]: row[1:] for row in table(figures, "regions")}
    assert regions["Latgales plānošanas reģions"] == [3, 2, round(2 / 3, 4)]
    assert regions["Kurzemes plānošanas reģions"] == [1, 0, 0.0]
    assert regions["Rīgas plānošanas reģions"] == [0, 0, None]
    assert table(figures, "kinds") == [["school", 3, 2, round(2 / 3, 4)], ["library", 1, 0, 0.0]]
    assert table(figures, "materials") == [["A2 plakāts: Drošs darbs (demo) (lv, 2025-1)", 3, 6]]
    assert table(figures, "confirmation") == [[3, 1, round(1 / 3, 4)]]
    weeks = {row[0]: row[1:] for row in table(figures, "timeline")}
    assert weeks["2025-03-03"] == [3, 1, 0]
    assert weeks["2025-03-10"] == [0, 1, 1]
    assert sum(sum(v) for v in weeks.values()) == 6
    assert table(figures, "waves") == [["2025-03-03", "Pirmais vilnis (demo)", 4]]
    indicators = {i.label: (i.value, i.goal) for i in figures.indicators}
    assert indicators["Skolas Latgalē"] == (2, 4)
    assert indicators["Venues reached"] == (2, None)
    assert indicators["Items distributed"] == (6, None)
    assert indicators["Confirmation rate"] == (round(1 / 3, 4), None)


def test_it_narrows_everything_but_the_goals_to_a_region(funder_world):
    figures = _figures(funder_world, region=funder_world["kurzeme"])
    # In Kurzeme only D, still planned: nothing reached, nothing sent out.
    assert [row[3:] for row in table(figures, "targets")] == [[20, 0, 0.0], [4, 0, 0.0]]
    assert table(figures, "regions") == [["Kurzemes plānošanas reģions", 1, 0, 0.0]]
    assert table(figures, "confirmation") == [[0, 0, None]]
    assert table(figures, "materials") == []
    assert figures.region == "Kurzemes plānošanas reģions"
    liepaja = funder_world["venues"]["D"].municipality
    assert figures.map_values[liepaja.code] == 0  # D not reached: "never reached" on the map
    assert funder_world["venues"]["A"].municipality.code not in figures.map_values


def test_it_is_plain_json_and_comes_back_the_same(funder_world):
    import json

    figures = _figures(funder_world, lang="lv")
    text = json.dumps(figures.to_json())
    again = Figures.from_json(json.loads(text))
    assert again == figures
    assert figures.period_start == "2025-03-01" and figures.period_end == "2025-03-31"
    assert "100000" in figures.definition  # the evidence age used is stated
    assert figures.funder == "Fonds “Drošība” (demo)"
