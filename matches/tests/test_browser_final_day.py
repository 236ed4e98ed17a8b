"""The final day as a fan sees it in Chromium, on a phone and on a desk, at the two moments that
made it: the whistle at Sunderland with City 2–2 (United champions as it stands) and the end
(City champions, QPR safe because Bolton drew at Stoke). The lobby's table and the match page's
rows are the table counted from the recorded goals; axe finds nothing serious.

Screenshots go to $RALLY_SCREENSHOTS (else the site's work directory)."""

import json
import os
import time
import urllib.request
from pathlib import Path

import pytest

from testsupport import final_day
from testsupport.axe import serious_violations
from testsupport.football import wait_for
from testsupport.site import Site

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SPEED = 0.1  # a tenth of real time: each moment holds still while the pages are read
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 800}}
CITY = "mci-v-qpr-90120513"


def moments():
    provider, _ = final_day.recorded_day()
    whistle = final_day.full_time_at(provider, 90120521)  # Sunderland 0–1 United, 93:07
    end = final_day.full_time_at(provider, 90120513)  # the Etihad, 95:00
    return {"sunderland-whistle": whistle + 4, "the-end": end + 20}


def site_at(workdir, seconds, speed=SPEED):
    """A recorded site whose one demo clock stands `seconds` after the ten kick-offs."""
    site = Site(workdir, env={"SPORTMONKS_API_TOKEN": "", "POLLER_INTERVAL_S": "0.5"}).prepare()
    started_ms = round((time.time() - (60 + seconds + 3) / speed) * 1000)  # 3 s to start up
    site.manage(
        "shell",
        "-c",
        "from matches.models import DemoClock; "
        f"DemoClock.objects.create(started_at={started_ms}, speed={speed})",
    )
    site.start("serve")
    wait_for(lambda: len(day_of(site)["fixtures"]) == 10)  # the poller's first cycle is stored
    return site


def day_of(site):
    with urllib.request.urlopen(f"{site.url}/api/day/", timeout=5) as response:
        return json.load(response)


@pytest.fixture(scope="module", params=list(moments()))
def moment(request, tmp_path_factory):
    site = site_at(tmp_path_factory.mktemp(request.param), moments()[request.param])
    yield request.param, site
    site.stop()


def shots_dir(site):
    folder = Path(os.environ.get("RALLY_SCREENSHOTS") or site.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def lobby_table(page):
    return [
        (
            row.get_attribute("data-team"),
            int(row.locator(".lt-pts").inner_text()),
            int(row.locator("td.lt-num").nth(1).inner_text()),
        )
        for row in page.locator("[data-day-table] tbody tr").all()
    ]


def counted(page):
    """The table counted by hand from the scores the lobby's cards show now."""
    scores = {}
    for card in page.locator('[data-kind="feed"]').all():
        home, away = card.locator(".team-name").all_inner_texts()
        scores[(home, away)] = tuple(
            int(n) for n in card.locator("[data-lobby-score]").inner_text().split("–")
        )
    assert len(scores) == 10, scores
    table = final_day.count_table(scores)
    return [(team, points, difference) for team, points, difference, _ in table]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_lobby_and_a_match_page_at_the_moments_that_made_the_day(
    browser, moment, axe_source, size
):
    name, site = moment
    page = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/")
    page.wait_for_selector('[data-day-vidiprinter] li[data-kind="full_time"]')
    page.wait_for_selector("[data-day-table] [data-league-rows][data-key]")
    headlines = page.locator("[data-day-table] [data-day-headlines] li").all_inner_texts()
    if name == "sunderland-whistle":
        assert headlines[0] == "As it stands: Manchester United are champions"
        assert page.locator(
            '[data-day-vidiprinter] li[data-kind="full_time"]'
        ).first.inner_text().split("\n") == ["FT", "RESULT", "Sunderland 0–1 Manchester United"]
    else:
        assert headlines == [
            "Final table: Manchester City are champions",
            "Final table: Bolton Wanderers, Blackburn Rovers and Wolverhampton Wanderers go down",
        ]
        qpr = page.locator('[data-day-table] tr[data-team="Queens Park Rangers"]')
        bolton = page.locator('[data-day-table] tr[data-team="Bolton Wanderers"]')
        assert qpr.locator(".lt-pos").inner_text().startswith("17")
        assert bolton.get_attribute("data-zone") == "relegation"
        assert bolton.locator(".lt-live").inner_text() == "2–2 v Stoke City · FT"
    table = counted(page)
    assert lobby_table(page) == table
    folder = shots_dir(site)
    page.screenshot(path=str(folder / f"lobby-{name}-{size}.png"), full_page=size == "desk")
    assert serious_violations(page, axe_source) == []

    page.goto(f"{site.url}/matches/{CITY}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    panel = page.locator("[data-table-excerpt]")
    # repainted from /api/day/ by the page's own rules
    page.wait_for_selector("[data-table-excerpt] [data-league-rows][data-key]")
    shown = panel.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.team)")
    assert shown == beside(table, ["Manchester City", "Queens Park Rangers"])
    assert panel.locator("tr[data-highlight]").count() == 2
    heights = [row.bounding_box()["height"] for row in panel.locator("tbody tr").all()]
    assert max(heights) - min(heights) <= 1  # one height for every row, however long the names
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(folder / f"page-table-{name}-{size}.png"))
    page.screenshot(path=str(folder / f"page-{name}-{size}.png"))
    assert serious_violations(page, axe_source) == []
    assert not errors


