"""Reading a SportMonks v3 fixture into the snapshot fans see, and refusing what cannot be read."""

import hashlib

import pytest

from matches.feed.change_hash import change_hash
from matches.feed.parse import InvalidPayload, normalise
from testsupport.v3_payloads import AWAY, HOME, KICKOFF, event, fixture, pressure, score


def test_it_reads_teams_by_their_side_not_their_order():
    snapshot = normalise(fixture())
    assert snapshot["teams"] == {
        "home": {"id": HOME, "code": "MCI", "name": "Manchester City"},
        "away": {"id": AWAY, "code": "QPR", "name": "Queens Park Rangers"},
    }


def test_it_reads_the_state_score_and_period_scores():
    snapshot = normalise(fixture())
    assert snapshot["external_id"] == 1
    assert snapshot["starting_at"] == KICKOFF
    assert snapshot["state"] == {
        "id": 2,
        "code": "INPLAY_1ST_HALF",
        "name": "1st Half",
        "short_name": "1st",
    }
    assert snapshot["scores"] == {"home": 1, "away": 0, "periods": {"1ST_HALF": [1, 0]}}


def test_a_fixture_not_started_has_a_goalless_score():
    assert normalise(fixture(scores=[]))["scores"] == {"home": 0, "away": 0, "periods": {}}


def test_without_the_state_include_the_state_id_names_the_state():
    body = fixture(state_id=22)
    del body["state"]
    assert normalise(body)["state"]["code"] == "INPLAY_2ND_HALF"


def test_the_live_apis_name_for_state_23_reads_as_the_second_half_of_extra_time():
    body = fixture(state="INPLAY_ET_SECOND_HALF", state_id=23)
    assert normalise(body)["state"] == {
        "id": 23,
        "code": "INPLAY_ET_2ND_HALF",
        "name": "ET - 2nd Half",
        "short_name": "ET2",
    }
    del body["state"]
    assert normalise(body)["state"]["code"] == "INPLAY_ET_2ND_HALF"


def test_an_unknown_state_id_is_still_a_state():
    body = fixture(state_id=999)
    del body["state"]
    assert normalise(body)["state"]["code"] == "STATE_999"


@pytest.mark.parametrize(
    "type_id, kind",
    [
        (14, "goal"),
        (15, "goal"),
        (20, "red_card"),
        (21, "red_card"),
        (10, "var"),
        (16, "penalty_scored"),
        (17, "penalty_missed"),
        (19, "other"),
        (18, "other"),
    ],
)
def test_event_types_become_the_kinds_the_vidiprinter_colours(type_id, kind):
    assert normalise(fixture(events=[event(5, type_id, 12)]))["events"][0]["kind"] == kind


def test_an_event_says_which_side_and_who():
    snapshot = normalise(fixture(events=[event(7, 20, 55, team=AWAY, player="Joey Barton")]))
    assert snapshot["events"] == [
        {
            "id": 7,
            "kind": "red_card",
            "type": "red_card",
            "minute": 55,
            "extra_minute": None,
            "team": "away",
            "player": "Joey Barton",
            "related_player": None,
            "result": None,
            "detail": None,
            "rescinded": False,
        }
    ]


def test_events_are_in_stoppage_aware_order():
    shuffled = [
        event(1, 14, 90, 4),
        event(2, 14, 46),
        event(3, 14, 90, 2),
        event(4, 14, 45, 2),
        event(5, 14, 90),
        event(6, 14, 12),
    ]
    order = [
        (e["minute"], e["extra_minute"]) for e in normalise(fixture(events=shuffled))["events"]
    ]
    assert order == [(12, None), (45, 2), (46, None), (90, None), (90, 2), (90, 4)]


def test_events_in_the_same_minute_keep_the_feeds_order():
    same_minute = [event(1, 19, 30, sort_order=2), event(2, 14, 30, sort_order=1)]
    assert [e["id"] for e in normalise(fixture(events=same_minute))["events"]] == [2, 1]


def test_pressure_becomes_one_point_per_minute_with_both_sides():
    snapshot = normalise(fixture(pressure=pressure(39, 81.5, 18.5) + pressure(38, 70, 30)))
    assert snapshot["pressure"] == [
        {"minute": 38, "home": 70.0, "away": 30.0},
        {"minute": 39, "home": 81.5, "away": 18.5},
    ]


def test_periods_keep_what_the_clock_needs_with_timestamps_in_seconds():
    periods = [
        {
            "id": 2,
            "started": "2012-05-13T15:03:00+00:00",
            "ended": None,
            "counts_from": 45,
            "ticking": True,
            "sort_order": 2,
        },
        {
            "id": 1,
            "started": KICKOFF,
            "ended": KICKOFF + 2880,
            "counts_from": 0,
            "ticking": False,
            "sort_order": 1,
        },
    ]
    snapshot = normalise(fixture(periods=periods))
    assert [(p["started"], p["ended"], p["counts_from"]) for p in snapshot["periods"]] == [
        (KICKOFF, KICKOFF + 2880, 0),
        (KICKOFF + 3780, None, 45),
    ]


