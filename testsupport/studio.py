"""The Prompt Studio's forms as a client fills them (the versions its page was rendered with)."""

import re

SEEN = re.compile(r'name="(seen_(?:version|production|at))" value="([^"]*)"')


def seen_on(client, url):
    """The hidden `seen_*` fields of the Studio page at `url`, as its form would post them."""
    fields = dict(SEEN.findall(client.get(url).content.decode()))
    assert set(fields) == {"seen_version", "seen_production", "seen_at"}, f"no seen fields on {url}"
    return fields
