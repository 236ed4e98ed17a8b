"""The answers every app's fixture API shares (docs/protocol.md, HTTP): one home each.

`fixture_api_view` looks the fixture up (with its anchor) and answers an unknown slug with
`unknown_fixture`; `no_anchor` is the 409 of a replay nobody has anchored yet.
"""

from django.views.decorators.http import require_GET

from matches.models import Fixture
from rally.http import json_error

NO_ANCHOR = "The replay has no anchor yet"
SLUG_MAX_LENGTH = Fixture._meta.get_field(
    "slug"
).max_length  # longer: a made-up URL, never looked up


def unknown_fixture(slug):
    return json_error(404, "unknown_fixture", f"No fixture with slug {slug!r}.")


def no_anchor():
    return json_error(409, "no_anchor", f"{NO_ANCHOR}: run `manage.py ensure_anchor`.")


def fixture_api_view(view):
    """A fixture API view (any app's): an unknown slug is a JSON 404, never an HTML page."""

    def wrapper(request, slug, *args, **kwargs):
        # A slug no fixture can have costs no query: a flood of made-up URLs opens no
        # database connection (each request's thread would open its own).
        fixture = Fixture.objects.with_anchor(slug) if len(slug) <= SLUG_MAX_LENGTH else None
        if fixture is None:
            return unknown_fixture(slug)
        return view(request, fixture, *args, **kwargs)

    return require_GET(wrapper)