def test_missing_includes_are_empty_not_errors():
    body = fixture()
    for include in ("events", "scores", "periods", "pressure"):
        del body[include]
    snapshot = normalise(body)
    assert (snapshot["events"], snapshot["pressure"], snapshot["periods"]) == ([], [], [])


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda f: f.update(id="12"), "id"),
        (lambda f: f.update(participants=[f["participants"][0]]), "participants"),
        (
            lambda f: f["participants"][1]["meta"].update(location="neutral"),
            "participants[1].meta.location",
        ),
        (lambda f: f["participants"][1].update(name=None), "participants[1].name"),
        (lambda f: f.update(events=[event(1, 14, "39")]), "events[0].minute"),
        (lambda f: f.update(events=[event(1, None, 39)]), "events[0].type_id"),
        (lambda f: f.update(events="goal"), "events"),
        (lambda f: f.update(scores=[score("CURRENT", "middle", 1)]), "scores[0].score.participant"),
        (lambda f: f["scores"][1]["score"].update(goals="two"), "scores[1].score.goals"),
        (
            lambda f: f.update(pressure=[{"participant_id": 5, "minute": 3, "pressure": 50}]),
            "pressure[0].participant_id",
        ),
        (
            lambda f: f.update(
                pressure=[{"participant_id": HOME, "minute": 3, "pressure": "high"}]
            ),
            "pressure[0].pressure",
        ),
        (lambda f: f.update(state={"name": "??"}), "state.developer_name"),
    ],
)
def test_a_bad_payload_names_the_field_that_is_wrong(change, field):
    body = fixture()
    change(body)
    with pytest.raises(InvalidPayload) as problem:
        normalise(body)
    assert problem.value.field == field
    assert str(problem.value).startswith(f"{field}: ")


def test_a_payload_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidPayload, match="fixture"):
        normalise(["not", "a", "fixture"])


def test_the_change_hash_ignores_key_order_and_the_clock():
    snapshot = normalise(fixture())
    reordered = {key: snapshot[key] for key in reversed(list(snapshot))}
    reordered["periods"] = []  # time passing in the periods is not a change fans see
    assert change_hash(reordered) == change_hash(snapshot)


def test_the_change_hash_sees_a_goal_a_state_and_a_pressure_point():
    base = normalise(fixture())
    changed = [
        fixture(events=[event(1, 14, 39), event(2, 14, 48, team=AWAY)]),
        fixture(state="HT", state_id=3),
        fixture(pressure=pressure(38, 70, 30) + pressure(39, 81.5, 18.5) + pressure(40, 50, 50)),
        fixture(scores=[score("CURRENT", "home", 2), score("CURRENT", "away", 0)]),
    ]
    hashes = {change_hash(normalise(body)) for body in changed} | {change_hash(base)}
    assert len(hashes) == 5


def test_the_change_hash_is_md5_of_canonical_json():
    snapshot = {
        "events": [],
        "scores": {"home": 0, "away": 0, "periods": {}},
        "state": {"code": "NS"},
        "pressure": [],
    }
    canonical = (
        '{"competition":null,"events":[],"lineups":null,"pressure":[],"recorded":null,'
        '"scores":{"away":0,"home":0,"periods":{}},"state":{"code":"NS"},"statistics":null,"venue":null}'
    )
    assert change_hash(snapshot) == hashlib.md5(canonical.encode()).hexdigest()


def test_line_ups_and_statistics_are_read_by_side_and_validated():
    snapshot = normalise(
        fixture(
            lineups=[
                {
                    "team_id": AWAY,
                    "type_id": 12,
                    "player_name": "Jay Bothroyd",
                    "jersey_number": None,
                },
                {
                    "team_id": HOME,
                    "type_id": 11,
                    "player_name": "Joe Hart",
                    "jersey_number": 25,
                    "formation_position": 1,
                },
            ],
            statistics=[
                {"type_id": 45, "participant_id": HOME, "data": {"value": 75}},
                {
                    "type_id": 9999,
                    "participant_id": [1],
                    "data": {},
                },  # a type Rally does not show: ignored
                {"type_id": 45, "participant_id": AWAY, "data": {"value": 25}},
            ],
            league={"name": "Premier League"},
            venue={"name": "Etihad Stadium", "city_name": "Manchester"},
        )
    )
    assert snapshot["lineups"] == {
        "home": [{"name": "Joe Hart", "number": 25, "role": "starting", "position": 1}],
        "away": [{"name": "Jay Bothroyd", "number": None, "role": "bench", "position": None}],
    }
    assert snapshot["statistics"] == [{"key": "possession", "home": 75, "away": 25}]
    assert (snapshot["competition"], snapshot["venue"]) == (
        "Premier League",
        "Etihad Stadium, Manchester",
    )


@pytest.mark.parametrize(
    ("includes", "field"),
    [
        ({"lineups": [{"team_id": 5, "type_id": 11, "player_name": "X"}]}, "lineups[0].team_id"),
        (
            {"lineups": [{"team_id": HOME, "type_id": 11, "player_name": ""}]},
            "lineups[0].player_name",
        ),
        (
            {"statistics": [{"type_id": 42, "participant_id": HOME, "data": {"value": "many"}}]},
            "statistics[0].data.value",
        ),
        ({"league": "Premier League"}, "league"),
    ],
)
def test_a_bad_line_up_or_statistic_names_its_field(includes, field):
    with pytest.raises(InvalidPayload) as problem:
        normalise(fixture(**includes))
    assert problem.value.field == field
