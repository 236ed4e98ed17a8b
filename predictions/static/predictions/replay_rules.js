// The replay's side of the game panel: its questions open, lock and resolve by the replay's
// clock (sequences), the engine resolves them from the events, the CPU bots play along, and the
// leaderboard is the server's standings summary with the fan placed in it (docs/engine.md §4–6.1). predictions.js and
// leaderboard.js paint what these rules say; live_rules.js is the feed fixtures' side.
import { formatCountdown } from "/static/rally/clock.js";
import { BOTS, botPick, correctOption, pickWindow } from "./engine.js";
import { labelOf } from "./picks.js";
import { createStandings } from "./standings.js";
import { paintLoopSummary } from "./summary.js";

const at = (clock, anchor, sequence) => clock.loopStartedAt + (sequence - 1) * anchor.tickMs;

export function createReplayRules(game) {
  const board = createStandings(game, (view) => view.predictions, (view, prediction) => correctOption(prediction, view.events));
  return {
    loop: (view) => view.clock.loop,
    phase: (view) => view.clock.phase,
    between: (view) => view.clock.phase !== "LIVE",
    pauseTitle: "Between loops",

    questions({ predictions, clock }) {
      return predictions
        .filter((prediction) => prediction.opens_at <= clock.sequence)
        .map((prediction) => ({
          prediction,
          status: prediction.resolves_at <= clock.sequence ? "resolved" : pickWindow(prediction, clock.sequence),
        }));
    },

    lock({ clock, anchor, now }, prediction) {
      const locksAt = at(clock, anchor, prediction.locks_at);
      const windowMs = (prediction.locks_at - prediction.opens_at) * anchor.tickMs;
      return { leftMs: locksAt - now, fraction: Math.max(0, Math.min(1, (locksAt - now) / windowMs)) };
    },

    answer: (view, prediction) => correctOption(prediction, view.events),
    waiting: ({ clock, anchor, now }, prediction) =>
      `Locked · answer in ${formatCountdown(at(clock, anchor, prediction.resolves_at) - now)}`,
    rankMove: (view, prediction) => board.rankMove(view, view.clock.loop, prediction),

    othersLine({ clock, events }, prediction, correct) {
      return BOTS.map((bot) => {
        const choice = botPick(clock.cycleIndex, prediction, bot, events);
        const mark = correct ? (choice === correct ? " ✓" : " ✗") : "";
        return `${bot.name}: ${labelOf(prediction, choice)}${mark}`;
      }).join(" · ");
    },

    // The tray's note while no question is open.
    idleNote({ clock, predictions, anchor, now }) {
      const next = predictions.filter((p) => p.opens_at > clock.sequence).sort((a, b) => a.opens_at - b.opens_at)[0];
      return next ? `Next question in ${formatCountdown(at(clock, anchor, next.opens_at) - now)}.` : "No more questions this loop.";
    },

    summary: (root, view, between) => paintLoopSummary(root, view, game, board.latest(view, view.clock.loop), between),

    standings: (view) => board.latest(view, view.clock.loop).rows,
  };
}
