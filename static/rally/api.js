// The HTTP API as the page reads it (docs/protocol.md): one fetchJSON and every URL, built here once.

export async function fetchJSON(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const matchUrl = (slug, what) => `/api/matches/${encodeURIComponent(slug)}/${what}`;
const query = (params) => {
  const text = new URLSearchParams(Object.entries(params).filter(([, value]) => value != null)).toString();
  return text ? `?${text}` : "";
};

export const apiUrls = {
  state: (slug) => matchUrl(slug, "state"),
  events: (slug) => matchUrl(slug, "events"),
  standings: (slug, loop) => matchUrl(slug, "standings") + query({ loop }),
  predictions: (slug) => matchUrl(slug, "predictions"),
  scripts: (slug) => matchUrl(slug, "scripts"),
  schedule: (date) => `/api/schedule${query({ date })}`,
  day: () => "/api/day/",
};
