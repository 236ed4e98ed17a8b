// Tells screen-reader users about each score as it happens, once, in a polite live region.

export function mountAnnouncer(region) {
  let announced = null;
  return {
    update({ clock, state, names, teams }) {
      const last = state.last;
      if (clock.phase !== "LIVE" || !last || !last.points) return;
      const key = `${clock.loop}:${last.sequence}`;
      if (key === announced) return;
      announced = key;
      region.textContent = `${last.description}. ${names.home} ${state.score[teams.home]}, ${names.away} ${state.score[teams.away]}.`;
    },
  };
}
