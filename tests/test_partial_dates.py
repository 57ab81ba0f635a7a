import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.forms import PartialDateField
from core.partial_dates import HTML_PATTERN, ISO_PATTERN, PartialDate, Precision

D = datetime.date


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("1992", D(1992, 1, 1), Precision.YEAR),
        ("1992-04", D(1992, 4, 1), Precision.MONTH),
        ("1992-04-15", D(1992, 4, 15), Precision.DAY),
        ("2024-02-29", D(2024, 2, 29), Precision.DAY),
    ],
)
def test_iso_reduced_precision_is_parsed_to_its_first_day_and_precision(
    text, date, precision
):
    value = PartialDate.parse(text)
    assert value.date == date
    assert value.precision == precision


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1992-13", "month must be between 01 and 12"),
        ("1992-00", "month must be between 01 and 12"),
        ("abc", "is not a date"),
        ("0000", "no year 0000"),
        ("2023-02-29", "February 2023 has days 01 to 28"),
        ("1992-04-31", "April 1992 has days 01 to 30"),
        ("92", "is not a date"),
        ("1992/04/15", "is not a date"),
        ("15 April 1992", "is not a date"),
        ("", "is not a date"),
        ("1992-4", "is not a date"),
        ("x" * 500, "is not a date"),
        # Exactly the value: spaces, a trailing newline or digits of another
        # script are not a date (a form field strips what a reader types).
        (" 2020-12 ", "is not a date"),
        ("1992-04\n", "is not a date"),
        ("\u0661\u0669\u0669\u0662", "is not a date"),
    ],
)
def test_bad_input_is_rejected_with_a_message_that_says_what_to_fix(text, message):
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text)
    assert message in caught.value.messages[0]


def test_a_long_bad_value_is_shortened_in_the_message():
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse("y" * 5000)
    assert len(caught.value.messages[0]) < 200


def test_unknown_precision_is_refused():
    with pytest.raises(ValidationError, match="Unknown precision"):
        PartialDate(D(1992, 4, 1), "week")


@pytest.mark.parametrize(
    ("value", "iso", "display"),
    [
        (PartialDate(D(1992, 1, 1), Precision.YEAR), "1992", "1992"),
        (PartialDate(D(1992, 4, 1), Precision.MONTH), "1992-04", "April 1992"),
        (PartialDate(D(1992, 4, 15), Precision.DAY), "1992-04-15", "15 April 1992"),
    ],
)
def test_partial_dates_are_formatted_at_their_precision(value, iso, display):
    assert value.isoformat() == iso
    assert str(value) == display


def test_a_precise_day_given_with_coarser_precision_is_stored_as_the_period_start():
    assert PartialDate(D(1992, 4, 15), Precision.MONTH).date == D(1992, 4, 1)
    assert PartialDate(D(1992, 4, 15), Precision.YEAR).date == D(1992, 1, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1992", D(1992, 1, 1), D(1992, 12, 31)),
        ("1992-02", D(1992, 2, 1), D(1992, 2, 29)),
        ("1993-02", D(1993, 2, 1), D(1993, 2, 28)),
        ("2020-12", D(2020, 12, 1), D(2020, 12, 31)),
        ("2020-09-15", D(2020, 9, 15), D(2020, 9, 15)),
    ],
)
def test_a_partial_date_covers_its_whole_period(text, start, end):
    value = PartialDate.parse(text)
    assert (value.start, value.end) == (start, end)
    assert value.contains(start) and value.contains(end)
    assert not value.contains(start - datetime.timedelta(days=1))
    assert not value.contains(end + datetime.timedelta(days=1))


def test_a_month_overlaps_a_range_that_starts_inside_it():
    december = PartialDate.parse("2020-12")
    assert december.overlaps(D(2020, 12, 5), None)
    assert december.overlaps(None, D(2020, 12, 1))
    assert not december.overlaps(D(2021, 1, 1), None)
    assert not december.overlaps(None, D(2020, 11, 30))


def test_less_precise_dates_sort_after_the_precise_ones_of_their_period():
    values = [PartialDate.parse(t) for t in ("2020", "2020-12", "2020-12-31", "2021")]
    shuffled = [values[2], values[3], values[0], values[1]]
    assert sorted(shuffled) == [
        PartialDate.parse("2020-12-31"),
        PartialDate.parse("2020-12"),
        PartialDate.parse("2020"),
        PartialDate.parse("2021"),
    ]
    assert PartialDate.parse("2020-11-30") < PartialDate.parse("2020-11")
    assert PartialDate.parse("2020-11") < PartialDate.parse("2020-12-01")


def test_equal_partial_dates_compare_equal_and_hash_alike():
    assert PartialDate.parse("1992-04") == PartialDate(D(1992, 4, 20), Precision.MONTH)
    assert len({PartialDate.parse("1992-04"), PartialDate.parse("1992-04")}) == 1
    assert PartialDate.parse("1992-04") != PartialDate.parse("1992-04-01")


@given(st.dates(min_value=D(1, 1, 1)), st.sampled_from(Precision.values))
def test_formatting_then_parsing_gives_back_the_same_partial_date(day, precision):
    value = PartialDate(day, precision)
    assert PartialDate.parse(value.isoformat()) == value
    assert value.start <= day <= value.end


# The form field ----------------------------------------------------------------


def test_the_form_field_strips_what_a_reader_types_around_a_date():
    assert PartialDateField().clean(" 2020-12 ") == PartialDate.parse("2020-12")


def test_the_form_field_of_a_query_string_takes_the_value_exactly():
    with pytest.raises(ValidationError, match="is not a date"):
        PartialDateField(strip=False).clean(" 2020-12")


def test_the_form_field_gives_the_parsers_message():
    with pytest.raises(ValidationError) as caught:
        PartialDateField().clean("2020-13")
    assert caught.value.messages == ["“2020-13”: the month must be between 01 and 12."]


def test_an_empty_optional_form_field_is_none_and_a_required_one_an_error():
    assert PartialDateField(required=False).clean("") is None
    with pytest.raises(ValidationError, match="required"):
        PartialDateField().clean("")


def test_the_form_field_shows_a_partial_date_in_iso_form():
    april = PartialDate.parse("1992-04")
    assert PartialDateField().prepare_value(april) == "1992-04"
    html = PartialDateField().widget.render("date", april)
    assert 'value="1992-04"' in html
    assert f'pattern="{HTML_PATTERN}"' in html


@given(st.text(alphabet="0123456789-", max_size=12))
def test_the_browsers_pattern_accepts_exactly_what_the_parser_matches(text):
    assert bool(re.fullmatch(HTML_PATTERN, text)) == bool(ISO_PATTERN.fullmatch(text))
