"""Bad input over the socket: an error or a close, never a crash, nothing stored, others unaffected."""

import json

import pytest
from channels.testing import WebsocketCommunicator
from django.db import OperationalError

from predictions.models import Pick
from rally.asgi import application
from relay import services
from relay.models import Presence
from relay.protocol import ABUSE_FRAME_BYTES, MAX_FRAME_BYTES
from testsupport.fans import SLUG, Fan, fan, outputs_until_close

pytestmark = pytest.mark.django_db(transaction=True)


async def still_served(fan_socket):
    return (await fan_socket.ask({"type": "ping"}, "pong", "error"))["type"] == "pong"


@pytest.mark.parametrize(
    "frame, code",
    [
        ("hello?", "bad_json"),
        ("[1, 2]", "not_object"),
        ('{"type": "hack"}', "unknown_type"),
        ('{"type": "join", "name": ["Alice"]}', "bad_field"),
        (
            '{"type": "pick", "prediction": "q1-leader", "choice": "FRA", "loop": "one"}',
            "bad_field",
        ),
        (json.dumps({"type": "ping", "padding": "x" * MAX_FRAME_BYTES}), "too_large"),
    ],
)
async def test_a_malformed_frame_gets_an_error_and_the_socket_stays_open(room, frame, code):
    alice = await fan("Alice")
    answer = await alice.ask(frame, "error")
    assert answer["code"] == code and answer["detail"]
    assert await still_served(alice)
    await alice.close()


async def test_a_binary_frame_gets_an_error(room):
    alice = await Fan().connect()
    await alice.socket.send_to(bytes_data=b"\x00\x01")
    assert (await alice.receive("error"))["code"] == "not_text"
    await alice.close()


async def test_a_frame_far_over_the_limit_closes_the_socket_with_4009(room):
    abuser = await fan("Abuser")
    await abuser.send("x" * (ABUSE_FRAME_BYTES + 1))
    assert (await outputs_until_close(abuser))[1] == 4009
    await abuser.close()


async def test_a_flood_is_told_to_slow_down_then_closed_with_4029(room):
    abuser = await Fan().connect()
    for _ in range(100):
        await abuser.send({"type": "ping"})
    messages, code = await outputs_until_close(abuser)
    assert code == 4029
    errors = [message for message in messages if message["type"] == "error"]
    assert [error["code"] for error in errors] == ["rate_limited"]
    assert 0 < len([message for message in messages if message["type"] == "pong"]) < 100
    await abuser.close()


async def test_an_abuser_being_closed_does_not_disturb_the_room(room):
    alice = await fan("Alice")
    abuser = await fan("Abuser")
    for _ in range(100):
        await abuser.send({"type": "pick", "prediction": "q1-leader", "choice": "AUS", "loop": 1})
    assert (await outputs_until_close(abuser))[1] == 4029
    await abuser.close()
    await alice.presence_with(lambda message: message["online"] == ["Alice"])
    await alice.send({"type": "pick", "prediction": "q1-leader", "choice": "FRA", "loop": 1})
    relayed = await alice.receive("pick")
    while relayed["name"] != "Alice":  # the abuser's admitted picks came first
        relayed = await alice.receive("pick")
    assert relayed["choice"] == "FRA"
    await alice.close()


@pytest.mark.parametrize(
    "name, shown",
    [
        ("<script>alert(1)</script>xxxxxx", "<script>alert(1)</script>xxxxxx"),
        ("bell\x07", "bell\x07"),
        ("\u202egnp.exe", "\u202egnp.exe"),
        ("x" * 500, "x" * 40),
        ("", ""),
        ("Chalk", "Chalk"),
    ],
)
async def test_a_hostile_nickname_is_invalid_and_nothing_is_stored(room, name, shown):
    watcher = await Fan().connect()
    hostile = await Fan().connect()
    answer = await hostile.join(name)
    assert answer["type"] == "invalid_name" and answer["name"] == shown and answer["detail"]
    assert not await Presence.objects.exclude(key=None).aexists()
    assert (
        await hostile.ask(
            {"type": "pick", "prediction": "q1-leader", "choice": "FRA", "loop": 1}, "pick_rejected"
        )
    )["reason"] == "not_joined"
    assert not await Pick.objects.aexists()
    assert await still_served(watcher)
    await hostile.close()
    await watcher.close()


async def test_a_ten_kilobyte_nickname_is_refused_as_too_large(room):
    hostile = await Fan().connect()
    assert (await hostile.ask({"type": "join", "name": "é" * 10_000}, "error"))[
        "code"
    ] == "too_large"
    assert not await Presence.objects.exclude(key=None).aexists()
    await hostile.close()


async def test_a_cross_site_page_cannot_open_the_socket(room):
    socket = WebsocketCommunicator(
        application, f"/ws/matches/{SLUG}/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await socket.connect()
    assert not connected


async def test_without_a_database_a_new_socket_is_closed_for_the_page_to_retry(room, monkeypatch):
    def down(*args):
        raise OperationalError("the database is unreachable")

    monkeypatch.setattr(services, "arrive", down)
    tab = Fan()
    assert (await tab.socket.connect())[0]
    assert (await tab.socket.receive_output(2)) == {"type": "websocket.close", "code": 1011}
    await tab.close()


async def test_a_leave_without_a_database_leaves_the_row_to_the_sweeper(room, monkeypatch):
    alice = await fan("Alice")

    def down(*args):
        raise OperationalError("the database is unreachable")

    monkeypatch.setattr(services, "leave", down)
    await alice.close()
    assert await Presence.objects.filter(name="Alice").aexists()
