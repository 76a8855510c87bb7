"""The pack's words are written from the figures: sentences, recommendations, young people's
version. Built here from hand-made figures, so each rule is checked on its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corporate_parenting.publish import narrative
from corporate_parenting.publish.figures import Figure, Indicator
from corporate_parenting.publish.themes import theme_by_code
from corporate_parenting.quality.notes import QualityNote

YEARS = ("2022-23", "2023-24", "2024-25", "2025-26")


def figure(period, value, england=None, england_period=None, **extra) -> Figure:
    values = {
        "period_label": period,
        "period_type": "statutory_year",
        "value": value,
        "display_value": "c" if value is None else f"{value:.1f}%",
        "numerator": None,
        "denominator": None,
        "suppression": "c" if value is None else None,
        "england_value": england,
        "england_period_label": england_period or (period if england is not None else None),
        "comparison_to_england": None,
        "neighbour_value": None,
        "neighbours_with_value": None,
        "comparison_to_neighbours": None,
        "target": None,
        "rag_status": None,
    }
    values.update(extra)
    return Figure(**values)


def indicator(values, indicator_id="P13", direction="lower_is_better", unit="percent", **latest):
    figures = [figure(p, v) for p, v in zip(YEARS, values, strict=False)]
    figures[-1] = replace(figures[-1], **latest)
    return Indicator(
        indicator_id,
        "Children with three or more placements in two years",
        unit,
        direction,
        ("H",),
        figures,
    )


def test_a_change_is_described_with_its_figures_in_percentage_points():
    stability = indicator([20.0, 22.5, 25.3])
    (sentence,) = [narrative.change_sentence(narrative.latest_change(stability))]
    assert sentence.text == (
        "Children with three or more placements in two years worsened from 22.5% in 2023-24 "
        "to 25.3% in 2024-25, up 2.8 percentage points."
    )
    assert sentence.figures == {"2023-24": 22.5, "2024-25": 25.3}


def test_a_changed_figure_changes_the_sentence():
    before = narrative.change_sentence(narrative.latest_change(indicator([20.0, 22.5, 25.3])))
    after = narrative.change_sentence(narrative.latest_change(indicator([20.0, 22.5, 19.0])))
    assert before.text != after.text
    assert "improved from 22.5% in 2023-24 to 19.0% in 2024-25, down 3.5 percentage" in after.text


def test_a_change_under_one_percentage_point_is_about_the_same():
    change = narrative.latest_change(indicator([20.0, 22.5, 23.2]))
    assert change.verdict == "stayed about the same"
    assert "stayed about the same: 22.5% in 2023-24 and 23.2% in 2024-25" in (
        narrative.change_sentence(change).text
    )


def test_neutral_measures_rise_and_fall_rather_than_improve():
    counts = indicator([455, 480, 520], indicator_id="P01", direction="neutral", unit="count")
    change = narrative.latest_change(counts)
    assert change.verdict == "rose"
    assert narrative.change_sentence(change).text.endswith("up 40.")


def test_a_suppressed_figure_is_never_described():
    hidden = indicator([20.0, 22.5, None])
    assert narrative.latest_change(hidden) is None
    assert narrative.england_sentence(hidden) is None
    summary = narrative.executive_summary(theme_by_code("H"), "Hartfield", [hidden])
    assert "1 is not shown because the numbers are too small" in summary.overview.text
    assert not summary.improved and not summary.worsened


def test_the_england_comparison_states_both_figures_and_the_gap():
    worse = indicator(
        [20.0, 22.5, 25.3],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="worse",
    )
    sentence = narrative.england_sentence(worse)
    assert sentence.text == (
        "Children with three or more placements in two years: 25.3% in 2024-25, "
        "2.3 percentage points above England's 23% in 2024-25 (worse)."
    )


def test_worse_than_england_and_worsening_for_two_periods_asks_for_an_improvement_plan():
    worsening = indicator(
        [20.0, 22.5, 25.3],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="worse",
    )
    (rec,) = narrative.recommendations([worsening])
    assert rec.rule == "R1" and rec.indicator_ids == ("P13",)
    assert rec.text.startswith("Ask for an improvement plan for children with three or more")
    assert "(20.0% in 2022-23, 22.5% in 2023-24, 25.3% in 2024-25)" in rec.text


def test_one_bad_year_is_not_enough_for_an_improvement_plan():
    blip = indicator(
        [24.0, 22.5, 25.3],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="worse",
    )
    assert [r.rule for r in narrative.recommendations([blip])] == ["R0"]


def test_red_against_target_twice_asks_when_the_target_will_be_met():
    figures = indicator([20.0, 19.0, 19.2]).figures
    figures[-2] = replace(figures[-2], target=15.0, rag_status="red")
    figures[-1] = replace(figures[-1], target=15.0, rag_status="red")
    red = Indicator("P13", "Placement moves", "percent", "lower_is_better", ("H",), figures)
    (rec,) = narrative.recommendations([red])
    assert rec.rule == "R2"
    assert "target of 15.0%" in rec.text and "(19.0% in 2023-24, 19.2% in 2024-25)" in rec.text


def test_improving_and_ahead_of_england_is_recognised():
    better = indicator(
        [30.0, 25.0, 20.0],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="better",
    )
    (rec,) = narrative.recommendations([better])
    assert rec.rule == "R6"
    assert "better than England's 23%" in rec.text


def test_data_quality_warnings_on_the_measures_become_a_recommendation():
    note = QualityNote("MART-CHANGE", "moved a lot", rows=3, indicators={"P13"})
    other = QualityNote("HLT-9", "not ours", rows=7, indicators={"He01"})
    recs = narrative.recommendations([indicator([20.0, 20.5, 20.2])], [note, other])
    assert [r.rule for r in recs] == ["R5"]
    assert "correct the 3 records behind data-quality check MART-CHANGE before" in recs[0].text
    one = QualityNote("SW10STG2", "overlap", rows=1, indicators={"P13"})
    (rec,) = narrative.recommendations([indicator([20.0, 20.5, 20.2])], [one, note])
    assert "correct the 4 records behind data-quality checks MART-CHANGE, SW10STG2" in rec.text
    (rec,) = narrative.recommendations([indicator([20.0, 20.5, 20.2])], [one])
    assert "correct the 1 record behind data-quality check SW10STG2" in rec.text


def test_the_summary_counts_comparisons_with_england_and_neighbours():
    worse = indicator(
        [20.0, 22.5, 25.3],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="worse",
        neighbour_value=21.0,
        comparison_to_neighbours="worse",
    )
    similar = replace(
        indicator([50.0, 51.0, 52.0], indicator_id="P14", direction="higher_is_better"),
    )
    similar.figures[-1] = replace(
        similar.figures[-1],
        england_value=52.0,
        england_period_label="2024-25",
        comparison_to_england="similar",
        neighbour_value=60.0,
        comparison_to_neighbours="worse",
    )
    summary = narrative.executive_summary(theme_by_code("H"), "Hartfield", [worse, similar])
    assert summary.england.text.startswith(
        "Of the 2 measures with an England figure, 1 similar and 1 worse than England"
    )
    assert summary.neighbours.text.endswith("2 measures can be compared: 2 worse.")
    assert [s.indicator_id for s in summary.england_gaps] == ["P13"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([20.0, 22.5, 25.3], "That is worse than the year before."),
        ([20.0, 25.0, 22.0], "That is better than the year before."),
        ([20.0, 22.5, 22.9], "That is about the same as the year before."),
    ],
)
def test_the_young_peoples_version_states_the_same_figure_in_plain_words(values, expected):
    (line,) = narrative.young_people_lines(theme_by_code("H"), [indicator(values)])
    assert line.text.startswith(
        f"Children who moved home three or more times in two years: {values[-1]:.0f}% "
        f"({values[-1]:.0f} in every 100) in 2024-25."
    )
    assert line.text.endswith(expected)
    assert line.figures == {"2024-25": values[-1]}


def test_the_young_peoples_version_does_not_set_a_count_beside_englands_total():
    counts = indicator(
        [455, 480, 520], indicator_id="P01", direction="neutral", unit="count", england_value=83630
    )
    (line,) = narrative.young_people_lines(theme_by_code("H"), [counts])
    assert line.text == (
        "The number of children in our care: 520 in 2024-25. That is more than the year before."
    )


def test_worse_two_periods_running_without_england_asks_for_an_explanation():
    (rec,) = narrative.recommendations([indicator([20.0, 22.5, 25.3])])
    assert rec.rule == "R4"
    assert rec.text == (
        "Ask officers to explain the trend in children with three or more placements in two "
        "years, worse two periods running (20.0% in 2022-23, 22.5% in 2023-24, 25.3% in "
        "2024-25), and what they will do about it."
    )


def test_far_worse_than_england_is_kept_under_review_even_when_improving():
    far = indicator(
        [40.0, 36.0, 32.0],
        england_value=23.0,
        england_period_label="2024-25",
        comparison_to_england="worse",
    )
    (rec,) = narrative.recommendations([far])
    assert rec.rule == "R3"
    assert "9 percentage points worse than England (23% in 2024-25)" in rec.text
