"""Static files as a production site serves them (settings STORAGES, once collected)."""

from servestatic.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    """Content-hashed names, gzip and Brotli copies, and ES module `import … from "./x.js"`
    rewritten to the hashed names (Django's own rewriting, off by default): without it a page
    would load `game.a1b2.js`, which imports the unhashed `./join.js` — stale after a deploy."""

    support_js_module_import_aggregation = True
