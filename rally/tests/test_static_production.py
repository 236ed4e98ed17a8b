"""Static files as production serves them (collectstatic, DEBUG off): hashed names whose ES
module imports still resolve in Chromium, far-future caching and compression. And the football
page says when its data is stale (a web node with no worker: the poller never ran)."""

import json
import re
import urllib.request

import pytest

pytestmark = [pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def collected_site(tmp_path_factory):
    from testsupport.site import Site

    workdir = tmp_path_factory.mktemp("collected")
    site = Site(workdir, env={"STATIC_ROOT": str(workdir / "static"), "DEBUG": "0"}).prepare()
    site.manage("collectstatic", "--noinput", "-v", "0")
    site.manage("poll_fixtures", "--once")  # the recorded match's fixture, read once by hand
    site.start("web")  # no worker: the loops never report
    yield site
    site.stop()


def fetch(url, **headers):
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers), timeout=10
    ) as response:
        return response.status, dict(response.headers), response.read()


def test_the_replay_page_runs_on_hashed_modules(collected_site, page):
    page.goto(f"{collected_site.url}/")
    page.goto(f"{collected_site.url}/matches/fiba-2019-bronze/")
    page.wait_for_selector("[data-loop-number]:not(:text('–'))", timeout=15000)
    scripts = page.eval_on_selector_all("script[type=module]", "nodes => nodes.map(n => n.src)")
    assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", src) for src in scripts), scripts
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.screenshot(
            path=str(collected_site.workdir / f"replay-{size['width']}.png"), full_page=True
        )


def test_a_hashed_module_is_cached_for_good_and_compressed(collected_site):
    manifest = json.loads((collected_site.workdir / "static" / "staticfiles.json").read_text())[
        "paths"
    ]
    hashed = manifest["predictions/game.js"]
    status, headers, _ = fetch(
        f"{collected_site.url}/static/{hashed}", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert (
        "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    )
    source = (collected_site.workdir / "static" / hashed).read_text()
    assert (
        manifest["predictions/join.js"].rsplit("/", 1)[1] in source
    )  # its imports point at hashed names


def test_the_football_page_says_its_data_is_stale(collected_site, page):
    matches = json.loads(fetch(f"{collected_site.url}/api/matches/")[2])
    slug = next(match["slug"] for match in matches if match["kind"] != "replay")
    page.goto(f"{collected_site.url}/matches/{slug}/")
    notice = page.locator("[data-feed-staleness]")
    notice.wait_for(state="visible", timeout=10000)
    assert "score feed" in notice.text_content()
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.screenshot(path=str(collected_site.workdir / f"football-{size['width']}.png"))
