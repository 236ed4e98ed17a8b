// The room's roster as a page knows it: a newcomer's `hello` (the first names and the totals),
// then `presence_diff` messages from any node, in any order, and a `presence_state` when its
// node lost diffs in a channel-layer outage (docs/protocol.md, Presence).
// Every join and leave carries the roster version of its event and the page keeps the newest
// event per name (a last-writer-wins set); the totals carry a version of their own and never
// go back. Pure: no DOM, so node --test checks it.

export const SHOWN_NAMES = 100;

export function rosterFromHello(hello) {
  const names = new Map(hello.online.map((name) => [name, { present: true, version: hello.version }]));
  return { floor: hello.version, version: hello.version, names, named: hello.named, viewers: hello.viewers };
}

export function applyDiff(roster, diff) {
  for (const [name, version] of Object.entries(diff.joins)) record(roster, name, true, version);
  for (const [name, version] of Object.entries(diff.leaves)) record(roster, name, false, version);
  if (diff.version > roster.version) {
    roster.version = diff.version;
    roster.named = diff.named;
    roster.viewers = diff.viewers;
  }
  return roster;
}

// A `presence_state`: the room as of its version (what was lost is in it), keeping only the
// events this page learned since, and totals that never go back.
export function applyState(roster, state) {
  const fresh = rosterFromHello(state);
  for (const [name, event] of roster.names) if (event.version > state.version) fresh.names.set(name, event);
  if (roster.version > fresh.version) Object.assign(fresh, { version: roster.version, named: roster.named, viewers: roster.viewers });
  return fresh;
}

function record(roster, name, present, version) {
  if (version <= roster.floor) return; // the hello already shows it
  const known = roster.names.get(name);
  if (known && known.version >= version) return; // a newer event about this name came first
  roster.names.set(name, { present, version });
}

// The names a page shows, in the server's order (its nickname key: NFKC, case-folded), and
// how many more fans have a nickname than the page lists.
export function shownNames(roster, limit = SHOWN_NAMES) {
  const present = [...roster.names].filter(([, event]) => event.present).map(([name]) => name);
  const shown = present.sort((a, b) => compareKeys(key(a), key(b))).slice(0, limit);
  return { shown, more: Math.max(0, roster.named - shown.length) };
}

const key = (name) => name.normalize("NFKC").toLowerCase();
const compareKeys = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
