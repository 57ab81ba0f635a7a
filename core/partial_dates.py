"""Dates known to the day, the month or only the year ("April 1992", "1992").

A partial date is stored as two columns: a real ``DateField`` holding the first
day of its period and a precision. It is exchanged as ISO 8601 reduced
precision (``1992``, ``1992-04``, ``1992-04-15``), shown at its precision, and
treated as the interval it covers: a filter from 5 December 2020 includes
"December 2020"; within one period a less precise date sorts after the precise
ones.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# The one pattern of a partial date: ASCII digits only (``\d`` would take
# Arabic-Indic ones), matched whole (``$`` would let a trailing newline by).
ISO_PATTERN = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
)
# The same pattern for a browser's ``pattern`` attribute, without the names.
HTML_PATTERN = re.sub(r"\(\?P<\w+>", "(", ISO_PATTERN.pattern)
FORMAT_HINT = _(
    "Use YYYY, YYYY-MM or YYYY-MM-DD, for example 1992, 1992-04 or 1992-04-15."
)


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in Precision.values:
            raise ValidationError(
                gettext("Unknown precision %(precision)s: choose day, month or year.")
                % {"precision": repr(self.precision)},
                code="invalid_precision",
            )
        # Keep one stored form per period: the first day.
        object.__setattr__(self, "date", truncate(self.date, self.precision))

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """``1992``, ``1992-04`` or ``1992-04-15`` exactly: nothing is stripped
        (form fields strip what their readers may type around a value).
        """
        text = str(value)
        match = ISO_PATTERN.fullmatch(text)
        if not match:
            not_a_date = gettext("“%(value)s” is not a date.") % {
                "value": _shorten(text)
            }
            raise ValidationError(f"{not_a_date} {FORMAT_HINT}", code="invalid")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if year < 1:
            raise ValidationError(
                gettext("“%(value)s”: there is no year 0000; years start at 0001.")
                % {"value": text},
                code="invalid_year",
            )
        if month is not None and not 1 <= month <= 12:
            raise ValidationError(
                gettext("“%(value)s”: the month must be between 01 and 12.")
                % {"value": text},
                code="invalid_month",
            )
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValidationError(
                    gettext("“%(value)s”: %(month)s has days 01 to %(last)s.")
                    % {
                        "value": text,
                        "month": format_date(datetime.date(year, month, 1), "F Y"),
                        "last": f"{last:02d}",
                    },
                    code="invalid_day",
                )
            return cls(datetime.date(year, month, day), Precision.DAY)
        if month is not None:
            return cls(datetime.date(year, month, 1), Precision.MONTH)
        return cls(datetime.date(year, 1, 1), Precision.YEAR)

    def isoformat(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def __str__(self) -> str:
        """The date at its precision in the active language: "15 September
        2020", "15 сентября 2020", "September 2020", "2020"."""
        if self.precision == Precision.YEAR:
            return str(self.date.year)
        # E: the month as it reads in a sentence ("с 6 ноября", "с августа
        # 2025": Russian takes the genitive), where F would be a heading's.
        return format_date(
            self.date, "E Y" if self.precision == Precision.MONTH else "j E Y"
        )

    @property
    def start(self) -> datetime.date:
        return self.date

    @property
    def end(self) -> datetime.date:
        if self.precision == Precision.YEAR:
            return datetime.date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=last)
        return self.date

    @property
    def is_exact(self) -> bool:
        return self.precision == Precision.DAY

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        return (end is None or self.start <= end) and (
            start is None or self.end >= start
        )

    def sort_key(self) -> tuple[int, int, int]:
        # 13th month and 32nd day: after every precise date of the period.
        if self.precision == Precision.YEAR:
            return (self.date.year, 13, 32)
        if self.precision == Precision.MONTH:
            return (self.date.year, self.date.month, 32)
        return (self.date.year, self.date.month, self.date.day)

    def sort_number(self) -> int:
        """The sort key as one integer (19920432 for April 1992), for an index."""
        year, month, day = self.sort_key()
        return year * 10_000 + month * 100 + day

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.date, self.precision) == (other.date, other.precision)

    def __hash__(self) -> int:
        return hash((self.date, self.precision))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def truncate(day: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return day.replace(day=1)
    return day


# Model integration -----------------------------------------------------------


def precision_field(**kwargs) -> models.CharField:
    kwargs.setdefault("help_text", _("How precisely the date is known."))
    return models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, **kwargs
    )


