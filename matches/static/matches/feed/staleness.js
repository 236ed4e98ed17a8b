// Says on the football page when its data is stale: the deployment's feed poller has not
// completed a cycle within three of its intervals (GET /healthz/loops). Self-contained: it
// only fills its own element, and stays hidden while the feed is read on time.
const CHECK_EVERY_MS = 15000;

export function staleText(poller) {
  if (!poller || poller.ok) return "";
  if (poller.age_s === null) return "Live data is paused: the score feed has not been read yet.";
  const minutes = Math.max(1, Math.round(poller.age_s / 60));
  return `Live data may be out of date: the score feed was last read ${minutes} min ago.`;
}

async function check(element) {
  let text = "";
  try {
    const response = await fetch("/healthz/loops", { cache: "no-store" });
    text = staleText((await response.json()).loops?.poller);
  } catch {
    return; // the site itself is unreachable: the page's connection status says so already
  }
  element.textContent = text;
  element.hidden = !text;
}

const element = globalThis.document?.querySelector("[data-feed-staleness]"); // none under Node (jstests)
if (element) {
  check(element);
  setInterval(() => check(element), CHECK_EVERY_MS);
}
