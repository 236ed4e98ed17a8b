// The site's modules import each other by URL ("/static/matches/feed/clock.js"), as the browser
// loads them; under node those URLs name each app's static folder (<app>/static/<app>/…), as
// Django's app-directories finder does. Registered by `node --import ./jstests/static_paths.mjs`.
import { register } from "node:module";

register("./static_resolve.mjs", import.meta.url);
