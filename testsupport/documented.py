"""SportMonks v3 payloads as its documentation shapes them (testsupport/sportmonks_docs/, each file
citing its pages), played to the poller through the local fake SportMonks and the real client."""

import json
from pathlib import Path

from matches.feed import poller
from matches.feed.sportmonks import SportMonksFeed
from testsupport.fake_sportmonks import FakeSportMonks

DOCS = Path(__file__).parent / "sportmonks_docs"
SLUG = "rro-v-fee-19000001"


def load(name):
    body = json.loads((DOCS / name).read_text(encoding="utf-8"))
    assert body["_source"], f"{name} cites no documentation page"
    return body


class Clock:
    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


class Scenario:
    """A documented payload file, reading by reading: `await scenario.poll(i)` serves reading i
    as the in-play list at its `_at` on the feed's clock and runs one polling cycle."""

    def __init__(self, name, fake):
        self.body = load(name)
        self.readings = [r for r in self.body["readings"] if "fixture" in r]
        self.fake = fake
        self.clock = Clock()
        self.provider = SportMonksFeed(
            fake.token, fake.base_url, timeout=2, retries=0, sleep=lambda s: None, clock=self.clock
        )

    async def poll(self, index):
        reading = self.readings[index]
        self.clock.now = reading["_at"]
        self.fake.fixtures = [reading["fixture"]]
        return await poller.cycle(self.provider)

    async def play(self, *indexes):
        for index in indexes:
            await self.poll(index)


def fake_server():
    return FakeSportMonks()


def as_if_now(reading, now, fixture_id=None, kickoff_shift=None):
    """A documented reading's fixture moved in time so that its `_at` is `now` (a real site
    polls on the wall clock), optionally under another fixture id. `kickoff_shift` keeps the
    kick-off where an earlier reading of the same fixture put it (one match, one kick-off)."""
    shift = int(now - reading["_at"])
    body = json.loads(json.dumps(reading["fixture"]))
    for period in body.get("periods") or ():
        for key in ("started", "ended"):
            if isinstance(period.get(key), int):
                period[key] += shift
    body["starting_at_timestamp"] += shift if kickoff_shift is None else kickoff_shift
    body.pop("starting_at", None)  # starting_at_timestamp is read first; the text would disagree
    if fixture_id is not None:
        body["id"] = fixture_id
    return body
