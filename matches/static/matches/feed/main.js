// The feed page's controller. The server sends the truth: a snapshot on load and on every
// (re)connect, then one COMPOSITE_UPDATE per change. Each is applied in one pass, so score,
// clock, chart, timeline and vidiprinter change together. Between updates the clock runs by
// itself every second from the server's clock facts and the page's offset to `serverNow`;
// each update corrects it. Each paint and each second's tick also publishes the view with the
// shared time (`now`, `offset`) to the page's panels (the game: static/rally/page.js). If the socket goes silent for more than 90 s, the page reads
// …/state every 60 s until the socket speaks again.
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { sharedNow } from "/static/rally/clock.js";
import { addHandler } from "/static/rally/socket.js";
import { connectPageRoom, publishView } from "/static/rally/page.js";
import { trackScoreBug } from "/static/rally/score_bug.js";
import { applyComposite, applySnapshot, createSilenceWatch, emptyView } from "./model.js";
import { mountScoreboard } from "./scoreboard.js";
import { mountBanner } from "./banner.js";
import { mountVidiprinter } from "./vidiprinter.js";
import { mountPressureChart } from "./pressure_chart.js";
import { mountTimeline } from "./timeline.js";
import { mountLineups } from "./lineups.js";
import { mountStatistics } from "./statistics.js";
import { mountMatchInfo } from "./match_info.js";

const PING_EVERY_MS = 30_000; // a healthy socket is never silent: pongs come back
const WATCH_EVERY_MS = 5_000;
const TICK_EVERY_MS = 1_000;

function start(page) {
  trackScoreBug();
  const slug = page.dataset.slug;
  const { homeCode, homeName, awayCode, awayName } = page.dataset;
  const teams = { home: { code: homeCode, name: homeName }, away: { code: awayCode, name: awayName } };
  const scoreboard = mountScoreboard(page.querySelector("[data-scoreboard]"));
  const parts = [
    scoreboard,
    mountBanner(page.querySelector("[data-status-banner]")),
    mountMatchInfo(page),
    mountVidiprinter(page.querySelector("[data-vidiprinter]")),
    mountTimeline(page.querySelector("[data-timeline]")),
    mountLineups(page.querySelector("[data-lineups-panel]")),
    mountStatistics(page.querySelector("[data-statistics-panel]")),
    mountPressureChart(page.querySelector("[data-pressure-chart]")),
  ];
  let view = emptyView(teams);
  // offset = serverNow − Date.now(), from the freshest server time: the page's own render,
  // then each hello, update and state read.
  let offset = Number(page.dataset.serverNow) - Date.now() || 0;
  const heardServerAt = (serverNow) => {
    if (serverNow) offset = serverNow - Date.now();
  };

  const publish = (now) => publishView({ ...view, now, offset });
  // Everything the message changes is painted in this one synchronous pass.
  const show = (next) => {
    view = next;
    const now = sharedNow(offset);
    for (const part of parts) part.update(view, now);
    page.dataset.hash = view.hash ?? "";
    publish(now);
  };
  show(applySnapshot(view, JSON.parse(document.getElementById("feed-snapshot").textContent)));
  setInterval(() => {
    const now = sharedNow(offset);
    scoreboard.tick(now);
    publish(now);
  }, TICK_EVERY_MS);

  const watch = createSilenceWatch({ now: Date.now });
  const handlers = {};
  const heard = () => {
    watch.heard();
    page.dataset.fallback = "false";
  };
  for (const type of ["hello", "pong", "presence_diff", "presence_state", "script", "COMPOSITE_UPDATE"]) addHandler(handlers, type, heard);
  addHandler(handlers, "hello", (message) => {
    heardServerAt(message.serverNow);
    show(applySnapshot(view, message.snapshot));
  });
  addHandler(handlers, "COMPOSITE_UPDATE", (message) => {
    heardServerAt(message.serverNow);
    show(applyComposite(view, message));
  });
  const room = connectPageRoom(slug, handlers); // the presenter panel listens there too

  setInterval(() => room.send({ type: "ping" }), PING_EVERY_MS);
  setInterval(async () => {
    if (!watch.shouldPoll()) return;
    page.dataset.fallback = "true";
    try {
      const state = await fetchJSON(apiUrls.state(slug));
      if (!watch.fallingBack) return;
      heardServerAt(state.serverNow);
      show(applySnapshot(view, state.snapshot));
    } catch {
      // the next poll tries again; the page keeps what it shows
    }
  }, WATCH_EVERY_MS);
  page.dataset.ready = "true";
}

start(document.querySelector("[data-live-page]"));
