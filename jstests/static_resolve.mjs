// The resolve hook behind static_paths.mjs: "/static/<app>/<path>" → <repo>/<app>/static/<app>/<path>.
const REPO = new URL("../", import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const match = /^\/static\/([a-z_]+)\/(.+)$/.exec(specifier);
  if (!match) return nextResolve(specifier, context);
  const [, app, path] = match;
  return nextResolve(new URL(`${app}/static/${app}/${path}`, REPO).href, context);
}
