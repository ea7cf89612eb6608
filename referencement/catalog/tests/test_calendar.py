"""The calendar: working days, Paris time, French public holidays (DESIGN §3 common rules)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from referencement.catalog import calendar
from referencement.catalog.choices import DelayUnit

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=1, max_value=60)


@given(days, counts)
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(start: date, n: int) -> None:
    end = calendar.add_working_days(start, n)
    assert end.weekday() < 5
    assert calendar.is_working_day(end)


@given(days, counts)
def test_adding_n_working_days_crosses_exactly_n_working_days(start: date, n: int) -> None:
    end = calendar.add_working_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == n


@given(days, counts, st.times())
def test_a_working_day_deadline_keeps_the_paris_wall_clock_time(start: date, n: int, at) -> None:
    instant = datetime.combine(start, at.replace(microsecond=0), tzinfo=calendar.PARIS)
    end = calendar.add_working_days(instant, n)
    assert (end.hour, end.minute) == (instant.hour, instant.minute)
    assert end.tzinfo == calendar.PARIS


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (date(2026, 7, 14), "14 juillet"),
        (date(2028, 8, 15), "15 août (a Tuesday in 2028)"),
        (date(2026, 5, 14), "Ascension"),
        (date(2026, 5, 25), "lundi de Pentecôte"),
    ],
)
def test_french_public_holidays_are_skipped(holiday: date, name: str) -> None:
    assert not calendar.is_working_day(holiday), name
    day_before = holiday - timedelta(days=1)
    while not calendar.is_working_day(day_before):
        day_before -= timedelta(days=1)
    assert calendar.add_working_days(day_before, 1) > holiday


def test_14_july_2026_is_skipped_from_the_friday_before() -> None:
    # Fri 10/07 + 1 = Mon 13/07; + 2 = Wed 15/07 (Tue 14/07 is the national day).
    assert calendar.add_working_days(date(2026, 7, 10), 2) == date(2026, 7, 15)


def test_ascension_and_whit_monday_2026_are_skipped() -> None:
    # Wed 13/05 + 1 = Fri 15/05 (Thu 14/05 Ascension); Fri 22/05 + 1 = Tue 26/05 (Whit Monday).
    assert calendar.add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    assert calendar.add_working_days(date(2026, 5, 22), 1) == date(2026, 5, 26)


def test_a_deadline_across_a_weekend() -> None:
    # 001 §4.3: 10 working days from a solicitation on Thursday 5 November 2026 at 16:30;
    # two weekends and 11 November (Armistice) are skipped: Friday 20 November at 16:30.
    start = calendar.paris_datetime(date(2026, 11, 5), "16:30")
    assert calendar.add_working_days(start, 10) == calendar.paris_datetime(
        date(2026, 11, 20), "16:30"
    )
    friday = calendar.paris_datetime(date(2026, 11, 27), "12:00")
    assert calendar.add_working_days(friday, 1) == calendar.paris_datetime(
        date(2026, 11, 30), "12:00"
    )


def test_a_start_on_a_saturday_counts_from_monday() -> None:
    saturday = calendar.paris_datetime(date(2026, 11, 28), "10:00")
    assert calendar.add_working_days(saturday, 1) == calendar.paris_datetime(
        date(2026, 11, 30), "10:00"
    )


def test_calendar_days_keep_wall_clock_time_across_daylight_saving() -> None:
    start = calendar.paris_datetime(date(2026, 10, 20), "12:00")
    end = calendar.add_calendar_days(start, 10)
    assert end == calendar.paris_datetime(date(2026, 10, 30), "12:00")
    utc = ZoneInfo("UTC")  # the clocks went back on 25/10: one more elapsed hour
    assert end.astimezone(utc) - start.astimezone(utc) == timedelta(days=10, hours=1)


def test_hours_are_elapsed_hours() -> None:
    start = calendar.paris_datetime(date(2026, 10, 24), "12:00")
    assert calendar.add_hours(start, 24) == calendar.paris_datetime(date(2026, 10, 25), "11:00")


def test_add_delay_dispatches_on_the_catalogue_unit() -> None:
    start = calendar.paris_datetime(date(2026, 7, 10), "12:00")
    assert calendar.add_delay(start, 2, DelayUnit.WORKING_DAYS) == calendar.paris_datetime(
        date(2026, 7, 15), "12:00"
    )
    assert calendar.add_delay(start, 2, "calendar_days").date() == date(2026, 7, 12)
    assert calendar.add_delay(start, 24, "hours").date() == date(2026, 7, 11)


def test_results_are_in_paris_time_whatever_the_input_zone() -> None:
    utc = datetime(2026, 7, 10, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert calendar.add_working_days(utc, 1) == calendar.paris_datetime(date(2026, 7, 13), "12:00")


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        calendar.add_hours(datetime(2026, 7, 10, 12), 1)


def test_instants_are_written_the_french_way() -> None:
    instant = calendar.paris_datetime(date(2026, 10, 1), "12:00")
    assert calendar.format_instant(instant) == "01/10/2026 à 12h00"
