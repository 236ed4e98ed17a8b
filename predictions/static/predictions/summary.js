// The payoff at the end of a loop: your summary (rank of N, points, right answers of total) with
// the countdown to the next tip-off.
import { formatCountdown } from "/static/rally/clock.js";
import { element } from "/static/rally/dom.js";
import { correctOption } from "./engine.js";
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
