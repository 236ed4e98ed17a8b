"""The live football game's rules (predictions/livegame.py): pure, no database."""

from types import SimpleNamespace

from matches.feed import clock as match_clock
from predictions import livegame as game

NOW = 1_700_000_000_000
TEAMS = {"home": "Manchester City", "away": "QPR"}
TEMPLATES = [
    {
        "key": "full-time-result",
        "kind": game.FULL_TIME_RESULT,
        "question": "Full-time result: {{ home }} v {{ away }}?",
        "points": 10,
        "window_minutes": 5,
    },
    {
        "key": "next-goal",
        "kind": game.NEXT_GOAL,
        "question": "Who scores next from {{ at }}: {{ home }} or {{ away }}?",
        "points": 5,
        "window_minutes": 5,
    },
    {
        "key": "late-goal",
        "kind": game.LATE_GOAL,
        "question": "A goal after the 85th minute?",
        "points": 5,
        "window_minutes": 5,
    },
]


def snapshot(
    code="INPLAY_1ST_HALF",
    category="running",
    minute=1,
    extra=0,
    goals=(),
    home=None,
    away=None,
    server_now=NOW,
    final=True,
    events=(),
    showing=1,
):
    """A stored snapshot; a finished state is `final` (read twice) unless said otherwise."""
    events = [
        {"id": i, "kind": "goal", "minute": m, "extra_minute": x, "team": side, "result": result}
        for i, (m, x, side, result) in enumerate(goals)
    ] + list(events)
    score_home = sum(1 for *_, side, _ in goals if side == "home") if home is None else home
    score_away = sum(1 for *_, side, _ in goals if side == "away") if away is None else away
    return {
        "state": {"code": code, "category": category},
        "serverNow": server_now,
        "events": events,
        "elapsed": {"minute": minute, "extra_time": extra},
        "scores": {"home": score_home, "away": score_away},
        "final": final and category == "finished",
        "showing": showing,
    }


def keys(snap, now=NOW):
    return [spec["key"] for spec in game.planned(TEMPLATES, TEAMS, snap, now)]


def pick(prediction, choice, loop=1):
    return SimpleNamespace(prediction=prediction, choice=choice, loop=loop)


def test_the_clock_reads_added_time_in_match_order():
    assert (
        match_clock.clock_value(45, 2)
        < match_clock.clock_value(46)
        < match_clock.clock_value(90, 4)
        < match_clock.clock_value(91)
    )
    assert [match_clock.clock_display(v) for v in (0, 3900, 4502)] == ["KO", "39'", "45+2'"]


def test_the_clock_ticks_to_the_second_by_the_facts_the_football_page_ticks_by():
    facts = {
        "ticking": True,
        "started_ms": NOW - (5 * 60 - 1) * 1000,
        "counts_from": 0,
        "regular_end": 45,
        "rate": 1,
    }
    ticking = snapshot(minute=5) | {"clock": facts}
    assert match_clock.current_clock(ticking, NOW).value == 500  # 4:59 played: the 5th minute
    assert (
        match_clock.current_clock(ticking, NOW + 1000).value == 600
    )  # a second later the page shows 6', so does the server
    assert (
        game.window(
            {"opens_at": 100, "locks_at": 600}, match_clock.current_clock(ticking, NOW + 1000)
        )
        == "locked"
    )


def test_a_round_that_runs_past_the_half_runs_into_added_time():
    assert (
        match_clock.add_minutes(4300, 5) == 4503
        and match_clock.add_minutes(4502, 5) == 4507
        and match_clock.add_minutes(2000, 5) == 2500
    )


def test_the_clock_runs_on_from_the_stored_minute_while_the_state_ticks():
    assert match_clock.current_clock(
        snapshot(minute=10), NOW + 3 * 60_000 + 1
    ) == match_clock.Clock(1300, match_clock.RUNNING)
    assert (
        match_clock.current_clock(snapshot(minute=44), NOW + 4 * 60_000).value == 4503
    )  # past 45': added time
    assert match_clock.current_clock(
        snapshot("HT", "paused", 45), NOW + 600_000
    ) == match_clock.Clock(4599, match_clock.PAUSED)
    assert (
        match_clock.current_clock(snapshot("NS", "not_started", None), NOW).phase
        == match_clock.BEFORE_KICKOFF
    )
    assert match_clock.current_clock(snapshot("FT", "finished", 90), NOW).phase == match_clock.OVER


