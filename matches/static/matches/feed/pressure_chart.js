// The pressure chart: both teams' pressure by minute as SVG lines, extended as points arrive,
// over a minute axis with half time and full time marked. Two lines rather than one momentum
// bar: a fan sees who pressed when, and both sides' pressure can rise together.
import { element } from "/static/rally/dom.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 600;
const HEIGHT = 160;
const MARKS = [45, 90];
const TICKS = [0, 15, 30, 45, 60, 75, 90];

export function mountPressureChart(svg) {
  const axis = svg.parentElement.querySelector("[data-pressure-axis]");
  return {
    update(view) {
      paint(svg, view);
      paintAxis(axis, Math.max(90, view.pressure.at(-1)?.minute ?? 0));
    },
  };
}

// HTML labels under the SVG: the chart stretches to its box, text must not.
function paintAxis(axis, span) {
  if (!axis || axis.dataset.span === String(span)) return;
  axis.dataset.span = span;
  const labels = TICKS.map((minute) => {
    const name = minute === 45 ? "HT" : minute === 90 ? "FT" : `${minute}'`;
    const label = element("span", `pc-tick${minute === 45 ? " pc-ht" : ""}`, name);
    label.style.left = `${(minute / span) * 100}%`;
    return label;
  });
  axis.replaceChildren(...labels);
}

function paint(svg, view) {
  const points = view.pressure;
  const last = points.at(-1)?.minute ?? 0;
  const key = `${points.length}:${last}:${points.map((p) => p.home + p.away).join(",")}`;
  if (svg.dataset.key === key) return;
  svg.dataset.key = key;
  svg.dataset.points = points.length;
  svg.dataset.lastMinute = last;
  const span = Math.max(90, last);
  const x = (minute) => ((minute / span) * WIDTH).toFixed(1);
  const y = (value) => (HEIGHT - (Math.max(0, Math.min(100, value)) / 100) * HEIGHT).toFixed(1);
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg.replaceChildren(
    ...MARKS.map((minute) => svgElement("line", { class: "pc-mark", x1: x(minute), x2: x(minute), y1: 0, y2: HEIGHT })),
    svgElement("polyline", { class: "pc-line pc-home", points: points.map((p) => `${x(p.minute)},${y(p.home)}`).join(" ") }),
    svgElement("polyline", { class: "pc-line pc-away", points: points.map((p) => `${x(p.minute)},${y(p.away)}`).join(" ") }),
  );
  svg.setAttribute("aria-label", points.length
    ? `Pressure by minute up to minute ${last}: ${view.teams.home.code} ${points.at(-1).home}, ${view.teams.away.code} ${points.at(-1).away}`
    : "No pressure data yet");
}

function svgElement(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}
