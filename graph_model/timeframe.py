"""Time in answers: the one clock, the period a partnership's data describes, and the date an answer is for.

Every answer is for a date. When none is asked for, it is today, or the end of the
period the partnership's data describes once today is past it (its start while today
is before it), and the answer says which date and why in a plain sentence
(:class:`Dating`). :func:`today` is the one place the project reads the clock:
everything that needs "today" takes it as an argument and falls back to this
function, so a test fixes the clock by passing a date.

Examples
--------
>>> york = (dt.date(2013, 4, 1), dt.date(2016, 3, 31))
>>> print(dating(*york, None, today=dt.date(2026, 11, 26)).basis)
The data describes April 2013 to March 2016; answers are as of 31 March 2016, the end of that period (today is later).
>>> print(dating(*york, dt.date(1990, 1, 1), today=dt.date(2026, 11, 26)).warnings[0])
1 January 1990 is before the period the data describes (April 2013 to March 2016): only records with dates of their own are shown; records without a start date are taken to hold from 1 April 2013.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["STALE_YEARS", "Dating", "answering", "answering_day", "dating", "default_day", "describe_period", "long_date", "period_warning", "stale_warning", "today"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def today() -> dt.date:
    """Today's date: the one place the project reads the clock."""
    return dt.date.today()


#: The date of the answer being worked out, while a named query runs (see :func:`answering`).
_ANSWERING: ContextVar[dt.date | None] = ContextVar("answering", default=None)


@contextmanager
def answering(day: dt.date | None) -> Iterator[None]:
    """Inside the block, an answer is being worked out for ``day``: a partnership's default day is that day.

    :meth:`Partnership.as_of` gives the partnership itself on a day when nothing differs then, so a
    query cannot always read the day it answers for from the partnership it is given; the registry
    runs every query inside this block instead.

    >>> with answering(dt.date(2021, 4, 1)):
    ...     answering_day()
    datetime.date(2021, 4, 1)
    >>> answering_day() is None
    True
    """
    token = _ANSWERING.set(day)
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def answering_day() -> dt.date | None:
    """The date of the answer being worked out (:func:`answering`), or None outside a query."""
    return _ANSWERING.get()


@dataclass(frozen=True)
class Dating:
    """The date an answer is for, the plain sentence saying why that date, and warnings about it."""

    day: dt.date
    basis: str
    warnings: tuple[str, ...] = ()


def long_date(day: dt.date) -> str:
    """A date as people write it in a sentence.

    >>> long_date(dt.date(2016, 3, 31))
    '31 March 2016'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _month(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _last_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _whole_months(start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start.day == 1) and (end is None or _last_of_month(end))


def describe_period(start: dt.date | None, end: dt.date | None) -> str:
    """A period in words: whole months by name, otherwise full dates; an open end left open.

    >>> describe_period(dt.date(2013, 4, 1), dt.date(2016, 3, 31))
    'April 2013 to March 2016'
    >>> describe_period(dt.date(2010, 6, 14), dt.date(2022, 3, 31))
    '14 June 2010 to 31 March 2022'
    >>> describe_period(dt.date(2013, 4, 1), None), describe_period(None, dt.date(2016, 3, 31))
    ('April 2013 onwards', 'the time up to March 2016')
    """
    say = _month if _whole_months(start, end) else long_date
    if start and end:
        return f"{say(start)} to {say(end)}"
    if start:
        return f"{say(start)} onwards"
    if end:
        return f"the time up to {say(end)}"
    return ""


def default_day(start: dt.date | None, end: dt.date | None, today: dt.date) -> dt.date:
    """The date an answer is for when none is asked for: ``today``, kept inside the period.

    >>> default_day(dt.date(2013, 4, 1), dt.date(2016, 3, 31), dt.date(2026, 11, 26))
    datetime.date(2016, 3, 31)
    >>> default_day(None, None, dt.date(2026, 11, 26))
    datetime.date(2026, 11, 26)
    """
    if end is not None and today > end:
        return end
    if start is not None and today < start:
        return start
    return today


def period_warning(start: dt.date | None, end: dt.date | None, day: dt.date) -> str | None:
    """What an answer for ``day`` must warn about when the day lies outside the period, else None.

    >>> print(period_warning(dt.date(2013, 4, 1), dt.date(2016, 3, 31), dt.date(2020, 1, 1)))
    1 January 2020 is after the period the data describes (April 2013 to March 2016): the answer assumes nothing changed since March 2016.
    """
    period = describe_period(start, end)
    if start is not None and day < start:
        return (f"{long_date(day)} is before the period the data describes ({period}): only records with dates "
                f"of their own are shown; records without a start date are taken to hold from {long_date(start)}.")
    if end is not None and day > end:
        since = _month(end) if _whole_months(start, end) else long_date(end)
        return (f"{long_date(day)} is after the period the data describes ({period}): the answer assumes "
                f"nothing changed since {since}.")
    return None


#: Years after its documents were written beyond which an answer warns that it assumes they still hold.
STALE_YEARS = 3


def stale_warning(documents: dt.date | None, day: dt.date) -> str | None:
    """A warning when ``day`` is more than :data:`STALE_YEARS` after ``documents``, the date of the documents
    most of the data comes from: bodies, plans and money described then may have changed or gone since.

    >>> print(stale_warning(dt.date(2010, 6, 1), dt.date(2022, 3, 31)))
    Most of this data comes from documents of June 2010, nearly 12 years before 31 March 2022: the answer assumes that what they describe still held, which no document here says; boards, plans and money may have changed or ended since.
    >>> stale_warning(dt.date(2014, 1, 1), dt.date(2016, 3, 31)) is None
    True
    """
    if documents is None or (day - documents).days <= STALE_YEARS * 365.25:
        return None
    years = (day - documents).days / 365.25
    return (f"Most of this data comes from documents of {_MONTHS[documents.month - 1]} {documents.year}, "
            f"{'nearly' if years % 1 > 0.5 else 'over'} {round(years) if years % 1 > 0.5 else int(years)} years "
            f"before {long_date(day)}: the answer assumes that what they describe still held, which no document "
            "here says; boards, plans and money may have changed or ended since.")


def dating(start: dt.date | None, end: dt.date | None, as_of: dt.date | None, *, today: dt.date,
           documents: dt.date | None = None) -> Dating:
    """The date an answer is for, why, and what to warn about (see the module notes).

    >>> print(dating(None, None, None, today=dt.date(2026, 11, 26)).basis)
    Answers are as of today, 26 November 2026.
    >>> print(dating(dt.date(2010, 6, 1), dt.date(2022, 3, 31), dt.date(2021, 1, 1), today=dt.date(2026, 1, 1)).basis)
    The data describes June 2010 to March 2022; answers are as of 1 January 2021, the date asked for.
    """
    period = describe_period(start, end)
    head = f"The data describes {period}; answers" if period else "Answers"
    if as_of is not None:
        day, why = as_of, f"{long_date(as_of)}, the date asked for"
    else:
        day = default_day(start, end, today)
        if day == today:
            why = f"today, {long_date(day)}"
        elif end is not None and day == end:
            why = f"{long_date(day)}, the end of that period (today is later)"
        else:
            why = f"{long_date(day)}, the start of that period (today is earlier)"
    warnings = tuple(w for w in (period_warning(start, end, day), stale_warning(documents, day)) if w)
    return Dating(day, f"{head} are as of {why}.", warnings)
