// The prediction cards of the loop: open questions with a countdown to the lock and your pick,
// the live share of picks per option, the bots' picks from the lock, the reveal at resolution.
// Cards are built once per loop and updated in place, so focus and screen readers keep their place.
import { formatCountdown } from "/static/rally/clock.js";
import { addHandler } from "/static/rally/socket.js";
import { element, setText } from "/static/rally/dom.js";
import { BOTS, botPick, correctOption, pickWindow } from "./engine.js";
import { shareOf } from "./picks.js";

const REASONS = {
  not_joined: "Join with a nickname to pick.",
  unknown_prediction: "The server does not know this question.",
  bad_choice: "That is not one of the options.",
  not_open: "This question is not open yet.",
  locked: "Too late: this question is locked.",
  wrong_loop: "That loop is over.",
  too_many_names: "Too many names are playing from your network in this loop.",
};
const ORDER = { open: 0, locked: 1, resolved: 2 };

export function mountPredictions(root, game, handlers) {
  const list = root.querySelector("[data-prediction-cards]");
  const announce = (text) => setText(root.querySelector("[data-predictions-announcer]"), text);
  const notes = new Map(); // prediction id → what the page says about the fan's last attempt
  const pending = new Map(); // prediction id → choice sent, not relayed back yet
  let cards = new Map();
  let cardsLoop = null;

  addHandler(handlers, "pick_rejected", (message) => {
    pending.delete(message.prediction);
    notes.set(message.prediction, REASONS[message.reason] ?? message.reason);
  });
  addHandler(handlers, "pick", (message) => {
    if (message.name !== game.me.name) return;
    pending.delete(message.prediction);
    notes.delete(message.prediction);
  });

  function choose(prediction, option) {
    if (!game.me.joined) {
      notes.set(prediction.id, REASONS.not_joined);
      document.querySelector("[data-join-name]")?.focus();
      return;
    }
    const loop = cardsLoop;
    if (game.room.send({ type: "pick", prediction: prediction.id, choice: option.id, loop })) {
      pending.set(prediction.id, option.id);
      notes.delete(prediction.id);
    } else {
      notes.set(prediction.id, "Not connected: your pick was not sent.");
    }
  }

  return {
    update(view) {
      const { clock } = view;
      if (clock.loop !== cardsLoop) {
        list.replaceChildren();
        [cards, cardsLoop] = [new Map(), clock.loop];
        pending.clear();
        notes.clear();
      }
      const firstPaint = cards.size === 0;
      const picks = game.book.picks(clock.loop);
      const shown = view.predictions.filter((prediction) => prediction.opens_at <= clock.sequence);
      for (const prediction of shown) {
        if (!cards.has(prediction.id)) cards.set(prediction.id, buildCard(prediction, choose));
        const fan = { picks, mine: mineOf(prediction), note: notes.get(prediction.id) };
        const change = updateCard(cards.get(prediction.id), prediction, view, fan);
        if (change && !firstPaint) announce(change);
      }
      placeCards(list, shown.map((prediction) => cards.get(prediction.id)));
      root.querySelector("[data-predictions-empty]").hidden = shown.length > 0;
    },
  };

  function mineOf(prediction) {
    if (pending.has(prediction.id)) return pending.get(prediction.id);
    return game.me.name ? game.book.choiceOf(game.me.name, cardsLoop, prediction.id) : null;
  }
}

function buildCard(prediction, choose) {
  const card = element("li", "prediction-card");
  card.dataset.prediction = prediction.id;
  const title = element("h3", "prediction-question", prediction.question);
  title.id = `prediction-${prediction.id}`;
  const options = element("div", "prediction-options");
  options.setAttribute("role", "group");
  options.setAttribute("aria-labelledby", title.id);
  for (const option of prediction.options) {
    const button = element("button", "option");
    button.type = "button";
    button.dataset.option = option.id;
    button.append(element("span", "option-label", option.label), element("span", "option-share"),
      element("span", "sr-only option-verdict"));
    button.addEventListener("click", () => choose(prediction, option));
    options.append(button);
  }
  card.append(title, element("p", "prediction-status"), options, element("p", "prediction-mine"),
    element("p", "prediction-bots"));
  return card;
}

