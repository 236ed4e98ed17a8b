// The page's shared room and view, so each panel mounts itself from its own template and a
// page's controller never imports the apps above it (rally ← matches ← predictions, showrunner).
// Panels listen to room messages (`pageRoom.on`) and to every repaint's view (`onView`); the
// controller connects the room (`connectPageRoom`) and publishes each view (`publishView`).
// Panel modules come earlier in the document than the controller, so they listen before
// the socket's first message.
import { addHandler, connectRoom } from "./socket.js";

// type → [fn, …], the page's own first; panels may `addHandler(pageHandlers, type, fn)`.
export const pageHandlers = {};
const handlers = pageHandlers;
const closeListeners = [];
const viewListeners = [];
let room = null;

export const pageRoom = {
  on: (type, fn) => addHandler(handlers, type, fn),
  onClose: (fn) => closeListeners.push(fn),
  send: (message) => room?.send(message) ?? false,
};

// Connects the page to its fixture's room; `own` are the controller's handlers, run first.
export function connectPageRoom(slug, own = {}) {
  for (const [type, fns] of Object.entries(own)) handlers[type] = [...fns, ...(handlers[type] ?? [])];
  room = connectRoom(slug, handlers, { onClose: (event) => closeListeners.forEach((fn) => fn(event)) });
  return pageRoom;
}

export function onView(fn) {
  viewListeners.push(fn);
}

export function publishView(view) {
  for (const fn of viewListeners) fn(view);
}
