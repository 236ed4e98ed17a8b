"""The story the presenter tells: which events are news, what it has told, and the facts around.

Events worth a line of their own ("telling events"): in football a goal, red card, penalty
or VAR decision; in the replay a lead change, a tie broken or a quarter's end. Each has a
key that stays the same however often the feed repeats it (a feed event: kick-off + event
id, so the recorded demo's next loop is news again; a replay event: loop + sequence). The
director remembers every key it has told (`ToldEvent`), in the database, so a restart or a
second director never tells an event twice.

Story facts (stakes, table, form, players, crowd, what the result changes) come from sourced
files or the feed, never from invention: the replay's tournament context in
`showrunner/data/`, the recorded match's final-day facts in its own facts file, and for a
SportMonks fixture its season's standings and line-ups (`showrunner/sportmonks.py`).
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from matches import day, league_table
from matches.engine import fold_state
from matches.feed import event_types, states
from matches.models import Fixture
from matches.standings import result_of
from showrunner import crowd
from showrunner.facts import Teams, describe_feed_event, parse_result
from showrunner.models import StoryFacts, ToldEvent, to_ms

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
# The recorded demo match's facts file (the recorded feed replays the same file).
RECORDED_FACTS = (
    Path(__file__).resolve().parent.parent / "matches" / "data" / "mancity_qpr_2012" / "facts.json"
)
REPLAY_CONTEXT = {"fiba-2019-bronze": DATA / "fiba2019_bronze_context.json"}
TELLING_KINDS = ("goal", "red_card", "penalty_scored", "penalty_missed", "var")
STORY_REFRESH = timedelta(minutes=10)
TOP_SCORERS = 2


@dataclass(frozen=True)
class News:
    """An event to tell: its memory key, the `new_event` fact, and the plain event for the
    offline writer ({kind, minute, player, team, assist, score…})."""

    key: str
    text: str
    event: dict


# Memory


def told_keys(fixture: Fixture) -> set[str]:
    return set(fixture.told_events.values_list("key", flat=True))


def remember(fixture: Fixture, key: str, script=None) -> bool:
    """Note `key` as told; False when it already was (another director got there first)."""
    try:
        with transaction.atomic():
            ToldEvent.objects.create(fixture=fixture, key=key, script=script)
    except IntegrityError:
        return False
    return True


def untold(fixture: Fixture, news: list[News]) -> list[News]:
    told = told_keys(fixture)
    return [item for item in news if item.key not in told]


# Telling events of a feed fixture


def feed_news(fixture: Fixture) -> list[News]:
    """Every telling event in the fixture's snapshot, in match order."""
    snapshot = fixture.snapshot if isinstance(fixture.snapshot, dict) else {}
    kickoff = int(fixture.starting_at.timestamp()) if fixture.starting_at else 0
    teams = _teams(fixture)
    assists = recorded_assists(fixture)
    swings = table_swings(fixture)
    news = []
    for event in snapshot.get("events") or []:
        if event.get("kind") not in TELLING_KINDS:
            continue
        event = {**event, "assist": event.get("assist") or assists.get(_event_moment(event))}
        score = parse_result(event.get("result"))
        plain = {
            **event,
            "team_name": teams.home if event.get("team") == "home" else teams.away,
            "minute_text": _minute(event),
            "score_text": f"{teams.home} {score[0]}–{score[1]} {teams.away}" if score else "",
            "lead": _lead(teams, score),
            "late": (event.get("minute") or 0) >= 85,
        }
        text = describe_feed_event(event, teams)
        swing = swings.get(event.get("id"))
        if swing:
            plain["as_it_stands"] = swing
            text = f"{text} — {swing}"
        news.append(News(f"{kickoff}:{event.get('id')}", text, plain))
    return news


