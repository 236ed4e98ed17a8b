"""The replay as people see it: a real site, a real browser, clocks that disagree."""

import json
import time
import urllib.request

import pytest

from matches import engine
from testsupport.site import Site

pytestmark = pytest.mark.browser
SLUG = "fiba-2019-bronze"
MINUTE_MS = 60_000
FIVE_MINUTES_MS = 5 * MINUTE_MS
REPAINT_MS = 200  # the page's repaint interval (matches/static/matches/replay/main.js)
SHIFT_CLOCK = (
    "(() => { const shift = %d; const realNow = Date.now; Date.now = () => realNow() + shift; })();"
)


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def scoreboard(page):
    board = page.locator("[data-scoreboard]")
    return {
        key: board.get_attribute(f"data-{key}")
        for key in ("loop", "sequence", "phase", "home-score", "away-score")
    }


def derived_scoreboard(site):
    """What the anchor derives right now, by the Python engine."""
    state = get_json(f"{site.url}/api/matches/{SLUG}/state")
    stream = get_json(f"{site.url}/api/matches/{SLUG}/events")
    clock = engine.replay_clock(state["anchor"], state["serverNow"])
    score = engine.fold_state(stream["events"], clock["sequence"], stream["teams"])["score"]
    return {
        "loop": str(clock["loop"]),
        "sequence": str(clock["sequence"]),
        "phase": clock["phase"],
        "home-score": str(score["FRA"]),
        "away-score": str(score["AUS"]),
    }


def open_live_page(browser, site, shift_ms=0, clock=False):
    """`clock`: the page runs on Playwright's clock (in step with the real one until the test
    pauses it: page.clock.pause_at)."""
    context = browser.new_context()
    if clock:
        context.clock.install()
    page = context.new_page()
    if shift_ms:
        page.add_init_script(SHIFT_CLOCK % shift_ms)
    page.goto(f"{site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    return page


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory):
    """One event a minute, 40½ minutes into loop 2: a whole test happens inside one tick."""
    tick_ms = MINUTE_MS
    cycle_ms = 73 * tick_ms + MINUTE_MS
    base = int(time.time() * 1000) - cycle_ms - 40 * tick_ms - tick_ms // 2
    site = Site(tmp_path_factory.mktemp("slow")).prepare(
        "--tick-ms", str(tick_ms), "--pause-ms", str(MINUTE_MS), "--base-started-at", str(base)
    )
    site.start("serve")
    yield site
    site.stop()


def test_three_pages_opened_at_different_moments_show_the_same_second(browser, slow_site):
    pages = []
    for shift_ms in (0, FIVE_MINUTES_MS, 0):
        pages.append(open_live_page(browser, slow_site, shift_ms))
        time.sleep(1)
    seen = [scoreboard(page) for page in pages]
    assert seen[0] == seen[1] == seen[2] == derived_scoreboard(slow_site)
    assert seen[0]["loop"] == "2" and seen[0]["phase"] == "LIVE"
    assert int(seen[0]["home-score"]) + int(seen[0]["away-score"]) > 0
    assert (
        pages[1].evaluate("Date.now()") - pages[0].evaluate("Date.now()") > FIVE_MINUTES_MS - 5000
    )


def test_the_page_shows_the_loop_label_and_the_plays_so_far(browser, slow_site):
    page = open_live_page(browser, slow_site)
    expected = derived_scoreboard(slow_site)
    assert (
        page.locator("[data-replay-label]").inner_text() == "REPLAY · 2019 FIBA WORLD CUP · LOOP #2"
    )
    plays = page.locator("[data-play-by-play] li")
    assert plays.count() == int(expected["sequence"])
    assert plays.first.get_attribute("data-sequence") == expected["sequence"]  # newest first


@pytest.fixture(scope="module")
def quick_site(tmp_path_factory):
    """Loops of under five seconds, so a test sees post-match, pre-match and the next tip-off."""
    site = Site(tmp_path_factory.mktemp("quick")).prepare("--tick-ms", "20", "--pause-ms", "3000")
    site.start("serve")
    yield site
    site.stop()


def test_between_loops_the_page_shows_full_time_then_a_countdown_to_tip_off(browser, quick_site):
    page = open_live_page(browser, quick_site, clock=True)
    anchor = get_json(f"{quick_site.url}/api/matches/{SLUG}/state")["anchor"]
    # The page's clock stops in the middle of each phase in turn (each lasts 1.5 s at most), so a
    # busy machine cannot carry the page past one before it is read.
    clock = engine.replay_clock(anchor, page.evaluate("Date.now()") + 1000)
    buzzer_ms = (
        clock["loopStartedAt"] + clock["playMs"]
    )  # the final buzzer of the loop on in a second
    if buzzer_ms < page.evaluate("Date.now()") + 1000:
        buzzer_ms += clock["cycleMs"]
    half_pause_ms = anchor["pauseMs"] // 2

    def show(at_ms):
        page.clock.pause_at(at_ms / 1000)
        page.clock.run_for(2 * REPAINT_MS)

    board = "[data-scoreboard]"
    show(buzzer_ms + half_pause_ms // 2)
    page.wait_for_selector(f'{board}[data-phase="POST_MATCH"]', timeout=10_000)
    loop = int(page.locator(board).get_attribute("data-loop"))
    intermission = page.locator("[data-intermission]")
    assert "France win" in intermission.inner_text()
    assert "France 67 – 59 Australia" in intermission.inner_text()
    show(buzzer_ms + half_pause_ms + half_pause_ms // 2)
    page.wait_for_selector(f'{board}[data-phase="PRE_MATCH"]', timeout=5_000)
    assert f"Loop #{loop + 1} is next" in intermission.inner_text()
    assert "Tip-off in 0:0" in intermission.inner_text()
    show(buzzer_ms + anchor["pauseMs"] + clock["playMs"] // 2)
    page.wait_for_selector(f'{board}[data-phase="LIVE"][data-loop="{loop + 1}"]', timeout=5_000)
    assert intermission.is_hidden()


def test_the_lobby_shows_the_replay_score_everyone_sees(browser, slow_site):
    page = browser.new_context().new_page()
    page.goto(slow_site.url + "/")
    expected = derived_scoreboard(slow_site)
    card = page.locator(f'[data-fixture="{SLUG}"]')
    score = f"{expected['home-score']}–{expected['away-score']}"
    card.locator("[data-lobby-score]", has_text=score).wait_for()
    assert "Loop #2" in card.inner_text()
