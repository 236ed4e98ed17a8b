// Joining the room under a nickname. The server answers a won name with a token that owns it;
// the page keeps name and token per fixture in localStorage, so after a reload, a dropped
// socket or a server restart it joins again by itself and gets its picks back. A name whose
// owner left moments ago stays reserved for them (PRESENCE_GRACE_S): the page says so.
// Every `error` the relay sends is said in the status line, so the page never sits silent; a
// rejoin the relay asks to slow down is retried with backoff (2 s doubling to 16 s: under the
// relay's 10 joins a minute per connection).
import { addHandler } from "/static/rally/socket.js";

const REJOIN_DELAYS_MS = [2000, 4000, 8000, 16000]; // then every 16 s
const REJOIN_TRIES = 12;
const ERROR_TEXT = {
  rate_limited: "The server asked us to slow down",
  too_many_connections: "Too many open tabs from your network",
  unknown_fixture: "This match is not available",
  internal: "The server could not handle that",
};

export function mountJoin(root, game, handlers, slug) {
  const form = root.querySelector("[data-join-form]");
  const input = root.querySelector("[data-join-name]");
  const status = root.querySelector("[data-join-status]");
  const submit = root.querySelector("[data-join-submit]");
  const me = game.me; // { name: the nickname held or wanted, joined: true when the server agreed }
  const ownership = storedOwnership(slug);
  let rejoining = false; // the page, not the fan, asked for the name: a refusal means it was lost
  let rejoinTries = 0;
  let retryTimer = null;

  const say = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
    showJoined();
  };
  // The button tells whether the name in the box is the one you play as.
  const showJoined = () => {
    const playing = me.joined && input.value.trim() === me.name;
    submit.textContent = playing ? "Joined ✓" : me.joined ? "Change name" : "Join";
    submit.disabled = playing;
    root.dataset.joined = String(me.joined);
  };
  input.addEventListener("input", showJoined);
  const ask = (name) => game.room.send({ type: "join", name, ...(ownership.token() ? { token: ownership.token() } : {}) });

  if (ownership.name()) {
    me.name = ownership.name();
    input.value = me.name;
    say("joining", `Joining as ${me.name}…`);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      refuse("Type a nickname first.");
      return;
    }
    rejoining = false;
    clearTimeout(retryTimer);
    if (ask(name)) say("joining", `Joining as ${name}…`);
    else say("offline", "Not connected right now — try again in a moment.");
  });

  function refuse(text) {
    input.setAttribute("aria-invalid", "true");
    say("refused", text);
    input.focus({ preventScroll: true }); // the form is in the dock, in view: the page stays put
  }

  function rejoin() {
    if (me.name && !me.joined && ask(me.name)) {
      rejoining = true;
      rejoinTries += 1;
      say("joining", `Joining again as ${me.name}…`);
    }
  }

  addHandler(handlers, "hello", () => {
    me.joined = false;
    rejoinTries = 0;
    rejoin();
  });
  addHandler(handlers, "welcome", (message) => {
    rejoining = false;
    clearTimeout(retryTimer);
    Object.assign(me, { name: message.name, joined: true });
    ownership.keep(message.name, message.token);
    game.book.setMine(message.picks);
    input.value = message.name;
    input.removeAttribute("aria-invalid");
    say("joined", `You're playing as ${message.name}.`);
  });
  addHandler(handlers, "name_taken", (message) => {
    if (rejoining) { // the name passed to someone else while this page was away
      rejoining = false;
      me.name = null;
      ownership.forget();
      refuse(`${message.name} was taken while you were away — choose another nickname.`);
    } else if (message.reserved_until) {
      const seconds = Math.max(1, Math.ceil((message.reserved_until - Date.now() - (game.offset ?? 0)) / 1000));
      refuse(`${message.name} is reserved for a moment — its player may be coming back. ` +
        `Try again in ${seconds} s, or choose another nickname.`);
    } else {
      refuse(`${message.name} is taken in this room — choose another nickname.`);
    }
  });
  addHandler(handlers, "invalid_name", (message) => refuse(message.detail));
  addHandler(handlers, "error", (message) => {
    if (message.code === "already_playing") {
      refuse(`${message.detail} One name per loop: keep playing as it.`);
      return;
    }
    const text = `${ERROR_TEXT[message.code] ?? "Something went wrong"}: ${message.detail}`;
    if (message.code === "rate_limited" && rejoining && rejoinTries < REJOIN_TRIES) {
      say("joining", `${text} Trying again as ${me.name} shortly…`);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(rejoin, REJOIN_DELAYS_MS[Math.min(rejoinTries, REJOIN_DELAYS_MS.length) - 1]);
    } else {
      say(me.joined ? "joined" : "refused", text);
    }
  });

  return {
    disconnected() {
      clearTimeout(retryTimer);
      if (me.joined) {
        me.joined = false;
        say("offline", `Connection lost — reconnecting to rejoin as ${me.name}…`);
      }
    },
  };
}

// The name this browser owns in a fixture's room, and the token that proves it. Storage may be
// unavailable (private modes, full quota): the page then plays without surviving a reload.
function storedOwnership(slug) {
  const key = `rally.nickname.${slug}`;
  let held = {};
  try {
    held = JSON.parse(localStorage.getItem(key)) ?? {};
  } catch {
    held = {};
  }
  const write = (value) => {
    try {
      if (value) localStorage.setItem(key, JSON.stringify(value));
      else localStorage.removeItem(key);
    } catch {
      // not kept: the fan types the name again after a reload
    }
  };
  return {
    name: () => (typeof held.name === "string" ? held.name : null),
    token: () => (typeof held.token === "string" ? held.token : null),
    keep(name, token) {
      held = { name, token };
      write(held);
    },
    forget() {
      held = {};
      write(null);
    },
  };
}