def table_swings(fixture: Fixture) -> dict:
    """{goal event id: what it changed in the table as it stands ("As it stands, Manchester City
    are champions")}: each goal's score against the one before it, the other grounds as they
    stand now (matches.day: the same table the lobby shows)."""
    competition, others = day.table_inputs(fixture)
    snapshot = fixture.snapshot if isinstance(fixture.snapshot, dict) else {}
    if competition is None:
        return {}
    elsewhere = [result_of(other.snapshot) for other in others]
    mine = result_of(snapshot)
    swings, before = {}, (0, 0)
    for event in snapshot.get("events") or []:
        score = parse_result(event.get("result"))
        if event.get("kind") not in event_types.GOAL_KINDS or not score:
            continue
        said = [
            league_table.derive(competition, [*elsewhere, _scored(mine, goals)])["headlines"]
            for goals in (before, score)
        ]
        changed = [line for line in said[1] if line not in said[0]]
        if changed:
            swings[event.get("id")] = "; ".join(
                line.replace("As it stands: ", "As it stands, ") for line in changed
            )
        before = score
    return swings


def _scored(result, goals):
    return {**result, "home_goals": goals[0], "away_goals": goals[1], "category": "running"}


def table_lines(fixture: Fixture) -> tuple[list[str], list[str]]:
    """(the table around both teams as it stands, the other grounds' scores) for the story;
    ([], []) without standings."""
    table, _, others = day.table_for(fixture)
    if table is None:
        return [], []
    teams = [fixture.home_name, fixture.away_name]
    rows = [
        f"{row['position']}. {row['team']}: {row['played']} played, {row['points']} pts, "
        f"GD {row['goal_difference']:+d}" + _playing(row["playing"])
        for row in league_table.excerpt(table["rows"], teams)
    ]
    elsewhere = [
        _elsewhere(other)
        for other in others
        if (other.snapshot.get("state") or {}).get("category") not in (states.NOT_STARTED, None)
    ]
    return [*table["headlines"], *rows], elsewhere


def _elsewhere(other):
    result, shown = result_of(other.snapshot), (other.snapshot.get("elapsed") or {}).get("display")
    return (
        f"Elsewhere: {other.home_name} {result['home_goals']}–{result['away_goals']} "
        f"{other.away_name} ({shown or other.state_code})"
    )


def _playing(playing):
    if not playing:
        return ""
    when = "full time" if playing["finished"] else "playing now"
    return f" ({playing['scored']}–{playing['conceded']} v {playing['opponent']}, {when})"


def _event_moment(event):
    return (event.get("minute"), event.get("extra_minute") or None, event.get("player"))


def _minute(event):
    extra = event.get("extra_minute")
    return f"{event.get('minute')}{f'+{extra}' if extra else ''}'"


def _lead(teams, score):
    if not score:
        return ""
    home, away = score
    if home == away:
        return "level"
    return f"{teams.home if home > away else teams.away} lead"


# Telling events of the replay


RUN_SWING = 8  # a side outscoring the other by this many since the margin last turned: a run
MILESTONES = (10, 20)  # a player's points worth a line


def replay_news(
    events: list[dict], sequence: int, loop: int, codes: dict, teams: Teams
) -> list[News]:
    """Lead changes, runs, players' milestones and quarter ends up to `sequence` of `loop`, in order."""
    news, leader, led_before = [], None, set()
    # Where each side's run starts: the score when the margin last stood worst for it.
    run_from = {"home": (0, 0), "away": (0, 0)}
    name = {"home": teams.home, "away": teams.away}
    for event in events:
        if event["sequence"] > sequence:
            break
        state = fold_state(events, event["sequence"], codes)
        home, away = state["score"][codes["home"]], state["score"][codes["away"]]
        now_leading = None if home == away else ("home" if home > away else "away")
        plain = {
            "kind": event["kind"],
            "sequence": event["sequence"],
            "quarter": event["quarter"],
            "clock": event["clock"],
            "player": event.get("player") or "",
            "score_text": f"{teams.home} {home}–{away} {teams.away}",
            "minute_text": f"Q{event['quarter']} {event['clock']}",
        }
        text = None
        run = _run(run_from, home, away)
        milestone = _milestone(event, state)
        if event["kind"] == "period_end":
            text = f"End of Q{event['quarter']}: {teams.home} {home}–{away} {teams.away}"
            plain["kind"] = "period_end"
        elif event["points"] and now_leading and now_leading != leader:
            first = now_leading not in led_before
            text = (
                f"Q{event['quarter']} {event['clock']} {event['description']} ({home}–{away}): "
                f"{name[now_leading]} lead{' for the first time' if first else ' again'}"
            )
            plain.update(kind="lead_change", team_name=name[now_leading], first=first)
        elif run:
            side, scored, conceded = run
            text = f"Q{event['quarter']} {event['clock']}: a {scored}–{conceded} run for {name[side]} ({home}–{away})"
            plain.update(kind="run", team_name=name[side], run_text=f"{scored}–{conceded}")
        elif milestone:
            text = f"Q{event['quarter']} {event['clock']}: {event['player']} reaches {milestone} points ({home}–{away})"
            side = "home" if event["team"] == codes["home"] else "away"
            plain.update(kind="milestone", team_name=name[side], points_total=milestone)
        if now_leading:
            led_before.add(now_leading)
        if event["points"]:
            leader = now_leading or leader
        if text:
            news.append(News(f"loop{loop}:{event['sequence']}", text, plain))
    return news


