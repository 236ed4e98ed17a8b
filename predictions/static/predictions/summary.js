// The payoff: how a resolved question moved your rank, and at the end of a loop your summary
// (rank of N, points, right answers of total) with the countdown to the next tip-off.
import { formatCountdown } from "/static/rally/clock.js";
import { element } from "/static/rally/dom.js";
import { correctOption, standings } from "./engine.js";

export function ordinal(rank) {
  const tens = rank % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[rank % 10] ?? "th";
  return `${rank}${suffix}`;
}

function rowOf(view, picks, me, sequence) {
  const rows = standings(view.clock.cycleIndex, picks, view.events, view.predictions, sequence);
  return { row: rows.find((row) => row.bot === null && row.name === me), of: rows.length };
}

// "Now 2nd of 6 (up 2)": your rank once the answers at `sequence` are in, against just before.
export function rankMove(view, picks, me, sequence) {
  if (!me) return "";
  const after = rowOf(view, picks, me, sequence);
  const before = rowOf(view, picks, me, sequence - 1);
  if (!after.row) return "";
  const was = before.row?.rank ?? after.row.rank;
  const change = was === after.row.rank ? "holding" : was > after.row.rank ? `up ${was - after.row.rank}` : `down ${after.row.rank - was}`;
  return `Now ${ordinal(after.row.rank)} of ${after.of} (${change}).`;
}

// Between loops: your loop in one line, and when the next one tips off.
export function paintLoopSummary(root, view, game, between) {
  root.hidden = !between;
  if (!between) return;
  const { clock, now } = view;
  const me = game.me.joined ? game.me.name : null;
  const { row, of } = me ? rowOf(view, game.book.picks(clock.loop), me, clock.sequence) : { row: null, of: 0 };
  const right = row ? view.predictions.filter((p) => game.book.choiceOf(me, clock.loop, p.id) === correctOption(p, view.events)).length : 0;
  const title = !me ? `Loop #${clock.loop} is over.` : !row ? `You made no picks in loop #${clock.loop}.`
    : row.rank === 1 ? `You won loop #${clock.loop}!` : `Loop #${clock.loop}: you finished ${ordinal(row.rank)}.`;
  const parts = [element("p", "summary-title", title)];
  if (row) {
    const facts = element("p", "summary-facts",
      `${ordinal(row.rank)} of ${of} · ${row.points} points · ${right} of ${view.predictions.length} right`);
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
