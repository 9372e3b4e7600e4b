"""The business calendar as plain values: due times and business time, no database.

`selectors.business_calendar()` builds one from the shop's settings; keeping the arithmetic
here lets the property tests run thousands of calendars without a query.

Every day has at most one business interval [opens, closes) in the shop's local time. Times
are compared in UTC, so a zone with daylight saving gets real elapsed time, not wall-clock
differences.

The review due time (`review_due_at`):
1. Placed in business hours: placed + `review` of business time; what does not fit before
   closing carries over to the next business day's opening.
2. Placed off-hours (before opening, after closing, on a day off): due at `off_hours_due_at`
   (11:00) of the next business day — the same day when placed before its opening. If that
   day's hours do not hold that time (it opens at 11:00 or later, or closes before it), the
   order is treated as placed at that day's opening: due opening + `review`.
3. An order placed in business hours is never due later than an order placed right after
   that day's closing: a carried-over review is capped at rule 2's due time of the next
   business day. With the defaults (9:00 opening, 2 hours, 11:00) the cap never bites;
   it keeps due times from going backwards when the shop opens late, e.g. Saturday at 10:00.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

UTC = datetime.UTC
ZERO = datetime.timedelta(0)
# A calendar with no business day in two years is a misconfiguration, not a long holiday.
SEARCH_DAYS = 2 * 366

Hours = tuple[datetime.time, datetime.time] | None


class NoBusinessDay(Exception):
    """The calendar has no business day ahead (every weekday off, or holidays for years)."""

    def __init__(self, since: datetime.date):
        self.message = _(
            "The business calendar has no working day within %(days)s days of %(date)s."
        ) % {
            "days": SEARCH_DAYS,
            "date": since.isoformat(),
        }
        super().__init__(self.message)


def _aware(moment: datetime.datetime, name: str) -> datetime.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment!r}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class BusinessCalendar:
    zone: datetime.tzinfo
    week: Mapping[int, Hours]  # date.weekday() → hours, None for a day off
    exceptions: Mapping[datetime.date, Hours] = field(default_factory=dict)
    review: datetime.timedelta = datetime.timedelta(hours=2)
    off_hours_due_at: datetime.time = datetime.time(11, 0)

    def hours_on(self, day: datetime.date) -> Hours:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.week.get(day.weekday())

    def interval_on(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime] | None:
        """The day's business interval in UTC, or None on a day off."""
        hours = self.hours_on(day)
        if hours is None:
            return None
        opens = datetime.datetime.combine(day, hours[0], tzinfo=self.zone).astimezone(UTC)
        closes = datetime.datetime.combine(day, hours[1], tzinfo=self.zone).astimezone(UTC)
        # Only a daylight-saving jump across a tiny interval can do this; treat it as closed.
        return (opens, closes) if opens < closes else None

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.zone).date()

    def next_business_day(self, day: datetime.date) -> datetime.date:
        """The first day after `day` with business hours."""
        candidate = day
        for _step in range(SEARCH_DAYS):
            candidate += datetime.timedelta(days=1)
            if self.interval_on(candidate) is not None:
                return candidate
        raise NoBusinessDay(day)

    def is_business_time(self, at: datetime.datetime) -> bool:
        at = _aware(at, "at")
        interval = self.interval_on(self.local_date(at))
        return interval is not None and interval[0] <= at < interval[1]

    def business_time_between(
        self, start: datetime.datetime, end: datetime.datetime
    ) -> datetime.timedelta:
        """Business time from `start` to `end`; zero when `end` is not after `start`."""
        start, end = _aware(start, "start"), _aware(end, "end")
        total = ZERO
        if end <= start:
            return total
        day, last = self.local_date(start), self.local_date(end)
        while day <= last:
            interval = self.interval_on(day)
            if interval is not None:
                overlap = min(end, interval[1]) - max(start, interval[0])
                if overlap > ZERO:
                    total += overlap
            day += datetime.timedelta(days=1)
        return total

    def add_business_time(
        self, start: datetime.datetime, amount: datetime.timedelta
    ) -> datetime.datetime:
        """The moment `amount` of business time after `start` (counting from the next opening
        when `start` is off-hours). The result may be a closing time, never an opening."""
        start = _aware(start, "start")
        if amount <= ZERO:
            raise ValueError("amount must be positive")
        day = self.local_date(start)
        for _step in range(SEARCH_DAYS):
            interval = self.interval_on(day)
            if interval is not None and start < interval[1]:
                begin = max(start, interval[0])
                available = interval[1] - begin
                if amount <= available:
                    return begin + amount
                amount -= available
            day += datetime.timedelta(days=1)
        raise NoBusinessDay(self.local_date(start))

    def off_hours_due(self, day: datetime.date) -> datetime.datetime:
        """When an order placed off-hours before business day `day` is due (rule 2)."""
        interval = self.interval_on(day)
        if interval is None:
            raise ValueError(f"{day} is not a business day")
        due = datetime.datetime.combine(day, self.off_hours_due_at, tzinfo=self.zone).astimezone(
            UTC
        )
        if interval[0] < due <= interval[1]:
            return due
        return self.add_business_time(interval[0], self.review)

    def review_due_at(self, placed_at: datetime.datetime) -> datetime.datetime:
        """When the personal manager must have reviewed an order placed at `placed_at` (UTC)."""
        placed_at = _aware(placed_at, "placed_at")
        day = self.local_date(placed_at)
        interval = self.interval_on(day)
        if interval is not None and interval[0] <= placed_at < interval[1]:
            carried = self.add_business_time(placed_at, self.review)
            return min(carried, self.off_hours_due(self.next_business_day(day)))
        if interval is not None and placed_at < interval[0]:
            return self.off_hours_due(day)
        return self.off_hours_due(self.next_business_day(day))
