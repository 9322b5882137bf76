from zhenggai.core.chain import GENESIS, event_hash, verify_chain


def build(payloads):
    events, prev = [], GENESIS
    for p in payloads:
        h = event_hash(prev, p)
        events.append((prev, h, p))
        prev = h
    return events


def test_an_untouched_chain_verifies():
    assert verify_chain(build([{"a": 1}, {"b": "二"}, {"c": [3]}])) is None


def test_editing_a_past_event_is_detected_at_that_event():
    events = build([{"a": 1}, {"b": 2}, {"c": 3}])
    prev, h, _ = events[1]
    events[1] = (prev, h, {"b": 999})
    assert verify_chain(events) == 1


def test_deleting_an_event_is_detected():
    events = build([{"a": 1}, {"b": 2}, {"c": 3}])
    del events[1]
    assert verify_chain(events) == 1


def test_hash_does_not_depend_on_key_order():
    assert event_hash(GENESIS, {"x": 1, "y": 2}) == event_hash(GENESIS, {"y": 2, "x": 1})