def test_before_kick_off_the_full_time_result_and_the_late_goal_are_asked():
    specs = game.planned(TEMPLATES, TEAMS, snapshot("NS", "not_started", None), NOW)
    assert [s["key"] for s in specs] == ["full-time-result", "late-goal"]
    assert [o["label"] for o in specs[0]["options"]] == ["Manchester City win", "Draw", "QPR win"]


def test_a_round_opens_at_kick_off_and_another_when_it_locks_without_a_goal():
    assert keys(snapshot(minute=1))[1:2] == ["next-goal-1"]
    assert [k for k in keys(snapshot(minute=12)) if k.startswith("next-goal")] == [
        "next-goal-1",
        "next-goal-6",
        "next-goal-11",
    ]


def test_a_goal_opens_a_round_that_names_the_teams():
    specs = game.planned(
        TEMPLATES, TEAMS, snapshot(minute=40, goals=[(39, None, "home", "1-0")]), NOW
    )
    latest = [s for s in specs if s["kind"] == game.NEXT_GOAL][-1]
    assert (latest["key"], latest["opens_at"], latest["locks_at"], latest["goals_before"]) == (
        "next-goal-39",
        3900,
        4400,
        1,
    )
    assert latest["question"] == "Who scores next from 39': Manchester City or QPR?"
    assert [o["label"] for o in latest["options"]] == ["Manchester City", "QPR", "No more goals"]


def test_rounds_go_on_in_added_time_and_a_goal_there_opens_one_at_once():
    rounds = game.next_goal_rounds(
        [(9002, "home")], match_clock.Clock(9010, match_clock.RUNNING), 5
    )
    assert [(opens, locks, before) for opens, locks, before in rounds if opens >= 8600] == [
        (8600, 9001, 0),
        (9001, 9006, 0),
        (9002, 9007, 1),
        (9007, 9012, 1),
    ]


def test_half_time_opens_no_round_and_the_second_half_opens_one_at_46():
    half_time = snapshot("HT", "paused", 45)
    clock = match_clock.current_clock(half_time, NOW)
    assert [
        s["key"]
        for s in game.planned(TEMPLATES, TEAMS, half_time, NOW)
        if game.window(s, clock) == game.OPEN
    ] == ["late-goal"]
    assert "next-goal-46" in keys(snapshot("INPLAY_2ND_HALF", minute=46))


def test_a_fan_arriving_at_any_minute_of_play_finds_an_open_round():
    goals = [(39, None, "home", "1-0"), (48, None, "away", "1-1"), (66, None, "away", "1-2")]
    for minute in list(range(1, 46)) + list(range(46, 91)):
        snap = snapshot(
            "INPLAY_2ND_HALF" if minute > 45 else "INPLAY_1ST_HALF",
            minute=minute,
            goals=[g for g in goals if g[0] <= minute],
        )
        clock = match_clock.current_clock(snap, NOW)
        open_rounds = [
            s
            for s in game.planned(TEMPLATES, TEAMS, snap, NOW)
            if s["kind"] == game.NEXT_GOAL
            and game.window(s, clock) == game.OPEN
            and game.resolution(s, snap) is None
        ]
        assert len(open_rounds) == 1, minute


def test_the_window_follows_the_feeds_clock():
    spec = {"opens_at": 100, "locks_at": 600, "status": "pending"}
    assert game.window(spec, match_clock.Clock(300, match_clock.RUNNING)) == game.OPEN
    assert game.window(spec, match_clock.Clock(600, match_clock.RUNNING)) == "locked"
    assert game.window(spec, match_clock.Clock(0, match_clock.BEFORE_KICKOFF)) == "not_open"
    assert (
        game.window({"opens_at": 0, "locks_at": 8600}, match_clock.Clock(4599, match_clock.PAUSED))
        == game.OPEN
    )
    assert (
        game.window({"opens_at": 0, "locks_at": 8600}, match_clock.Clock(3000, match_clock.OVER))
        == "locked"
    )


def test_picks_are_judged_in_the_replays_order_of_rules():
    spec = {
        "options": [{"id": "home"}, {"id": "away"}],
        "opens_at": 100,
        "locks_at": 600,
        "status": "pending",
    }
    running = match_clock.Clock(300, match_clock.RUNNING)
    assert (
        game.judge(pick("q", "home"), joined=False, prediction=spec, clock=running) == "not_joined"
    )
    assert (
        game.judge(pick("q", "home"), joined=True, prediction=None, clock=running)
        == "unknown_prediction"
    )
    assert (
        game.judge(pick("q", "draw"), joined=True, prediction=spec, clock=running) == "bad_choice"
    )
    assert (
        game.judge(pick("q", "home", loop=2), joined=True, prediction=spec, clock=running)
        == "wrong_loop"
    )
    assert (
        game.judge(
            pick("q", "home"),
            joined=True,
            prediction=spec,
            clock=match_clock.Clock(700, match_clock.RUNNING),
        )
        == "locked"
    )
    assert (
        game.judge(
            pick("q", "home"), joined=True, prediction={**spec, "status": "resolved"}, clock=running
        )
        == "locked"
    )
    assert game.judge(pick("q", "home"), joined=True, prediction=spec, clock=running) is None


