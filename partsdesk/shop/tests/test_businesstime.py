"""The review due time and business time on plain calendars (no database)."""

import datetime
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partsdesk.shop.businesstime import SEARCH_DAYS, BusinessCalendar, NoBusinessDay

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
H = datetime.timedelta(hours=1)


def t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


WEEKDAYS_9_18 = {day: (t(9), t(18)) if day < 5 else None for day in range(7)}


def calendar(**overrides) -> BusinessCalendar:
    values = {"zone": MOSCOW, "week": WEEKDAYS_9_18, "exceptions": {}}
    values.update(overrides)
    return BusinessCalendar(**values)


def msk(text: str) -> datetime.datetime:
    """A Moscow time; 2026-03-02 is a Monday."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("placed", "due"),
    [
        # within hours: + 2 business hours
        ("2026-03-02 09:00", "2026-03-02 11:00"),
        ("2026-03-02 10:15", "2026-03-02 12:15"),
        ("2026-03-02 16:00", "2026-03-02 18:00"),
        # near closing: the rest carries over to the next opening
        ("2026-03-02 17:30", "2026-03-03 10:30"),
        ("2026-03-02 17:59", "2026-03-03 10:59"),
        # Friday evening carries over the weekend
        ("2026-03-06 17:00", "2026-03-09 10:00"),
        # off-hours: 11:00 of the next business day
        ("2026-03-02 18:00", "2026-03-03 11:00"),
        ("2026-03-02 23:30", "2026-03-03 11:00"),
        ("2026-03-03 00:10", "2026-03-03 11:00"),
        ("2026-03-03 08:59", "2026-03-03 11:00"),
        ("2026-03-07 13:00", "2026-03-09 11:00"),
        ("2026-03-08 23:59", "2026-03-09 11:00"),
    ],
)
def test_review_due_at_on_a_plain_week(placed, due):
    assert calendar().review_due_at(msk(placed)) == msk(due)


def test_the_answer_is_in_utc_and_the_input_may_be_in_any_zone():
    placed = msk("2026-03-02 10:00").astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    due = calendar().review_due_at(placed)
    assert due.tzinfo is datetime.UTC
    assert due == msk("2026-03-02 12:00")


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar().review_due_at(datetime.datetime(2026, 3, 2, 10))


def test_holidays_and_a_working_saturday():
    # given: Monday 9 March is a holiday, Saturday 7 March a working day 10–15
    cal = calendar(
        exceptions={
            datetime.date(2026, 3, 9): None,
            datetime.date(2026, 3, 7): (t(10), t(15)),
        }
    )

    # then: Friday evening → the working Saturday, which opens at 10:00 (11:00 is within)
    assert cal.review_due_at(msk("2026-03-06 20:00")) == msk("2026-03-07 11:00")
    # Saturday 14:00 → one hour left, carried past the Sunday and the holiday to Tuesday
    assert cal.review_due_at(msk("2026-03-07 14:00")) == msk("2026-03-10 10:00")
    # on the holiday itself → Tuesday 11:00
    assert cal.review_due_at(msk("2026-03-09 12:00")) == msk("2026-03-10 11:00")
    assert not cal.is_business_time(msk("2026-03-09 12:00"))
    assert cal.is_business_time(msk("2026-03-07 10:00"))


def test_a_shortened_day_carries_over_sooner():
    cal = calendar(exceptions={datetime.date(2026, 3, 6): (t(9), t(17))})
    assert cal.review_due_at(msk("2026-03-06 16:00")) == msk("2026-03-09 10:00")


def test_a_carried_over_review_is_never_due_after_the_off_hours_orders_of_that_morning():
    # given: Saturday opens at 10:00; Friday-night orders are due there at 11:00
    week = dict(WEEKDAYS_9_18)
    week[5] = (t(10), t(16))
    cal = calendar(week=week)

    # then: half an hour or an hour carried over fits before 11:00
    assert cal.review_due_at(msk("2026-03-06 16:30")) == msk("2026-03-07 10:30")
    assert cal.review_due_at(msk("2026-03-06 17:00")) == msk("2026-03-07 11:00")
    # 1.5 h carried over would end at 11:30, after the night's orders: capped at 11:00
    assert cal.review_due_at(msk("2026-03-06 17:30")) == msk("2026-03-07 11:00")
    assert cal.review_due_at(msk("2026-03-06 17:59")) == msk("2026-03-07 11:00")
    assert cal.review_due_at(msk("2026-03-06 18:30")) == msk("2026-03-07 11:00")


def test_a_day_that_opens_after_the_off_hours_time_gives_the_usual_review_time():
    week = dict(WEEKDAYS_9_18)
    week[5] = (t(12), t(13))
    cal = calendar(week=week)
    # Friday night: Saturday opens at 12:00, so 11:00 cannot be; 2 hours from the opening
    # are one on Saturday and one on Monday morning
    assert cal.review_due_at(msk("2026-03-06 19:00")) == msk("2026-03-09 10:00")


def test_other_settings():
    cal = calendar(review=datetime.timedelta(hours=4), off_hours_due_at=t(10, 30))
    assert cal.review_due_at(msk("2026-03-02 10:00")) == msk("2026-03-02 14:00")
    assert cal.review_due_at(msk("2026-03-02 20:00")) == msk("2026-03-03 10:30")
    # 3 hours carried over would end at 12:00; capped at the next morning's 10:30
    assert cal.review_due_at(msk("2026-03-02 17:00")) == msk("2026-03-03 10:30")


def test_a_zone_far_from_utc():
    vladivostok = zoneinfo.ZoneInfo("Asia/Vladivostok")  # UTC+10: 9:00 there is 23:00 UTC
    cal = calendar(zone=vladivostok)
    placed = datetime.datetime(2026, 3, 2, 17, 0, tzinfo=vladivostok)
    assert cal.review_due_at(placed) == datetime.datetime(2026, 3, 3, 10, 0, tzinfo=vladivostok)
    assert cal.is_business_time(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC))


def test_daylight_saving_counts_real_hours():
    # 8 March 2026 the clocks in New York go from 2:00 to 3:00; a 0:00–6:00 day has 5 hours
    new_york = zoneinfo.ZoneInfo("America/New_York")
    cal = BusinessCalendar(zone=new_york, week=dict.fromkeys(range(7), (t(0), t(6))))
    day = datetime.date(2026, 3, 8)
    start = datetime.datetime.combine(day, t(0), tzinfo=new_york)
    end = datetime.datetime.combine(day, t(6), tzinfo=new_york)
    assert cal.business_time_between(start, end) == 5 * H
    assert cal.review_due_at(start + datetime.timedelta(minutes=30)) == datetime.datetime(
        2026, 3, 8, 3, 30, tzinfo=new_york
    )


def test_business_time_between():
    cal = calendar()
    assert cal.business_time_between(msk("2026-03-02 08:00"), msk("2026-03-02 10:30")) == 1.5 * H
    # Friday 17:00 → Monday 10:00: 1 h + 1 h
    assert cal.business_time_between(msk("2026-03-06 17:00"), msk("2026-03-09 10:00")) == 2 * H
    # a whole week: 5 × 9 h
    assert cal.business_time_between(msk("2026-03-02 00:00"), msk("2026-03-09 00:00")) == 45 * H
    assert cal.business_time_between(msk("2026-03-02 12:00"), msk("2026-03-02 11:00")) == 0 * H


def test_is_business_time_is_closed_at_opening_and_open_at_closing():
    cal = calendar()
    assert cal.is_business_time(msk("2026-03-02 09:00"))
    assert cal.is_business_time(msk("2026-03-02 17:59:59"))
    assert not cal.is_business_time(msk("2026-03-02 18:00"))
    assert not cal.is_business_time(msk("2026-03-02 08:59:59"))


def test_a_calendar_with_no_working_day_says_so():
    cal = calendar(week=dict.fromkeys(range(7)))
    with pytest.raises(NoBusinessDay, match="no working day"):
        cal.review_due_at(msk("2026-03-02 10:00"))


# --- properties over random calendars ----------------------------------------------------

ZONES = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "UTC", "Asia/Kolkata"]


@st.composite
def hours(draw):
    opens = draw(st.integers(min_value=0, max_value=22 * 4)) * 15
    closes = draw(st.integers(min_value=opens // 15 + 1, max_value=23 * 4 + 3)) * 15
    return (t(opens // 60, opens % 60), t(closes // 60, closes % 60))


@st.composite
def calendars(draw):
    week = {day: draw(st.one_of(st.none(), hours())) for day in range(7)}
    if all(value is None for value in week.values()):
        week[draw(st.integers(0, 6))] = draw(hours())
    base = datetime.date(2026, 3, 1)
    exceptions = draw(
        st.dictionaries(
            st.integers(0, 30).map(lambda n: base + datetime.timedelta(days=n)),
            st.one_of(st.none(), hours()),
            max_size=8,
        )
    )
    return BusinessCalendar(
        zone=zoneinfo.ZoneInfo(draw(st.sampled_from(ZONES))),
        week=week,
        exceptions=exceptions,
        review=datetime.timedelta(hours=draw(st.integers(1, 12))),
        off_hours_due_at=t(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
    )


placed_times = st.datetimes(
    min_value=datetime.datetime(2026, 3, 1), max_value=datetime.datetime(2026, 4, 1)
).map(lambda moment: moment.replace(tzinfo=datetime.UTC))


def _in_business_hours_or_at_closing(cal: BusinessCalendar, moment: datetime.datetime) -> bool:
    interval = cal.interval_on(cal.local_date(moment))
    return interval is not None and interval[0] < moment <= interval[1]


@settings(max_examples=400, deadline=None)
@given(cal=calendars(), placed=placed_times)
def test_due_is_after_placed_in_business_hours_and_within_review_time(cal, placed):
    due = cal.review_due_at(placed)

    assert due > placed
    assert _in_business_hours_or_at_closing(cal, due)
    spent = cal.business_time_between(placed, due)
    if cal.is_business_time(placed):
        # in hours: exactly the review time, or less when capped at the next morning's due
        assert spent <= cal.review
        next_day = cal.next_business_day(cal.local_date(placed))
        assert spent == cal.review or due == cal.off_hours_due(next_day)
    else:
        # off hours: the off-hours due time of the first business day that opens after the
        # order, or a full review time from that opening when the day's hours do not hold it
        day = cal.local_date(placed)
        while (interval := cal.interval_on(day)) is None or interval[0] <= placed:
            day += datetime.timedelta(days=1)
        opens, closes = interval
        assert cal.business_time_between(placed, opens) == datetime.timedelta(0)
        off_hours_due = datetime.datetime.combine(day, cal.off_hours_due_at, tzinfo=cal.zone)
        if opens < off_hours_due <= closes:
            assert due == off_hours_due
        else:
            assert cal.business_time_between(opens, due) == cal.review


@settings(max_examples=300, deadline=None)
@given(cal=calendars(), start=placed_times, length=st.integers(0, 5 * 24 * 60))
def test_adding_business_time_then_measuring_it_gives_it_back(cal, start, length):
    amount = datetime.timedelta(minutes=length + 1)
    try:
        end = cal.add_business_time(start, amount)
    except NoBusinessDay:
        # a calendar of a few minutes a week: then there really is not that much time ahead
        horizon = start + datetime.timedelta(days=SEARCH_DAYS)
        assert cal.business_time_between(start, horizon) < amount
        return
    assert end > start
    assert cal.business_time_between(start, end) == amount
