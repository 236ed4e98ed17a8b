// What every replay view starts from: the anchor with the clock offset, and the frozen stream.
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { syncState } from "/static/rally/clock.js";

export async function loadReplay(slug) {
  const [{ state, offset }, stream] = await Promise.all([
    syncState(slug),
    fetchJSON(apiUrls.events(slug)),
  ]);
  return { slug, anchor: state.anchor, offset, ...stream };
}
