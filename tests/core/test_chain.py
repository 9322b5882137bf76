import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

from zhenggai.core.chain import (
    GENESIS,
    Link,
    UnsupportedAlgorithm,
    canonical,
    canonical_time,
    check_algorithm,
    event_hash,
    first_break,
)

KEY = b"k" * 32


def build(payloads, key=KEY, algorithm="sm3"):
    links, prev = [], GENESIS
    for p in payloads:
        h = event_hash(key, algorithm, prev, p)
        links.append(Link(prev, h, algorithm, p))
        prev = h
    return links


def test_an_untouched_chain_verifies():
    assert first_break(build([{"a": 1}, {"b": "二"}, {"c": [3]}]), KEY) is None


def test_sm3_is_available_here_and_is_the_real_sm3():
    check_algorithm("sm3")
    # GB/T 32905-2016, example 1.
    assert hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f462eeedd9d1f2d46bdc10e4e2")


def test_an_unknown_algorithm_is_refused_with_a_chinese_message():
    with pytest.raises(UnsupportedAlgorithm, match="不支持"):
        check_algorithm("md5")


def test_editing_a_past_event_is_detected_at_that_event():
    links = build([{"a": 1}, {"b": 2}, {"c": 3}])
    links[1] = Link(links[1].prev_hash, links[1].hash, "sm3", {"b": 999})
    found = first_break(links, KEY)
    assert found is not None and found.index == 1 and "哈希值不符" in found.reason


def test_deleting_an_event_is_detected_at_the_next_one():
    links = build([{"a": 1}, {"b": 2}, {"c": 3}])
    del links[1]
    found = first_break(links, KEY)
    assert found is not None and found.index == 1 and "不衔接" in found.reason


def test_a_chain_recomputed_without_the_key_does_not_verify():
    found = first_break(build([{"a": 1}, {"b": 2}], key=b"guess"), KEY)
    assert found is not None and found.index == 0


def test_each_link_names_its_algorithm_so_a_chain_may_switch():
    first = build([{"a": 1}], algorithm="sha256")
    second = event_hash(KEY, "sm3", first[0].hash, {"b": 2})
    links = [*first, Link(first[0].hash, second, "sm3", {"b": 2})]
    assert first_break(links, KEY) is None
    assert first_break([Link(GENESIS, first[0].hash, "sm3", {"a": 1})], KEY) is not None


def test_hash_does_not_depend_on_key_order():
    assert event_hash(KEY, "sm3", GENESIS, {"x": 1, "y": 2}) == event_hash(
        KEY, "sm3", GENESIS, {"y": 2, "x": 1}
    )
    assert canonical({"b": "二", "a": 1}) == '{"a":1,"b":"二"}'


def test_canonical_time_is_utc_with_microseconds_whatever_the_zone():
    shanghai = dt.datetime(2026, 1, 2, 11, 4, 5, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert canonical_time(shanghai) == "2026-01-02T03:04:05.000006Z"
    assert canonical_time(shanghai.replace(microsecond=0)) == "2026-01-02T03:04:05.000000Z"
    with pytest.raises(ValueError):
        canonical_time(dt.datetime(2026, 1, 2))  # noqa: DTZ001 — the naive case is the test