def round_(opens_at, goals_before):
    return {"kind": game.NEXT_GOAL, "opens_at": opens_at, "goals_before": goals_before}


def test_the_next_goal_resolves_a_round_and_full_time_without_one_says_no_more_goals():
    one_goal = snapshot(minute=40, goals=[(39, None, "home", "1-0")])
    assert game.resolution(round_(100, 0), one_goal) == (game.RESOLVED, "home")
    assert game.resolution(round_(3900, 1), one_goal) is None
    assert game.resolution(
        round_(3900, 1), snapshot("FT", "finished", 90, goals=[(39, None, "home", "1-0")])
    ) == (game.RESOLVED, "none")


def test_an_own_goal_counts_for_the_side_whose_score_went_up():
    own_goal = snapshot(minute=20, goals=[(19, None, "home", "0-1")])  # a home defender's own goal
    assert game.resolution(round_(100, 0), own_goal) == (game.RESOLVED, "away")


def test_a_goal_reported_late_voids_the_round_that_opened_after_it():
    late = snapshot(minute=26, goals=[(23, None, "home", "1-0")])
    assert game.resolution(round_(2500, 0), late) == (game.VOID, "late_report")


def test_the_full_time_result_comes_from_the_final_score_and_extra_time_means_a_draw():
    result = {"kind": game.FULL_TIME_RESULT}
    assert game.resolution(result, snapshot("FT", "finished", 90, home=3, away=2)) == (
        game.RESOLVED,
        "home",
    )
    assert game.resolution(result, snapshot("FT", "finished", 90, home=0, away=0)) == (
        game.RESOLVED,
        "draw",
    )
    assert game.resolution(result, snapshot("AET", "finished", 120, home=2, away=1)) == (
        game.RESOLVED,
        "draw",
    )
    assert game.resolution(result, snapshot(minute=80, home=3, away=0)) is None


def test_an_abandoned_or_postponed_match_voids_everything():
    for code, category in (
        ("ABANDONED", "finished"),
        ("POSTPONED", "unplayed"),
        ("CANCELLED", "unplayed"),
    ):
        for prediction in (
            {"kind": game.FULL_TIME_RESULT},
            round_(100, 0),
            {"kind": game.LATE_GOAL},
        ):
            assert game.resolution(prediction, snapshot(code, category, 30)) == (
                game.VOID,
                "not_played",
            )


def test_a_late_goal_says_yes_at_once_and_no_at_the_final_whistle():
    late = {"kind": game.LATE_GOAL}
    assert game.resolution(
        late, snapshot("INPLAY_2ND_HALF", minute=90, extra=3, goals=[(90, 2, "home", "1-0")])
    ) == (game.RESOLVED, "yes")
    assert (
        game.resolution(
            late, snapshot("INPLAY_2ND_HALF", minute=85, goals=[(85, None, "home", "1-0")])
        )
        is None
    )
    assert game.resolution(
        late, snapshot("FT", "finished", 90, goals=[(85, None, "home", "1-0")])
    ) == (game.RESOLVED, "no")


def test_standings_rank_fans_by_settled_points_with_the_replays_tie_rule():
    predictions = [
        {"key": "a", "status": "resolved", "answer": "home", "points": 5},
        {"key": "b", "status": "void", "answer": "", "points": 5},
        {"key": "c", "status": "pending", "answer": "", "points": 10},
    ]
    picks = [
        {"name": "Bob", "prediction": "a", "choice": "away"},
        {"name": "alice", "prediction": "a", "choice": "home"},
        {"name": "Cat", "prediction": "a", "choice": "home"},
        {"name": "Bob", "prediction": "b", "choice": "yes"},
    ]
    assert [(r["name"], r["points"], r["rank"]) for r in game.standings(picks, predictions)] == [
        ("Cat", 5, 1),
        ("alice", 5, 1),
        ("Bob", 0, 3),
    ]


