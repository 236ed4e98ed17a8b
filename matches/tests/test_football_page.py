"""The football page a fan keeps open: a clock that runs by itself, honest labels for the
recorded match, and the whole match (timeline, line-ups, statistics) from a fake SportMonks.

Real sites (`manage.py serve`), a real Chromium; the feed is the local fake SportMonks, or
the recorded demo match on its one stored clock.
"""

import time

import pytest

from testsupport.football import open_page, play, state_of, wait_for
from testsupport.site import Site
from testsupport.v3_payloads import AWAY, HOME, event, fixture, score

pytestmark = pytest.mark.browser

RECORDED = "mci-v-qpr-90120513"


@pytest.fixture(scope="module")
def recorded_site(tmp_path_factory):
    """The recorded match at 30x: it kicks off 2 s after start-up."""
    site = Site(
        tmp_path_factory.mktemp("recorded"),
        env={
            "SPORTMONKS_API_TOKEN": "",
            "RECORDED_FEED_SPEED": "30",
            "POLLER_INTERVAL_S": "0.5",
        },
    ).prepare()
    site.start("serve")
    yield site
    site.stop()


def elapsed(page):
    return page.locator("[data-scoreboard]").get_attribute("data-elapsed")


def quiet_fixture(fixture_id, played_s):
    """No events, no pressure: a payload that never changes, so no composite ever comes."""
    started = int(time.time() - played_s)
    return fixture(
        fixture_id,
        events=[],
        pressure=[],
        scores=[],
        periods=[
            {
                "id": 11,
                "started": started,
                "ended": None,
                "counts_from": 0,
                "ticking": True,
                "sort_order": 1,
            }
        ],
    )


@pytest.mark.parametrize(
    ("fixture_id", "played_s", "minutes"),
    [
        (21, 11 * 60 + 20, ["12'", "13'", "14'"]),
        (24, 44 * 60 + 20, ["45'", "45+1'", "45+2'"]),
    ],
    ids=["mid-half", "into stoppage time"],
)
def test_a_quiet_fixtures_clock_advances_minute_by_minute_without_an_update(
    fake_site, feed, page, fixture_id, played_s, minutes
):
    slug = play(fake_site, feed, quiet_fixture(fixture_id, played_s))
    page.clock.install()
    open_page(page, fake_site, slug)
    # The socket's hello sets the page's offset to the server; only then does the page's time run ahead.
    page.wait_for_selector("[data-live-page][data-fallback=false]", state="attached")
    hash_before = page.locator("[data-live-page]").get_attribute("data-hash")
    shown = [elapsed(page)]
    for _ in minutes[1:]:
        page.clock.fast_forward(59_000)  # fires a due tick once, at the time it was due…
        page.clock.run_for(1_000)  # …so let one more second tick at the new time
        shown.append(elapsed(page))
    assert shown == minutes
    assert page.locator(".clock[data-elapsed]").inner_text() == minutes[-1]
    assert (
        page.locator("[data-live-page]").get_attribute("data-hash") == hash_before
    )  # no composite came


def whole_match(fixture_id, now):
    """A match with every event kind, line-ups and statistics, as the feed sends it at full time."""
    started = int(now - 100 * 60)
    kinds = [
        (1, 14, 10, HOME),
        (2, 15, 20, AWAY),
        (3, 16, 30, HOME),
        (4, 17, 35, AWAY),
        (5, 10, 40, HOME),
        (6, 19, 50, AWAY),
        (7, 21, 60, AWAY),
        (8, 20, 70, HOME),
        (9, 18, 75, HOME),
    ]
    events = [
        event(i, type_id, minute, team=team, player=f"Player {i}")
        for i, type_id, minute, team in kinds
    ]
    events[-1]["related_player_name"] = "Going Off"
    lineups = [
        {
            "id": 100 + n,
            "team_id": team,
            "type_id": 11 if n % 12 < 11 else 12,
            "player_name": f"{code} {n}",
            "jersey_number": n % 12 + 1,
            "formation_position": n % 12 + 1,
        }
        for team, code in ((HOME, "Home"), (AWAY, "Away"))
        for n in range(12)
    ]
    statistics = [
        {
            "id": 200 + i,
            "type_id": type_id,
            "participant_id": team,
            "data": {"value": value},
            "location": "home" if team == HOME else "away",
        }
        for i, (type_id, team, value) in enumerate(
            [
                (45, HOME, 58),
                (45, AWAY, 42),
                (42, HOME, 14),
                (42, AWAY, 9),
                (84, AWAY, 2),
                (83, HOME, 1),
            ]
        )
    ]
    periods = [
        {
            "id": 11,
            "started": started,
            "ended": started + 47 * 60,
            "counts_from": 0,
            "sort_order": 1,
        },
        {
            "id": 12,
            "started": started + 62 * 60,
            "ended": started + 110 * 60,
            "counts_from": 45,
            "sort_order": 2,
        },
    ]
    return fixture(
        fixture_id,
        state="FT",
        state_id=5,
        events=events,
        periods=periods,
        pressure=[],
        scores=[score("CURRENT", "home", 2), score("CURRENT", "away", 1)],
        lineups=lineups,
        statistics=statistics,
        league={"id": 8, "name": "Premier League"},
        venue={"id": 1, "name": "Etihad Stadium", "city_name": "Manchester"},
    )


