"""SportMonks' event types, one table (matches/feed/event_types.py), as the parser reads them."""

import json
from pathlib import Path

import pytest

from matches.feed import event_types
from matches.feed.parse import normalise
from testsupport.v3_payloads import AWAY, event, fixture


def test_the_vidiprinters_kinds_are_held_to_one_vector_file_with_the_page():
    vectors = json.loads(
        (Path(__file__).parent / "feed_rules_vectors.json").read_text(encoding="utf-8")
    )
    assert list(event_types.SHOWN_KINDS) == vectors["shown_kinds"]


@pytest.mark.parametrize(
    "type_id, kind, timeline",
    [
        (10, "var", "var"),
        (14, "goal", "goal"),
        (15, "goal", "own_goal"),
        (16, "penalty_scored", "penalty_scored"),
        (17, "penalty_missed", "penalty_missed"),
        (18, "other", "substitution"),
        (19, "other", "yellow_card"),
        (20, "red_card", "red_card"),
        (21, "red_card", "second_yellow"),
        (22, "shootout_missed", "shootout_missed"),
        (23, "shootout_scored", "shootout_scored"),
        (1697, "var", "var_card"),
        (9999, "other", "other"),
    ],
)
def test_every_documented_type_has_a_kind_and_a_timeline_name(type_id, kind, timeline):
    [parsed] = normalise(fixture(events=[event(5, type_id, 12)]))["events"]
    assert (parsed["kind"], parsed["type"]) == (kind, timeline)


def test_only_goals_in_play_are_goals():
    assert {"goal", "penalty_scored"} == event_types.GOAL_KINDS
    assert not event_types.SHOOTOUT_KINDS & event_types.GOAL_KINDS


def test_a_rescinded_card_keeps_its_name_but_not_its_kind():
    rescinded = event(8, 20, 70, team=AWAY, player="Evanilson") | {
        "rescinded": True,
        "info": "Foul",
        "addition": "1st Redcard",
    }
    [parsed] = normalise(fixture(events=[rescinded]))["events"]
    assert (parsed["kind"], parsed["type"], parsed["rescinded"]) == (
        "card_rescinded",
        "red_card",
        True,
    )
    goal = event(9, 14, 71) | {"rescinded": True}  # the flag is for cards only
    assert normalise(fixture(events=[goal]))["events"][0]["kind"] == "goal"


def test_a_var_event_says_what_was_decided():
    var = event(3, 10, 60, player="Jamie Mackie") | {
        "info": "Offside",
        "addition": "Goal Disallowed",
    }
    card = event(4, 1697, 70) | {"addition": "Redcard confirmed"}
    parsed = normalise(fixture(events=[var, card]))["events"]
    assert [(e["kind"], e["detail"]) for e in parsed if e["id"] in (3, 4)] == [
        ("var", "Goal Disallowed"),
        ("var", "Redcard confirmed"),
    ]
