"""Issue 16: nothing a hostile client sends gets an HTML error (or a 500) from the API, HEAD is
GET everywhere, the admin login throttles, every page carries a strict CSP and a
Permissions-Policy, and sockets are accepted only from this site's own origin."""

import json

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

from rally.asgi import application

SLUG = "fiba-2019-bronze"
REPLAY_SOCKET = f"/ws/matches/{SLUG}/"


@pytest.fixture
def replay(db):
    """The seeded replay fixture with its anchor, as `make run` leaves it."""
    from django.core.management import call_command

    from matches.models import Fixture

    call_command("seed_replay", stdout=None)
    call_command("ensure_anchor", stdout=None)
    return Fixture.objects.get(slug=SLUG)


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


# Every answer under /api/ is JSON


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_out_of_range_schedule_date_is_a_400_with_a_reason(client, day):
    response = client.get(f"/api/schedule?date={day}")
    assert_json_error(response, 400)
    assert "between" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writes_to_the_api_are_json_405s_with_allow_not_csrf_403s(method):
    for path in ("/api/matches/", f"/api/matches/{SLUG}/state", "/api/schedule", "/api/nothing"):
        response = getattr(Client(enforce_csrf_checks=True), method)(path)
        assert_json_error(response, 405)
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_too_many_query_fields_is_a_json_400(client, settings):
    query = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert_json_error(client.get(f"/api/schedule?{query}"), 400)


@pytest.mark.django_db
def test_a_bad_host_is_a_json_400_under_the_api_and_a_page_elsewhere(client):
    assert_json_error(client.get("/api/matches/", HTTP_HOST="evil.example"), 400)
    page = client.get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_a_server_error_under_the_api_is_json(client, monkeypatch):
    from matches import views

    monkeypatch.setattr(views.Fixture.objects, "all", lambda: 1 / 0)
    client.raise_request_exception = False
    assert_json_error(client.get("/api/matches/"), 500)


# HEAD is GET without a body, pages and API alike


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/matches/{SLUG}/",
        "/api/matches/",
        f"/api/matches/{SLUG}/state",
        f"/api/matches/{SLUG}/events",
        "/api/schedule",
        "/healthz",
    ],
)
def test_head_is_answered_as_get(client, replay, path):
    get, head = client.get(path), client.head(path)
    assert get.status_code == 200, path
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.django_db
def test_an_unknown_api_path_stays_a_json_404_for_head_too(client):
    assert client.head("/api/nothing").status_code == 404


# The staff pages answer hostile input with a 400, never a 500


