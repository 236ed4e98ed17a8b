// What every replay view starts from: the anchor with the clock offset, and the frozen stream.
import { fetchJSON, syncState } from "../clock.js";

export async function loadReplay(slug) {
  const [{ state, offset }, stream] = await Promise.all([
    syncState(slug),
    fetchJSON(`/api/matches/${encodeURIComponent(slug)}/events`),
  ]);
  return { slug, anchor: state.anchor, offset, ...stream };
}
