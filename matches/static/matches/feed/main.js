// The feed page's controller. The server sends the truth: a snapshot on load and on every
// (re)connect, then one COMPOSITE_UPDATE per change. Each is applied in one pass, so score,
// clock, chart and vidiprinter change together. If the socket goes silent for more than
// 90 s, the page reads …/state every 60 s until the socket speaks again.
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { addHandler } from "/static/rally/socket.js";
import { connectPageRoom } from "/static/rally/page.js";
import { applyComposite, applySnapshot, createSilenceWatch, emptyView } from "./model.js";
import { mountScoreboard } from "./scoreboard.js";
import { mountBanner } from "./banner.js";
import { mountVidiprinter } from "./vidiprinter.js";
import { mountPressureChart } from "./pressure_chart.js";

const PING_EVERY_MS = 30_000; // a healthy socket is never silent: pongs come back
const WATCH_EVERY_MS = 5_000;

function start(page) {
  const slug = page.dataset.slug;
  const { homeCode, homeName, awayCode, awayName } = page.dataset;
  const teams = { home: { code: homeCode, name: homeName }, away: { code: awayCode, name: awayName } };
  const parts = [
    mountScoreboard(page.querySelector("[data-scoreboard]")),
    mountBanner(page.querySelector("[data-status-banner]")),
    mountVidiprinter(page.querySelector("[data-vidiprinter]")),
    mountPressureChart(page.querySelector("[data-pressure-chart]")),
  ];
  let view = emptyView(teams);

  // Everything the message changes is painted in this one synchronous pass.
  const show = (next) => {
    view = next;
    for (const part of parts) part.update(view);
    page.dataset.hash = view.hash ?? "";
  };
  show(applySnapshot(view, JSON.parse(document.getElementById("feed-snapshot").textContent)));

  const watch = createSilenceWatch({ now: Date.now });
  const handlers = {};
  const heard = () => {
    watch.heard();
    page.dataset.fallback = "false";
  };
  for (const type of ["hello", "pong", "presence", "script", "COMPOSITE_UPDATE"]) addHandler(handlers, type, heard);
  addHandler(handlers, "hello", (message) => show(applySnapshot(view, message.snapshot)));
  addHandler(handlers, "COMPOSITE_UPDATE", (message) => show(applyComposite(view, message)));
  const room = connectPageRoom(slug, handlers); // the presenter panel listens there too

  setInterval(() => room.send({ type: "ping" }), PING_EVERY_MS);
  setInterval(async () => {
    if (!watch.shouldPoll()) return;
    page.dataset.fallback = "true";
    try {
      const state = await fetchJSON(apiUrls.state(slug));
      if (watch.fallingBack) show(applySnapshot(view, state.snapshot));
    } catch {
      // the next poll tries again; the page keeps what it shows
    }
  }, WATCH_EVERY_MS);
  page.dataset.ready = "true";
}

start(document.querySelector("[data-live-page]"));