def test_no_round_is_open_in_a_break_or_during_a_shoot_out():
    goals = [(30, None, "home", "1-0"), (88, None, "away", "1-1")]
    for code, minute in (
        ("HT", 45),
        ("BREAK", 90),
        ("EXTRA_TIME_BREAK", 105),
        ("PEN_BREAK", 120),
        ("INPLAY_PENALTIES", 120),
    ):
        snap = snapshot(code, "paused", minute, goals=goals)
        clock = match_clock.current_clock(snap, NOW)
        assert [
            s["key"]
            for s in game.planned(TEMPLATES, TEAMS, snap, NOW)
            if s["kind"] == game.NEXT_GOAL and game.window(s, clock) == game.OPEN
        ] == [], code


def test_full_time_read_once_settles_nothing_and_extra_time_goes_on():
    goals = [(30, None, "home", "1-0"), (88, None, "away", "1-1")]
    flicker = snapshot("FT", "finished", 90, goals=goals, final=False)
    for prediction in (round_(9001, 2), {"kind": game.FULL_TIME_RESULT}, {"kind": game.LATE_GOAL}):
        assert game.resolution(prediction, flicker) is None or prediction["kind"] == game.LATE_GOAL
    assert game.resolution(round_(9001, 2), flicker) is None  # not "no more goals"
    assert match_clock.current_clock(flicker, NOW) == match_clock.Clock(9099, match_clock.PAUSED)
    extra_time = snapshot("INPLAY_ET", minute=95, goals=goals + [(95, None, "home", "2-1")])
    assert game.resolution(round_(9100, 2), extra_time) == (game.RESOLVED, "home")
    assert game.resolution({"kind": game.LATE_GOAL}, extra_time) == (
        game.RESOLVED,
        "yes",
    )  # the 88' goal


def test_a_shoot_out_kick_is_never_a_goal_whatever_its_result_says():
    kicks = [
        {
            "id": 90 + i,
            "kind": kind,
            "type": kind,
            "minute": 120,
            "extra_minute": None,
            "team": side,
            "result": result,
        }
        for i, (kind, side, result) in enumerate(
            [
                ("shootout_scored", "home", "1-0"),
                ("shootout_missed", "away", "1-0"),
                ("shootout_scored", "home", "2-0"),
            ]
        )
    ]
    shoot_out = snapshot("INPLAY_PENALTIES", "paused", 120, events=kicks)
    assert game.goals(shoot_out) == []
    assert game.resolution(round_(11600, 0), shoot_out) is None


def test_a_goal_the_var_removed_no_longer_answers_the_round_it_settled():
    scored = snapshot(
        "INPLAY_2ND_HALF", minute=62, goals=[(39, None, "home", "1-0"), (60, None, "away", "1-1")]
    )
    assert game.resolution(round_(5600, 1), scored) == (game.RESOLVED, "away")
    disallowed = snapshot("INPLAY_2ND_HALF", minute=63, goals=[(39, None, "home", "1-0")])
    assert (
        game.resolution(round_(5600, 1), disallowed) is None
    )  # open again: the next real goal answers it
    # The round opened at the disallowed goal asks for the next goal from 60': the other side's later goal.
    later = snapshot(
        "FT", "finished", 90, goals=[(39, None, "home", "1-0"), (75, None, "home", "2-0")]
    )
    assert game.resolution(round_(6000, 2), later) == (game.RESOLVED, "home")
    assert game.resolution(round_(5600, 1), later) == (game.RESOLVED, "home")


def test_a_restarted_match_asks_new_questions():
    first = keys(snapshot("NS", "not_started", None))
    second = keys(snapshot("NS", "not_started", None, showing=2))
    assert first == ["full-time-result", "late-goal"] and second == [
        "full-time-result-show2",
        "late-goal-show2",
    ]
    assert [game.showing_of(key) for key in first + second] == [1, 1, 2, 2]


def test_rounds_go_on_from_the_rounds_made_so_a_removed_goal_never_leaves_two_open():
    truth = [(39, None, "home", "1-0")]  # the 60' goal that opened a round was disallowed
    clock = match_clock.Clock(6200, match_clock.RUNNING)
    without = game.next_goal_rounds(game.goals(snapshot(goals=truth)), clock, 5)
    assert [opens for opens, *_ in without if opens >= 5600] == [5600, 6100]
    rounds = game.next_goal_rounds(game.goals(snapshot(goals=truth)), clock, 5, made={5600, 6000})
    assert [(opens, locks, before) for opens, locks, before in rounds if opens >= 5600] == [
        (5600, 6100, 1),
        (6000, 6500, 1),
    ]
