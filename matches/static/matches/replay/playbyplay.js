// The play-by-play: the events of this loop so far, newest first. It appends only what is new
// and starts over when the next loop is announced, so a repaint costs nothing between events.
import { element } from "/static/rally/dom.js";

export function mountPlayByPlay(list) {
  let shown = 0;
  let shownLoop = null;

  return {
    update({ events, clock }) {
      // Before a tip-off the list belongs to the coming loop: last loop's final is not listed
      // under its 0–0 board.
      const upcoming = clock.phase === "PRE_MATCH";
      const [loop, sequence] = upcoming ? [clock.loop + 1, 0] : [clock.loop, clock.sequence];
      if (loop !== shownLoop || sequence < shown) {
        list.replaceChildren();
        shown = 0;
        shownLoop = loop;
      }
      for (const event of events) {
        if (event.sequence <= shown || event.sequence > sequence) continue;
        list.prepend(eventItem(event));
        shown = event.sequence;
      }
    },
  };
}

function eventItem(event) {
  const item = element("li", `event event-${event.kind}${event.points ? " event-score" : ""}`);
  item.dataset.sequence = event.sequence;
  if (event.team) item.dataset.team = event.team;
  // textContent: data never becomes markup
  item.append(element("span", "event-when", `Q${event.quarter} ${event.clock}`),
    element("span", "event-what", event.description));
  if (event.points) item.append(element("span", "event-points", `+${event.points}`));
  return item;
}
