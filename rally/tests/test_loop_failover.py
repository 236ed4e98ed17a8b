"""A worker that dies is seen, and replaced: /healthz/loops turns 503 naming the stale loops
within a few intervals, and a hot-standby worker takes every loop over (PostgreSQL)."""

import json
import time
import urllib.error
import urllib.request

import pytest

from testsupport.site import free_port

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]
INTERVAL_S, LEASE_S = 0.5, 4
FAST_LOOPS = {
    **{
        name: str(INTERVAL_S)
        for name in (
            "GUARDIAN_INTERVAL_S",
            "POLLER_INTERVAL_S",
            "SHOWRUNNER_INTERVAL_S",
            "PRESENCE_SWEEP_INTERVAL_S",
        )
    },
    "LOOP_LEASE_S": str(LEASE_S),
}
LOOPS = ["director", "guardian", "poller", "presence"]


def loops_health(node):
    try:
        with urllib.request.urlopen(f"{node.url}/healthz/loops", timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def metrics_of(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout_s}s: {what}")


@pytest.fixture
def deployment(site_factory, postgres_url):
    site = site_factory(database_url=postgres_url, env=FAST_LOOPS)
    site.prepare()
    return site, site.start("web")


def test_loops_are_stale_until_a_worker_runs_them(deployment):
    site, web = deployment
    status, body = loops_health(web)
    assert status == 503 and sorted(body["stale"]) == LOOPS
    site.start_worker()
    wait_for(lambda: loops_health(web)[0] == 200, 30, "every loop completes a cycle")


def test_a_killed_worker_turns_health_503_and_the_standby_takes_over(deployment):
    site, web = deployment
    first_port, standby_port = free_port(), free_port()
    first = site.start_worker("--metrics-port", str(first_port))
    wait_for(lambda: loops_health(web)[0] == 200, 30, "the first worker runs every loop")
    standby = site.start_worker("--metrics-port", str(standby_port))
    time.sleep(2 * LEASE_S)  # long enough to take a loop, were it free
    assert 'rally_loop_held{loop="poller"} 1.0' in metrics_of(first_port)
    assert 'rally_loop_held{loop="poller"}' not in metrics_of(
        standby_port
    )  # a standby: runs nothing
    assert 'rally_loop_standby{loop="poller"} 1.0' in metrics_of(standby_port)
    assert standby.log().count("standing by: another process holds the lease") == len(LOOPS), (
        "a standby says so, once per loop"
    )

    first.stop(kill=True)
    killed_at = time.monotonic()
    first_alarm = wait_for(
        lambda: (h := loops_health(web))[0] == 503 and h[1], 3 * INTERVAL_S + 2, "a 503"
    )
    assert first_alarm["stale"] and set(first_alarm["stale"]) <= set(LOOPS)
    all_stale = wait_for(
        lambda: sorted(loops_health(web)[1]["stale"]) == LOOPS, 3 * INTERVAL_S + 2, "all stale"
    )
    assert (
        all_stale and time.monotonic() - killed_at < LEASE_S
    )  # seen before the standby may take over
    assert 'rally_loop_stale{loop="poller"} 1.0' in metrics_of(standby_port)

    wait_for(lambda: loops_health(web)[0] == 200, LEASE_S * 2 + 10, "the standby runs every loop")
    for loop in LOOPS:
        assert f'rally_loop_held{{loop="{loop}"}} 1.0' in metrics_of(standby_port)
        assert f'rally_loop_standby{{loop="{loop}"}} 0.0' in metrics_of(standby_port)
    assert "holds the lease" in standby.log()


def test_a_cleanly_stopped_worker_hands_its_loops_over_at_once(deployment):
    site, web = deployment
    first = site.start_worker()
    wait_for(lambda: loops_health(web)[0] == 200, 30, "the first worker runs every loop")
    standby = site.start_worker()
    first.stop()  # SIGTERM: the leases are released
    wait_for(
        lambda: standby.log().count("holds the lease") == len(LOOPS),
        LEASE_S,
        "the standby takes over",
    )
    wait_for(
        lambda: loops_health(web)[0] == 200, 3 * INTERVAL_S + 2, "the standby's cycles complete"
    )


def test_a_break_in_database_contact_is_a_failed_trip_or_a_silence_longer_than_allowed():
    from rally.loops import DatabaseContact

    contact = DatabaseContact()
    contact.reached(max_gap_s=5, now=100)
    assert contact.unbroken_s(now=1000) == float("inf"), "no break seen: trusted from the start"
    contact.reached(max_gap_s=5, now=104)
    contact.reached(max_gap_s=5, now=112)  # 8 s of silence: a trip that hung
    assert contact.unbroken_s(now=120) == 8
    contact.lost()
    assert contact.unbroken_s(now=121) < 0
    contact.reached(max_gap_s=5, now=130)
    assert contact.unbroken_s(now=133) == 3
