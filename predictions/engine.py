"""The shared-truth engine, game half (docs/engine.md §3–6): seeded random, predictions, bots, standings.

Pure and deterministic: no Django, no I/O, no wall-clock reads. The JavaScript engine mirrors
every function here; `matches/tests/engine_vectors.json` (built by `python -m testsupport.golden`)
holds them to the same outputs bit for bit. The replay clock and the fold (§1–2) are
matches/engine.py.
"""

MASK32 = 0xFFFFFFFF

# §3 Seeded random (bryc's xmur3 and mulberry32, 32-bit integer arithmetic as in JavaScript)


def _imul(a, b):
    return (a * b) & MASK32


def _utf16_code_units(s):
    # JavaScript strings are UTF-16; surrogatepass keeps lone surrogates as JS would.
    data = s.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def xmur3(s):
    """A generator of unsigned 32-bit seeds hashed from the string `s`."""
    units = _utf16_code_units(s)
    h = 1779033703 ^ len(units)
    for unit in units:
        h = _imul(h ^ unit, 3432918353)
        h = ((h << 13) | (h >> 19)) & MASK32

    def next_seed():
        nonlocal h
        h = _imul(h ^ (h >> 16), 2246822507)
        h = _imul(h ^ (h >> 13), 3266489909)
        h ^= h >> 16
        return h

    return next_seed


def mulberry32(a):
    """A generator of floats in [0, 1) from the 32-bit seed `a`."""
    state = a & MASK32

    def next_float():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK32
        t = _imul(state ^ (state >> 15), state | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK32
        return (t ^ (t >> 14)) / 4294967296

    return next_float


def seeded_random(s):
    return mulberry32(xmur3(s)())


# §4 Predictions


def tally(prediction, events, sequence):
    """Points per option scored in the events since < event.sequence ≤ sequence."""
    field = "team" if prediction["on"] == "team" else "player_id"
    totals = {option["id"]: 0 for option in prediction["options"]}
    for event in events:
        if prediction["since"] < event["sequence"] <= sequence and event[field] in totals:
            totals[event[field]] += event["points"]
    return totals


def _ranked_options(prediction, events, sequence):
    """Option ids, highest tally first; Python's sort is stable, so ties keep declared order."""
    totals = tally(prediction, events, sequence)
    ids = [option["id"] for option in prediction["options"]]
    return sorted(ids, key=lambda option_id: -totals[option_id]), totals


def correct_option(prediction, events):
    return _ranked_options(prediction, events, prediction["resolves_at"])[0][0]


def resolutions(predictions, events, sequence):
    """{prediction id: correct option id} for the predictions resolved at `sequence`."""
    return {
        prediction["id"]: correct_option(prediction, events)
        for prediction in predictions
        if prediction["resolves_at"] <= sequence
    }


def pick_window(prediction, sequence):
    if sequence < prediction["opens_at"]:
        return "not_open"
    return "open" if sequence < prediction["locks_at"] else "locked"


# §5 CPU bots

BOTS = [
    {"id": "cpu_chalk", "name": "Chalk", "skill": 0.85},
    {"id": "cpu_flip", "name": "Flip", "skill": 0.55},
    {"id": "cpu_rebel", "name": "Rebel", "skill": 0.30},
]


def bot_pick(cycle_index, prediction, bot, events):
    """The option id `bot` picks on `prediction` in loop `cycle_index`."""
    rng = seeded_random(f"{cycle_index}:{prediction['id']}:{bot['id']}")
    ranked, totals = _ranked_options(prediction, events, prediction["locks_at"])
    favourite, underdog = ranked[0], ranked[-1]
    if totals[favourite] == totals[underdog]:  # nothing to go on
        options = prediction["options"]
        return options[int(rng() * len(options))]["id"]
    return favourite if rng() < bot["skill"] else underdog


def bot_picks(cycle_index, predictions, events, sequence):
    """The bots' picks visible at `sequence` (from each prediction's lock)."""
    return [
        {
            "name": bot["name"],
            "bot": bot["id"],
            "prediction": prediction["id"],
            "choice": bot_pick(cycle_index, prediction, bot, events),
        }
        for prediction in predictions
        if prediction["locks_at"] <= sequence
        for bot in BOTS
    ]


# §6 Leaderboard


def standings(cycle_index, picks, events, predictions, sequence):
    """Leaderboard rows {name, points, rank, bot}: the bots, then every human who picked.

    `picks` are human picks {name, prediction, choice} in arrival order; the latest of a name on
    a prediction stands. Only predictions resolved at `sequence` score.
    """
    resolved = [p for p in predictions if p["resolves_at"] <= sequence]
    results = resolutions(resolved, events, sequence)
    rows = _bot_rows(cycle_index, resolved, results, events) + _human_rows(picks, resolved, results)
    return _ranked_rows(rows)


def _bot_rows(cycle_index, resolved, results, events):
    rows = []
    for bot in BOTS:
        row = _row(bot["name"], bot["id"])
        for prediction in resolved:
            if bot_pick(cycle_index, prediction, bot, events) == results[prediction["id"]]:
                row["points"] += prediction["points"]
        rows.append(row)
    return rows


def _human_rows(picks, resolved, results):
    # Keyed apart from the bots: a human can never add to a bot's row.
    rows = {}
    worth = {prediction["id"]: prediction["points"] for prediction in resolved}
    standing_choices = {(pick["name"], pick["prediction"]): pick["choice"] for pick in picks}
    for (name, prediction_id), choice in standing_choices.items():
        row = rows.setdefault(name, _row(name, None))
        if prediction_id in results and results[prediction_id] == choice:
            row["points"] += worth[prediction_id]
    return list(rows.values())


def _row(name, bot_id):
    return {"name": name, "points": 0, "rank": 0, "bot": bot_id}


def _ranked_rows(rows):
    """Points descending, then name in UTF-16 code-unit order; standard competition ranks."""
    ordered = sorted(rows, key=lambda row: (-row["points"], _utf16_sort_key(row["name"])))
    for index, row in enumerate(ordered):
        tied_with_previous = index > 0 and ordered[index - 1]["points"] == row["points"]
        row["rank"] = ordered[index - 1]["rank"] if tied_with_previous else index + 1
    return ordered


ranked_rows = (
    _ranked_rows  # the one tie rule, also for the live football game's standings (livegame.py)
)


def _utf16_sort_key(name):
    # Big-endian bytes compare exactly as JavaScript's `<` compares UTF-16 code units.
    return name.encode("utf-16-be", "surrogatepass")


# §6.1 The leaderboard at crowd scale: a summary every page can place its own fan in

STANDINGS_TOP = 10  # rows a page lists; beyond them it shows its own fan's row


def summarize(rows, top=STANDINGS_TOP):
    """What a room is sent of ranked `rows`: the first `top` rows, how many rows there are, and
    how many rows hold each number of points (highest first), from which a page ranks its own fan
    (rank_of) without the whole table. Its size grows with the distinct totals, never the crowd."""
    points = {}
    for row in rows:
        points[row["points"]] = points.get(row["points"], 0) + 1
    return {
        "top": rows[:top],
        "players": len(rows),
        "points": [[p, n] for p, n in sorted(points.items(), reverse=True)],
    }


def rank_of(summary, points):
    """The standard competition rank of a row holding `points` among the summary's rows: one more
    than the rows with more points (ties share a rank, as in standings)."""
    return 1 + sum(count for held, count in summary["points"] if held > points)
