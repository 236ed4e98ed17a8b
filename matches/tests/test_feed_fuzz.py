"""Property tests: whatever the feed sends, the parser gives a snapshot or InvalidPayload, never a crash.

The poller keeps the last good state on InvalidPayload (test_poller.py); any other exception
would be a bug that a hostile or broken feed could trigger.
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from matches.feed.change_hash import change_hash
from matches.feed.parse import InvalidPayload, normalise
from testsupport.v3_payloads import fixture

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.datetimes().map(str),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)
FIELDS = [
    "id",
    "name",
    "participants",
    "state",
    "state_id",
    "scores",
    "periods",
    "events",
    "pressure",
    "starting_at",
    "starting_at_timestamp",
]


def a_real_fixture_with(field, value):
    body = fixture()
    body[field] = value
    return body


def one_corrupted_item(body, field, key, value):
    """A real payload plus a copy of one of its list items with one key replaced: gets past the
    outer checks, and sits beside a sound item (sorting mixes them)."""
    items = body[field]
    items.append({**items[0], key: value})
    return body


real_with_a_bad_field = st.builds(a_real_fixture_with, st.sampled_from(FIELDS), json_values)
real_with_a_bad_item = st.builds(
    one_corrupted_item,
    st.builds(fixture),
    st.sampled_from(["participants", "scores", "periods", "events", "pressure"]),
    st.sampled_from(
        [
            "id",
            "type_id",
            "minute",
            "extra_minute",
            "participant_id",
            "pressure",
            "score",
            "meta",
            "name",
            "description",
            "sort_order",
            "started",
            "ended",
            "location",
            "goals",
        ]
    ),
    json_values,
)


def snapshot_or_refusal(payload):
    try:
        snapshot = normalise(payload)
    except InvalidPayload:
        return None
    json.dumps(snapshot)  # what the poller stores and sends
    change_hash(snapshot)
    return snapshot


@settings(max_examples=300)
@given(json_values)
def test_any_json_is_a_snapshot_or_an_invalid_payload(payload):
    snapshot_or_refusal(payload)


@settings(max_examples=500)
@given(real_with_a_bad_field | real_with_a_bad_item)
def test_a_real_payload_with_any_field_of_any_type_is_a_snapshot_or_an_invalid_payload(payload):
    snapshot_or_refusal(payload)
