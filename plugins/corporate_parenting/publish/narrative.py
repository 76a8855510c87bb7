"""The pack's words, written from the figures: executive summary, recommendations, young people's
version.

Everything here is a pure function of the published (suppressed) figures and the gate's
data-quality notes, so a changed figure changes the sentence, and the tests can check every
sentence against the indicator table. Suppressed cells are never described.

Rules, as officers and panel members asked for them:
- A change between two periods counts only when it is at least 1 percentage point for a
  percentage, or 5% of the earlier figure otherwise (the same tolerance as "similar to England").
- "Improved" and "worsened" follow the measure's direction of good; for measures where neither
  is better (how many children are in care, say) we write "rose" and "fell".
- Recommendations are drafted by the rules in RECOMMENDATION_RULES, most serious first; a
  measure gets at most one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corporate_parenting.publish.figures import Figure, Indicator, format_value
from corporate_parenting.publish.themes import Theme, young_people_name

MAX_ITEMS = 3
MAX_RECOMMENDATIONS = 6


@dataclass(frozen=True)
class Sentence:
    """A sentence of the pack and the published figures it states (for checking)."""

    text: str
    indicator_id: str | None = None
    figures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    indicator: Indicator
    before: Figure
    after: Figure

    @property
    def difference(self) -> float:
        return self.after.value - self.before.value

    @property
    def is_real(self) -> bool:
        return abs(self.difference) >= self.indicator.tolerance(self.before.value) - 1e-9

    @property
    def verdict(self) -> str:
        """improved / worsened / rose / fell / stayed about the same"""
        if not self.is_real:
            return "stayed about the same"
        direction = self.indicator.direction_of_good
        if direction == "neutral":
            return "rose" if self.difference > 0 else "fell"
        better = (self.difference > 0) == (direction == "higher_is_better")
        return "improved" if better else "worsened"

    @property
    def size(self) -> float:
        """How big the change is in tolerances, to rank changes of different units."""
        return abs(self.difference) / max(self.indicator.tolerance(self.before.value), 1e-9)


def amount(indicator: Indicator, difference: float) -> str:
    """A difference in words: '2.3 percentage points', '15 children', '12 days'."""
    size = abs(difference)
    if indicator.is_percent:
        points = f"{size:.1f}".rstrip("0").rstrip(".")
        return f"{points} percentage point{'' if points == '1' else 's'}"
    if indicator.unit == "count":
        return f"{size:,.0f}"
    if indicator.unit in ("mean_days", "median_days"):
        return f"{size:,.0f} day{'' if round(size) == 1 else 's'}"
    return format_value(indicator.unit, size)


def latest_change(indicator: Indicator) -> Change | None:
    previous = indicator.previous
    if previous is None or previous.suppressed or indicator.latest.suppressed:
        return None
    return Change(indicator, previous, indicator.latest)


def changes_in_a_row(indicator: Indicator, periods: int = 2) -> list[Change] | None:
    """The last `periods` year-on-year changes, or None when any figure is missing."""
    figures = indicator.figures[-(periods + 1) :]
    if len(figures) < periods + 1 or any(f.suppressed for f in figures):
        return None
    return [Change(indicator, a, b) for a, b in zip(figures, figures[1:], strict=False)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def change_sentence(change: Change) -> Sentence:
    ind, before, after = change.indicator, change.before, change.after
    values = {before.period_label: before.value, after.period_label: after.value}
    if not change.is_real:
        text = (
            f"{ind.name} stayed about the same: {ind.format(before.value)} in "
            f"{before.period_label} and {ind.format(after.value)} in {after.period_label}."
        )
    else:
        up_down = "up" if change.difference > 0 else "down"
        text = (
            f"{ind.name} {change.verdict} from {ind.format(before.value)} in "
            f"{before.period_label} to {ind.format(after.value)} in {after.period_label}, "
            f"{up_down} {amount(ind, change.difference)}."
        )
    return Sentence(text, ind.indicator_id, values)


def england_sentence(indicator: Indicator) -> Sentence | None:
    latest = indicator.latest
    if latest.suppressed or latest.england_value is None or not latest.comparison_to_england:
        return None
    gap = latest.value - latest.england_value
    word = latest.comparison_to_england
    england = (
        f"England's {indicator.format_published(latest.england_value)} in "
        f"{latest.england_period_label}"
    )
    if word == "similar":
        relation = f"similar to {england}"
    else:
        relation = f"{amount(indicator, gap)} {'above' if gap > 0 else 'below'} {england}"
        if word in ("better", "worse"):
            relation += f" ({word})"
    text = (
        f"{indicator.name}: {indicator.format(latest.value)} in {latest.period_label}, {relation}."
    )
    return Sentence(
        text,
        indicator.indicator_id,
        {
            latest.period_label: latest.value,
            f"England {latest.england_period_label}": latest.england_value,
        },
    )


def neighbours_comparison(indicator: Indicator) -> str | None:
    """better / similar / worse (higher / lower) against the neighbours' average, as
    rpt_indicators words it (the same margins as the comparison with England)."""
    latest = indicator.latest
    return None if latest.suppressed else latest.comparison_to_neighbours


@dataclass
class ExecutiveSummary:
    overview: Sentence
    improved: list[Sentence]
    worsened: list[Sentence]
    england: Sentence | None
    england_gaps: list[Sentence]
    neighbours: Sentence | None
    context: list[Sentence]

    @property
    def sentences(self) -> list[Sentence]:
        found = [self.overview, *self.context, *self.improved, *self.worsened]
        found += [s for s in (self.england, self.neighbours) if s]
        return found + self.england_gaps


def _count_words(counts: dict[str, int], order: tuple[str, ...]) -> str:
    parts = [f"{counts[w]} {w}" for w in order if counts.get(w)]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def executive_summary(theme: Theme, la_name: str, indicators: list[Indicator]) -> ExecutiveSummary:
    latest_periods = sorted({i.latest.period_label for i in indicators})
    published = [i for i in indicators if not i.latest.suppressed]
    hidden = len(indicators) - len(published)
    overview_text = (
        f"This pack looks at {theme.purpose} in {la_name}. It covers {len(indicators)} measures, "
        f"with figures up to {latest_periods[-1] if latest_periods else 'the latest year'}"
    )
    overview_text += (
        f"; {hidden} {'is' if hidden == 1 else 'are'} not shown because the numbers are too "
        "small to publish."
        if hidden
        else "."
    )
    changes = [c for c in (latest_change(i) for i in indicators) if c is not None]
    improved = sorted((c for c in changes if c.verdict == "improved"), key=lambda c: -c.size)
    worsened = sorted((c for c in changes if c.verdict == "worsened"), key=lambda c: -c.size)
    context = [
        change_sentence(c)
        for c in changes
        if c.indicator.unit == "count" and c.indicator.indicator_id in theme.headline
    ]

    compared = [i for i in published if i.latest.comparison_to_england]
    counts: dict[str, int] = {}
    for i in compared:
        counts[i.latest.comparison_to_england] = counts.get(i.latest.comparison_to_england, 0) + 1
    england = None
    if compared:
        england = Sentence(
            f"Of the {len(compared)} measures with an England figure, "
            f"{_count_words(counts, ('better', 'similar', 'worse', 'higher', 'lower'))} "
            "than England (England's latest published year).",
            None,
            {f"England {w}": float(n) for w, n in counts.items()},
        )
    gaps = [
        s
        for s in (
            england_sentence(i)
            for i in sorted(
                (i for i in compared if i.latest.comparison_to_england == "worse"),
                key=lambda i: (
                    -abs(i.latest.value - i.latest.england_value)
                    / max(i.tolerance(i.latest.england_value), 1e-9)
                ),
            )
        )
        if s
    ][:MAX_ITEMS]

    neighbour_counts: dict[str, int] = {}
    for i in published:
        word = neighbours_comparison(i)
        if word:
            neighbour_counts[word] = neighbour_counts.get(word, 0) + 1
    neighbours = None
    if neighbour_counts:
        total = sum(neighbour_counts.values())
        neighbours = Sentence(
            f"Against the average of our statistical neighbours, {total} measures can be "
            f"compared: "
            f"{_count_words(neighbour_counts, ('better', 'similar', 'worse', 'higher', 'lower'))}.",
            None,
            {f"neighbours {w}": float(n) for w, n in neighbour_counts.items()},
        )
    return ExecutiveSummary(
        overview=Sentence(overview_text),
        improved=[change_sentence(c) for c in improved[:MAX_ITEMS]],
        worsened=[change_sentence(c) for c in worsened[:MAX_ITEMS]],
        england=england,
        england_gaps=gaps,
        neighbours=neighbours,
        context=context,
    )


@dataclass(frozen=True)
class Recommendation:
    rule: str
    text: str
    indicator_ids: tuple[str, ...]


def _series_text(indicator: Indicator, figures: list[Figure]) -> str:
    return ", ".join(f"{indicator.format(f.value)} in {f.period_label}" for f in figures)


def _worse_than_england_and_worsening(ind: Indicator) -> str | None:
    row = changes_in_a_row(ind)
    if not row or ind.latest.comparison_to_england != "worse":
        return None
    if not all(c.verdict == "worsened" for c in row):
        return None
    return (
        f"Ask for an improvement plan for {_lower_first(ind.name)}. It has got worse two periods "
        f"running ({_series_text(ind, [row[0].before, row[0].after, row[1].after])}) and is worse "
        f"than England ({ind.format_published(ind.latest.england_value)} in "
        f"{ind.latest.england_period_label})."
    )


def _red_against_target_twice(ind: Indicator) -> str | None:
    last_two = ind.figures[-2:]
    if len(last_two) < 2 or any(f.rag_status != "red" for f in last_two):
        return None
    return (
        f"Ask officers when {_lower_first(ind.name)} will reach the panel's target of "
        f"{ind.format(last_two[-1].target)}. It has been red against the target for two periods "
        f"({_series_text(ind, last_two)})."
    )


def _far_worse_than_england(ind: Indicator) -> str | None:
    latest = ind.latest
    if latest.comparison_to_england != "worse":
        return None
    gap = abs(latest.value - latest.england_value)
    if gap < 5 * ind.tolerance(latest.england_value):
        return None
    return (
        f"Keep {_lower_first(ind.name)} under review. At {ind.format(latest.value)} in "
        f"{latest.period_label} it is {amount(ind, gap)} worse than England "
        f"({ind.format_published(latest.england_value)} in {latest.england_period_label})."
    )


def _worsening_twice(ind: Indicator) -> str | None:
    row = changes_in_a_row(ind)
    if not row or not all(c.verdict == "worsened" for c in row):
        return None
    return (
        f"Ask officers to explain the trend in {_lower_first(ind.name)}, worse two periods "
        f"running ({_series_text(ind, [row[0].before, row[0].after, row[1].after])}), and what "
        "they will do about it."
    )


def _improving_and_not_behind_england(ind: Indicator) -> str | None:
    row = changes_in_a_row(ind)
    if not row or not all(c.verdict == "improved" for c in row):
        return None
    if ind.latest.comparison_to_england not in ("better", "similar"):
        return None
    return (
        f"Recognise the improvement in {_lower_first(ind.name)}, better two periods running "
        f"({_series_text(ind, [row[0].before, row[0].after, row[1].after])}) and now "
        f"{ind.latest.comparison_to_england} to England's "
        f"{ind.format_published(ind.latest.england_value)}; ask the service to share what worked."
    ).replace("better to England", "better than England")


# (rule id, what it looks for, the check) in priority order.
RECOMMENDATION_RULES = (
    (
        "R1",
        "worse than England and worse for two periods running",
        _worse_than_england_and_worsening,
    ),
    ("R2", "red against the panel's target for two periods", _red_against_target_twice),
    ("R3", "worse than England by five times the 'similar' margin", _far_worse_than_england),
    ("R4", "worse for two periods running", _worsening_twice),
    (
        "R6",
        "better for two periods running and not behind England",
        _improving_and_not_behind_england,
    ),
)


def recommendations(
    indicators: list[Indicator], quality_notes: list | None = None
) -> list[Recommendation]:
    drafted: list[Recommendation] = []
    used: set[str] = set()
    for rule, _, check in RECOMMENDATION_RULES:
        for ind in indicators:
            if ind.indicator_id in used or ind.latest.suppressed:
                continue
            text = check(ind)
            if text:
                drafted.append(Recommendation(rule, text, (ind.indicator_id,)))
                used.add(ind.indicator_id)
    ours = {i.indicator_id: i for i in indicators}
    affected = [n for n in quality_notes or [] if set(n.indicators) & set(ours)]
    if affected:
        names = sorted({ours[i].name for n in affected for i in n.indicators if i in ours})
        records = sum(n.rows for n in affected)
        codes = ", ".join(sorted(n.rule_code for n in affected))
        drafted.append(
            Recommendation(
                "R5",
                f"Ask the data owners to correct the {records:,} "
                f"record{'s' if records != 1 else ''} behind data-quality "
                f"check{'s' if len(affected) != 1 else ''} {codes} before the next refresh; "
                "they may affect "
                f"{'; '.join(_lower_first(n) for n in names[:4])}"
                f"{' and others' if len(names) > 4 else ''}.",
                tuple(sorted({i for n in affected for i in n.indicators if i in ours})),
            )
        )
    serious = [r for r in drafted if r.rule != "R6"][:MAX_RECOMMENDATIONS]
    praise = [r for r in drafted if r.rule == "R6"][:2]
    chosen = serious + praise
    if not chosen:
        chosen = [
            Recommendation(
                "R0", "Note the report: no measure met the rules for further action this time.", ()
            )
        ]
    return chosen


# --- the children in care council's version ------------------------------------------------


def _young_value(indicator: Indicator, value: float) -> str:
    if indicator.is_percent:
        return f"{value:.0f}% ({value:.0f} in every 100)"
    return indicator.format(value)


def young_people_lines(theme: Theme, indicators: list[Indicator]) -> list[Sentence]:
    """Short sentences, no jargon, the same facts as the members' pack."""
    lines = []
    chosen = [i for i in indicators if i.indicator_id in theme.headline]
    chosen += [
        i
        for i in indicators
        if i not in chosen and (c := latest_change(i)) and c.verdict in ("improved", "worsened")
    ][: max(0, 6 - len(chosen))]
    for ind in chosen:
        latest = ind.latest
        name = young_people_name(ind.indicator_id, ind.name)
        if latest.suppressed:
            lines.append(
                Sentence(
                    f"{name}: we do not show this number for {latest.period_label}, because so "
                    "few children are counted that someone could be recognised.",
                    ind.indicator_id,
                )
            )
            continue
        text = f"{name}: {_young_value(ind, latest.value)} in {latest.period_label}."
        change = latest_change(ind)
        if change:
            text += {
                "improved": " That is better than the year before.",
                "worsened": " That is worse than the year before.",
                "rose": " That is more than the year before.",
                "fell": " That is fewer than the year before.",
                "stayed about the same": " That is about the same as the year before.",
            }[change.verdict]
        # England's count is a national total: no use beside one council's.
        england = latest.england_value if ind.unit != "count" else None
        if england is not None:
            text += f" Across England it was {_young_value(ind, england)}."
        figures = {latest.period_label: latest.value}
        if england is not None:
            figures["England"] = england
        lines.append(Sentence(text, ind.indicator_id, figures))
    return lines


def young_people_asks(
    recommendations_: list[Recommendation], indicators: list[Indicator]
) -> list[str]:
    """What the panel will be asked to do, in plain words."""
    names = {i.indicator_id: young_people_name(i.indicator_id, i.name) for i in indicators}
    asks = []
    for rec in recommendations_:
        if rec.rule in ("R1", "R2", "R3", "R4"):
            asks.append(f"Ask the council to do better on: {names[rec.indicator_ids[0]].lower()}.")
        elif rec.rule == "R6":
            asks.append(f"Say well done for: {names[rec.indicator_ids[0]].lower()}.")
        elif rec.rule == "R5":
            asks.append("Ask for some records to be corrected, so the numbers are right.")
    return asks or ["Look at the numbers. Nothing needs extra action this time."]