@pytest.fixture
def staff(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_schedule_timeline_refuses_days_at_the_ends_of_the_calendar(staff, day):
    assert staff.get(f"/admin/showrunner/scheduleitem/?day={day}").status_code == 400
    assert staff.get("/admin/showrunner/scheduleitem/?day=9999-12-30").status_code == 200


def _prompt_urls():
    from showrunner.models import Prompt

    prompt = Prompt.objects.first()
    prompt.save_version(prompt.text + "\n", None)
    number = prompt.current_version().number
    return prompt, f"/admin/showrunner/prompt/{prompt.pk}/history/{number}/"


@pytest.mark.django_db
@pytest.mark.parametrize("against", ["²", "9" * 5000, "9" * 4000])
def test_prompt_history_refuses_a_version_that_only_looks_like_a_number(staff, against):
    _, url = _prompt_urls()
    assert staff.get(url, {"against": against}).status_code == 400


@pytest.mark.django_db
def test_the_preview_refuses_deeply_nested_json_with_a_400(staff):
    prompt, _ = _prompt_urls()
    body = "[" * 100_000 + "]" * 100_000
    url = f"/admin/showrunner/prompt/{prompt.pk}/preview/"
    response = staff.post(url, body, content_type="application/json")
    assert response.status_code == 400
    nested_text = json.dumps({"text": {"a": [1]}})
    assert staff.post(url, nested_text, content_type="application/json").status_code == 400


# The admin login: django-axes


@pytest.mark.django_db
def test_the_admin_login_locks_a_username_and_address_out_after_a_few_failures(
    client, django_user_model, settings
):
    from django.core.management import call_command

    django_user_model.objects.create_superuser("boss", password="a-long-enough-password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert locked.status_code == 429
    assert (
        b"Too many failed sign-ins" in locked.content and b"axes_reset_username" in locked.content
    )
    assert b'href="/admin/login/">Back to the sign-in page' in locked.content  # framed, a way back
    # Locked out: even the right password is refused until the cool-off or an operator's reset.
    assert (
        client.post(
            "/admin/login/", {"username": "boss", "password": "a-long-enough-password"}
        ).status_code
        == 429
    )
    # Another address is not locked out by this one's failures.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert (
        other.post(
            "/admin/login/", {"username": "boss", "password": "a-long-enough-password"}
        ).status_code
        == 302
    )
    call_command("axes_reset_username", "boss")
    assert (
        client.post(
            "/admin/login/", {"username": "boss", "password": "a-long-enough-password"}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    client, django_user_model, settings
):
    django_user_model.objects.create_superuser("boss", password="a-long-enough-password")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "boss", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        "/admin/login/",
        {"username": "boss", "password": "a-long-enough-password"},
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert response.status_code == 429


# Content-Security-Policy and Permissions-Policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", f"/matches/{SLUG}/", "/api/matches/", "/admin/login/", "/api/nothing"]
)
def test_every_answer_carries_a_strict_csp_and_a_permissions_policy(client, replay, path):
    response = client.get(path)
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert (
        policy["connect-src"].startswith("'self'") and "ws://127.0.0.1:*" in policy["connect-src"]
    )
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert (
        "camera=()" in response["Permissions-Policy"]
        and "geolocation=()" in response["Permissions-Policy"]
    )


def test_no_template_has_inline_script_or_style():
    import re
    from pathlib import Path

    from testsupport.site import BASE_DIR

    inline = re.compile(
        r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\s(src=|type=\"application/json\"))"
    )
    offenders = [
        f"{path.relative_to(BASE_DIR)}: {match.group(0)}"
        for path in Path(BASE_DIR).glob("*/**/templates/**/*.html")
        if ".venv" not in path.parts
        for match in inline.finditer(path.read_text())
    ]
    assert not offenders


# The socket's origin: scheme, host and port


async def _connects(*headers):
    communicator = WebsocketCommunicator(application, REPLAY_SOCKET, headers=list(headers))
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "origin",
    [
        b"http://localhost:9999",  # another port
        b"https://localhost:8000",  # another scheme
        b"http://evil.example@localhost:8000",  # credentials: no browser sends them
        b"http://localhost:8000.evil.example",
        b"http://localhost:8000/path",
        b"null",
        b"http://evil.example",
    ],
)
async def test_a_socket_from_another_origin_of_an_allowed_host_is_refused(replay, origin):
    assert not await _connects((b"origin", origin), (b"host", b"localhost:8000"))


@pytest.mark.django_db(transaction=True)
async def test_a_socket_from_the_sites_own_origin_is_accepted(replay):
    assert await _connects((b"origin", b"http://localhost:8000"), (b"host", b"localhost:8000"))
    assert await _connects((b"origin", b"http://localhost"), (b"host", b"localhost"))
    assert await _connects(
        (b"origin", b"https://localhost"), (b"host", b"localhost"), (b"x-forwarded-proto", b"https")
    )


@pytest.mark.django_db(transaction=True)
async def test_a_disallowed_host_is_refused_even_from_its_own_origin(replay):
    assert not await _connects((b"origin", b"http://evil.example"), (b"host", b"evil.example"))


@pytest.mark.django_db(transaction=True)
async def test_a_csrf_trusted_origin_is_accepted_exactly(replay, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://rally.example.com"]
    assert await _connects((b"origin", b"https://rally.example.com"), (b"host", b"localhost:8001"))
    assert not await _connects(
        (b"origin", b"http://rally.example.com"), (b"host", b"localhost:8001")
    )
