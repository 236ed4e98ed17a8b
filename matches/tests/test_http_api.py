import pytest

from matches import engine

pytestmark = pytest.mark.django_db


def test_it_lists_the_replay_fixture(client, replay):
    response = client.get("/api/matches/")
    assert response.status_code == 200
    [listed] = [row for row in response.json() if row["slug"] == "fiba-2019-bronze"]
    assert listed["kind"] == "replay"
    assert listed["teams"]["home"]["code"] == "FRA" and listed["teams"]["away"]["code"] == "AUS"


def test_state_gives_the_anchor_and_the_server_time(client, replay):
    body = client.get("/api/matches/fiba-2019-bronze/state").json()
    assert body["kind"] == "replay"
    assert body["anchor"] == {
        "baseStartedAt": replay.anchor.base_started_at,
        "tickMs": 1500,
        "pauseMs": 60_000,
        "lastSequence": 73,
    }
    assert body["serverNow"] >= replay.anchor.base_started_at


def test_events_fold_to_the_real_final_score(client, replay):
    body = client.get("/api/matches/fiba-2019-bronze/events").json()
    assert body["teams"] == {"home": "FRA", "away": "AUS"}
    assert len(body["events"]) == 73
    assert engine.fold_state(body["events"], 73, body["teams"])["score"] == {"FRA": 67, "AUS": 59}
    assert len(body["predictions"]) >= 8


def test_events_answer_a_matching_etag_with_304(client, replay):
    first = client.get("/api/matches/fiba-2019-bronze/events")
    assert first["ETag"] and "max-age" in first["Cache-Control"]
    again = client.get("/api/matches/fiba-2019-bronze/events", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_events_change_their_etag_when_the_stream_changes(client, replay):
    first = client.get("/api/matches/fiba-2019-bronze/events")["ETag"]
    replay.replay_events.filter(sequence=3).update(description="Kay — and one")
    assert (
        client.get("/api/matches/fiba-2019-bronze/events", HTTP_IF_NONE_MATCH=first).status_code
        == 200
    )


@pytest.mark.parametrize("path", ["state", "events"])
def test_an_unknown_slug_is_a_json_404(client, replay, path):
    response = client.get(f"/api/matches/no-such-match/{path}")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_fixture"
    assert "no-such-match" in response.json()["detail"]


def test_the_api_refuses_writes(client, replay):
    assert client.post("/api/matches/fiba-2019-bronze/state").status_code == 405


def test_state_says_so_when_the_anchor_is_missing(client, replay):
    replay.anchor.delete()
    response = client.get("/api/matches/fiba-2019-bronze/state")
    assert response.status_code == 409
    assert "ensure_anchor" in response.json()["detail"]


def test_healthz_reports_database_and_channel_layer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "channel_layer": "ok"}


def test_the_lobby_and_the_live_page_render(client, replay):
    lobby = client.get("/")
    assert lobby.status_code == 200 and b"/matches/fiba-2019-bronze/" in lobby.content
    live = client.get("/matches/fiba-2019-bronze/")
    assert live.status_code == 200
    assert b"REPLAY \xc2\xb7 2019 FIBA WORLD CUP \xc2\xb7 LOOP #" in live.content
    assert b"data-scoreboard" in live.content


def test_an_unknown_live_page_is_404(client, replay):
    assert client.get("/matches/no-such-match/").status_code == 404


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_write_to_the_api_is_a_json_405_not_a_csrf_failure():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/matches/fiba-2019-bronze/state")
    assert (
        response.status_code == 405
    )  # the API is read-only: a write is the wrong method (issue 16)
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD"
