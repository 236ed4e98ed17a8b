"""The live football game's rules (docs/engine.md §7): which questions a feed fixture has, when
each is open by the feed's match clock, how the feed's events and state resolve it, and the
fixture's standings.

Pure: no Django, no I/O, no wall-clock reads. Everything comes in as the stored feed snapshot
(docs/protocol.md, COMPOSITE_UPDATE) and plain dicts; predictions/live.py is the database shell.

Questions open and lock on the game's match clock (matches/feed/clock.py): one integer, minute
× 100 + added minute, so a window `[opens_at, locks_at)` reads the same way for the relay and
the resolver.

A restart of the same fixture (the recorded demo's next loop) is a new showing
(matches/feed/composite.py): its questions are new ones, their keys marked with the showing.
"""

import re

from matches.feed import event_types, states
from matches.feed.clock import (
    BEFORE_KICKOFF,
    OVER,
    add_minutes,
    clock_display,
    clock_value,
    current_clock,
)
from predictions.engine import ranked_rows
from rally.templating import render

FULL_TIME_RESULT, NEXT_GOAL, LATE_GOAL = "full_time_result", "next_goal", "late_goal"
OPEN, LOCKED, RESOLVED, VOID = "open", "locked", "resolved", "void"

KICKOFF = 100  # 1': the clock at the first whistle
HALF_STARTS = (
    100,
    4600,
    9100,
    10600,
)  # 1', 46', 91' and 106': a "who scores next?" round opens at each
LATE_GOAL_FROM, LATE_GOAL_UNTIL = (
    8600,
    9100,
)  # 86' to the final whistle of normal time, added time included
SCORE = re.compile(r"^\s*(\d{1,3})\s*-\s*(\d{1,3})\s*$")
# A question template's variables (rally/templating.py: `{{ home }}`, nothing else), and the
# longest question a template may make: whatever the teams' names, a question is cut to this.
QUESTION_VARIABLES = ("home", "away", "at")
QUESTION_MAX_CHARS = 200
SHOWING_KEY = re.compile(r"-show(\d+)$")


# The templates migration 0005 makes; editors reword or switch them off in the admin.
DEFAULT_TEMPLATES = [
    {
        "key": "full-time-result",
        "kind": FULL_TIME_RESULT,
        "points": 10,
        "window_minutes": 5,
        "question": "Full-time result: {{ home }} v {{ away }}?",
    },
    {
        "key": "next-goal",
        "kind": NEXT_GOAL,
        "points": 5,
        "window_minutes": 5,
        "question": "Who scores next from {{ at }}: {{ home }} or {{ away }}?",
    },
    {
        "key": "late-goal",
        "kind": LATE_GOAL,
        "points": 5,
        "window_minutes": 5,
        "question": "A goal after the 85th minute in {{ home }} v {{ away }}?",
    },
]


def over(snapshot):
    """Whether the feed has settled the match for good: a final state read twice (composite.py's
    `final`), or a state in which it was never played out."""
    state = snapshot.get("state") or {}
    return states.facts(state.get("code")).voids or (
        states.category(state.get("code")) == states.FINISHED and bool(snapshot.get("final"))
    )


def showing(snapshot):
    """Which showing of the fixture the snapshot is: 1, or more once a recorded match restarted."""
    value = snapshot.get("showing")
    return value if isinstance(value, int) and value > 1 else 1


def showing_key(key, number):
    """A question's key in showing `number`: as it is in the first, marked in later ones."""
    return key if number <= 1 else f"{key}-show{number}"


def showing_of(key):
    match = SHOWING_KEY.search(key)
    return int(match[1]) if match else 1


def goals(snapshot):
    """[(clock, "home" | "away")] of every goal in play, in match order. Goals are the event types
    the table (matches/feed/event_types.py) counts: a goal, an own goal, a penalty scored; never
    a shoot-out kick, whatever its `result` says. The scoring side comes from the running score
    the event carries (an own goal counts for the other side), else from the event's team."""
    found, score = [], [0, 0]
    for event in snapshot.get("events") or ():
        if event.get("kind") not in event_types.GOAL_KINDS or not isinstance(
            event.get("minute"), int
        ):
            continue
        side = _scoring_side(event, score)
        if side:
            found.append((clock_value(event["minute"], event.get("extra_minute")), side))
    return found


