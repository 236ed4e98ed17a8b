// One socket per page per fixture room: reconnects with capped exponential backoff and
// hands every message to the handler registered for its type.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const CLOSE_UNKNOWN_FIXTURE = 4404; // the fixture is gone: reconnecting cannot help

export function connectRoom(slug, handlers, { onOpen, onClose } = {}) {
  let socket = null;
  let attempt = 0;
  let closedByPage = false;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/matches/${encodeURIComponent(slug)}/`;

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      attempt = 0;
      onOpen?.();
    });
    socket.addEventListener("message", (event) => dispatch(event.data));
    socket.addEventListener("close", (event) => {
      onClose?.(event);
      if (closedByPage || event.code === CLOSE_UNKNOWN_FIXTURE) return;
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
      attempt += 1;
      setTimeout(open, delay * (0.75 + Math.random() / 2));
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
