"""Where a test run's time goes, per app and per kind, from pytest's JUnit XML (`--junitxml=F`).

    python -m testsupport.timings BEFORE.xml AFTER.xml

Each test's time is its setup, call and teardown (a module-scoped site is set up in its module's
first test). A run with testsupport.schedule records each test's kind (pure, django, live,
browser) in the XML; a run without it (an older commit) takes the kinds of the other file.
Under pytest-xdist the sums are worker-seconds, not the run's wall time: the wall time is
`time make test`'s.
"""

import sys
import xml.etree.ElementTree as ElementTree
from collections import defaultdict

KINDS = ("pure", "django", "live", "browser")


def read(junit_xml):
    """{nodeid: (seconds, kind or None)}"""
    tests = {}
    for case in ElementTree.parse(junit_xml).iter("testcase"):
        nodeid = f"{case.get('classname')}::{case.get('name')}"
        kind = next(
            (p.get("value") for p in case.iter("property") if p.get("name") == "kind"), None
        )
        tests[nodeid] = (float(case.get("time") or 0), kind)
    return tests


def table(runs, kinds):
    """Markdown rows: per app, then per kind, the tests and their seconds in each run."""
    names = list(runs)
    lines = [
        f"| | {' | '.join(f'{name}: tests, s' for name in names)} |",
        "|---|" + "---:|" * len(names),
    ]
    for title, key in (
        ("app", lambda nodeid: nodeid.split(".", 1)[0]),
        ("kind", lambda nodeid: kinds.get(nodeid, "?")),
    ):
        totals = {name: defaultdict(lambda: [0, 0.0]) for name in names}
        for name, tests in runs.items():
            for nodeid, (seconds, _) in tests.items():
                total = totals[name][key(nodeid)]
                total[0] += 1
                total[1] += seconds
        groups = sorted(
            {group for name in names for group in totals[name]},
            key=lambda group: KINDS.index(group) if group in KINDS else group,
        )
        for group in groups:
            cells = [f"{totals[name][group][0]}, {totals[name][group][1]:.0f}" for name in names]
            lines.append(f"| {title} {group} | {' | '.join(cells)} |")
    cells = [
        f"{len(tests)}, {sum(seconds for seconds, _ in tests.values()):.0f}"
        for tests in runs.values()
    ]
    lines.append(f"| all | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(paths):
    runs = {path: read(path) for path in paths}
    kinds = {nodeid: kind for tests in runs.values() for nodeid, (_, kind) in tests.items() if kind}
    print(table(runs, kinds))


if __name__ == "__main__":
    main(sys.argv[1:])
