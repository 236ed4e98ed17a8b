// The questions of the loop, in two places. The tray holds the open questions (always in view:
// sticky on a desk, a bottom sheet on a phone) with a countdown to the lock, the crowd's live
// share (the room's tallies) and your pick; a visible cue and a polite announcement tell when one opens. Once locked,
// a question folds into one compact row of the results list, which reveals the answer, the points
// you earned and how your rank moved. Between loops the tray sums up your loop and counts down to
// the next tip-off. Cards and rows are built once per loop and updated in place. Nothing here
// scrolls the page: focus a repaint dislodges stays in the tray without moving the view, and
// what changed is said through the live region. On a phone (a bottom sheet) the newest open
// card is whole and any other folds to one line, which unfolds at a tap.
//
// When questions open, lock and resolve is the fixture's own (`game.rules`): the replay's clock
// (replay_rules.js) or the feed's (live_rules.js); this module paints what the rules say.
import { formatCountdown } from "/static/rally/clock.js";
import { addHandler } from "/static/rally/socket.js";
import { element, setText } from "/static/rally/dom.js";
import { labelOf } from "./picks.js";
import { VOID_TEXT, lockLabel } from "./live_questions.js";

const REASONS = {
  not_joined: "Join with a nickname to pick.",
  unknown_prediction: "The server does not know this question.",
  bad_choice: "That is not one of the options.",
  not_open: "This question is not open yet.",
  locked: "Too late: this question is locked.",
  wrong_loop: "That loop is over.",
  too_many_names: "Too many names are playing from your network in this loop.",
};
const CUE_MS = 6000; // how long the "New question" cue stays lit
const REVEAL_MS = 10_000; // how long an answer stays said in the tray, where the fan looks
const SHEET = window.matchMedia("(max-width: 859px)"); // the tray is a bottom sheet (game.css)

