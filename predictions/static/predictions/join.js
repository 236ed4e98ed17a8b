// Joining the room under a nickname. The name held is the page's identity (`me`); when the
// socket drops and comes back, the page asks for the same name again, and keeps asking while
// the server still holds it for the dropped connection (until that lock is released or swept).
// Retries back off (2 s doubling to 16 s: under the relay's 10 joins a minute per connection)
// and every `error` the relay sends is said in the status line, so the page never sits silent.
import { addHandler } from "/static/rally/socket.js";

const REJOIN_DELAYS_MS = [2000, 4000, 8000, 16000]; // then every 16 s
const REJOIN_TRIES = 12; // about two and a half minutes: covers the sweep of a lock whose socket died unseen
const ERROR_TEXT = {
  rate_limited: "The server asked us to slow down",
  too_many_connections: "Too many open tabs from your network",
  internal: "The server could not handle that",
};

export function mountJoin(root, game, handlers) {
  const form = root.querySelector("[data-join-form]");
  const input = root.querySelector("[data-join-name]");
  const status = root.querySelector("[data-join-status]");
  const submit = root.querySelector("[data-join-submit]");
  const me = game.me; // { name: the nickname held or wanted, joined: true when the server agreed }
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
  const ask = (name) => game.room.send({ type: "join", name });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      refuse("Type a nickname first.");
      return;
    }
    rejoinTries = 0;
    clearTimeout(retryTimer);
    if (ask(name)) say("joining", `Joining as ${name}…`);
    else say("offline", "Not connected right now — try again in a moment.");
  });

  function refuse(text) {
    input.setAttribute("aria-invalid", "true");
    say("refused", text);
    input.focus();
  }

  function rejoin() {
    if (!me.name || me.joined) return;
    rejoinTries += 1;
    ask(me.name);
  }

  function rejoinLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(rejoin, REJOIN_DELAYS_MS[Math.min(rejoinTries, REJOIN_DELAYS_MS.length) - 1] ?? 2000);
  }

  addHandler(handlers, "hello", () => {
    me.joined = false;
    if (me.name) {
      rejoinTries = 0;
      say("joining", `Reconnected — joining again as ${me.name}…`);
      rejoin();
    }
  });
  addHandler(handlers, "welcome", (message) => {
    clearTimeout(retryTimer);
    Object.assign(me, { name: message.name, joined: true });
    game.book.addAll(message.picks);
    input.value = message.name;
    input.removeAttribute("aria-invalid");
    say("joined", `You're playing as ${message.name}.`);
  });
  addHandler(handlers, "name_taken", (message) => {
    if (me.name && !me.joined && rejoinTries > 0 && rejoinTries < REJOIN_TRIES && message.name === me.name) {
      say("joining", `Reconnected — waiting for ${me.name} to be free again…`);
      rejoinLater();
      return;
    }
    refuse(`${message.name} is taken in this room — choose another nickname.`);
  });
  addHandler(handlers, "invalid_name", (message) => refuse(message.detail));
  addHandler(handlers, "error", (message) => {
    const text = `${ERROR_TEXT[message.code] ?? "Something went wrong"}: ${message.detail}`;
    const rejoining = me.name && !me.joined && rejoinTries > 0 && rejoinTries < REJOIN_TRIES;
    if (message.code === "rate_limited" && rejoining) {
      say("joining", `${text} Trying again as ${me.name} shortly…`);
      rejoinLater();
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
