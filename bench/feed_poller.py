"""The feed poller's cycle against a local fake SportMonks, beside the bare fetch.

Each fixture is the recorded match in its 90th minute (all includes: 5 events, 90 pressure
minutes). "fetch only" is the baseline: HTTP, JSON and validation (which normalises each
fixture, once), nothing stored. An unchanged cycle adds hashing and the stored-hash read; a
changed one adds one transaction per
fixture and one COMPOSITE_UPDATE per fixture through the in-memory channel layer.

Run: .venv/bin/python -m bench.feed_poller
"""

import os
import tempfile
import time

from bench.report import median, section, table
from testsupport.payloads import live_fixtures

COMMAND = ".venv/bin/python -m bench.feed_poller"
FIXTURE_COUNTS = [1, 20, 100]
ROUNDS = 15
MINUTE_90 = 60 + 62 * 60 + 44 * 60 + 30  # match seconds from start-up to 89:30 of the second half


def _django():
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rally.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _timed(action):
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _measure(count):
    from asgiref.sync import async_to_sync

    from matches.feed.poller import cycle
    from matches.feed.recorded import RecordedFeed
    from matches.feed.sportmonks import SportMonksFeed
    from testsupport.fake_sportmonks import FakeSportMonks

    clock = [time.time()]
    feed = RecordedFeed(clock=lambda: clock[0])
    clock[0] += MINUTE_90

    def fixtures():
        [payload] = live_fixtures(feed)
        return [payload | {"id": 1_000_000 + n} for n in range(count)]

    with FakeSportMonks(per_page=count) as fake:
        fake.fixtures = fixtures
        provider = SportMonksFeed(fake.token, fake.base_url, clock=lambda: clock[0])
        poll = async_to_sync(cycle)
        poll(provider)  # first sight: every fixture created
        fetch, unchanged, changed = [], [], []
        for _ in range(ROUNDS):
            fetch.append(_timed(lambda: live_fixtures(provider)))
            unchanged.append(_timed(lambda: poll(provider)))
            clock[0] += 60  # one more minute of pressure on every fixture
            changed.append(_timed(lambda: poll(provider)))
        provider.close()
    return median(fetch), median(unchanged), median(changed)


def run():
    _django()
    rows = []
    for count in FIXTURE_COUNTS:
        fetch, unchanged, changed = _measure(count)
        rows.append(
            [
                count,
                f"{fetch:.1f}",
                f"{unchanged:.1f} ({unchanged / fetch:.2f}×)",
                f"{changed:.1f} ({changed / fetch:.2f}×)",
                f"{changed / count:.2f}",
            ]
        )
    body = table(
        [
            "fixtures in play",
            "fetch only, ms (baseline)",
            "unchanged cycle, ms",
            "changed cycle, ms",
            "changed, ms per fixture",
        ],
        rows,
    )
    return section(f"Feed poller cycle (median of {ROUNDS} rounds)", COMMAND, body)


if __name__ == "__main__":
    print(run())
