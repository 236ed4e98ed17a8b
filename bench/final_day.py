"""The final day at scale: the poller's cycle with the ten recorded matches live (ten rooms), the
live table's recomputation on the server and on the page, the match day's answer, and a day of
50 fixtures through the fake SportMonks and the real client.

The recorded day is read as the poller reads it at 20x: one cycle every 30 match seconds, from
kick-off to the last whistle. Baselines in the same run: the fetch alone (no store, no send) for
the cycles, and one fixture's normalisation for the table.

Run: .venv/bin/python -m bench.final_day
"""

import json
import logging
import subprocess
import time
from pathlib import Path

from bench.feed_poller import _django, _timed
from bench.report import median, percentile, section, table
from testsupport.payloads import live_fixtures

COMMAND = ".venv/bin/python -m bench.final_day"
STEP_S = 30  # match seconds between cycles (the poller's pace for the demo at any speed)
DERIVES = 2_000
DAY_OF_50 = 50
ROUNDS = 15
REPO = Path(__file__).resolve().parent.parent


def _day_cycles():
    """Every cycle of the recorded day: (ms, fixtures updated) per cycle, and the fetch alone."""
    from asgiref.sync import async_to_sync

    from matches.feed.poller import cycle
    from testsupport import final_day

    provider, clock = final_day.recorded_day()
    end = final_day.full_time_at(provider, 90120513) + STEP_S
    poll = async_to_sync(cycle)
    cycles, fetches = [], []
    for seconds in range(-STEP_S, end, STEP_S):
        clock.now = provider.first_kickoff + seconds
        fetches.append(_timed(provider.live_snapshots))
        started = time.perf_counter()
        updated = poll(provider)
        cycles.append(((time.perf_counter() - started) * 1000, len(updated)))
    return cycles, fetches


def _derive_us():
    """One table derivation (20 teams, 10 results) on the server, in microseconds; the baseline
    is normalising one fixture's payload."""
    from matches import league_table
    from matches.feed.parse import normalise
    from testsupport import final_day

    provider, clock = final_day.recorded_day()
    seconds = final_day.full_time_at(provider, 90120521) + 1
    results = final_day.results_at(provider, clock, seconds)
    competition = final_day.competition()
    payload = provider.live_payloads()[0]
    started = time.perf_counter()
    for _ in range(DERIVES):
        league_table.derive(competition, results)
    derive = (time.perf_counter() - started) / DERIVES * 1e6
    started = time.perf_counter()
    for _ in range(DERIVES // 10):
        normalise(payload)
    parse = (time.perf_counter() - started) / (DERIVES // 10) * 1e6
    return derive, parse, competition, results


def _derive_js_us(competition, results):
    """The page's mirror on node, the same inputs."""
    script = f"""
import {{ derive }} from "{REPO}/matches/static/matches/feed/league_table.js";
const competition = {json.dumps(competition)};
const results = {json.dumps(results)};
for (let i = 0; i < 200; i += 1) derive(competition, results);
const started = performance.now();
for (let i = 0; i < {DERIVES}; i += 1) derive(competition, results);
console.log((performance.now() - started) / {DERIVES} * 1000);
"""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def _day_answer_ms():
    """GET /api/day/'s body from the database (uncached), and its size."""
    from matches import day

    times = []
    for _ in range(ROUNDS):
        times.append(_timed(lambda: day.day_answer(day.day_fixtures(), day.competitions())))
    body = json.dumps(day.day_answer(day.day_fixtures(), day.competitions()))
    return median(times), len(body.encode())


def _fifty_on_sportmonks():
    """50 fixtures (the recorded day's ten, five times over with their own ids) served by the fake
    SportMonks in pages of 25 and polled through the real client, a match minute a round from
    80:00: fetch alone, unchanged and changed cycles."""
    from asgiref.sync import async_to_sync

    from matches.feed.poller import cycle
    from matches.feed.sportmonks import SportMonksFeed
    from testsupport import final_day
    from testsupport.fake_sportmonks import FakeSportMonks

    day, clock = final_day.recorded_day()
    # From 80:00 of the match clock, a minute a round: goals, whistles and City's pressure.
    clock.now = day.first_kickoff + day.feeds[0].second_half_start + 35 * 60

    def fixtures():
        ten = live_fixtures(day)
        return [
            payload | {"id": 2_000_000 + copy * 100 + index}
            for copy in range(DAY_OF_50 // len(ten))
            for index, payload in enumerate(ten)
        ]

    with FakeSportMonks(per_page=25) as fake:
        fake.fixtures = fixtures
        provider = SportMonksFeed(fake.token, fake.base_url, clock=clock)
        poll = async_to_sync(cycle)
        poll(provider)
        fetch, unchanged, changed, sent = [], [], [], []
        for _ in range(ROUNDS):
            fetch.append(_timed(lambda: live_fixtures(provider)))
            unchanged.append(_timed(lambda: poll(provider)))
            clock.now += 60
            started = time.perf_counter()
            sent.append(len(poll(provider)))
            changed.append((time.perf_counter() - started) * 1000)
        provider.close()
    return median(fetch), median(unchanged), median(changed), median(sent)


def run():
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    _django()
    cycles, fetches = _day_cycles()
    times = [ms for ms, _ in cycles]
    updates = [count for _, count in cycles]
    busy = [ms for ms, count in cycles if count > 1]
    derive, parse, competition, results = _derive_us()
    derive_js = _derive_js_us(competition, results)
    answer_ms, answer_bytes = _day_answer_ms()
    fetch50, unchanged50, changed50, sent50 = _fifty_on_sportmonks()
    rows = [
        [
            "recorded day, 10 rooms: every cycle kick-off to whistle",
            f"{len(cycles)} cycles",
            f"median {median(times):.1f}, p95 {percentile(times, 0.95):.1f}, max {max(times):.1f}",
            f"fetch alone: median {median(fetches):.1f}",
            f"{sum(updates)} COMPOSITE_UPDATEs ({sum(updates) / 10:.0f} per fixture)",
        ],
        [
            "… the cycles that updated more than one room",
            f"{len(busy)} cycles",
            f"median {median(busy):.1f}" if busy else "–",
            "",
            f"at most {max(updates)} rooms in one cycle",
        ],
        [
            "table as it stands, server (Python)",
            f"{DERIVES} derivations",
            f"{derive:.0f} µs each",
            f"normalising one fixture: {parse:.0f} µs",
            "20 teams, 10 results",
        ],
        [
            "table as it stands, page (node)",
            f"{DERIVES} derivations",
            f"{derive_js:.0f} µs each",
            "",
            "the same inputs",
        ],
        [
            "GET /api/day/ body, uncached",
            f"{ROUNDS} builds",
            f"median {answer_ms:.1f}",
            "",
            f"{answer_bytes / 1024:.1f} KiB for 10 fixtures",
        ],
        [
            "a day of 50 fixtures, fake SportMonks (pages of 25)",
            f"{ROUNDS} rounds",
            f"unchanged {unchanged50:.1f}, changed {changed50:.1f}",
            f"fetch alone: {fetch50:.1f}",
            f"{sent50:.0f} rooms updated per changed cycle",
        ],
    ]
    body = table(["what", "runs", "time, ms unless said", "baseline, ms", "notes"], rows)
    return section("The final day at scale", COMMAND, body)


if __name__ == "__main__":
    print(run())
