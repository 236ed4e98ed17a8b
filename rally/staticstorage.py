"""Static files as a production site serves them (settings STORAGES, once collected)."""

from servestatic.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    """Content-hashed names, gzip and Brotli copies, and ES module `import … from "./x.js"`
    rewritten to the hashed names (Django's own rewriting, off by default): without it a page
    would load `game.a1b2.js`, which imports the unhashed `./join.js` — stale after a deploy."""

    support_js_module_import_aggregation = True

    def stored_name(self, name):
        if not self.hashed_files:  # not collected (a laptop, the tests): the finders' plain names
            return name
        return super().stored_name(name)