export function mountPredictions(tray, resultsPanel, game, handlers) {
  const list = tray.querySelector("[data-prediction-cards]");
  const results = resultsPanel.querySelector("[data-results]");
  // A football page whose recorded match restarted folds the last showing's rows away here.
  const previous = resultsPanel.querySelector("[data-previous-results]");
  const announce = (text) => setText(tray.querySelector("[data-predictions-announcer]"), text);
  const notes = new Map(); // prediction id → what the page says about the fan's last attempt
  const pending = new Map(); // prediction id → choice sent, not relayed back yet
  let cards = new Map(); // open question id → card in the tray
  let rows = new Map(); // locked or answered question id → row in the results
  let cardsLoop = null;
  let cueUntil = 0;
  let reveal = { text: "", until: 0 }; // the latest answer, said in the tray for a while
  let unfolded = null; // the open card the fan unfolded on a phone
  let painted = false; // what is open when the page loads is not news

  addHandler(handlers, "pick_rejected", (message) => {
    pending.delete(message.prediction);
    notes.set(message.prediction, REASONS[message.reason] ?? message.reason);
  });
  addHandler(handlers, "pick", (message) => {
    if (message.name !== game.me.name) return;
    pending.delete(message.prediction);
    notes.delete(message.prediction);
  });
  keepClearOf(tray.closest("[data-game-dock]") ?? tray);

  function choose(prediction, option) {
    if (!game.me.joined) {
      notes.set(prediction.id, REASONS.not_joined);
      document.querySelector("[data-join-name]")?.focus({ preventScroll: true });
      return;
    }
    if (game.room.send({ type: "pick", prediction: prediction.id, choice: option.id, loop: cardsLoop })) {
      pending.set(prediction.id, option.id);
      notes.delete(prediction.id);
    } else {
      notes.set(prediction.id, "Not connected: your pick was not sent.");
    }
  }

  function startLoop(loop) {
    reveal = { text: "", until: 0 };
    list.replaceChildren();
    results.replaceChildren();
    [cards, rows, cardsLoop] = [new Map(), new Map(), loop];
    pending.clear();
    notes.clear();
  }

  return {
    update(view) {
      const { rules } = game;
      const loop = rules.loop(view);
      const focus = focusWithin([tray, resultsPanel]);
      if (loop !== cardsLoop) startLoop(loop);
      const firstPaint = !painted;
      painted = true;
      const fan = { share: (prediction) => game.book.shareOf(loop, prediction), me: game.me.joined ? game.me.name : null };
      const answered = [];
      for (const { prediction, status } of rules.questions(view)) {
        const mine = mineOf(prediction);
        const change = status === "open"
          ? paintCard(prediction, view, { ...fan, mine, note: notes.get(prediction.id) })
          : paintRow(prediction, view, { ...fan, mine, status });
        if (change && !firstPaint) announce(change);
        if (change && status === "open" && !firstPaint) cueUntil = view.now + CUE_MS;
        if (change && status === "resolved" && !firstPaint) answered.push({ text: change, mine: Boolean(mine) });
      }
      // Answers that come together: the ones the fan picked are said (else the first).
      const said = answered.some((answer) => answer.mine) ? answered.filter((answer) => answer.mine) : answered.slice(0, 1);
      if (said.length) reveal = { text: said.map((answer) => answer.text).join(" "), until: view.now + REVEAL_MS };
      placeInOrder(list, [...cards.values()], (card) => Number(card.dataset.locksAt));
      const earlier = [...rows.values()].filter((row) => row.dataset.previousShowing === "true");
      // In the order they locked: a new row goes at the end, so nothing above it moves.
      placeInOrder(results, [...rows.values()].filter((row) => !earlier.includes(row)), (row) => Number(row.dataset.locksAt));
      if (previous) {
        placeInOrder(previous, earlier, (row) => -Number(row.dataset.locksAt));
        previous.closest("[data-previous-showing]").hidden = earlier.length === 0;
      }
      paintTray(view);
      foldCards();
      restoreFocus(focus);
    },
  };

  function mineOf(prediction) {
    if (pending.has(prediction.id)) return pending.get(prediction.id);
    return game.me.name ? game.book.choiceOf(cardsLoop, prediction.id) : null;
  }

  // The open card of `prediction`; returns a sentence to announce when it just opened.
  function paintCard(prediction, view, fan) {
    const opened = !cards.has(prediction.id);
    if (opened) cards.set(prediction.id, buildCard(prediction, choose, unfold));
    updateCard(cards.get(prediction.id), prediction, game.rules.lock(view, prediction), fan);
    return opened ? `New question: ${prediction.question}` : null;
  }

  // The results row of a locked or answered `prediction`; its card leaves the tray.
  function paintRow(prediction, view, fan) {
    cards.get(prediction.id)?.remove();
    cards.delete(prediction.id);
    if (!rows.has(prediction.id)) rows.set(prediction.id, buildRow(prediction));
    return updateRow(rows.get(prediction.id), prediction, view, { ...fan, rules: game.rules });
  }

  function paintTray(view) {
    const { rules } = game;
    const { now } = view;
    const open = cards.size;
    tray.dataset.open = open;
    tray.dataset.phase = rules.phase(view);
    setText(tray.querySelector("[data-tray-count]"), open);
    const between = rules.between(view);
    const cue = tray.querySelector("[data-tray-cue]");
    cue.hidden = between || open === 0 || now >= cueUntil; // lit only with a question to answer
    tray.dataset.cue = String(!cue.hidden);
    const revealed = tray.querySelector("[data-tray-reveal]");
    revealed.hidden = between || now >= reveal.until;
    setText(revealed, revealed.hidden ? "" : reveal.text);
    setText(tray.querySelector("[data-tray-heading]"), between ? rules.pauseTitle : "Open questions");
    tray.querySelector("[data-tray-count]").hidden = between;
    rules.summary(tray.querySelector("[data-loop-summary]"), view, between);
    const note = between ? "" : !open ? rules.idleNote(view) : game.me.joined ? "Tap your answer before the lock." : "Join with a nickname to pick an answer.";
    setText(tray.querySelector("[data-tray-note]"), note);
    setText(resultsPanel.querySelector("[data-results-loop]"), cardsLoop);
    resultsPanel.querySelector("[data-results-empty]").hidden = results.children.length > 0;
  }

  function unfold(predictionId) {
    unfolded = predictionId;
    foldCards();
  }

  // In the sheet, or wherever the open cards do not all fit in view, the newest card (or the
  // one the fan unfolded) is whole and the others one line each.
  function foldCards() {
    const open = [...cards.keys()];
    if (!open.includes(unfolded)) unfolded = null;
    const whole = unfolded ?? open.at(-1);
    const fold = (folded) => {
      for (const [id, card] of cards) {
        card.dataset.collapsed = String(folded(id));
        card.querySelector(".prediction-toggle").setAttribute("aria-expanded", String(!folded(id)));
      }
    };
    fold(() => false);
    if (open.length > 1 && (SHEET.matches || !allInView(list))) fold((id) => id !== whole);
  }

  // Focus that a repaint dislodged goes back where it was, or, when its card left the tray or
  // folded, to that card's question or the tray's heading: never to the results below, and
  // never moving the view (the lock and the answer are announced in the live region).
  function restoreFocus(focus) {
    if (!focus || (document.activeElement && document.activeElement !== document.body)) return;
    const target = [focus.element, cards.get(focus.prediction)?.querySelector(".prediction-toggle"),
      tray.querySelector("#tray-title")].find((node) => node?.isConnected && !node.disabled && node.checkVisibility());
    target?.focus({ preventScroll: true });
  }
}