def test_the_fake_feed_plays_a_whole_match_with_line_ups_statistics_and_every_event_kind(
    fake_site, feed, page
):
    now = time.time()
    kickoff = fixture(
        22,
        state="NS",
        state_id=1,
        events=[],
        pressure=[],
        scores=[],
        periods=[],
        starting_at_timestamp=int(now + 600),
    )
    slug = play(fake_site, feed, kickoff)
    open_page(page, fake_site, slug)
    assert elapsed(page) != "" and ":" in elapsed(page)  # the kick-off, in the fan's time
    assert "Kick-off" in page.locator("[data-kickoff]").inner_text()

    feed[22] = whole_match(22, now)
    page.wait_for_function(
        "() => document.querySelector('[data-scoreboard]').dataset.state === 'FT'", timeout=20_000
    )
    assert elapsed(page) == "FT"
    types = page.locator("[data-timeline] li.tl-line").evaluate_all(
        "lines => lines.map((l) => l.dataset.type)"
    )
    assert types == [
        "goal",
        "own_goal",
        "penalty_scored",
        "penalty_missed",
        "var",
        "yellow_card",
        "second_yellow",
        "red_card",
        "substitution",
    ]
    assert page.locator("[data-timeline] .tl-break").inner_text().lower() == "half time"
    assert page.locator(".tl-substitution").inner_text().split("\n")[-2:] == [
        "↑ Player 9",
        "↓ Going Off",
    ]
    kinds = page.locator("[data-vidiprinter] li").evaluate_all(
        "lines => lines.map((l) => l.dataset.kind)"
    )
    assert kinds == [
        "goal",
        "goal",
        "penalty_scored",
        "penalty_missed",
        "var",
        "red_card",
        "red_card",
    ]
    assert page.locator(".lu-home .lu-role-starting li").count() == 11
    assert page.locator(".lu-away .lu-role-bench li").count() == 1
    assert page.locator('[data-stat="possession"]').inner_text().split("\n") == [
        "58%",
        "Possession",
        "42%",
    ]
    assert page.locator('[data-stat="yellow_cards"] .st-away').inner_text() == "2"
    assert page.locator("[data-competition]").inner_text() == "Premier League"
    assert page.locator("[data-venue]").inner_text() == "Etihad Stadium, Manchester"
    assert page.locator(
        '[data-illustrative="statistics"]'
    ).is_hidden()  # a live feed's figures are its own
    assert state_of(fake_site, slug)["snapshot"]["recorded"] is None


def test_the_recorded_match_says_so_in_the_lobby_on_the_page_and_in_the_api(recorded_site, page):
    wait_for(lambda: state_of(recorded_site, RECORDED)["snapshot"].get("hash"))
    page.goto(recorded_site.url)
    card = page.locator(f'[data-fixture="{RECORDED}"]')
    assert card.locator("[data-lobby-recorded]").inner_text() == "RECORDED · 13 MAY 2012"
    assert "badge-live" not in card.locator("[data-lobby-status]").get_attribute("class")
    open_page(page, recorded_site, RECORDED)
    labels = page.locator("[data-recorded]").all_inner_texts()
    assert labels == ["RECORDED · 13 MAY 2012", "RECORDED · 13 MAY 2012"]  # banner and score bug
    assert page.locator('[data-illustrative="pressure"]').is_visible()
    summary = {m["slug"]: m for m in page.request.get(f"{recorded_site.url}/api/matches/").json()}
    assert summary[RECORDED]["recorded"]["label"] == "RECORDED · 13 MAY 2012"
    assert summary[RECORDED]["recorded"]["illustrative"] == ["pressure", "statistics"]
    assert summary["fiba-2019-bronze"]["recorded"] is None


def test_a_poll_from_a_shell_leaves_a_running_page_as_it_was(recorded_site, page):
    wait_for(
        lambda: (
            state_of(recorded_site, RECORDED)["snapshot"].get("state", {}).get("category")
            == "running"
        )
    )
    open_page(page, recorded_site, RECORDED)
    before = state_of(recorded_site, RECORDED)["snapshot"]
    recorded_site.manage("poll_fixtures", "--once")
    recorded_site.manage("analyze_schedule")
    after = state_of(recorded_site, RECORDED)["snapshot"]
    assert after["state"]["code"] != "NS"
    assert after["starting_at"] == before["starting_at"]  # every process agrees on one demo clock
    assert len(after["pressure"]) >= len(before["pressure"])  # the chart was not wiped
    assert page.locator("[data-scoreboard]").get_attribute("data-state") != "NS"