def _scoring_side(event, score):
    match = SCORE.match(event.get("result") or "")
    if match:
        home, away = int(match[1]), int(match[2])
        side = (
            "home"
            if (home, away) == (score[0] + 1, score[1])
            else "away"
            if (home, away) == (score[0], score[1] + 1)
            else None
        )
        if side:
            score[:] = [home, away]
            return side
    # No readable result, or one that is not one goal on from the last (a goal before it was
    # removed by the VAR and the feed kept the later results): the event's own team.
    if event.get("team") in ("home", "away"):
        score[0 if event["team"] == "home" else 1] += 1
        return event["team"]
    return None


# Which questions a fixture has


def planned(templates, teams, snapshot, now_ms, made=()):
    """The predictions due by now: [{key, template, kind, question, options, opens_at, locks_at,
    goals_before, points}]. `templates` are the enabled ones: {key, kind, question, points,
    window_minutes}; `teams` {"home": name, "away": name}. Keys are stable, so planning again
    finds the same questions. `made`: the opening clocks of the "who scores next?" rounds already
    made; the rounds go on from them (a round opened at a goal the VAR later removed still runs
    its window, and the next one opens when it locks: never two at once)."""
    clock = current_clock(snapshot, now_ms)
    scored = goals(snapshot)
    number = showing(snapshot)
    due = []
    for template in templates:
        if template["kind"] == NEXT_GOAL:
            due += [
                _spec(
                    template,
                    teams,
                    opens,
                    locks,
                    before,
                    showing_key(f"{template['key']}-{_key_clock(opens)}", number),
                )
                for opens, locks, before in next_goal_rounds(
                    scored, clock, template["window_minutes"], made
                )
            ]
        elif template["kind"] == FULL_TIME_RESULT:
            due.append(_spec(template, teams, 0, KICKOFF, 0, showing_key(template["key"], number)))
        elif template["kind"] == LATE_GOAL:
            due.append(
                _spec(template, teams, 0, LATE_GOAL_FROM, 0, showing_key(template["key"], number))
            )
    return due


def next_goal_rounds(scored, clock, window_minutes, made=()):
    """[(opens_at, locks_at, goals_before)] of every "who scores next?" round opened by `clock`:
    one at the start of each half, one after each goal (and at each opening in `made`, the
    rounds already made), and one whenever a round locks without a goal. Two openings in the
    same minute are one round."""
    if clock.phase == BEFORE_KICKOFF:
        return []
    goal_clocks = [at for at, _ in scored]
    opening_clocks = sorted(set(goal_clocks) | set(made))
    ends = HALF_STARTS[1:] + (10**6,)
    rounds = {}
    for start, next_start in zip(HALF_STARTS, ends):
        if start > clock.value:
            break
        openings = [start] + [at for at in opening_clocks if start <= at < next_start]
        opens = start
        while opens <= clock.value and opens < next_start:
            locks = add_minutes(opens, window_minutes)
            rounds[opens] = (locks, sum(1 for at in goal_clocks if at <= opens))
            following = [at for at in openings if opens < at <= locks]
            if not following and locks <= opens:
                break  # the clock cannot run further in this half (ADDED_MINUTES)
            opens = following[0] if following else locks
    return [(opens, locks, before) for opens, (locks, before) in sorted(rounds.items())]


def _key_clock(value):
    minute, extra = divmod(value, 100)
    return f"{minute}-{extra}" if extra else str(minute)


def _spec(template, teams, opens_at, locks_at, goals_before, key):
    home, away = teams["home"], teams["away"]
    return {
        "key": key,
        "template": template["key"],
        "kind": template["kind"],
        "question": question(template["question"], home, away, clock_display(opens_at)),
        "options": _options(template["kind"], home, away),
        "opens_at": opens_at,
        "locks_at": locks_at,
        "goals_before": goals_before,
        "points": template["points"],
    }


def question(template, home, away, at):
    """A template's question for these teams: placeholders filled, nothing evaluated or
    formatted, at most QUESTION_MAX_CHARS (a stored template is validated on save; this bounds
    one that was not, and teams with long names)."""
    text = render(template, {"home": home, "away": away, "at": at})
    return text if len(text) <= QUESTION_MAX_CHARS else text[: QUESTION_MAX_CHARS - 1] + "…"


