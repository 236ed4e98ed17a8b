// A feed fixture's side of the game panel (docs/engine.md §7): the server makes and settles the
// questions from the feed; the page holds them (live_questions.js), counts down to each lock by
// the football page's own match clock (matches/feed/clock.js), and shows the server's standings
// summary (sent with each settlement) with the fan placed in it (standings.js). When an open question locks
// on the page's clock, or the page arrives in play with no round open, it reads …/predictions:
// that read makes the round now due, which the server announces to the whole room. The server
// runs a quiet fixture's clock on by whole minutes since the feed's last change, so it may see
// the lock up to a minute after the page: the page reads again every 10 s until a round is open
// (at most 8 reads).
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { addHandler } from "/static/rally/socket.js";
import { matchClock, tick } from "/static/matches/feed/clock.js";
import { createLiveQuestions, lockCountdown, shownStatus } from "./live_questions.js";
import { createStandings } from "./standings.js";
import { paintMatchSummary } from "./summary.js";

const LOOP = 1; // a feed fixture is played once
const ROUND_READ_JITTER_MS = [500, 2_500]; // spread the room's reads when a round locks
const ROUND_READ_EVERY_MS = 10_000;
const ROUND_READS = 8;
const WAITING_TEXT = {
  full_time_result: "Locked · answered at full time",
  next_goal: "Locked · answered by the next goal, or at full time",
  late_goal: "Locked · answered by a goal from 86', or at full time",
};

export function createLiveRules(slug, game, handlers) {
  const questions = createLiveQuestions();
  const board = createStandings(game, () => questions.current(), (view, prediction) => prediction.answer);
  const lockedHere = new Set(); // open questions this page saw lock on its own clock
  let arrived = false; // a hello came: if play runs and no round is open, one may be due
  let readsLeft = 0; // reads of …/predictions to make while play runs without an open round
  let nextReadAt = 0;

  const adopt = (message) => questions.adopt(message.predictions);
  addHandler(handlers, "hello", (message) => {
    arrived = true;
    adopt(message);
  });
  addHandler(handlers, "welcome", adopt);
  // A correction or a new showing moves the standings too: the room is sent them (`standings`).
  addHandler(handlers, "prediction_update", (message) => questions.update(message.prediction, message.corrected ?? null));

  // Reads …/predictions when one is due: `wanted` starts a new run of reads.
  function readRounds(now, { wanted, roundOpen, running }) {
    if (wanted) {
      const [least, most] = ROUND_READ_JITTER_MS;
      readsLeft = ROUND_READS;
      nextReadAt = now + least + Math.random() * (most - least);
    }
    if (roundOpen || !running) readsLeft = 0;
    if (readsLeft === 0 || now < nextReadAt) return;
    readsLeft -= 1;
    nextReadAt = now + ROUND_READ_EVERY_MS;
    fetchJSON(apiUrls.predictions(slug)).then(questions.adopt).catch(() => {});
  }

  // The match is over: the page's clock says so, or (the server confirms a full time without a
  // word to the page) the feed says finished and the server has settled every question.
  const settled = (prediction) => prediction.status === "resolved" || prediction.status === "void";
  const over = (view) => matchClock(view, null) === Infinity
    || (view.state?.category === "finished" && questions.current().length > 0 && questions.current().every(settled));
  return {
    loop: () => LOOP,
    phase: (view) => view.state?.category ?? "not_started",
    between: over, // the match is over: the tray gives the fan's payoff
    pauseTitle: "Full time",

    questions(view) {
      const clock = matchClock(view, tick(view.clock, view.now));
      const shown = questions.all().map((prediction) => ({ prediction, status: shownStatus(prediction, clock) }));
      const justLocked = shown.filter(({ prediction, status }) => status === "locked" && prediction.status === "open"
        && !lockedHere.has(prediction.id));
      justLocked.forEach(({ prediction }) => lockedHere.add(prediction.id));
      const roundOpen = shown.some(({ prediction, status }) => prediction.kind === "next_goal" && status === "open"
        && !prediction.previous_showing);
      const running = view.state?.category === "running";
      readRounds(view.now, { wanted: justLocked.length > 0 || (arrived && running), roundOpen, running });
      if (view.state) arrived = false;
      return shown;
    },

    lock: (view, prediction) => lockCountdown(prediction, view.clock, view.now),
    answer: (view, prediction) => prediction.answer,
    waiting: (view, prediction) => WAITING_TEXT[prediction.kind] ?? "Locked · waiting for the feed",
    othersLine: () => "",

    rankMove: (view, prediction) => (prediction.previous_showing ? "" : board.rankMove(view, LOOP, prediction)),

    idleNote(view) {
      const category = view.state?.category;
      if (category === "paused") return "The next round opens when play restarts.";
      if (category === "running") return "The next round opens in a moment.";
      return category === "not_started" || !category ? "" : "The match is over: no more questions.";
    },

    summary(root, view, between) {
      root.hidden = !between;
      if (!between) return;
      const place = board.latest(view, LOOP);
      const share = (prediction) => game.book.shareOf(LOOP, prediction);
      paintMatchSummary(root, { game, place, questions: questions.current(), share });
    },
    standings: (view) => board.latest(view, LOOP).rows,
  };
}
