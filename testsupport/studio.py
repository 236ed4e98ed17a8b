"""The Prompt Studio as editors use it: its forms as a client posts them (with the versions the
page was rendered with), and editors signed in to a whole site in a browser of their own."""

import re
from pathlib import Path

from testsupport.presenter import PASSWORD

SEEN = re.compile(r'name="(seen_(?:version|production|at))" value="([^"]*)"')
SHOTS = Path("/tmp/rally-shots/issue27")


def seen_on(client, url):
    """The hidden `seen_*` fields of the Studio page at `url`, as its form would post them."""
    fields = dict(SEEN.findall(client.get(url).content.decode()))
    assert set(fields) == {"seen_version", "seen_production", "seen_at"}, f"no seen fields on {url}"
    return fields


def make_editors(site, *names):
    """Staff accounts in the Editors group on a whole site (testsupport.site)."""
    code = "\n".join(
        [
            "from django.contrib.auth.models import Group, User",
            "editors = Group.objects.get(name='Editors')",
            *(
                f"User.objects.create_user({name!r}, password={PASSWORD!r}, is_staff=True)"
                ".groups.add(editors)"
                for name in names
            ),
        ]
    )
    site.manage("shell", "-c", code)


def sign_in(browser, site, name, viewport=None):
    """A browser context of the editor's own, signed in to the admin: its page."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site.url}/admin/login/?next=/admin/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page


def shot(page, name, at=None):
    """A screenshot of the window (scrolled to the selector `at`) for the report."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if at:
        page.locator(at).first.evaluate("node => node.scrollIntoView({block: 'start'})")
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
