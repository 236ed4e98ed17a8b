import pytest
from channels.testing import WebsocketCommunicator

from rally.asgi import application

REPLAY_SOCKET = "/ws/matches/fiba-2019-bronze/"


@pytest.mark.django_db(transaction=True)
async def test_a_socket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(application, REPLAY_SOCKET, headers=[(b"origin", b"https://evil.example")])
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
    response = client.post("/admin/login/", {"username": "boss", "password": "a-long-enough-password"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_can_browse_fixtures_anchors_and_events(admin_client):
    from django.core.management import call_command

    call_command("seed_replay")
    call_command("ensure_anchor")
    for path in ("/admin/matches/fixture/", "/admin/matches/replayanchor/", "/admin/matches/replayevent/"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
    assert b"De Colo" in admin_client.get("/admin/matches/replayevent/?q=colo").content
