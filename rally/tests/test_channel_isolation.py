"""Two deployments on one Redis never see each other's messages: the channel prefix, derived
per deployment unless set, keeps them apart (Redis pub/sub ignores the database number)."""

import asyncio

import pytest

from testsupport.fans import RemoteFan

pytestmark = [pytest.mark.services, pytest.mark.timeout(120)]


def deployment(site_factory, redis_url, **env):
    # CHANNEL_PREFIX unset: each derives its own from its secret key and database
    site = site_factory(redis_url=redis_url, env={"CHANNEL_PREFIX": "", **env})
    site.prepare("--tick-ms", "60000")
    return site.start("serve")


def test_two_deployments_sharing_redis_do_not_hear_each_other(site_factory, redis_url):
    ours = deployment(site_factory, redis_url, SECRET_KEY="ours-" + "x" * 50)
    theirs = deployment(
        site_factory, redis_url.rsplit("/", 1)[0] + "/1", SECRET_KEY="theirs-" + "y" * 50
    )

    async def scenario():
        listener = await RemoteFan(theirs).connect()
        fan = await RemoteFan(ours).connect()
        assert (await fan.join("Ann"))["type"] == "welcome"
        await fan.send({"type": "pick", "prediction": "q1-leader", "choice": "AUS", "loop": 1})
        assert (await fan.receive("tally"))["counts"] == {"AUS": 1}  # our room heard it…
        with pytest.raises(asyncio.TimeoutError):  # …theirs, same fixture and same Redis, did not
            while True:
                message = await listener.receive(timeout=2)
                assert message["type"] != "tally", message
                assert message["type"] != "presence_diff" or "Ann" not in str(message), message
        await fan.close()
        await listener.close()

    asyncio.run(scenario())


def test_the_prefix_differs_per_deployment_and_an_explicit_one_wins(monkeypatch):
    import importlib

    import rally.settings as settings_module

    def prefix(**env):
        for name in ("CHANNEL_PREFIX", "SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(settings_module).CHANNEL_PREFIX

    try:
        one = prefix(SECRET_KEY="a" * 50, DATABASE_URL="postgres://db/rally")
        assert one == prefix(
            SECRET_KEY="a" * 50, DATABASE_URL="postgres://other-host/rally"
        )  # same deployment
        assert one != prefix(SECRET_KEY="a" * 50, DATABASE_URL="postgres://db/rally_staging")
        assert one != prefix(SECRET_KEY="b" * 50, DATABASE_URL="postgres://db/rally")
        assert prefix(CHANNEL_PREFIX="blue") == "blue"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)
