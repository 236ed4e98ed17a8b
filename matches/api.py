"""The answers every app's fixture API shares (docs/protocol.md, HTTP): one home each.

`fixture_api_view` looks the fixture up (with its anchor) and answers an unknown slug with
`unknown_fixture`; `no_anchor` is the 409 of a replay nobody has anchored yet.
"""

from django.views.decorators.http import require_GET

from matches.models import Fixture
from rally.http import json_error

NO_ANCHOR = "The replay has no anchor yet"


def unknown_fixture(slug):
    return json_error(404, "unknown_fixture", f"No fixture with slug {slug!r}.")


def no_anchor():
    return json_error(409, "no_anchor", f"{NO_ANCHOR}: run `manage.py ensure_anchor`.")


def fixture_api_view(view):
    """A fixture API view (any app's): an unknown slug is a JSON 404, never an HTML page."""

    def wrapper(request, slug, *args, **kwargs):
        fixture = Fixture.objects.with_anchor(slug)
        if fixture is None:
            return unknown_fixture(slug)
        return view(request, fixture, *args, **kwargs)

    return require_GET(wrapper)
