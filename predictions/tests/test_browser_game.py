"""The game as fans play it: two browsers and the bots, on a real site, through a whole loop."""

import pytest
from playwright.sync_api import expect

from predictions import engine
from testsupport.browser import DESK, PHONE, join, pick
from testsupport.replay import SLUG, get_json, start_replay_site

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
TICK_MS, PAUSE_MS = 300, 10_000  # a loop in 22 s, then 10 s of break to read the boards
LEAD_MS = 20_000  # tip-off after the pages are up: the first-quarter questions are open till then


@pytest.fixture
def fast_site(site_factory):
    return start_replay_site(site_factory, TICK_MS, PAUSE_MS, LEAD_MS)


@pytest.fixture
def open_page(open_match_page):
    return lambda site, viewport=DESK: open_match_page(site, SLUG, viewport)


def card(page, prediction):
    return page.locator(f'[data-tray] [data-prediction="{prediction}"]')


def result(page, prediction):
    return page.locator(f'[data-results] [data-prediction="{prediction}"]')


def leaderboard(page):
    return page.eval_on_selector_all(
        "[data-leaderboard-rows] tr",
        "rows => rows.map(r => [r.dataset.name, Number(r.dataset.points), Number(r.dataset.rank)])",
    )


def answers(site):
    stream = get_json(f"{site.url}/api/matches/{SLUG}/events")
    by_id = {p["id"]: p for p in stream["predictions"]}
    return {
        key: engine.correct_option(prediction, stream["events"])
        for key, prediction in by_id.items()
    }, by_id


def other_option(prediction, option):
    return next(o["id"] for o in prediction["options"] if o["id"] != option)


def test_two_fans_and_the_bots_play_a_loop_and_see_the_same_leaderboard_as_the_server(
    fast_site, open_page
):
    right, predictions = answers(fast_site)
    alice, bob = open_page(fast_site, DESK), open_page(fast_site, PHONE)

    expect(join(alice, "Alice")).to_have_attribute("data-state", "joined")
    taken = join(bob, "ALICE")
    expect(taken).to_have_attribute("data-state", "refused")
    expect(taken).to_contain_text("taken")
    expect(join(bob, "<i>Bob</i>")).to_have_attribute("data-state", "joined")

    # Who is watching: names are text, never markup.
    expect(alice.locator('[data-online] [data-name="<i>Bob</i>"]')).to_have_text("<i>Bob</i>")
    assert alice.locator("[data-online] i").count() == 0
    expect(alice.locator("[data-presence]")).to_have_attribute("data-viewers", "2")

    pick(alice, "q1-leader", right["q1-leader"])
    pick(bob, "q1-leader", other_option(predictions["q1-leader"], right["q1-leader"]))
    pick(alice, "q1-top-scorer", right["q1-top-scorer"])
    pick(bob, "q1-top-scorer", right["q1-top-scorer"])
    # The live share of picks, from the relayed picks.
    expect(
        alice.locator(f'[data-prediction="q1-leader"] [data-option="{right["q1-leader"]}"]')
    ).to_have_attribute("data-count", "1")
    expect(
        bob.locator(f'[data-prediction="q1-top-scorer"] [data-option="{right["q1-top-scorer"]}"]')
    ).to_have_attribute("data-count", "2")
    expect(card(alice, "q1-leader").locator(".prediction-status")).to_contain_text("locks in")

    pick(alice, "q2-winner", right["q2-winner"])  # opens at tip-off + 4.5 s, for 3 s
    pick(bob, "q2-winner", other_option(predictions["q2-winner"], right["q2-winner"]))

    # After the lock, the question folds into the results with the bots' picks; at resolution, the reveal.
    expect(result(bob, "q1-leader").locator(".result-bots")).to_contain_text("Chalk:")
    expect(result(alice, "q1-leader")).to_have_attribute("data-status", "resolved", timeout=15_000)
    expect(result(alice, "q1-leader")).to_have_attribute("data-correct", right["q1-leader"])
    expect(result(alice, "q1-leader").locator(".result-mine")).to_contain_text("You got it: +10")
    expect(result(bob, "q1-leader").locator(".result-mine")).to_contain_text("Not this time")

    for page in (alice, bob):  # full time: every question is answered
        expect(page.locator("[data-scoreboard]")).not_to_have_attribute(
            "data-phase", "LIVE", timeout=40_000
        )
    server = get_json(f"{fast_site.url}/api/matches/{SLUG}/standings?loop=1")
    assert server["sequence"] == 73
    expected = [[row["name"], row["points"], row["rank"]] for row in server["standings"]]
    assert leaderboard(alice) == leaderboard(bob) == expected
    points = {name: score for name, score, _ in expected}
    assert (points["Alice"], points["<i>Bob</i>"]) == (30, 10)
    assert {"Chalk", "Flip", "Rebel"} <= set(points)


def test_a_dropped_socket_reconnects_and_rejoins_at_once_while_the_old_socket_lingers(
    site, open_page
):
    sockets = []

    def keep(route):
        server = route.connect_to_server()
        # With close handlers, Playwright no longer closes one side when the other closes.
        route.on_close(lambda code, reason: None)
        server.on_close(lambda code, reason: route.close(code=code, reason=reason))
        sockets.append((route, server))

    fan = open_page(site)
    fan.route_web_socket("**/ws/matches/**", keep)
    fan.reload()
    fan.wait_for_selector("[data-live-page][data-ready=true]")
    status = join(fan, "Comeback")
    expect(status).to_have_attribute("data-state", "joined")

    # The page loses its socket, but the server has not noticed yet: the page's token reclaims
    # the name at once all the same.
    page_side, server_side = sockets[-1]
    page_side.close(code=4000)
    expect(status).to_have_attribute("data-state", "offline", timeout=5_000)
    expect(status).to_have_attribute("data-state", "joined", timeout=10_000)
    server_side.close()  # the server sees the old socket go: the fan plays on
    expect(status).to_have_text("You're playing as Comeback.")
    expect(fan.locator('[data-online] [data-name="Comeback"]')).to_be_visible()
