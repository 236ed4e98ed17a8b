import pytest
from channels.testing import WebsocketCommunicator

from rally.asgi import application

REPLAY_SOCKET = "/ws/matches/fiba-2019-bronze/"


@pytest.mark.django_db(transaction=True)
async def test_a_socket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, REPLAY_SOCKET, headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
async def test_a_socket_without_an_origin_is_refused():
    communicator = WebsocketCommunicator(application, REPLAY_SOCKET)
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db
def test_the_admin_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/admin/matches/fixture/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_admin_is_closed_to_signed_in_non_staff(client, django_user_model):
    user = django_user_model.objects.create_user("fan", password="a-long-enough-password")
    client.force_login(user)
    assert client.get("/admin/matches/fixture/").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_form_needs_its_csrf_token(django_user_model):
    from django.test import Client

    django_user_model.objects.create_superuser("boss", password="a-long-enough-password")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/", {"username": "boss", "password": "a-long-enough-password"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_can_browse_fixtures_anchors_and_events(admin_client):
    from django.core.management import call_command

    call_command("seed_replay")
    call_command("ensure_anchor")
    for path in (
        "/admin/matches/fixture/",
        "/admin/matches/replayanchor/",
        "/admin/matches/replayevent/",
    ):
        response = admin_client.get(path)
        assert response.status_code == 200, path
    assert b"De Colo" in admin_client.get("/admin/matches/replayevent/?q=colo").content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/matches/", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_responses_carry_hsts_when_it_is_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", headers={"x-forwarded-proto": "https"})
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_behind_the_proxy_plain_http_is_redirected_to_https_when_asked(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/api/matches/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