function focusWithin(regions) {
  const active = document.activeElement;
  if (!active || !regions.some((region) => region.contains(active))) return null;
  return { element: active, prediction: active.closest("[data-prediction]")?.dataset.prediction ?? null };
}

const isSheet = (sheet) => getComputedStyle(sheet).position === "fixed";

// The list's end is inside the view and inside whatever scroll box holds it (the desk's dock).
function allInView(list) {
  const box = list.closest("[data-side-panels]") ?? document.documentElement;
  return list.getBoundingClientRect().bottom <= Math.min(window.innerHeight, box.getBoundingClientRect().bottom);
}

function buildCard(prediction, choose, unfold) {
  const card = element("li", "prediction-card");
  card.dataset.prediction = prediction.id;
  card.dataset.locksAt = prediction.locks_at;
  const title = element("h3", "prediction-question");
  title.id = `prediction-${prediction.id}`;
  const toggle = element("button", "prediction-toggle");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "true");
  toggle.append(element("span", "prediction-text", prediction.question), element("span", "prediction-fold"));
  toggle.addEventListener("click", () => unfold(prediction.id));
  title.append(toggle);
  const options = element("div", "prediction-options");
  options.setAttribute("role", "group");
  options.setAttribute("aria-labelledby", title.id);
  for (const option of prediction.options) {
    const button = element("button", "option");
    button.type = "button";
    button.dataset.option = option.id;
    button.append(element("span", "option-label", option.label), element("span", "option-share"));
    button.addEventListener("click", () => choose(prediction, option));
    options.append(button);
  }
  const countdown = element("div", "prediction-countdown");
  countdown.setAttribute("aria-hidden", "true");
  const body = element("div", "prediction-body");
  body.append(element("p", "prediction-status"), countdown, options, element("p", "prediction-mine"));
  card.append(title, body);
  return card;
}

// `lock` is {leftMs, fraction} of the window left, or null when the fixture's clock cannot tell.
function updateCard(card, prediction, lock, { share, mine, note }) {
  card.dataset.status = "open";
  setText(card.querySelector(".prediction-text"), prediction.question); // an editor may correct it
  card.dataset.mine = mine ?? "";
  const counts = share(prediction);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  for (const button of card.querySelectorAll("[data-option]")) {
    const id = button.dataset.option;
    button.setAttribute("aria-pressed", String(mine === id));
    button.dataset.count = counts[id];
    button.style.setProperty("--share", total ? (counts[id] / total).toFixed(3) : "0");
    setText(button.querySelector(".option-share"), shareText(counts[id], total));
  }
  card.querySelector(".prediction-countdown").style.setProperty("--left", (lock?.fraction ?? 1).toFixed(3));
  const when = lock ? `locks in ${formatCountdown(lock.leftMs)}` : `locks at ${lockLabel(prediction)}`;
  setText(card.querySelector(".prediction-status"), `Open · ${when} · ${prediction.points} points`);
  setText(card.querySelector(".prediction-fold"), mine ? `${when} · ✓` : when);
  setText(card.querySelector(".prediction-mine"), note ?? (mine ? `Your pick: ${labelOf(prediction, mine)}.` : "Pick one."));
}

