"""GET /api/matches/<slug>/standings?loop=N: the server's leaderboard, by the shared engine."""

import pytest
from django.utils import timezone

from matches.models import Fixture
from predictions import engine
from testsupport.replay import SLUG, keep_pick, set_clock

pytestmark = pytest.mark.django_db
URL = f"/api/matches/{SLUG}/standings"


def stream(client):
    return client.get(f"/api/matches/{SLUG}/events").json()


def keep(fixture, name, prediction, choice, loop):
    keep_pick(fixture, name, prediction, choice, loop)


def test_it_scores_the_current_loop_up_to_now(client, replay):
    set_clock(replay, sequence=20, loop=2)
    keep(replay, "Alice", "q1-leader", "FRA", 2)
    keep(replay, "Bob", "q1-leader", "AUS", 2)
    body = client.get(f"{URL}?loop=2").json()
    events, predictions = stream(client)["events"], stream(client)["predictions"]
    assert body["loop"] == 2 and body["sequence"] == 20 and body["pruned"] is False
    assert body["results"] == engine.resolutions(predictions, events, 20)
    picks = [
        {"name": "Alice", "prediction": "q1-leader", "choice": "FRA"},
        {"name": "Bob", "prediction": "q1-leader", "choice": "AUS"},
    ]
    assert body["standings"] == engine.standings(1, picks, events, predictions, 20)


def test_the_rows_carry_name_points_rank_and_bot(client, replay):
    set_clock(replay, sequence=20)
    keep(replay, "Alice", "q1-leader", "FRA", 1)
    rows = client.get(URL).json()["standings"]
    assert {row["name"] for row in rows} == {"Chalk", "Flip", "Rebel", "Alice"}
    assert {row["bot"] for row in rows} == {"cpu_chalk", "cpu_flip", "cpu_rebel", None}
    assert rows[0]["rank"] == 1 and all(
        set(row) == {"name", "points", "rank", "bot"} for row in rows
    )


def test_without_a_loop_it_answers_the_current_one(client, replay):
    set_clock(replay, sequence=5, loop=3)
    assert client.get(URL).json()["loop"] == 3


def test_a_past_loop_is_scored_in_full_for_the_bots(client, replay):
    set_clock(replay, sequence=5, loop=3)
    keep(replay, "Alice", "q1-leader", "FRA", 1)  # not yet pruned: still not reported
    body = client.get(f"{URL}?loop=1").json()
    events, predictions = stream(client)["events"], stream(client)["predictions"]
    assert body["sequence"] == 73 and body["pruned"] is True
    assert body["results"] == engine.resolutions(predictions, events, 73)
    assert body["standings"] == engine.standings(0, [], events, predictions, 73)


def test_a_past_loop_may_be_cached_and_the_current_one_not(client, replay):
    set_clock(replay, sequence=5, loop=3)
    assert "max-age" in client.get(f"{URL}?loop=1")["Cache-Control"]
    assert "no-store" in client.get(f"{URL}?loop=3")["Cache-Control"]


@pytest.mark.parametrize("loop", ["0", "4", "-1", "two", "1.5", "99999999999999999999999"])
def test_a_bad_loop_is_a_json_400(client, replay, loop):
    set_clock(replay, sequence=5, loop=3)
    response = client.get(f"{URL}?loop={loop}")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_loop" and response.json()["detail"]


def test_an_unknown_slug_is_a_json_404(client, replay):
    response = client.get("/api/matches/no-such-match/standings")
    assert response.status_code == 404 and response.json()["error"] == "unknown_fixture"


def test_a_feed_fixture_nobody_picked_on_has_empty_standings(client, replay):
    Fixture.objects.create(
        slug="feed-match",
        kind=Fixture.Kind.FEED,
        home_code="A",
        home_name="A",
        away_code="B",
        away_name="B",
        starting_at=timezone.now(),
    )
    assert client.get("/api/matches/feed-match/standings").json()["standings"] == []


def test_a_replay_without_its_anchor_says_so(client, replay):
    replay.anchor.delete()
    response = client.get(URL)
    assert response.status_code == 409 and response.json()["error"] == "no_anchor"
