"""Wire format: orjson, timestamps back to datetimes, errors back to their class."""

from __future__ import annotations

import datetime

from baton import errors
from baton.rpc import serialize


def test_timestamps_round_trip_at_any_depth() -> None:
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)
    value = {"created_at": when, "updated_at": None, "name": "2024-01-01T00:00:00",
             "nested": [{"heartbeat_at": when, "tags": {"x", "y"}}]}
    back = serialize.loads(serialize.dumps(value))
    assert back["created_at"] == when and back["updated_at"] is None
    assert back["name"] == "2024-01-01T00:00:00"  # not a timestamp key: stays a string
    assert back["nested"][0]["heartbeat_at"] == when
    assert sorted(back["nested"][0]["tags"]) == ["x", "y"]


def test_aware_timestamps_become_naive_utc() -> None:
    back = serialize.loads(b'{"finished_at": "2024-01-01T02:00:00+02:00"}')
    assert back["finished_at"] == datetime.datetime(2024, 1, 1, 0, 0, 0)


def test_errors_keep_class_message_code() -> None:
    original = errors.NodeLocked(node="n1", host="c2")
    wire = serialize.error_to_dict(original)
    assert wire["class"] == "NodeLocked" and wire["code"] == 409
    back = serialize.error_from_dict(serialize.loads(serialize.dumps(wire)))
    assert type(back) is errors.NodeLocked
    assert str(back) == str(original)
    assert back.kwargs == {"node": "n1", "host": "c2"}


def test_unknown_error_class_becomes_baton_error() -> None:
    back = serialize.error_from_dict({"class": "FromTheFuture", "message": "m", "code": 418})
    assert type(back) is errors.BatonError and str(back) == "m"
