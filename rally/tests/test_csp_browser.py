"""Issue 16: the strict Content-Security-Policy breaks nothing in a real browser, the admin
included (the `page` fixture fails a test on any CSP violation in the console)."""

import pytest

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
CREATE_BOSS = f"""
from django.contrib.auth.models import User
User.objects.create_superuser("boss", password="{PASSWORD}")
"""


def logged_in_as_superuser(site_factory, page, next_path):
    """A fresh site, and `page` logged into its admin and sent on to `next_path`."""
    site = site_factory().prepare()
    site.manage("shell", "-c", CREATE_BOSS)
    site.start("serve")
    page.goto(f"{site.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return site


def test_the_admin_pages_work_under_the_csp(site_factory, page):
    site = logged_in_as_superuser(site_factory, page, "/admin/")
    page.wait_for_selector("#content-main")
    for path in (
        "/admin/matches/fixture/",
        "/admin/showrunner/prompt/",
        "/admin/showrunner/script/",
        "/admin/auth/user/add/",
    ):
        page.goto(f"{site.url}{path}")
        page.wait_for_selector("#content-main")
    page.goto(f"{site.url}/admin/showrunner/prompt/")
    page.click("text=PROMPT#SHOWRUNNER_LIVE")
    page.wait_for_selector("[data-preview-output]")
    page.goto(f"{site.url}/admin/showrunner/scheduleitem/")
    # The hour marks sit where the stylesheet puts them (no style attributes any more).
    left = page.eval_on_selector(".timeline-hour-12", "el => getComputedStyle(el).left")
    width = page.eval_on_selector(
        ".timeline-scale .timeline-track", "el => getComputedStyle(el).width"
    )
    assert abs(float(left[:-2]) - float(width[:-2]) / 2) < 1


def test_the_timeline_places_its_bars_from_data_attributes(site_factory, page):
    logged_in_as_superuser(site_factory, page, "/admin/showrunner/scheduleitem/")
    page.wait_for_selector("[data-timeline]")
    page.evaluate("""() => {
        const bar = document.createElement("span");
        bar.dataset.left = "25"; bar.dataset.width = "10"; bar.id = "probe";
        document.querySelector("[data-timeline]").append(bar);
    }""")
    page.add_script_tag(url="/static/showrunner/timeline.js?again", type="module")
    page.wait_for_function("() => document.getElementById('probe').style.left === '25%'")
    assert page.eval_on_selector("#probe", "el => el.style.width") == "10%"
