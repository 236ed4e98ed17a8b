"""What a fan reads before any script runs: the lobby says what the game is, an unknown match gets
the site's own page, and the replay's score bug is rendered as it stands (no placeholder)."""

import re

import pytest

from matches.engine import fold_state, replay_clock
from rally.http import now_ms
from testsupport.replay import set_clock

pytestmark = pytest.mark.django_db


def test_an_unknown_match_gets_the_sites_own_page(client):
    response = client.get("/matches/no-such-match/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "No match here" in page and 'href="/"' in page and "Rally" in page
    assert "<h1>Not Found</h1>" not in page


def test_the_lobby_explains_the_game_in_one_line(client, replay):
    page = client.get("/").content.decode()
    intro = re.search(r"<p class=\"lobby-intro\" data-lobby-intro>(.*?)</p>", page).group(1)
    assert "call what happens next" in intro and "leaderboard" in intro


def test_the_replay_page_is_rendered_with_the_board_as_it_stands(client, replay):
    anchor = set_clock(replay, sequence=40, loop=3)
    page = client.get(f"/matches/{replay.slug}/").content.decode()
    events = replay.replay_events_as_protocol()
    state = fold_state(events, replay_clock(anchor, now_ms())["sequence"], replay.teams)
    assert 'data-loop="3"' in page and "LOOP #<span data-loop-number>3</span>" in page
    assert f'data-score="home" aria-label="France score">{state["score"]["FRA"]}<' in page
    assert f'data-score="away" aria-label="Australia score">{state["score"]["AUS"]}<' in page
    assert f'<span class="clock" data-clock>{state["clock"]}</span>' in page
    assert "data-phase-badge>Replay<" in page and ">Live<" not in page
