// One socket per page per fixture room: reconnects with capped exponential backoff and
// hands every message to the handler registered for its type.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
// The backoff starts again from its first step only after a socket stayed open this long: a
// socket that opens and is closed at once (the server could not greet it, 1011) counts as a
// failure, so a page never retries every half second for ever.
const STABLE_MS = 10_000;
const CLOSE_UNKNOWN_FIXTURE = 4404; // the fixture is gone: reconnecting cannot help

// The delay before each reconnection, from when sockets opened and closed. Pure but for the
// clock and the jitter it is given.
export class Backoff {
  constructor({ steps = BACKOFF_MS, stableMs = STABLE_MS, now = () => Date.now(), random = Math.random } = {}) {
    Object.assign(this, { steps, stableMs, now, random });
    this.attempt = 0;
    this.openedAt = null;
  }

  opened() {
    this.openedAt = this.now();
  }

  // The socket closed: milliseconds to wait before opening the next (±25 %).
  closed() {
    if (this.openedAt !== null && this.now() - this.openedAt >= this.stableMs) this.attempt = 0;
    this.openedAt = null;
    const delay = this.steps[Math.min(this.attempt, this.steps.length - 1)];
    this.attempt += 1;
    return delay * (0.75 + this.random() / 2);
  }
}

export function connectRoom(slug, handlers, { onOpen, onClose, backoff = new Backoff() } = {}) {
  let socket = null;
  let closedByPage = false;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/matches/${encodeURIComponent(slug)}/`;

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      backoff.opened();
      onOpen?.();
    });
    socket.addEventListener("message", (event) => dispatch(event.data));
    socket.addEventListener("close", (event) => {
      onClose?.(event);
      if (closedByPage || event.code === CLOSE_UNKNOWN_FIXTURE) return;
      setTimeout(open, backoff.closed());
    });
  }

  function dispatch(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    for (const handler of handlers[message.type] ?? []) handler(message);
  }

  open();
  return {
    send(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    close() {
      closedByPage = true;
      socket?.close();
    },
  };
}

// handlers: { type: [fn, …] }, so several page parts can listen to one message type.
export function addHandler(handlers, type, fn) {
  (handlers[type] ??= []).push(fn);
}
