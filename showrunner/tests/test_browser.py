"""The showrunner in a real deployment (`manage.py serve`) seen through a real browser."""

import json
import time
import urllib.request

import pytest

from testsupport.fake_models import FakeModelServer
from testsupport.presenter import PASSWORD
from testsupport.site import Site

pytestmark = pytest.mark.browser
SLUG = "fiba-2019-bronze"
# A replay (and a recorded match played again) is never called live.
BADGES = {"PRE_MATCH": "PRE-MATCH", "LIVE": "REPLAY", "POST_MATCH": "POST-MATCH"}
CHANGE = "Open with the word Boom."
CREATE_EDITOR = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user("editor", password="{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
"""


def wait_until(condition, timeout=20, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    raise AssertionError("condition not met in time")


def shown_ids(page):
    return page.eval_on_selector_all(
        "[data-script-list] li", "items => items.map(i => i.dataset.scriptId)"
    )


@pytest.fixture(scope="module")
def director_site(tmp_path_factory):
    """The whole site with the director speaking every second."""
    site = Site(
        tmp_path_factory.mktemp("director"),
        env={
            "SHOWRUNNER_INTERVAL_S": "1",
            "SHOWRUNNER_QUIET_GAP_S": "1",
            "SHOWRUNNER_MIN_GAP_S": "1",
        },
    ).prepare()
    site.start("serve")
    yield site
    site.stop()


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def test_a_script_sent_by_the_director_appears_in_an_open_pages_presenter_panel(
    director_site, page
):
    page.goto(f"{director_site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-presenter][data-loaded=true]")
    before = set(shown_ids(page))

    # The page never polls for scripts: a new one can only have come over the socket.
    page.wait_for_function(
        "before => [...document.querySelectorAll('[data-script-list] li')]"
        ".some(item => !before.includes(item.dataset.scriptId))",
        arg=list(before),
        timeout=15_000,
    )
    newest = page.locator("[data-script-list] li").first
    stored = {str(s["id"]): s for s in get_json(f"{director_site.url}/api/matches/{SLUG}/scripts")}
    script = stored[newest.get_attribute("data-script-id")]
    assert newest.locator(".script-text").inner_text() == script["text"]
    assert newest.locator(".script-badge").inner_text() == BADGES[script["mode"]]
    assert page.locator("[data-read-aloud-label]").is_visible()  # Chromium has speech synthesis


def test_the_feed_page_has_the_presenter_panel_too(director_site, page):
    def city():
        found = get_json(f"{director_site.url}/api/matches/")
        return [f for f in found if f["slug"] == "mci-v-qpr-90120513"]

    wait_until(city)  # the poller stores the recorded day on its first cycle
    (feed,) = city()
    page.goto(f"{director_site.url}{feed['url']}")
    badge = page.locator("[data-script-list] li .script-badge").first
    badge.wait_for(timeout=15_000)
    assert badge.inner_text() in BADGES.values()


def test_an_editor_changes_the_live_prompt_in_the_studio_and_the_model_hears_it(site_factory, page):
    with FakeModelServer() as model:
        site = site_factory(
            env={
                "SHOWRUNNER_INTERVAL_S": "1",
                "SHOWRUNNER_QUIET_GAP_S": "1",
                "SHOWRUNNER_MIN_GAP_S": "1",
                "SHOWRUNNER_BACKEND": "anthropic",
                "ANTHROPIC_API_KEY": "sk-ant-test",
                "ANTHROPIC_BASE_URL": model.url,
            }
        ).prepare("--tick-ms", "5000")  # six minutes of LIVE: the whole test speaks in that mode
        site.manage("shell", "-c", CREATE_EDITOR)
        site.start("serve")

        def live_prompts_sent():
            return [
                r.body["messages"][0]["content"]
                for r in model.requests
                if "Score:" in r.body["messages"][0]["content"]
            ]

        page.goto(f"{site.url}/admin/login/?next=/admin/showrunner/prompt/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.click("text=PROMPT#SHOWRUNNER_LIVE")

        preview = page.locator("[data-preview-output]")
        preview.filter(has_text="France 52–47 Australia").wait_for()  # filled with the samples
        original = page.input_value("#id_text")
        page.fill("#id_text", original + "\n{{ referee }}")
        page.locator("[data-preview-errors]").filter(
            has_text="Unknown variable {{ referee }}"
        ).wait_for()
        page.fill("#id_text", original.replace("Write ONE line", CHANGE + " Write ONE line"))
        preview.filter(has_text=CHANGE).wait_for()
        page.select_option("[data-preview-fixture]", SLUG)
        preview.filter(has_text="replay loop #").wait_for()

        page.click("[data-sample-button]")
        page.locator("[data-sample-meta]").filter(has_text="Written by: anthropic").wait_for()

        page.fill("#id_note", "open with a bang")
        page.click("[data-save]")
        page.locator(".messagelist").filter(has_text="Saved as draft v2").wait_for()
        page.locator("[data-draft-diff] .diff-added").filter(has_text=CHANGE).wait_for()
        page.click("[data-publish-button]")  # the confirmation names v2 with its diff
        page.fill("#publish-note", "tried on the replay")
        page.click("[data-confirm-publish='2']")
        page.locator(".messagelist").filter(has_text="Published v2").wait_for()
        wait_until(lambda: any(CHANGE in prompt for prompt in live_prompts_sent()[-2:]))

        page.click("a.historylink")
        page.click("[data-restore='1']")
        page.click("[data-confirm-restore]")
        page.locator(".messagelist").filter(has_text="Restored version 1 as draft v3").wait_for()
        page.click("[data-publish-button]")
        page.fill("#publish-note", "back to the default")
        page.click("[data-confirm-publish='3']")
        page.locator(".messagelist").filter(has_text="Published v3").wait_for()
        heard = len(model.requests)
        wait_until(
            lambda: len(model.requests) > heard + 1 and CHANGE not in live_prompts_sent()[-1]
        )