def _options(kind, home, away):
    if kind == FULL_TIME_RESULT:
        return [
            {"id": "home", "label": f"{home} win"},
            {"id": "draw", "label": "Draw"},
            {"id": "away", "label": f"{away} win"},
        ]
    if kind == NEXT_GOAL:
        return [
            {"id": "home", "label": home},
            {"id": "away", "label": away},
            {"id": "none", "label": "No more goals"},
        ]
    return [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]


# When a fan may pick


def window(prediction, clock):
    """OPEN, or why not: "not_open" before `opens_at`, "locked" from `locks_at` or once the match is over."""
    if clock.phase == OVER or clock.value >= prediction["locks_at"]:
        return "locked"
    if clock.value < prediction["opens_at"]:
        return "not_open"
    return OPEN


def judge(pick, *, joined, prediction, clock):
    """None when the pick stands, else the reason (docs/protocol.md `pick_rejected`): the replay's
    order of rules, with the feed's clock for the sequence and loop 1 for every feed fixture."""
    if not joined:
        return "not_joined"
    if prediction is None:
        return "unknown_prediction"
    if pick.choice not in {option["id"] for option in prediction["options"]}:
        return "bad_choice"
    if pick.loop != 1:
        return "wrong_loop"
    if prediction["status"] in (RESOLVED, VOID):
        return "locked"  # settled while its window ran: a goal came
    verdict = window(prediction, clock)
    return None if verdict == OPEN else verdict


# How the feed settles them


def resolution(prediction, snapshot):
    """(RESOLVED, answer), (VOID, reason) or None while the feed has not settled it.

    A pure function of the question and the feed's truth now: when the truth changes (a goal
    the VAR disallowed disappears, a goal changes team or type), so does the answer, and
    predictions/live.py re-settles the question; when it does not, nothing changes."""
    state = (snapshot.get("state") or {}).get("code")
    if states.facts(state).voids:
        return VOID, "not_played"
    scored = goals(snapshot)
    finished = over(snapshot)
    kind = prediction["kind"]
    if kind == NEXT_GOAL:
        opens = prediction["opens_at"]
        if sum(1 for at, _ in scored if at <= opens) > prediction["goals_before"]:
            return VOID, "late_report"  # the feed reported a goal from before the question opened
        following = next((side for at, side in scored if at > opens), None)
        if following:
            return RESOLVED, following
        return (RESOLVED, "none") if finished else None
    if kind == LATE_GOAL:
        if any(LATE_GOAL_FROM <= at < LATE_GOAL_UNTIL for at, _ in scored):
            return RESOLVED, "yes"
        past = (
            finished
            or current_clock(snapshot, snapshot.get("serverNow") or 0).value >= LATE_GOAL_UNTIL
        )
        return (RESOLVED, "no") if past else None
    if kind == FULL_TIME_RESULT and finished:
        if states.facts(state).after_extra_time:
            return RESOLVED, "draw"
        scores = snapshot.get("scores") or {}
        home, away = scores.get("home"), scores.get("away")
        if isinstance(home, int) and isinstance(away, int):
            return RESOLVED, "home" if home > away else "away" if away > home else "draw"
    return None


def status(prediction, clock):
    """What the contract shows: the stored resolution, else open or locked by the clock (a
    question not open yet is listed as locked: it is never listed before it opens)."""
    if prediction["status"] in (RESOLVED, VOID):
        return prediction["status"]
    return OPEN if window(prediction, clock) == OPEN else LOCKED


# The fixture's standings


def standings(picks, predictions):
    """[{name, points, rank, bot: None}] of every fan who picked: the points of each resolved
    prediction picked right, ranked as the replay ranks (engine.md §6). `picks` are
    {name, prediction, choice} (one standing pick each); `predictions` {key, status, answer, points}."""
    worth = {p["key"]: p for p in predictions if p["status"] == RESOLVED}
    rows = {}
    for pick in picks:
        row = rows.setdefault(
            pick["name"], {"name": pick["name"], "points": 0, "rank": 0, "bot": None}
        )
        settled = worth.get(pick["prediction"])
        if settled and settled["answer"] == pick["choice"]:
            row["points"] += settled["points"]
    return ranked_rows(list(rows.values()))