def beside(table, teams):
    """The teams' rows and the places either side, from the counted table."""
    places = [index for index, (team, _, _) in enumerate(table) if team in teams]
    near = {p + step for p in places for step in (-1, 0, 1)}
    return [team for index, (team, _, _) in enumerate(table) if index in near]


def test_aguero_flashes_on_the_lobby_and_the_title_turns_as_it_stands(
    browser, tmp_path_factory, axe_source
):
    """At real speed from 93:08 (Sunderland's whistle has gone, City 2–2): the lobby open, the
    winner comes in, flashes on City's card, and the table and its headline turn."""
    provider, _ = final_day.recorded_day()
    whistle = final_day.full_time_at(provider, 90120521)
    site = site_at(tmp_path_factory.mktemp("aguero"), whistle + 1, speed=1)
    try:
        page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
        page.goto(f"{site.url}/")
        headline = page.locator("[data-day-table] [data-day-headlines] li").first
        assert headline.inner_text() == "As it stands: Manchester United are champions"
        city = page.locator(f'[data-fixture="{CITY}"]')
        flash = city.locator("[data-goal-flash]")
        height = city.bounding_box()["height"]
        flash.filter(has_text="GOAL · MCI 3–2 QPR").wait_for(timeout=30_000)
        assert city.bounding_box()["height"] == height  # the card never grows under a thumb
        assert city.get_attribute("data-flash") == "true"
        page.locator(
            "[data-day-headlines] li", has_text="As it stands: Manchester City are champions"
        ).wait_for(timeout=10_000)
        top = page.locator("[data-day-table] tbody tr").first
        assert top.get_attribute("data-team") == "Manchester City"
        assert (
            page.locator("[data-day-announcer]")
            .inner_text()
            .startswith("GOAL · Manchester City 3–2 Queens Park Rangers")
        )
        city.scroll_into_view_if_needed()
        page.screenshot(path=str(shots_dir(site) / "lobby-aguero-flash-phone.png"))
        assert serious_violations(page, axe_source) == []
    finally:
        site.stop()


LOBBY_NOW = """() => ({
  table: [...document.querySelectorAll('[data-day-table] tbody tr')].map((tr) => [
    tr.dataset.team, Number(tr.querySelector('.lt-pts').textContent),
    Number(tr.querySelectorAll('td.lt-num')[1].textContent)]),
  cards: [...document.querySelectorAll('[data-kind="feed"]')].map((card) => [
    ...[...card.querySelectorAll('.team-name')].map((n) => n.textContent),
    card.querySelector('[data-lobby-score]').textContent]),
})"""
PAGE_NOW = """() => [...document.querySelectorAll('[data-table-excerpt] tbody tr')]
  .map((tr) => tr.dataset.team)"""


def test_at_20x_the_lobby_and_a_page_keep_the_table_counted_from_the_scores(
    browser, tmp_path_factory
):
    """The second half at 20x, read every second and a half: each time, in one read of the
    page, the lobby's table is the one counted from its cards' scores; City's page shows the rows
    either side of City and QPR in that table (it reads the day on its own 3 s beat, so a goal
    may fall between the two reads: nine reads in ten must agree, and the last)."""
    provider, _ = final_day.recorded_day()
    city = provider.feeds[0]
    site = site_at(tmp_path_factory.mktemp("twenty"), city.second_half_start - 30, speed=20)
    try:
        context = browser.new_context(viewport=VIEWPORTS["desk"])
        lobby, match = context.new_page(), context.new_page()
        lobby.goto(f"{site.url}/")
        match.goto(f"{site.url}/matches/{CITY}/")
        lobby.wait_for_selector("[data-day-table] [data-league-rows][data-key]")
        played = (city.second_half_end - city.second_half_start + 30) / 20
        deadline = time.monotonic() + played + 8
        totals, agreed = set(), []
        while time.monotonic() < deadline:
            now = lobby.evaluate(LOBBY_NOW)
            scores = {
                (home, away): tuple(int(n) for n in score.split("–"))
                for home, away, score in now["cards"]
            }
            table = [(t, points, diff) for t, points, diff, _ in final_day.count_table(scores)]
            assert [tuple(row) for row in now["table"]] == table
            totals.add(sum(sum(score) for score in scores.values()))
            beside_now = beside(table, ["Manchester City", "Queens Park Rangers"])
            agreed.append(match.evaluate(PAGE_NOW) == beside_now)
            time.sleep(1.5)
        assert max(totals) == 32 and len(totals) >= 10  # the second half's goals went by
        assert sum(agreed) >= 0.9 * len(agreed) and agreed[-1]
    finally:
        site.stop()
