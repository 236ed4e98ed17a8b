"""axe-core (npm, pinned in package.json) run inside a page: the critical and serious findings."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page, axe_source):
    # Evaluated through the DevTools protocol, so the site's strict CSP does not apply to it.
    page.evaluate(axe_source)
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("critical", "serious")
    ]
