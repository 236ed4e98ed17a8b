"""Static files as a production site serves them (settings STORAGES and MIDDLEWARE, once collected)."""

import asyncio
import re

from servestatic.middleware import ServeStaticMiddleware
from servestatic.storage import CompressedManifestStaticFilesStorage

# A content-hashed name, as Django's manifest storage writes them: `game.0123456789ab.js`.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^/.]+$")


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    """Content-hashed names, gzip copies, and ES module `import … from "./x.js"` rewritten to the
    hashed names (Django's own rewriting, off by default): without it a page would load
    `game.a1b2.js`, which imports the unhashed `./join.js` — stale after a deploy."""

    support_js_module_import_aggregation = True

    def stored_name(self, name):
        if not self.hashed_files:  # not collected (a laptop, the tests): the finders' plain names
            return name
        return super().stored_name(name)


class ReleaseStaticMiddleware(ServeStaticMiddleware):
    """ServeStatic serving every file collected into STATIC_ROOT, of this release and the earlier
    ones `collectstatic` left there (it never deletes), not only the current manifest's names:
    during a rolling release a page from a new node asks an old one for new names, a page from
    an old node asks a new one for old names, and a page opened before the release imports old
    names after it. A hashed name this node has not seen (collected after it started) is looked
    up on disk once, then served like the rest."""

    async def __call__(self, request):
        path = request.path_info
        if (
            self.use_static_root
            and not self.autorefresh
            and path not in self.files
            and path.startswith(self.static_prefix)
            and HASHED_NAME.search(path)
        ):
            found = await asyncio.to_thread(self.find_file, path)
            if found is not None:
                self.files[path] = found
        return await super().__call__(request)

    def immutable_file_test(self, path, url):
        """Any release's hashed name is immutable, not only the current manifest's."""
        return url.startswith(self.static_prefix) and bool(HASHED_NAME.search(url))
