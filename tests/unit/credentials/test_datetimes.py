"""The one timestamp format of the core: RFC 3339 with a zone, written as UTC seconds."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from credentials import InvalidDateTimeError, format_datetime, is_datetime, parse_datetime


def test_aware_moments_are_written_in_utc_to_the_second() -> None:
    moment = datetime(2026, 5, 1, 14, 30, 15, 999_999, tzinfo=timezone(timedelta(hours=2)))
    assert format_datetime(moment) == "2026-05-01T12:30:15Z"


def test_naive_moments_are_refused() -> None:
    with pytest.raises(InvalidDateTimeError) as refused:
        format_datetime(datetime(2026, 5, 1, 12, 0))
    assert refused.value.value == datetime(2026, 5, 1, 12, 0)


def test_a_zoned_timestamp_parses_to_an_aware_moment() -> None:
    assert parse_datetime("2026-05-01T12:30:15z") == datetime(2026, 5, 1, 12, 30, 15, tzinfo=UTC)
    assert parse_datetime("2026-05-01T14:30:15+02:00") == datetime(
        2026, 5, 1, 12, 30, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "value",
    [None, 20260501, "2026-05-01", "2026-05-01T12:30:15", "2026-13-01T12:30:15Z"],
)
def test_anything_else_is_not_a_datetime(value: object) -> None:
    assert is_datetime(value) is False
    with pytest.raises(InvalidDateTimeError):
        parse_datetime(value)


def test_is_datetime_accepts_what_parse_accepts() -> None:
    assert is_datetime("2026-05-01T12:30:15Z") is True