class PartialDateColumns:
    """A partial date declared on a model: ``opened = PartialDateColumns(...)``.

    Makes the ``DateField`` ``opened`` (the first day of the period; the
    arguments are its own), the ``opened_precision`` column beside it and the
    ``opened_partial`` attribute. Both columns are ordinary model fields.
    """

    def __init__(
        self,
        verbose_name: str | None = None,
        *,
        precision_verbose_name: str | None = None,
        **kwargs,
    ):
        # Made here rather than in contribute_to_class, so that both keep the
        # place they are declared at among the model's fields (forms follow it).
        self.date = models.DateField(verbose_name, **kwargs)
        self.precision = precision_field(verbose_name=precision_verbose_name)

    def contribute_to_class(self, cls, name: str) -> None:
        cls.add_to_class(name, self.date)
        cls.add_to_class(f"{name}_precision", self.precision)
        setattr(cls, f"{name}_partial", PartialDateAttribute(name))


class PartialDateAttribute:
    """``obj.<name>_partial``: the PartialDate of a date column and its precision.

    Reading gives a PartialDate (or None); assigning a PartialDate, an ISO
    string or None sets both columns.
    """

    def __init__(self, field: str):
        self.field = field
        self.precision_field = f"{field}_precision"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = getattr(obj, self.field)
        if value is None:
            return None
        return PartialDate(value, getattr(obj, self.precision_field))

    def __set__(self, obj, value):
        if isinstance(value, str):
            value = PartialDate.parse(value)
        if value is None:
            setattr(obj, self.field, None)
            return
        setattr(obj, self.field, value.date)
        setattr(obj, self.precision_field, value.precision)


def normalize(obj, *fields: str) -> None:
    """Store each partial date as the first day of its period."""
    for field in fields:
        value = getattr(obj, field)
        precision = getattr(obj, f"{field}_precision")
        if value is not None and precision in Precision.values:
            setattr(obj, field, truncate(value, precision))


def precision_constraint(model_name: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}_precision__in": Precision.values}),
        name=f"{model_name}_{field}_precision_valid",
    )


def end_not_before_start_constraint(
    model_name: str, start: str, end: str
) -> models.CheckConstraint:
    # A coarser end ("1992") is stored as its first day and may lawfully fall
    # before a precise start (1992-05-03), so the database checks day-precision
    # ends only; clean() compares the intervals exactly.
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | ~models.Q(**{f"{end}_precision": Precision.DAY})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=f"{model_name}_{end}_not_before_{start}",
    )


def period_constraints(
    model_name: str, start: str, end: str
) -> list[models.CheckConstraint]:
    """What the database checks of a period from the partial date ``start`` to
    the partial date ``end``: both precisions, and the end not before the start.
    """
    return [
        precision_constraint(model_name, start),
        precision_constraint(model_name, end),
        end_not_before_start_constraint(model_name, start, end),
    ]


def check_end_not_before_start(
    start: PartialDate | None, end: PartialDate | None, *, field: str
) -> None:
    if start and end and end.end < start.start:
        raise ValidationError(
            {
                field: gettext(
                    "The end (%(end)s) is before the start (%(start)s). Check both "
                    "dates."
                )
                % {"end": end, "start": start}
            }
        )


def ends_on_or_after(field: str, day: datetime.date) -> models.Q:
    """Rows whose partial date ``field`` covers ``day`` or a later day."""
    return (
        models.Q(**{f"{field}_precision": Precision.DAY, f"{field}__gte": day})
        | models.Q(
            **{
                f"{field}_precision": Precision.MONTH,
                f"{field}__gte": truncate(day, Precision.MONTH),
            }
        )
        | models.Q(
            **{
                f"{field}_precision": Precision.YEAR,
                f"{field}__gte": truncate(day, Precision.YEAR),
            }
        )
    )


def chronological(field: str, *, descending: bool = False) -> list:
    """Order expressions: by period, less precise dates after precise ones."""
    precision = f"{field}_precision"
    keys = [
        ExtractYear(field),
        models.Case(
            models.When(**{precision: Precision.YEAR}, then=models.Value(13)),
            default=ExtractMonth(field),
        ),
        models.Case(
            models.When(
                **{f"{precision}__in": [Precision.YEAR, Precision.MONTH]},
                then=models.Value(32),
            ),
            default=ExtractDay(field),
        ),
    ]
    return [key.desc() if descending else key.asc() for key in keys]
