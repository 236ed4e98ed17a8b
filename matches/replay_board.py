"""What the replay's score bug shows at a moment, for the server to render the page with it (pure,
no Django): the page paints the same from the same clock and fold (replay/scoreboard.js), so a
fan never sees a placeholder ("LOOP #–", 0–0) before the first repaint."""

import math

from matches.engine import fold_state, replay_clock

# The phase badge (replay/scoreboard.js): a 2019 game replayed is never "live".
PHASE_BADGES = {"LIVE": "Replay", "POST_MATCH": "Full time"}


def board_at(anchor, events, teams, now_ms):
    """{loop, phase, badge, home, away, quarter, clock}: the board as the page paints it at `now_ms`."""
    clock = replay_clock(anchor, now_ms)
    phase = clock["phase"]
    if phase == "PRE_MATCH":  # the coming loop, before its tip-off
        badge = f"Tip-off in {format_countdown(clock['nextTipoffMs'] - now_ms)}"
        return {
            "loop": clock["loop"] + 1,
            "phase": phase,
            "badge": badge,
            "home": 0,
            "away": 0,
            "quarter": "Q1",
            "clock": "10:00",
        }
    state = fold_state(events, clock["sequence"], teams)
    home, away = state["score"][teams["home"]], state["score"][teams["away"]]
    live = phase == "LIVE"
    return {
        "loop": clock["loop"],
        "phase": phase,
        "badge": PHASE_BADGES[phase],
        "home": home,
        "away": away,
        "quarter": f"Q{state['quarter']}" if live else "Final",
        "clock": state["clock"] if live else f"{home}–{away}",
    }


def format_countdown(ms):
    """m:ss, rounded up (static/rally/clock.js formatCountdown)."""
    seconds = max(0, math.ceil(ms / 1000))
    return f"{seconds // 60}:{seconds % 60:02d}"
