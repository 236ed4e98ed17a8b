"""Small SportMonks v3 fixture payloads for tests, in the shapes the real API sends."""

from matches.feed.states import BY_ID

HOME, AWAY = 9, 27
KICKOFF = 1_336_917_600  # 2012-05-13 14:00:00 UTC


def participant(team_id, name, code, location):
    return {
        "id": team_id,
        "sport_id": 1,
        "name": name,
        "short_code": code,
        "type": "domestic",
        "meta": {"location": location, "winner": None, "position": None},
    }


def event(
    event_id,
    type_id,
    minute,
    extra=None,
    team=HOME,
    player="A Player",
    result=None,
    sort_order=None,
):
    return {
        "id": event_id,
        "fixture_id": 1,
        "period_id": 11,
        "participant_id": team,
        "type_id": type_id,
        "section": "event",
        "player_name": player,
        "related_player_name": None,
        "result": result,
        "minute": minute,
        "extra_minute": extra,
        "sort_order": sort_order,
    }


def score(description, side, goals, type_id=1525):
    return {
        "id": hash((description, side)) % 10_000,
        "fixture_id": 1,
        "type_id": type_id,
        "participant_id": HOME if side == "home" else AWAY,
        "score": {"goals": goals, "participant": side},
        "description": description,
    }


def pressure(minute, home, away):
    return [
        {
            "id": minute * 2,
            "fixture_id": 1,
            "participant_id": HOME,
            "minute": minute,
            "pressure": home,
        },
        {
            "id": minute * 2 + 1,
            "fixture_id": 1,
            "participant_id": AWAY,
            "minute": minute,
            "pressure": away,
        },
    ]


def fixture(fixture_id=1, state="INPLAY_1ST_HALF", state_id=2, **includes):
    """A fixture in play with every include the poller asks for; override any of them."""
    known = BY_ID.get(state_id)
    name, short_name = (known.name, known.short_name) if known else (state, state)
    body = {
        "id": fixture_id,
        "sport_id": 1,
        "league_id": 8,
        "state_id": state_id,
        "name": "Manchester City vs Queens Park Rangers",
        "starting_at": "2012-05-13 14:00:00",
        "starting_at_timestamp": KICKOFF,
        "state": {
            "id": state_id,
            "state": state,
            "name": name,
            "short_name": short_name,
            "developer_name": state,
        },
        "participants": [
            participant(AWAY, "Queens Park Rangers", "QPR", "away"),
            participant(HOME, "Manchester City", "MCI", "home"),
        ],
        "periods": [
            {
                "id": 11,
                "fixture_id": fixture_id,
                "type_id": 1,
                "started": KICKOFF,
                "ended": None,
                "counts_from": 0,
                "ticking": True,
                "sort_order": 1,
                "description": "1st-half",
                "time_added": None,
                "period_length": 45,
                "minutes": 39,
                "seconds": 10,
                "has_timer": True,
            }
        ],
        "events": [event(1, 14, 39, player="Pablo Zabaleta", result="1-0")],
        "scores": [
            score("CURRENT", "home", 1),
            score("CURRENT", "away", 0),
            score("1ST_HALF", "home", 1, 1),
            score("1ST_HALF", "away", 0, 1),
        ],
        "pressure": pressure(38, 70, 30) + pressure(39, 81.5, 18.5),
    }
    return body | includes
