"""A crowd answering at once, as one fan on a phone sees it: 2,000 fans (sockets driven from
this process) pick within a few seconds while a fan taps an answer at 390×844 with touch. The
fan's own pick shows at once; the share on the card moves during the storm and ends on the
room's true counts."""

import asyncio
import json
import re
import threading
import time

import pytest
from playwright.sync_api import expect

from testsupport.replay import SLUG
from testsupport.site import ONE_ADDRESS_MANY_FANS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
CROWD, STORM_S = 2000, 4.0
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def crowd_site(site_factory):
    site = site_factory(env=ONE_ADDRESS_MANY_FANS)
    site.prepare("--tick-ms", "60000")  # q1-leader open for the whole test
    return site.start("serve")


async def join_crowd(node, ready):
    """CROWD joined sockets, each named, in batches (the room sees them arrive)."""
    from websockets.asyncio.client import connect

    url = f"{node.ws_url}/ws/matches/{SLUG}/"
    sockets = []
    while len(sockets) < CROWD:
        batch = await asyncio.gather(
            *(
                connect(url, origin=node.url, proxy=None, max_queue=None, open_timeout=30)
                for _ in range(100)
            )
        )
        for ws in batch:
            await ws.send(json.dumps({"type": "join", "name": f"Fan {len(sockets)}"}))
            sockets.append(ws)
    for ws in sockets:
        while json.loads(await ws.recv())["type"] != "welcome":
            pass
    ready.set()
    return sockets


async def storm(sockets, go):
    """Every socket picks once, spread over STORM_S: 3 in 5 for France."""
    while not go.is_set():
        await asyncio.sleep(0.05)

    async def one(index, ws):
        await asyncio.sleep(index * STORM_S / len(sockets))
        choice = "FRA" if index % 5 < 3 else "AUS"
        await ws.send(
            json.dumps({"type": "pick", "prediction": "q1-leader", "choice": choice, "loop": 1})
        )

    await asyncio.gather(*(one(index, ws) for index, ws in enumerate(sockets)))
    await asyncio.sleep(3)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


def test_a_phone_shows_its_own_pick_at_once_and_the_share_moving_through_a_storm_of_2000(
    browser, crowd_site, tmp_path
):
    ready, go = threading.Event(), threading.Event()
    crowd = threading.Thread(
        target=lambda: asyncio.run(run_crowd(crowd_site, ready, go)), daemon=True
    )
    crowd.start()
    assert ready.wait(120), "the crowd could not join"

    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{crowd_site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    page.fill("[data-join-name]", "Kim")
    page.press("[data-join-name]", "Enter")
    expect(page.locator("[data-join-submit]")).to_have_text("Joined ✓")

    card = page.locator('[data-tray] [data-prediction="q1-leader"][data-status="open"]')
    aus = card.locator('[data-option="AUS"]')
    share = card.locator('[data-option="FRA"] .option-share')
    go.set()
    aus.tap()
    expect(aus).to_have_attribute(
        "aria-pressed", "true", timeout=1000
    )  # the fan's own pick, at once
    expect(card.locator(".prediction-mine")).to_have_text("Your pick: Australia.", timeout=3000)

    seen, deadline = set(), time.monotonic() + STORM_S + 15
    final = f"60% · {CROWD * 3 // 5} picks"
    while time.monotonic() < deadline and final not in seen:
        seen.add(share.inner_text())
        time.sleep(0.1)
    page.screenshot(path=str(tmp_path / "storm.png"))
    assert final in seen, f"the share never reached the room's counts: {sorted(seen)}"
    moving = [text for text in seen if re.fullmatch(r"\d+% · \d+ picks?", text)]
    assert len(moving) >= 4, f"the share should move through the storm: {sorted(seen)}"
    # Kim's AUS is counted too: 2,000 fans and Kim.
    expect(card.locator('[data-option="AUS"] .option-share')).to_have_text(
        f"40% · {CROWD * 2 // 5 + 1} picks"
    )
    crowd.join(30)
    assert not errors, errors
    context.close()


async def run_crowd(node, ready, go):
    sockets = await join_crowd(node, ready)
    await storm(sockets, go)
