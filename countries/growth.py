"""The accords over time: when each country first reached each step, and how
many countries were at each step on each date.

Both follow the rule of ``CountryQuerySet.with_status_on``: only published
status changes count, a change known only to the month or year counts from the
first day of its period, and on any day a country is at the step of its
chronologically latest change up to that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from core import partial_dates
from core.models import public_q
from core.partial_dates import PartialDate, Precision
from countries.models import AccordsStatus, Country, StatusChange

# The steps in the order a country takes them.
STEPS = (AccordsStatus.CANDIDATE, AccordsStatus.ANNOUNCED, AccordsStatus.SIGNATORY)


# When each country reached each step ----------------------------------------


def sort_number(field: str) -> models.Expression:
    """``PartialDate.sort_number()`` in SQL: one integer that sorts partial
    dates as ``partial_dates.chronological`` does."""
    year, month, day = (key.expression for key in partial_dates.chronological(field))
    return year * 10_000 + month * 100 + day


def from_sort_number(number: int) -> PartialDate:
    """The partial date whose ``sort_number()`` is ``number``."""
    year, rest = divmod(number, 10_000)
    month, day = divmod(rest, 100)
    if month == 13:
        return PartialDate(datetime.date(year, 1, 1), Precision.YEAR)
    if day == 32:
        return PartialDate(datetime.date(year, month, 1), Precision.MONTH)
    return PartialDate(datetime.date(year, month, day), Precision.DAY)


def reached_field(step: str) -> str:
    return f"{step}_reached"


def with_step_dates(countries, day: datetime.date):
    """Annotate ``<step>_reached`` for each step: the sort number of the first
    published change to it on or before ``day``, None if there is none."""
    annotations = {}
    for step in STEPS:
        first = (
            StatusChange.objects.published()
            .filter(country=models.OuterRef("pk"), status=step, date__lte=day)
            .annotate(order=sort_number("date"))
            .order_by("order")
            .values("order")[:1]
        )
        annotations[reached_field(step)] = models.Subquery(first)
    return countries.annotate(**annotations)


def status_rank() -> models.Case:
    """The annotated ``status`` as its place among the steps; None without one."""
    return models.Case(
        *(
            models.When(status=step, then=models.Value(rank))
            for rank, step in enumerate(STEPS)
        ),
        default=None,
        output_field=models.IntegerField(),
    )


def step_orderings() -> dict[str, list]:
    """The ``ordering`` values of the comparison table's columns beyond the
    plain fields: status and the date of each step, countries without one last
    whichever the direction."""
    keys = {"status": status_rank()}
    keys.update({step.value: models.F(reached_field(step)) for step in STEPS})
    orderings = {}
    for name, key in keys.items():
        orderings[name] = [key.asc(nulls_last=True), "name", "pk"]
        orderings[f"-{name}"] = [key.desc(nulls_last=True), "-name", "-pk"]
    return orderings


@dataclass(frozen=True)
class Row:
    """A country in the comparison table, with the date it reached each step
    (None where it has not) in the order of ``STEPS``."""

    country: Country
    reached: list[PartialDate | None]


def table_rows(countries) -> list[Row]:
    """The rows of countries annotated by ``with_step_dates``."""
    return [
        Row(
            country=country,
            reached=[
                from_sort_number(number)
                if (number := getattr(country, reached_field(step))) is not None
                else None
                for step in STEPS
            ],
        )
        for country in countries
    ]


@dataclass(frozen=True)
class Column:
    """A sortable column header: its link sorts by it, ascending first, and
    the other way when it is already sorted so. ``sort`` is the value of its
    ``aria-sort`` ("ascending", "descending"), empty when not sorted by it."""

    label: str
    url: str
    sort: str


TABLE_COLUMNS = (
    ("name", gettext_lazy("Country")),
    ("region", gettext_lazy("Region")),
    ("status", gettext_lazy("Status")),
    *((step.value, step.label) for step in STEPS),
)


def table_columns(query: QueryDict, ordering: str) -> list[Column]:
    """The sortable headers of the table, their links keeping the other
    parameters of ``query``; ``ordering`` is the order the table is in."""
    columns = []
    for name, label in TABLE_COLUMNS:
        sort = {name: "ascending", f"-{name}": "descending"}.get(ordering, "")
        linked = query.copy()
        linked["ordering"] = f"-{name}" if sort == "ascending" else name
        columns.append(Column(label=label, url=f"?{linked.urlencode()}", sort=sort))
    return columns


# How many countries were at each step on each date -------------------------


@dataclass(frozen=True)
class Point:
    """From ``date`` on (until the next point), how many countries were at
    each step."""

    date: PartialDate
    candidates: int
    announced: int
    signatories: int

    def count(self, step: str) -> int:
        return {
            AccordsStatus.CANDIDATE: self.candidates,
            AccordsStatus.ANNOUNCED: self.announced,
            AccordsStatus.SIGNATORY: self.signatories,
        }[step]


def growth_series(day: datetime.date) -> list[Point]:
    """A point for each date up to ``day`` on which the counts changed, oldest
    first; only published changes of published countries count. One query."""
    changes = (
        StatusChange.objects.published()
        .filter(public_q("country__"), date__lte=day)
        .order_by("date", "pk")
        .values_list("country_id", "status", "date", "date_precision", "pk")
    )
    # Each country's change in force: the chronologically latest so far.
    in_force: dict[int, tuple] = {}
    points: list[Point] = []
    by_date: dict[datetime.date, list[tuple]] = {}
    for change in changes:
        by_date.setdefault(change[2], []).append(change)
    for day, group in by_date.items():
        for country_id, status, _, precision, pk in group:
            key = (PartialDate(day, precision).sort_key(), pk, status)
            if country_id not in in_force or key > in_force[country_id]:
                in_force[country_id] = key
        statuses = [status for *_, status in in_force.values()]
        finest = min(
            (precision for *_, precision, _ in group),
            key=[Precision.DAY, Precision.MONTH, Precision.YEAR].index,
        )
        point = Point(
            date=PartialDate(day, finest),
            candidates=statuses.count(AccordsStatus.CANDIDATE),
            announced=statuses.count(AccordsStatus.ANNOUNCED),
            signatories=statuses.count(AccordsStatus.SIGNATORY),
        )
        if not points or (point.candidates, point.announced, point.signatories) != (
            points[-1].candidates,
            points[-1].announced,
            points[-1].signatories,
        ):
            points.append(point)
    return points


# The chart: a step line per step, drawn as SVG by growth_chart.html ---------

WIDTH, HEIGHT = 720, 360
# Room for the axes' labels on the left and below, and for each line's label
# at its right end.
LEFT, RIGHT, TOP, BOTTOM = 40, 160, 16, 36


@dataclass(frozen=True)
class Style:
    """How a line is told apart: colour (each at least 4.5:1 on white), and
    without colour, its dash pattern and its label."""

    label: str
    colour: str
    dashes: str


STYLES = {
    AccordsStatus.SIGNATORY: Style(gettext_lazy("Signatories"), "#0b6e4f", ""),
    AccordsStatus.ANNOUNCED: Style(gettext_lazy("Announced"), "#9a4a07", "10 5"),
    AccordsStatus.CANDIDATE: Style(gettext_lazy("Candidates"), "#5b21b6", "2 4"),
}
# The lines and the table's columns, most advanced step first.
CHART_STEPS = tuple(reversed(STEPS))
# Labels at the lines' ends never closer than this, so none hides another.
LABEL_GAP = 16


@dataclass(frozen=True)
class Line:
    step: str
    style: Style
    path: str
    count: int  # today
    label_y: float


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    series: list[Point]
    day: datetime.date
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    end_x: float  # where the lines end: the day shown
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def description(self) -> str:
        counts = ", ".join(
            f"{line.count} {line.style.label.lower()}" for line in self.lines
        )
        day = PartialDate(self.day)
        return gettext(
            "A step line for each step, from %(first)s to %(day)s. "
            "On %(day)s: %(counts)s."
        ) % {"first": self.series[0].date, "day": day, "counts": counts}


def _y_step(top_count: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if top_count / step <= 5:
            return step
    return 200


def growth_chart(series: list[Point], day: datetime.date) -> Chart | None:
    """The chart of ``series`` up to ``day``; None when there is nothing to
    draw."""
    if not series:
        return None
    start = datetime.date(series[0].date.start.year, 1, 1)
    end = datetime.date(day.year + 1, 1, 1)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP

    def x(date: datetime.date) -> float:
        return round(x0 + (x1 - x0) * (date - start).days / (end - start).days, 1)

    highest = max(point.count(step) for point in series for step in STEPS)
    y_step = _y_step(max(highest, 1))
    y_top = -(-max(highest, 1) // y_step) * y_step

    def y(count: int) -> float:
        return round(y0 - (y0 - y1) * count / y_top, 1)

    today_x = x(day)
    lines = []
    for step in CHART_STEPS:
        path, last = [f"M{x(start)} {y(0)}"], 0
        for point in series:
            if point.count(step) != last:
                last = point.count(step)
                path.append(f"H{x(point.date.start)} V{y(last)}")
        path.append(f"H{today_x}")
        count = series[-1].count(step)
        lines.append((step, " ".join(path), count, y(count)))
    # Push the end labels apart, top to bottom, keeping them in the plot.
    placed: dict[str, float] = {}
    previous = None
    for step, _, _, label_y in sorted(lines, key=lambda line: line[3]):
        at = label_y if previous is None else max(label_y, previous + LABEL_GAP)
        placed[step] = previous = at
    return Chart(
        series=series,
        day=day,
        lines=[
            Line(step, STYLES[step], path, count, placed[step])
            for step, path, count, _ in lines
        ],
        x_ticks=[
            Tick(x(datetime.date(year, 1, 1)), str(year))
            for year in range(start.year, end.year + 1)
        ],
        y_ticks=[Tick(y(n), str(n)) for n in range(0, y_top + 1, y_step)],
        end_x=today_x,
    )


def chart_context(day: datetime.date) -> dict:
    """What ``countries/includes/growth_chart.html`` draws: the chart up to
    ``day`` (None before any published change)."""
    return {"chart": growth_chart(growth_series(day), day)}
