"""The presenter's rhythm through a whole replay loop, as its timer and wakes run it with the
offline writer: never two lines within ~10 s, never a quarter without one, every line true to
the board at its moment."""

import itertools
import re

import pytest

from matches.feed.recorded import RecordedFeed
from predictions import engine
from showrunner.backends.offline import OfflineWriter
from testsupport.presenter import FakeWall, recorded_match_transcript, replay_loop_transcript
from testsupport.replay import keep_pick

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript(replay):
    # Two fans play the loop: Kim calls every question right, Lou backs the first option.
    events = replay.replay_events_as_protocol()
    for prediction in replay.predictions.all():
        question = prediction.as_protocol()
        keep_pick(replay, "Kim", question["id"], engine.correct_option(question, events), loop=1)
        keep_pick(replay, "Lou", question["id"], question["options"][0]["id"], loop=1)
    lines = replay_loop_transcript(replay, OfflineWriter())
    for at_s, clock, text in lines:
        print(f"{at_s:6.1f}s  {clock:12}  {text}")
    return lines


def test_never_two_lines_within_ten_seconds(transcript):
    gaps = [later[0] - earlier[0] for earlier, later in itertools.pairwise(transcript)]
    assert min(gaps) >= 9.9, transcript


def test_every_quarter_has_its_lines(transcript):
    quarters = {clock.split()[0] for _, clock, _ in transcript if clock.startswith("Q")}
    assert quarters == {"Q1", "Q2", "Q3", "Q4"}


def test_the_fans_own_game_is_spoken_of(transcript):
    said = " ".join(text for _, _, text in transcript)
    assert "Kim leads the leaderboard" in said or "Kim has called the last" in said, said


def test_no_line_calls_a_replay_live_or_a_crowd_in_fractions(transcript):
    for _, _, text in transcript:
        assert "(Football)" not in text and not re.search(r"\(\d+ of \d+\)", text), text


@pytest.fixture
def match_transcript(settings, monkeypatch):
    """The recorded City–QPR match at 20× from before kick-off to after full time, on a wall clock
    the test moves (the feed writer stamps its clock facts with it, as with the real one)."""
    settings.SPORTMONKS_API_TOKEN = ""
    wall = FakeWall()
    monkeypatch.setattr("matches.feed.store.now_ms", lambda: int(wall.t * 1000))
    lines = recorded_match_transcript(RecordedFeed(speed=20, clock=wall), wall, seconds=420)
    for at_s, shown, text in lines:
        print(f"{at_s:6.1f}s  {shown:8}  {text}")
    return lines


def test_a_recorded_match_at_speed_is_told_in_rhythm(match_transcript):
    gaps = [later[0] - earlier[0] for earlier, later in itertools.pairwise(match_transcript)]
    assert min(gaps) >= 9.9, match_transcript
    said = " ".join(text for _, _, text in match_transcript)
    for scorer in ("Zabaleta", "Cissé", "Mackie", "Džeko", "Agüero"):
        assert scorer in said, f"{scorer}'s goal was never told"
    assert "(Football)" not in said and not re.search(r"\(\d+ of \d+\)", said)


def test_no_fifteen_match_minutes_pass_without_a_line(match_transcript):
    played = [match_minute(shown) for _, shown, _ in match_transcript]
    played = [minute for minute in played if minute is not None]
    assert played[0] <= 15 and played[-1] >= 90, match_transcript
    assert max(later - earlier for earlier, later in itertools.pairwise(played)) <= 15


def match_minute(shown):
    """45+2' → 47; HT, FT and a kick-off time are not a running clock."""
    found = re.fullmatch(r"(\d+)(?:\+(\d+))?'", shown)
    return int(found[1]) + int(found[2] or 0) if found else None
