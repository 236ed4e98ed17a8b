// The play-by-play: the events of this loop so far, newest first. It appends only what is new
// and starts over when the loop does, so a repaint costs nothing between events.

export function createPlayByPlay(list) {
  let shown = 0;
  let shownLoop = null;

  return function render(events, loop, sequence) {
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
  };
}

function eventItem(event) {
  const item = document.createElement("li");
  item.className = `event event-${event.kind}${event.points ? " event-score" : ""}`;
  item.dataset.sequence = event.sequence;
  if (event.team) item.dataset.team = event.team;
  const when = document.createElement("span");
  when.className = "event-when";
  when.textContent = `Q${event.quarter} ${event.clock}`;
  const what = document.createElement("span");
  what.className = "event-what";
  what.textContent = event.description; // textContent: data never becomes markup
  item.append(when, what);
  if (event.points) {
    const points = document.createElement("span");
    points.className = "event-points";
    points.textContent = `+${event.points}`;
    item.append(points);
  }
  return item;
}
