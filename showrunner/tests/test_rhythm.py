"""The presenter's rhythm through a whole replay loop, as its timer and wakes run it with the
offline writer: never two lines within ~10 s, never a quarter without one, every line true to
the board at its moment."""

import itertools
import re

import pytest

from predictions import engine
from showrunner.backends.offline import OfflineWriter
from testsupport.presenter import replay_loop_transcript
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
