"""/state's cache hits answered in front of Django (matches.fast_state): the same bytes a page
gets from Django's view, headers included, without Django's stack."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator

from matches.fast_state import StateFastPath
from rally.asgi import django_asgi_app

pytestmark = pytest.mark.django_db(transaction=True)  # Django answers on its own thread
STATE = "/api/matches/fiba-2019-bronze/state"
HOST = [(b"host", b"localhost")]


class CountingDjango:
    """Django's ASGI app, counting what reaches it."""

    def __init__(self):
        self.requests = 0

    async def __call__(self, scope, receive, send):
        self.requests += 1
        return await django_asgi_app(scope, receive, send)


@pytest.fixture
def django():
    return CountingDjango()


@pytest.fixture
def fast(django):
    return StateFastPath(django)


def ask(app, path, method="GET", headers=HOST):
    response = async_to_sync(HttpCommunicator(app, method, path, headers=headers).get_response)()
    return response["status"], dict(response["headers"]), response["body"]


def comparable(answer):
    """An answer without what differs between any two answers: the clock and what follows from it."""
    status, headers, body = answer
    headers = {
        name.lower(): value
        for name, value in headers.items()
        if name.lower() not in (b"etag", b"content-length")
    }
    if (
        b"content-security-policy" in headers
    ):  # django-csp orders its directives differently each time
        headers[b"content-security-policy"] = sorted(
            headers[b"content-security-policy"].split(b"; ")
        )
    document = json.loads(body) if body else None
    if isinstance(document, dict):
        document.pop("serverNow", None)
    return status, headers, document


@pytest.mark.parametrize("path", [STATE, "/api/matches/no-such-match/state"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_cache_hit_answers_as_django_does_without_django(fast, django, replay, path, method):
    from_django = ask(fast, path, method)
    from_cache = ask(fast, path, method)
    assert django.requests == 1, "the second answer came from the cache"
    assert comparable(from_cache) == comparable(from_django)
    headers = {name.lower(): value for name, value in from_cache[1].items()}
    assert (
        headers[b"x-frame-options"] == b"DENY"
        and b"permissions-policy" in headers
        and b"content-security-policy" in headers
    )
    assert int(headers[b"content-length"]) == len(from_cache[2])


def test_a_slug_longer_than_any_fixture_s_is_left_to_django(fast, django, replay):
    path = "/api/matches/" + "x" * 300 + "/state"
    first, second = ask(fast, path), ask(fast, path)
    assert django.requests == 2
    assert first[0] == second[0] == 404


def test_its_etag_is_the_md5_of_its_body_as_django_makes_it(fast, replay):
    import hashlib

    ask(fast, STATE)
    _, headers, body = ask(fast, STATE)
    assert headers[b"ETag"] == b'"%s"' % hashlib.md5(body).hexdigest().encode()
    assert json.loads(body)["anchor"] == replay.anchor.as_protocol()


@pytest.mark.parametrize(
    "method, headers",
    [
        ("POST", HOST),  # the 405 with Allow
        ("GET", [(b"host", b"evil.example")]),  # Django's 400 for a host it does not serve
        ("GET", [*HOST, (b"if-none-match", b"*")]),  # ConditionalGetMiddleware's
    ],
)
def test_what_is_not_a_plain_read_stays_django_s(fast, django, replay, method, headers):
    ask(fast, STATE)
    before = django.requests
    assert comparable(ask(fast, STATE, method, headers)) == comparable(
        ask(django_asgi_app, STATE, method, headers)
    )
    assert django.requests == before + 1


def test_https_answers_learn_django_s_headers_of_their_own(fast, django, replay):
    """Django's security headers differ over HTTPS (HSTS when it is configured)."""
    secure = [*HOST, (b"x-forwarded-proto", b"https")]
    ask(fast, STATE)
    from_django, from_cache = ask(fast, STATE, headers=secure), ask(fast, STATE, headers=secure)
    assert django.requests == 2, "the first HTTPS answer was Django's"
    assert comparable(from_cache) == comparable(from_django)
