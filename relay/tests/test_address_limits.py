"""Limits per client address: many sockets from one machine cannot crowd or flood a room."""

import pytest

from relay import consumers
from relay.models import Presence
from relay.ratelimit import AddressLimits, Verdict
from testsupport.fans import Fan, fan, outputs_until_close

pytestmark = pytest.mark.django_db(transaction=True)


def small_limits(**overrides):
    shape = {
        "max_sockets": 2,
        "frames_per_s": 1,
        "frame_burst": 3,
        "joins_per_min": 1,
        "join_burst": 2,
    }
    return AddressLimits(**{**shape, **overrides})


def test_an_address_may_hold_only_so_many_sockets_and_gets_them_back_on_close():
    limits = small_limits()
    assert limits.open("198.51.100.7") and limits.open("198.51.100.7")
    assert not limits.open("198.51.100.7")
    assert limits.open("203.0.113.9")  # another address is not affected
    limits.close("198.51.100.7")
    assert limits.open("198.51.100.7")


def test_sockets_of_one_address_share_one_frame_bucket():
    limits = small_limits()
    verdicts = [limits.take("198.51.100.7", "frames", now_s=0) for _ in range(5)]
    assert verdicts[:3] == [Verdict.ADMIT] * 3
    assert verdicts[3] is Verdict.WARN
    assert limits.take("203.0.113.9", "frames", now_s=0) is Verdict.ADMIT


def test_an_address_forgets_its_buckets_when_its_last_socket_closes():
    limits = small_limits()
    limits.open("198.51.100.7")
    for _ in range(3):
        limits.take("198.51.100.7", "joins", now_s=0)
    limits.close("198.51.100.7")
    assert limits.take("198.51.100.7", "joins", now_s=0) is Verdict.ADMIT


SETTING = {
    "max_sockets": "RELAY_MAX_SOCKETS_PER_ADDRESS",
    "frames_per_s": "RELAY_FRAMES_PER_ADDRESS_PER_S",
    "frame_burst": "RELAY_FRAME_BURST_PER_ADDRESS",
    "joins_per_min": "RELAY_JOINS_PER_ADDRESS_PER_MIN",
    "join_burst": "RELAY_JOIN_BURST_PER_ADDRESS",
}


def limit_addresses(settings, **overrides):
    """The node of the test's event loop is made with these limits (relay.ratelimit.NodeLimits)."""
    shape = {
        "max_sockets": 2,
        "frames_per_s": 1,
        "frame_burst": 3,
        "joins_per_min": 1,
        "join_burst": 2,
    }
    for name, value in {**shape, **overrides}.items():
        setattr(settings, SETTING[name], value)


@pytest.fixture
def tight_limits(settings):
    limit_addresses(settings)


async def test_a_crowded_address_is_told_so_and_closed(room, tight_limits):
    first, second = await fan(), await fan()
    third = Fan()
    connected, _ = await third.socket.connect()
    assert connected
    messages, code = await outputs_until_close(third)
    assert code == 4029
    assert messages[-1]["code"] == "too_many_connections"
    assert await first.ask({"type": "ping"}, "pong")  # the address's other sockets carry on
    await first.close()
    await second.close()


async def test_a_closed_socket_frees_its_place_for_the_address(room, tight_limits):
    first, second = await fan(), await fan()
    await second.close()
    third = await fan()
    assert third.hello["type"] == "hello"
    await first.close()
    await third.close()


async def test_joins_from_one_address_are_limited_and_nothing_is_stored(room, tight_limits):
    tab = await fan()
    assert (await tab.join("Ana"))["type"] == "welcome"
    assert (await tab.join("Bea"))["type"] == "welcome"
    refused = await tab.ask({"type": "join", "name": "Cleo"}, "welcome", "error")
    assert refused == {"type": "error", "code": "rate_limited", "detail": refused["detail"]}
    assert "address" in refused["detail"]
    assert not await Presence.objects.filter(key="cleo").aexists()
    await tab.close()


async def test_one_connection_cannot_cycle_through_names(room, settings):
    limit_addresses(settings, frames_per_s=100, frame_burst=100, joins_per_min=600, join_burst=100)
    tab = await fan()
    answers = [
        (await tab.ask({"type": "join", "name": f"name{i}"}, "welcome", "error"))["type"]
        for i in range(12)
    ]
    assert answers.count("welcome") == consumers.JOIN_BURST_PER_CONNECTION
    assert answers[-1] == "error"
    await tab.close()
