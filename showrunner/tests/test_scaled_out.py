"""Scaled out: the director in its own process reaches sockets on a web node through Redis."""

import asyncio

import pytest

from testsupport.fans import RemoteFan

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]


def test_run_showrunner_in_its_own_process_sends_to_a_socket_on_a_web_node(
    site_factory, postgres_url, redis_url
):
    site = site_factory(database_url=postgres_url, redis_url=redis_url).prepare()
    node = site.start("daphne")

    async def scenario():
        fan = await RemoteFan(node).connect()
        ran = await asyncio.to_thread(site.manage, "run_showrunner", "--once")
        message = await fan.receive("script")
        assert message["fixture"] == "fiba-2019-bronze" and message["text"] in ran.stdout
        await fan.socket.close()

    asyncio.run(scenario())
