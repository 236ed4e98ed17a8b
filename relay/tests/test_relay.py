"""The relay, message for message as docs/protocol.md says: hello, join, presence, ping."""

import json

import pytest

from relay.models import Presence
from testsupport.fans import SLUG, Fan, fan

pytestmark = pytest.mark.django_db(transaction=True)


async def test_hello_gives_the_anchor_the_server_time_and_who_is_here(room):
    alice = await fan("Alice")
    watcher = await Fan().connect()
    assert watcher.hello["anchor"] == room.anchor.as_protocol()
    assert watcher.hello["serverNow"] >= room.anchor.base_started_at
    assert watcher.hello["online"] == ["Alice"]
    assert watcher.hello["viewers"] == 2
    assert watcher.hello["tallies"] == []  # no share before anyone picks
    await alice.close()
    await watcher.close()


async def test_joining_welcomes_the_fan_under_the_name_they_asked_for(room):
    alice = await Fan().connect()
    welcome = await alice.join("Alice")
    assert len(welcome.pop("token")) >= 43  # 256 random bits, URL-safe base64
    assert welcome == {
        "type": "welcome",
        "name": "Alice",
        "picks": [],
        "tallies": [],
        "standings": welcome["standings"],
    }
    await alice.close()


async def test_a_join_tells_the_whole_room_who_is_watching(room):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    presence = await watcher.presence_with(lambda message: message["online"] == ["Alice"])
    assert presence["viewers"] == 2
    await alice.close()
    await watcher.close()


async def test_a_leave_tells_the_room_and_frees_the_name_after_the_grace(room, settings):
    settings.PRESENCE_GRACE_S = 0
    watcher = await Fan().connect()
    alice = await fan("Alice")
    await watcher.presence_with(lambda message: message["online"] == ["Alice"])
    await alice.close()
    presence = await watcher.presence_with(lambda message: message["online"] == [])
    assert presence["viewers"] == 1
    assert (await (await Fan().connect()).join("alice"))["type"] == "welcome"
    await watcher.close()


async def test_a_watcher_arriving_updates_the_viewer_count(room):
    first = await Fan().connect()
    second = await Fan().connect()
    assert (await first.presence_with(lambda message: message["viewers"] == 2))["online"] == []
    await second.close()
    await first.presence_with(lambda message: message["viewers"] == 1)
    await first.close()


async def test_a_taken_name_is_refused_whatever_its_case_or_width(room):
    alice = await fan("Alice")
    for same, shown in [
        ("alice", "alice"),
        ("ALICE", "ALICE"),
        ("ＡＬＩＣＥ", "ALICE"),
        ("  alice ", "alice"),
    ]:
        assert await (await Fan().connect()).join(same) == {"type": "name_taken", "name": shown}
    await alice.close()


async def test_a_fan_may_change_name_and_frees_the_old_one_after_the_grace(room, settings):
    settings.PRESENCE_GRACE_S = 0
    alice = await fan("Alice")
    assert (await alice.join("Alicia"))["name"] == "Alicia"
    assert (await (await Fan().connect()).join("Alice"))["type"] == "welcome"
    await alice.close()


async def test_ping_is_answered_with_the_server_time(room):
    alice = await Fan().connect()
    pong = await alice.ask({"type": "ping"}, "pong")
    assert pong["serverNow"] >= alice.hello["serverNow"]
    await alice.close()


async def test_an_unknown_room_is_accepted_then_closed_with_4404_so_the_page_stops_retrying(room):
    socket = Fan(path="/ws/matches/no-such-match/").socket
    assert await socket.connect() == (True, None)
    assert json.loads(await socket.receive_from())["code"] == "unknown_fixture"
    assert await socket.receive_output() == {
        "type": "websocket.close",
        "code": 4404,
        "reason": "unknown_fixture",
    }


async def test_a_disconnect_leaves_nothing_behind(room):
    alice = await fan("Alice")
    await alice.close()
    assert not await Presence.objects.filter(fixture__slug=SLUG).aexists()