def _run(run_from, home, away):
    """(side, scored, conceded) when a side's run reaches RUN_SWING; each side's start moves to
    the score where the margin stands worst for it, and past a run told, to its end."""
    for side, mine, theirs in (("home", home, away), ("away", away, home)):
        start_mine, start_theirs = run_from[side] if side == "home" else run_from[side][::-1]
        if mine - theirs <= start_mine - start_theirs:
            run_from[side] = (home, away)  # worse (or no better) for this side: the run starts here
        elif (mine - start_mine) - (theirs - start_theirs) >= RUN_SWING:
            run_from[side] = (home, away)
            return side, mine - start_mine, theirs - start_theirs
    return None


def _milestone(event, state):
    """The milestone a player's points reach with this event, if any."""
    player = event.get("player_id")
    if not event["points"] or not player:
        return None
    total = state["players"].get(player, 0)
    return next((mark for mark in MILESTONES if total - event["points"] < mark <= total), None)


def next_replay_news_ms(events, anchor, codes, teams, now_ms) -> int | None:
    """When (protocol ms) the replay's next telling event happens in this loop, if any."""
    from matches.engine import replay_clock

    clock = replay_clock(anchor, now_ms)
    if clock["phase"] != "LIVE":
        return None
    upcoming = [
        n
        for n in replay_news(events, len(events), clock["loop"], codes, teams)
        if int(n.key.split(":")[1]) > clock["sequence"]
    ]
    if not upcoming:
        return None
    sequence = int(upcoming[0].key.split(":")[1])
    loop_start = anchor["baseStartedAt"] + (clock["loop"] - 1) * (
        anchor["lastSequence"] * anchor["tickMs"] + anchor["pauseMs"]
    )
    return loop_start + (sequence - 1) * anchor["tickMs"]


# Story facts


def replay_story(fixture, events, sequence, codes, teams, now_ms, fan_names=True) -> dict[str, str]:
    context = _read_json(REPLAY_CONTEXT.get(fixture.slug))
    final = len(events) and sequence >= events[-1]["sequence"]
    story = {
        "stakes": bullet(context.get("stakes")),
        "table": "- Not a league: a knockout tournament, this is the bronze medal game.",
        "form": bullet(context.get("form")),
        "players": bullet(_top_scorers(events, sequence, codes, teams)),
        "table_change": bullet(context.get("after_full_time")) if final else "",
    }
    if hasattr(fixture, "anchor"):
        story["crowd"] = bullet(crowd.replay_crowd(fixture, now_ms, fan_names))
    return story


def _top_scorers(events, sequence, codes, teams):
    points = {}
    for event in events:
        if event["sequence"] <= sequence and event["points"] and event.get("player"):
            side = "home" if event["team"] == codes["home"] else "away"
            points.setdefault(side, {}).setdefault(event["player"], 0)
            points[side][event["player"]] += event["points"]
    lines = []
    for side, team in (("home", teams.home), ("away", teams.away)):
        best = sorted(points.get(side, {}).items(), key=lambda item: -item[1])[:TOP_SCORERS]
        if best:
            lines.append(f"{team}: " + ", ".join(f"{name} {total} pts" for name, total in best))
    return lines


