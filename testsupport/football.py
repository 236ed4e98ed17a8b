"""Football through the fake SportMonks: the recorded match on a clock the test moves, and a
whole site's stored state read over HTTP."""

import asyncio
import json
import time
import urllib.error
import urllib.request

from channels.layers import get_channel_layer

from matches.feed import poller
from matches.feed.recorded import RecordedFeed
from matches.feed.sportmonks import SportMonksFeed
from rally.rooms import group_name
from testsupport.payloads import serving

START = 1_700_000_000.0


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


class Match:
    """The recorded match behind a fake SportMonks, polled through the real client."""

    def __init__(self, fake):
        self.clock = Clock()
        self.fake = fake
        self.feed = RecordedFeed(clock=self.clock)
        fake.fixtures = serving(self.feed)
        self.provider = SportMonksFeed(
            fake.token,
            fake.base_url,
            timeout=0.3,
            retries=1,
            backoff=0,
            sleep=lambda seconds: None,
            clock=self.clock,
        )

    def at(self, match_seconds):
        self.clock.now = self.feed.first_kickoff + match_seconds
        return self

    async def poll(self):
        return await poller.cycle(self.provider)


def state_of(site, slug):
    try:
        with urllib.request.urlopen(f"{site.url}/api/matches/{slug}/state", timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError:
        return {"snapshot": {}}  # not stored yet


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def play(site, feed, payload):
    """Put a fixture in play and wait until the poller has stored it; its slug."""
    feed[payload["id"]] = payload
    slug = f"mci-v-qpr-{payload['id']}"
    wait_for(lambda: state_of(site, slug)["snapshot"].get("hash"))
    return slug


def open_page(page, site, slug):
    page.goto(f"{site.url}/matches/{slug}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")


class Room:
    """A listener in a fixture's room on the real channel layer."""

    def __init__(self, slug):
        self.slug = slug
        self.layer = get_channel_layer()

    async def __aenter__(self):
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(group_name(self.slug), self.channel)
        return self

    async def __aexit__(self, *exc):
        await self.layer.group_discard(group_name(self.slug), self.channel)

    async def received(self):
        """Every COMPOSITE_UPDATE the room got since the last call (the live game's own
        messages, `prediction_update`, are tested in predictions/tests/test_live_game.py)."""
        messages = []
        while True:
            try:
                event = await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)
            except TimeoutError:
                return messages
            message = json.loads(event["text"])
            if message["type"] == "COMPOSITE_UPDATE":
                messages.append(message)
