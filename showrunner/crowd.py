"""The crowd: what Rally's fans picked and who leads, as facts the presenter can speak to.

Derived, never invented: the fans' own results (the leaderboard's leader, or those sharing the
lead; a fan's run of right calls), the share of standing picks per option on the questions open
now and on the ones already resolved (with how many got them right), said as a presenter would.
The replay's questions come from its engine, a feed fixture's from the live game the feed
settles (docs/engine.md §7); void ones are not spoken of.
"""

from matches.engine import replay_clock
from predictions import live
from predictions.models import Pick
from predictions.services import standings as standings_report

QUESTIONS_SHOWN = 3


STREAK = 3  # right calls in a row worth saying


def in_tens(count, total):
    """ "6 in 10" — how a presenter says a share."""
    return f"{round(10 * count / total)} in 10"


def share_words(count, total):
    """How many of the fans who picked, as a presenter says it: "both of you", "half of you",
    "2 of the 5 of you", "6 in 10 of you" (never "5 in 10 of you (1 of 2)")."""
    if count == total:
        return {1: "the one fan who picked", 2: "both of you"}.get(total, f"all {total} of you")
    if count == 0:
        return "none of you"
    if 2 * count == total:
        return "half of you"
    return f"{count} of the {total} of you" if total < 10 else f"{in_tens(count, total)} of you"


def crowd_lines(predictions, picks, sequence, results, rows, fan_names=True):
    """Plain-data core: `predictions` as protocol dicts, `picks` [{name, prediction, choice}]
    (the standing ones), `results` {prediction id: correct option} for the resolved ones,
    `rows` the leaderboard. Lines: the fans' own results (the leader, a streak), then the
    questions, newest first. Without `fan_names` (the prompt's switch, Prompt.fan_names) no fan
    is named: a fan leading is "a fan"."""
    by_question = {}
    for pick in picks:
        by_question.setdefault(pick["prediction"], {})[pick["name"]] = pick["choice"]
    name = (lambda who: who) if fan_names else (lambda who: "A fan")
    lines = [
        line
        for line in (_leaders(rows, name), _streak(predictions, by_question, results, name))
        if line
    ]
    started = [p for p in predictions if p["opens_at"] <= sequence]
    shown = len(lines)
    for prediction in sorted(started, key=lambda p: -p["opens_at"]):
        if len(lines) - shown == QUESTIONS_SHOWN:
            break
        choices = list(by_question.get(prediction["id"], {}).values())
        if not choices:
            continue
        labels = {option["id"]: option["label"] for option in prediction["options"]}
        total = len(choices)
        if prediction["id"] in results:
            right = sum(choice == results[prediction["id"]] for choice in choices)
            answer = labels.get(results[prediction["id"]], results[prediction["id"]])
            lines.append(
                f"{prediction['question']} It was {answer}: {share_words(right, total)} got it right"
            )
        else:
            favourite = max(
                labels, key=lambda option: (choices.count(option), -list(labels).index(option))
            )
            backing = "backs" if total == 1 else "back"
            share = share_words(choices.count(favourite), total)
            lines.append(
                f"{prediction['question']} {share[:1].upper()}{share[1:]} {backing} {labels[favourite]}"
            )
    return lines


def _leaders(rows, name):
    """ "Mika leads the leaderboard on 30 points"; a tie is shared, not won."""
    if not rows or rows[0]["points"] <= 0:
        return ""
    # Fans before the CPU bots: the room's own are the news.
    top = sorted(
        (row for row in rows if row["points"] == rows[0]["points"]),
        key=lambda row: bool(row.get("bot")),
    )
    who = [f"{row['name']} (a CPU bot)" if row.get("bot") else name(row["name"]) for row in top]
    if len(who) == 1:
        return f"{who[0]} leads the leaderboard on {top[0]['points']} points"
    listed = who[:2] + ([f"{len(who) - 2} more"] if len(who) > 2 else [])
    return f"{', '.join(listed[:-1])} and {listed[-1]} share the lead on {top[0]['points']} points"


def _streak(predictions, by_question, results, name):
    """The fan on the longest run of right calls, up to now, when it is STREAK or more."""
    settled = [
        p["id"] for p in sorted(predictions, key=lambda p: p["opens_at"]) if p["id"] in results
    ]
    runs = {}
    for pid in settled:
        for fan, choice in by_question.get(pid, {}).items():
            runs[fan] = runs.get(fan, 0) + 1 if choice == results[pid] else 0
    best = max(sorted(runs), key=lambda fan: runs[fan], default=None)
    if best is None or runs[best] < STREAK:
        return ""
    return f"{name(best)} has called the last {runs[best]} right in a row"


def standing_picks(fixture, loop):
    return list(
        Pick.objects.filter(fixture=fixture, loop=loop)
        .order_by("at", "id")
        .values("name", "prediction", "choice")
    )


def replay_crowd(fixture, now_ms, fan_names=True) -> list[str]:
    """The crowd lines of a replay fixture at `now_ms` (its current loop)."""
    anchor = fixture.anchor.as_protocol()
    clock = replay_clock(anchor, now_ms)
    report = standings_report(fixture, None, now_ms)
    picks = standing_picks(fixture, clock["loop"])
    predictions = [prediction.as_protocol() for prediction in fixture.predictions.all()]
    resolved = {p["id"] for p in predictions if p["resolves_at"] <= clock["sequence"]}
    results = {key: value for key, value in report["results"].items() if key in resolved}
    return crowd_lines(
        predictions, picks, clock["sequence"], results, report["standings"], fan_names
    )


def feed_crowd(fixture, now_ms, fan_names=True) -> list[str]:
    """The crowd lines of a feed fixture at `now_ms`: every question made so far has opened."""
    predictions = [
        p
        for p in live.predictions(fixture.id, now_ms, with_previous=False)
        if p["status"] != live.livegame.VOID
    ]
    report = live.standings(fixture)
    opened = max((p["opens_at"] for p in predictions), default=0)
    return crowd_lines(
        predictions,
        standing_picks(fixture, live.LOOP),
        opened,
        report["results"],
        report["standings"],
        fan_names,
    )