def feed_story(fixture: Fixture, now, fan_names=True) -> dict[str, str]:
    """Table, form, players and stakes of a feed fixture, cached for STORY_REFRESH; the crowd
    (its fans' picks on the live questions), read fresh."""
    cached = StoryFacts.objects.filter(fixture=fixture).first()
    if cached is None or now - cached.fetched_at >= STORY_REFRESH:
        data = fetch_feed_story(fixture)
        cached, _ = StoryFacts.objects.update_or_create(
            fixture=fixture, defaults={"data": data, "fetched_at": now}
        )
    data = cached.data or {}
    score = (
        (fixture.snapshot or {}).get("scores") or {} if isinstance(fixture.snapshot, dict) else {}
    )
    finished = states.finished_with_result(fixture.state_code)
    live_table, elsewhere = table_lines(fixture)
    story = {
        "stakes": bullet([*(data.get("stakes") or []), *elsewhere]),
        "table": bullet(live_table or table_rows(data.get("table") or [])),
        "form": bullet(
            f"{team}: {' '.join(results)}" for team, results in (data.get("form") or {}).items()
        ),
        "players": bullet(data.get("players")),
        "table_change": bullet(
            (data.get("after_full_time") if finished else None)
            or table_change(
                data.get("table") or [],
                _teams(fixture),
                score.get("home") or 0,
                score.get("away") or 0,
            )
        ),
        "crowd": bullet(crowd.feed_crowd(fixture, int(now.timestamp() * 1000), fan_names)),
    }
    return story


def fetch_feed_story(fixture: Fixture) -> dict:
    """The feed's facts for `fixture`: SportMonks when configured, else the recorded file."""
    if settings.SPORTMONKS_API_TOKEN:
        from showrunner.sportmonks import fixture_story

        try:
            return fixture_story(fixture.external_id, _teams(fixture))
        except Exception as problem:  # a missing table must not silence the presenter
            log.warning("showrunner: no standings for %s (%s)", fixture.slug, problem)
            return {}
    return recorded_story(fixture)


def recorded_story(fixture: Fixture) -> dict:
    facts = _recorded_facts()
    if not facts or str(facts["illustrative"]["ids"]["fixture"]) != str(fixture.external_id):
        return {}
    before = facts.get("before_kickoff") or {}
    return {
        "stakes": before.get("stakes", []),
        "table": before.get("table", []),
        "form": {},
        "players": [],
        "after_full_time": before.get("after_full_time", [])
        + [f"Elsewhere: {line}" for line in before.get("elsewhere_at_full_time", [])],
    }


def recorded_assists(fixture: Fixture) -> dict:
    facts = _recorded_facts()
    if not facts or str(facts["illustrative"]["ids"]["fixture"]) != str(fixture.external_id):
        return {}
    return {_event_moment(e): e["assist"] for e in facts["events"] if e.get("assist")}


def table_rows(rows):
    return [
        f"{row['position']}. {row['team']}: {row['played']} played, {row['points']} pts, "
        f"GD {row['goal_difference']:+d}"
        for row in rows
    ]


def table_change(rows, teams: Teams, home_goals: int, away_goals: int) -> list[str]:
    """As it stands: each team's points after this result, from the table before it."""
    by_team = {row["team"]: row for row in rows}
    lines = []
    for team, mine, theirs in (
        (teams.home, home_goals, away_goals),
        (teams.away, away_goals, home_goals),
    ):
        row = by_team.get(team)
        if not row:
            continue
        gained = 3 if mine > theirs else 1 if mine == theirs else 0
        gd = row["goal_difference"] + mine - theirs
        lines.append(
            f"As it stands {team} go to {row['points'] + gained} points (GD {gd:+d})"
            if gained
            else f"As it stands {team} stay on {row['points']} points (GD {gd:+d})"
        )
    return lines


def bullet(items) -> str:
    return "\n".join(f"- {item}" for item in items or [] if item)


def _teams(fixture):
    return Teams(fixture.home_name, fixture.away_name, fixture.home_code, fixture.away_code)


def _read_json(path):
    if not path or not Path(path).exists():
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _recorded_facts():
    return _read_json(RECORDED_FACTS)


__all__ = [
    "News",
    "feed_news",
    "feed_story",
    "remember",
    "replay_news",
    "replay_story",
    "to_ms",
    "untold",
]
