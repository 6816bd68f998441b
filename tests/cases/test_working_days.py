import datetime as dt

import pytest

from cases.working_days import add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 6, 2), D(2025, 6, 3), 1),  # Monday -> Tuesday
        (D(2025, 6, 6), D(2025, 6, 9), 1),  # Friday -> Monday: the weekend does not count
        (D(2025, 6, 2), D(2025, 6, 16), 10),  # two whole weeks
        (D(2025, 6, 3), D(2025, 6, 3), 0),
        (D(2025, 6, 3), D(2025, 6, 1), 0),
    ],
)
def test_working_days_skip_weekends(start, end, expected):
    assert working_days_between(start, end) == expected


def test_christmas_and_boxing_day_are_not_working_days():
    # Tue 23 Dec 2025 -> Mon 29 Dec 2025: Thu 25th and Fri 26th are bank holidays.
    assert not is_working_day(D(2025, 12, 25))
    assert not is_working_day(D(2025, 12, 26))
    assert working_days_between(D(2025, 12, 23), D(2025, 12, 29)) == 2  # 24th and 29th


def test_easter_good_friday_and_easter_monday_are_not_working_days():
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April
    assert not is_working_day(D(2026, 4, 3))
    assert not is_working_day(D(2026, 4, 6))
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 1  # only the 7th


def test_a_substitute_bank_holiday_is_not_a_working_day():
    # Christmas Day 2027 is a Saturday and Boxing Day a Sunday: substitute days are
    # Monday 27 and Tuesday 28 December 2027.
    assert not is_working_day(D(2027, 12, 27))
    assert not is_working_day(D(2027, 12, 28))
    assert working_days_between(D(2027, 12, 24), D(2027, 12, 29)) == 1


def test_working_days_across_a_long_period_count_the_bank_holidays_inside_it():
    # 2025: 261 weekdays, 8 England and Wales bank holidays on weekdays -> 253
    assert working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 253


def test_adding_working_days_steps_over_weekends_and_holidays():
    assert add_working_days(D(2025, 12, 23), 3) == D(2025, 12, 30)
    assert add_working_days(D(2025, 12, 30), -3) == D(2025, 12, 23)
    assert add_working_days(D(2025, 6, 2), 0) == D(2025, 6, 2)


def test_the_region_is_a_setting(settings):
    # 2 January is a bank holiday in Scotland only
    settings.BANK_HOLIDAY_REGION = "SCT"
    assert not is_working_day(D(2026, 1, 2))
    settings.BANK_HOLIDAY_REGION = "ENG"
    assert is_working_day(D(2026, 1, 2))
