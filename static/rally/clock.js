// The shared clock: one sync with the server, then every repaint derives from it.
// offset = serverNow − Date.now(), measured at the request's midpoint to halve the latency error.
import { apiUrls, fetchJSON } from "./api.js";

export async function syncState(slug) {
  const sentAt = Date.now();
  const state = await fetchJSON(apiUrls.state(slug));
  const receivedAt = Date.now();
  const offset = state.serverNow - Math.round((sentAt + receivedAt) / 2);
  return { state, offset };
}

export function sharedNow(offset) {
  return Date.now() + offset;
}

export function formatCountdown(ms) {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = String(totalSeconds % 60).padStart(2, "0");
  return `${minutes}:${seconds}`;
}