// Brings the card up to the view; returns a sentence to announce when its status changed.
function updateCard(card, prediction, view, { picks, mine, note }) {
  const { clock, events } = view;
  const status = prediction.resolves_at <= clock.sequence ? "resolved" : pickWindow(prediction, clock.sequence);
  const correct = status === "resolved" ? correctOption(prediction, events) : null;
  const previous = card.dataset.status;
  Object.assign(card.dataset, {
    status,
    mine: mine ?? "",
    order: ORDER[status] * 1000 + (status === "resolved" ? 999 - prediction.resolves_at : prediction.locks_at),
  });
  updateOptions(card, shareOf(picks, prediction), { status, mine, correct });
  setText(card.querySelector(".prediction-status"), statusLine(prediction, view, status, correct));
  setText(card.querySelector(".prediction-mine"), note ?? mineLine(prediction, status, mine, correct));
  const bots = card.querySelector(".prediction-bots");
  bots.hidden = status === "open";
  setText(bots, status === "open" ? "" : botsLine(prediction, view));
  if (previous === status) return null;
  if (status === "open") return `New question: ${prediction.question}`;
  if (status === "locked") return `Locked: ${prediction.question}`;
  return `${prediction.question} ${labelOf(prediction, correct)}. ${mineLine(prediction, status, mine, correct)}`;
}

function updateOptions(card, counts, { status, mine, correct }) {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  for (const button of card.querySelectorAll("[data-option]")) {
    const id = button.dataset.option;
    button.disabled = status !== "open";
    button.setAttribute("aria-pressed", String(mine === id));
    button.dataset.count = counts[id];
    button.classList.toggle("correct", correct === id);
    button.style.setProperty("--share", total ? (counts[id] / total).toFixed(3) : "0");
    setText(button.querySelector(".option-share"), shareText(counts[id], total));
    setText(button.querySelector(".option-verdict"), correct === id ? " (the answer)" : "");
  }
}

function statusLine(prediction, { clock, anchor, now }, status, correct) {
  const at = (sequence) => clock.loopStartedAt + (sequence - 1) * anchor.tickMs;
  if (status === "open") return `Open · locks in ${formatCountdown(at(prediction.locks_at) - now)}`;
  if (status === "locked") return `Locked · answer in ${formatCountdown(at(prediction.resolves_at) - now)}`;
  return `Answer: ${labelOf(prediction, correct)}`;
}

function mineLine(prediction, status, mine, correct) {
  if (!mine) return status === "open" ? "Pick one." : "You did not pick.";
  if (status !== "resolved") return `Your pick: ${labelOf(prediction, mine)}.`;
  return mine === correct ? `You got it: +${prediction.points}.` : `Not this time: you picked ${labelOf(prediction, mine)}.`;
}

function botsLine(prediction, { clock, events }) {
  return BOTS.map((bot) => `${bot.name}: ${labelOf(prediction, botPick(clock.cycleIndex, prediction, bot, events))}`)
    .join(" · ");
}

function shareText(count, total) {
  if (!total) return "no picks yet";
  return `${Math.round((100 * count) / total)}% · ${count} ${count === 1 ? "pick" : "picks"}`;
}

function labelOf(prediction, optionId) {
  return prediction.options.find((option) => option.id === optionId)?.label ?? optionId;
}

// Open questions first (soonest lock first), then locked ones, then answers (latest first);
// nodes move only when the order changes.
function placeCards(list, cards) {
  const ordered = [...cards].sort((a, b) => a.dataset.order - b.dataset.order);
  const current = [...list.children];
  if (ordered.length === current.length && ordered.every((card, index) => card === current[index])) return;
  list.replaceChildren(...ordered);
}
