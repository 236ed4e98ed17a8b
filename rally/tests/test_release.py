"""A rolling release never breaks a page: one module changed, collected, the nodes restarted one
at a time, and every hashed name of both releases (a page's modules and everything they import)
answered by every node before, during and after the roll; a page opened before the release
loads its old modules after it."""

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest

from testsupport.site import BASE_DIR, Site

pytestmark = [pytest.mark.timeout(240)]
PAGES = ["/matches/fiba-2019-bronze/", "/"]
CHANGED = "rally/socket.js"  # imported by the replay page's modules, so their hashes change too
MODULE = re.compile(r'<script type="module" src="([^"]+)"')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
IMPORT = re.compile(
    r'(?:import|export)[^"\']*?from\s*["\']([^"\']+)["\']|import\s*["\']([^"\']+)["\']'
)


def get(url):
    """(status, headers, text) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def page_assets(node, path):
    """Every static path a page loads: its stylesheets, its modules and all they import."""
    status, _, html = get(node.url + path)
    assert status == 200, path
    pending = [*MODULE.findall(html), *STYLESHEET.findall(html)]
    seen = set()
    while pending:
        asset = pending.pop()
        if asset in seen:
            continue
        seen.add(asset)
        status, _, text = get(node.url + asset)
        assert status == 200, f"{asset} from the node that rendered the page"
        if asset.endswith(".js"):
            pending += [urljoin(asset, a or b) for a, b in IMPORT.findall(text)]
    return seen


def release_assets(node):
    return set().union(*(page_assets(node, path) for path in PAGES))


def missing(nodes, assets):
    """(node port, asset) of every asset some node does not answer 200 with, cached for good."""
    answers = {(node.port, asset): get(node.url + asset) for node in nodes for asset in assets}
    return sorted(
        (key, status)
        for key, (status, headers, _) in answers.items()
        if status != 200 or "immutable" not in headers.get("Cache-Control", "")
    )


@pytest.fixture
def release_two(tmp_path):
    """Settings for collecting the next release: the project's, with CHANGED edited."""
    override = tmp_path / "override"
    (override / CHANGED).parent.mkdir(parents=True)
    original = (BASE_DIR / "static" / CHANGED).read_text()
    (override / CHANGED).write_text(original + "\n// the next release\n")
    (tmp_path / "release_two_settings.py").write_text(
        "from rally.settings import *  # noqa: F403\n"
        f"STATICFILES_DIRS = [{str(override)!r}, *STATICFILES_DIRS]  # noqa: F405\n"
    )
    return {"DJANGO_SETTINGS_MODULE": "release_two_settings", "PYTHONPATH": str(tmp_path)}


def test_a_rolling_release_answers_every_hashed_name_of_both_releases_on_every_node(
    tmp_path, release_two
):
    static_root = tmp_path / "static"
    site = Site(tmp_path, env={"STATIC_ROOT": str(static_root), "DEBUG": "0"}).prepare()
    try:
        site.manage("collectstatic", "--noinput", "-v", "0")
        nodes = [site.start("web"), site.start("web")]
        before = release_assets(nodes[0])  # a page opened before the release

        site.manage("collectstatic", "--noinput", "-v", "0", env=release_two)
        assert not missing(nodes, before), "collecting the next release breaks no open page"
        nodes[1].stop()
        nodes[1] = site.start("web", port=nodes[1].port)  # mid-roll: one node on each release
        after = release_assets(nodes[1])
        changed = {asset for asset in after - before if asset.endswith(".js")}
        assert len(changed) > 1, "the changed module and its importers have new names"
        assert release_assets(nodes[0]) == before, "the old node still renders the old release"
        assert missing(nodes, before | after) == [], "mid-roll, every node answers both releases"

        nodes[0].stop()
        nodes[0] = site.start("web", port=nodes[0].port)
        assert release_assets(nodes[0]) == after
        assert missing(nodes, before | after) == [], (
            "after the roll, a page opened before it still gets its modules"
        )
    finally:
        site.stop()
