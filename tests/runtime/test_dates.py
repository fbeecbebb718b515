"""templates/runtime/_dates.py: RFC 3339 date-times and dates, parsed and written."""

from __future__ import annotations

import datetime
import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"
UTC = datetime.UTC


@pytest.fixture(scope="module")
def dates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("dates")
    package = root / "rtdates"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("_dates", "_models", "_unset", "_validation"):
        shutil.copy(RUNTIME / f"{name}.py", package / f"{name}.py")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("rtdates._dates")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("rtdates")]:
            del sys.modules[name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-01T12:00:00Z", datetime.datetime(2025, 6, 1, 12, tzinfo=UTC)),
        ("2025-06-01t12:00:00.5z", datetime.datetime(2025, 6, 1, 12, 0, 0, 500000, tzinfo=UTC)),
        ("2022-08-07T14:01:29.196Z", datetime.datetime(2022, 8, 7, 14, 1, 29, 196000, tzinfo=UTC)),
        (
            "2025-06-01T14:00:00.1234567+02:00",
            datetime.datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=UTC),
        ),
    ],
)
def test_parse_datetime(dates: ModuleType, text: str, expected: datetime.datetime) -> None:
    parsed = dates.parse_datetime(text)
    assert parsed == expected  # the same instant
    assert isinstance(parsed, datetime.datetime)
    assert parsed.tzinfo is not None
    assert dates.format_datetime(parsed) == text  # written back as received


@pytest.mark.parametrize(
    "text",
    ["2025-06-01", "2025-06-01T12:00:00", "2025-13-01T12:00:00Z", "2025-06-01 12:00:00Z", 5, None],
)
def test_bad_datetimes_are_invalid(dates: ModuleType, text: object) -> None:
    from rtdates._models import Invalid

    with pytest.raises(Invalid):
        dates.parse_datetime(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.datetime(2025, 6, 1, 12, tzinfo=UTC), "2025-06-01T12:00:00Z"),
        (datetime.datetime(2025, 6, 1, 12, 0, 0, 250000, tzinfo=UTC), "2025-06-01T12:00:00.250Z"),
        (datetime.datetime(2025, 6, 1, 12, 0, 0, 7, tzinfo=UTC), "2025-06-01T12:00:00.000007Z"),
        (datetime.datetime(2025, 6, 1, 12), "2025-06-01T12:00:00Z"),  # naive: taken as UTC
        (
            datetime.datetime(
                2025, 6, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
            "2025-06-01T12:00:00-05:00",
        ),
        ("whatever the caller sends", "whatever the caller sends"),
    ],
)
def test_format_datetime(dates: ModuleType, value: object, text: str) -> None:
    assert dates.format_datetime(value) == text


@given(
    st.datetimes(
        min_value=datetime.datetime(1, 1, 1), timezones=st.timezones(), allow_imaginary=False
    )
)
def test_round_trip_keeps_the_instant(dates: ModuleType, value: datetime.datetime) -> None:
    offset = value.utcoffset()
    assume(offset is not None and offset.seconds % 60 == 0)  # RFC 3339: whole minutes
    text = dates.format_datetime(value)
    again = dates.parse_datetime(text)
    # the same instant (compared in UTC: zones with folds compare unequal across zones)
    assert again.astimezone(UTC) == value.astimezone(UTC)
    assert dates.format_datetime(again) == text


def test_dates(dates: ModuleType) -> None:
    assert dates.parse_date("2025-06-01") == datetime.date(2025, 6, 1)
    assert dates.format_date(datetime.date(2025, 6, 1)) == "2025-06-01"
    assert dates.format_date(datetime.datetime(2025, 6, 1, 23, 59)) == "2025-06-01"
    from rtdates._models import Invalid

    for bad in ("2025-6-1", "2025-02-30", "2025-06-01T00:00:00Z", 20250601):
        with pytest.raises(Invalid):
            dates.parse_date(bad)


def test_temporal_text_and_json(dates: ModuleType) -> None:
    moment = datetime.datetime(2025, 6, 1, 12, tzinfo=UTC)
    assert dates.temporal_text(moment) == "2025-06-01T12:00:00Z"
    assert dates.temporal_text(datetime.date(2025, 6, 1)) == "2025-06-01"
    assert dates.temporal_text("x") == "x"
    body = {"at": moment, "on": datetime.date(2025, 6, 2)}
    text = json.dumps(body, default=dates.temporal_json)
    assert json.loads(text) == {"at": "2025-06-01T12:00:00Z", "on": "2025-06-02"}
    with pytest.raises(TypeError, match="set"):
        json.dumps({"x": {1}}, default=dates.temporal_json)


def test_to_json_value_writes_dates_as_text(dates: ModuleType) -> None:
    # the encoder of a plain ``format: date`` alias (encode_<name>) goes through it
    from rtdates._models import to_json_value

    moment = datetime.datetime(2025, 6, 1, 12, tzinfo=UTC)
    assert to_json_value(datetime.date(2023, 10, 29)) == "2023-10-29"
    assert to_json_value({"at": [moment], "n": 1}) == {"at": ["2025-06-01T12:00:00Z"], "n": 1}
