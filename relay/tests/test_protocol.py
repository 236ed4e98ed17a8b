"""Client frames parsed into commands, and every malformed frame named by its error code."""

import json

import pytest

from relay.protocol import (
    ABUSE_FRAME_BYTES,
    CLOSE_TOO_LARGE,
    MAX_FRAME_BYTES,
    Abuse,
    Join,
    Pick,
    Ping,
    ProtocolError,
    parse_frame,
)


def test_it_reads_the_three_client_messages():
    assert parse_frame('{"type": "join", "name": "Alice"}') == Join("Alice")
    assert parse_frame('{"type": "pick", "prediction": "q1", "choice": "FRA", "loop": 3}') == Pick(
        "q1", "FRA", 3
    )
    assert parse_frame('{"type": "ping"}') == Ping()


def test_identity_fields_in_a_pick_are_dropped():
    frame = {
        "type": "pick",
        "prediction": "q1",
        "choice": "FRA",
        "loop": 1,
        "name": "Chalk",
        "user": "Bob",
    }
    assert parse_frame(json.dumps(frame)) == Pick("q1", "FRA", 1)


@pytest.mark.parametrize(
    "frame, code",
    [
        ("", "bad_json"),
        ("not json", "bad_json"),
        ('{"type": "ping"', "bad_json"),
        ("[" * 2000 + "]" * 2000, "bad_json"),  # nested deeper than the parser goes
        ("9" * 4000, "not_object"),
        ("[]", "not_object"),
        ('"ping"', "not_object"),
        ("null", "not_object"),
        ("{}", "unknown_type"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": ["ping"]}', "unknown_type"),
        ('{"type": "join"}', "bad_field"),
        ('{"type": "join", "name": 42}', "bad_field"),
        ('{"type": "join", "name": null}', "bad_field"),
        ('{"type": "pick", "prediction": "q1", "choice": "FRA", "loop": "1"}', "bad_field"),
        ('{"type": "pick", "prediction": "q1", "choice": "FRA", "loop": 1.0}', "bad_field"),
        ('{"type": "pick", "prediction": "q1", "choice": "FRA", "loop": true}', "bad_field"),
        ('{"type": "pick", "prediction": 1, "choice": "FRA", "loop": 1}', "bad_field"),
        ('{"type": "pick", "prediction": "q1", "choice": {}, "loop": 1}', "bad_field"),
        (
            json.dumps({"type": "pick", "prediction": "q" * 101, "choice": "FRA", "loop": 1}),
            "bad_field",
        ),
        (None, "not_text"),
    ],
)
def test_a_malformed_frame_gets_an_error_code(frame, code):
    with pytest.raises(ProtocolError) as raised:
        parse_frame(frame)
    assert raised.value.code == code
    assert raised.value.as_message() == {
        "type": "error",
        "code": code,
        "detail": raised.value.detail,
    }


def test_a_frame_over_the_limit_is_an_error():
    name = "x" * MAX_FRAME_BYTES
    with pytest.raises(ProtocolError) as raised:
        parse_frame(json.dumps({"type": "join", "name": name}))
    assert raised.value.code == "too_large"


def test_the_limit_counts_bytes_not_characters():
    name = "é" * (MAX_FRAME_BYTES // 2)  # 2 bytes each
    with pytest.raises(ProtocolError, match="bytes"):
        parse_frame(json.dumps({"type": "join", "name": name}, ensure_ascii=False))


@pytest.mark.parametrize("size", [ABUSE_FRAME_BYTES + 1, 1_000_000])
def test_a_frame_far_over_the_limit_is_abuse(size):
    with pytest.raises(Abuse) as raised:
        parse_frame("x" * size)
    assert raised.value.close_code == CLOSE_TOO_LARGE
