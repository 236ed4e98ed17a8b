// The payoff at the end of a replay loop (your place, points, right answers of total, with the
// countdown to the next tip-off) and at a football match's full time (your place, points, right
// answers and your best call: the right pick the fewest of the room made).
import { formatCountdown } from "/static/rally/clock.js";
import { element } from "/static/rally/dom.js";
import { correctOption } from "./engine.js";
import { labelOf } from "./picks.js";
import { ordinal, placeText } from "./standings.js";

// Between loops: your loop in one line, and when the next one tips off. `place` is the fan's
// place in the loop's final standings (standings.js).
export function paintLoopSummary(root, view, game, place, between) {
  root.hidden = !between;
  if (!between) return;
  const { clock, now } = view;
  const me = game.me.joined ? game.me.name : null;
  const { row, of } = me ? place : { row: null, of: 0 };
  const tied = Boolean(row && place.level);
  const right = row ? view.predictions.filter((p) => game.book.choiceOf(clock.loop, p.id) === correctOption(p, view.events)).length : 0;
  const title = !me ? `Loop #${clock.loop} is over.` : !row ? `You made no picks in loop #${clock.loop}.`
    : row.rank === 1 && !tied ? `You won loop #${clock.loop}!`
      : `Loop #${clock.loop}: you finished ${tied ? "tied " : ""}${ordinal(row.rank)}.`;
  const parts = [element("p", "summary-title", title)];
  if (row) {
    const facts = element("p", "summary-facts",
      `${placeText(place)} · ${row.points} points · ${right} of ${view.predictions.length} right`);
    parts.push(facts);
  }
  parts.push(element("p", "summary-next",
    `${me ? "Loop" : "Join and play loop"} #${clock.loop + 1} tips off in ${formatCountdown(clock.nextTipoffMs - now)}.`));
  Object.assign(root.dataset, { rank: row?.rank ?? "", of, points: row?.points ?? "", right, total: view.predictions.length });
  const key = parts.map((part) => part.textContent).join("|");
  if (root.dataset.key === key) return;
  root.dataset.key = key;
  root.replaceChildren(...parts);
}

// At a football match's full time: `place` as standings.js gives it, `questions` the match's own,
// `share(prediction)` the room's picks per option.
export function paintMatchSummary(root, { game, place, questions, share }) {
  root.hidden = false;
  const me = game.me.joined ? game.me.name : null;
  const choice = (prediction) => game.book.choiceOf(1, prediction.id);
  const settled = questions.filter((prediction) => prediction.status === "resolved");
  const right = settled.filter((prediction) => choice(prediction) !== null && choice(prediction) === prediction.answer);
  const row = me ? place.row : null;
  const title = !me ? "Full time. Join to play the next match." : !row ? "Full time: you made no picks this match."
    : `Full time: you finished ${placeText(place)}.`;
  const parts = [element("p", "summary-title", title)];
  if (row) {
    parts.push(element("p", "summary-facts", `${row.points} points · ${right.length} of ${settled.length} right`));
    const best = bestCall(right, share);
    parts.push(element("p", "summary-next", best
      ? `Your best call: ${best.prediction.question} ${labelOf(best.prediction, best.prediction.answer)}, with ${best.agreed} of the room.`
      : "No right call this match: the next one starts from zero."));
  }
  Object.assign(root.dataset, { rank: row?.rank ?? "", of: place.of, points: row?.points ?? "", right: right.length, total: settled.length });
  const key = parts.map((part) => part.textContent).join("|");
  if (root.dataset.key === key) return;
  root.dataset.key = key;
  root.replaceChildren(...parts);
}

// The right pick the smallest share of the room made (more points first on a tie).
function bestCall(right, share) {
  const calls = right.map((prediction) => {
    const counts = share(prediction);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const fraction = total ? counts[prediction.answer] / total : 1;
    return { prediction, fraction, agreed: total ? `${Math.round(100 * fraction)}%` : "all" };
  });
  calls.sort((a, b) => a.fraction - b.fraction || b.prediction.points - a.prediction.points);
  return calls[0] ?? null;
}
