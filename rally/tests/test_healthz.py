"""/healthz on a node on Redis: a probe owns one channel and keeps it, so polling it leaves no
subscription behind, and a healthy node answers 200 every time."""

import json
import logging
import urllib.error
import urllib.request

import pytest
import redis as redis_client

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]
POLLS = 600


def health(node):
    try:
        with urllib.request.urlopen(f"{node.url}/healthz", timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def subscriptions(url):
    """Every pub/sub channel with a subscriber on this Redis (only the test's site uses it)."""
    return len(redis_client.Redis.from_url(url).pubsub_channels())


def test_polling_healthz_600_times_leaves_the_subscription_count_flat_and_never_fails(
    site_factory, postgres_url, private_redis
):
    site = site_factory(database_url=postgres_url, redis_url=private_redis.url).prepare()
    node = site.start("web")
    assert health(node) == (200, {"db": "ok", "channel_layer": "ok"})
    before = subscriptions(private_redis.url)
    answers = [health(node) for _ in range(POLLS)]
    after = subscriptions(private_redis.url)
    assert [status for status, _ in answers] == [200] * POLLS, [
        body for status, body in answers if status != 200
    ]
    assert after == before, f"{after - before} subscriptions left behind by {POLLS} probes"


def test_healthz_says_503_while_its_redis_is_down_and_200_once_it_is_back(
    site_factory, postgres_url, private_redis
):
    site = site_factory(database_url=postgres_url, redis_url=private_redis.url).prepare()
    node = site.start("web")
    private_redis.stop()
    status, body = health(node)
    assert status == 503 and body["db"] == "ok" and body["channel_layer"].startswith("error")
    private_redis.start()
    answers = [health(node) for _ in range(30)]
    assert answers[-1] == (200, {"db": "ok", "channel_layer": "ok"}), answers


@pytest.mark.django_db
def test_a_stale_loop_is_logged_once_per_change_not_once_per_poll(client, caplog):
    caplog.set_level(logging.INFO)
    from rally import views

    views.LOOPS_HEALTH.said = None
    for _ in range(5):  # no worker ever ran: every loop is stale
        assert client.get("/healthz/loops").status_code == 503
    lines = [r for r in caplog.records if "/healthz/loops" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING, [r.getMessage() for r in lines]
    assert "guardian" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"], "no line per 503"
