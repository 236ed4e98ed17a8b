"""The crowd: what Rally's fans picked and who leads, as facts the presenter can speak to.

Derived, never invented: the share of standing picks per option on the questions open now
and on the ones already resolved (with how many got them right), and the leaderboard's
leader (a CPU bot says so). The replay's questions come from its engine, a feed fixture's from
the live game the feed settles (docs/engine.md §7); void ones are not spoken of.
"""

from matches.engine import replay_clock
from predictions import live
from predictions.models import Pick
from predictions.services import standings as standings_report

QUESTIONS_SHOWN = 3


def in_tens(count, total):
    """ "6 in 10" — how a presenter says a share."""
    return f"{round(10 * count / total)} in 10"


def crowd_lines(predictions, picks, sequence, results, leader, fan_names=True):
    """Plain-data core: `predictions` as protocol dicts, `picks` [{name, prediction, choice}]
    (the standing ones), `results` {prediction id: correct option} for the resolved ones,
    `leader` a leaderboard row or None. Lines, newest question first. Without `fan_names` (the
    prompt's switch, Prompt.fan_names) no fan is named: a fan leading is "a fan"."""
    by_question = {}
    for pick in picks:
        by_question.setdefault(pick["prediction"], {})[pick["name"]] = pick["choice"]
    lines = []
    started = [p for p in predictions if p["opens_at"] <= sequence]
    for prediction in sorted(started, key=lambda p: -p["opens_at"]):
        choices = list(by_question.get(prediction["id"], {}).values())
        if not choices:
            continue
        labels = {option["id"]: option["label"] for option in prediction["options"]}
        total = len(choices)
        if prediction["id"] in results:
            right = sum(choice == results[prediction["id"]] for choice in choices)
            answer = labels.get(results[prediction["id"]], results[prediction["id"]])
            lines.append(
                f"{prediction['question']} It was {answer}: {right} of {total} of you got it right"
            )
        else:
            favourite = max(
                labels, key=lambda option: (choices.count(option), -list(labels).index(option))
            )
            count = choices.count(favourite)
            lines.append(
                f"{prediction['question']} {in_tens(count, total)} of you ({count} of {total}) back {labels[favourite]}"
            )
        if len(lines) == QUESTIONS_SHOWN:
            break
    if leader and leader["points"] > 0:
        who = (
            f"{leader['name']} (a CPU bot)"
            if leader.get("bot")
            else leader["name"]
            if fan_names
            else "A fan"
        )
        lines.append(f"{who} leads the leaderboard on {leader['points']} points")
    return lines


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
    rows = report["standings"]
    return crowd_lines(
        predictions, picks, clock["sequence"], results, rows[0] if rows else None, fan_names
    )


def feed_crowd(fixture, now_ms, fan_names=True) -> list[str]:
    """The crowd lines of a feed fixture at `now_ms`: every question made so far has opened."""
    predictions = [
        p
        for p in live.predictions(fixture.id, now_ms, with_previous=False)
        if p["status"] != live.livegame.VOID
    ]
    report = live.standings(fixture)
    rows = report["standings"]
    opened = max((p["opens_at"] for p in predictions), default=0)
    return crowd_lines(
        predictions,
        standing_picks(fixture, live.LOOP),
        opened,
        report["results"],
        rows[0] if rows else None,
        fan_names,
    )