function buildRow(prediction) {
  const row = element("li", "result");
  row.dataset.prediction = prediction.id;
  row.dataset.locksAt = prediction.locks_at;
  row.append(element("p", "result-question", prediction.question), element("p", "result-answer"),
    element("p", "result-mine"), element("p", "result-bots"));
  return row;
}

// Brings the row up to the view; returns a sentence to announce when its status changed.
function updateRow(row, prediction, view, { me, mine, status, rules }) {
  const previous = row.dataset.status;
  const correct = status === "resolved" ? rules.answer(view, prediction) : null;
  const verdict = status === "void" ? "void" : !mine ? "none" : status !== "resolved" ? "waiting" : mine === correct ? "right" : "wrong";
  const corrected = Boolean(prediction.corrected) && row.dataset.correctedFrom !== JSON.stringify(prediction.corrected);
  Object.assign(row.dataset, { status, mine: mine ?? "", correct: correct ?? "", verdict,
    previousShowing: String(Boolean(prediction.previous_showing)), corrected: String(Boolean(prediction.corrected)) });
  setText(row.querySelector(".result-question"), prediction.question); // an editor may correct it
  const answer = status === "resolved" ? `Answer: ${labelOf(prediction, correct)}`
    : status === "void" ? VOID_TEXT[prediction.void_reason] ?? "Void." : rules.waiting(view, prediction);
  setText(row.querySelector(".result-answer"), answer);
  const move = me && (verdict === "right" || verdict === "wrong") ? rules.rankMove(view, prediction) : "";
  setText(row.querySelector(".result-mine"), mineLine(prediction, verdict, mine, move));
  setText(row.querySelector(".result-bots"), rules.othersLine(view, prediction, correct));
  if (corrected) {
    // The feed corrected a settled question (a goal the VAR removed): said once.
    row.dataset.correctedFrom = JSON.stringify(prediction.corrected);
    return `Corrected: ${prediction.question} ${status === "resolved" ? labelOf(prediction, correct) : answer}`;
  }
  if (previous === status) return null;
  if (status === "locked") return `Locked: ${prediction.question}`;
  if (status === "void") return `${prediction.question} ${answer}`;
  return `${prediction.question} ${labelOf(prediction, correct)}. ${mineLine(prediction, verdict, mine, move)}`;
}

function mineLine(prediction, verdict, mine, move) {
  if (verdict === "void") return mine ? `Your pick: ${labelOf(prediction, mine)} · no points either way.` : "";
  if (verdict === "none") return "You did not pick.";
  if (verdict === "waiting") return `Your pick: ${labelOf(prediction, mine)}.`;
  const result = verdict === "right" ? `You got it: +${prediction.points}.` : `Not this time: you picked ${labelOf(prediction, mine)}, +0.`;
  return move ? `${result} ${move}` : result;
}

function shareText(count, total) {
  if (!total) return "no picks yet";
  return `${Math.round((100 * count) / total)}% · ${count} ${count === 1 ? "pick" : "picks"}`;
}

// Only the nodes out of place move, so focus and screen readers keep their place.
function placeInOrder(list, nodes, key) {
  const ordered = [...nodes].sort((a, b) => key(a) - key(b));
  ordered.forEach((node, index) => {
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null);
  });
  while (list.children.length > ordered.length) list.lastElementChild.remove();
}

// On a phone the dock is a bottom sheet: the page keeps its height free below its content.
function keepClearOf(sheet) {
  const root = document.documentElement;
  new ResizeObserver(() => {
    root.style.setProperty("--tray-clearance", isSheet(sheet) ? `${sheet.offsetHeight}px` : "0px");
  }).observe(sheet);
}
