"""`make bench`: run every benchmark and write BENCHMARKS.md (not part of `make test`)."""

import sys
from datetime import date
from importlib import import_module
from pathlib import Path

from bench.report import machine

BENCHMARKS = [
    "bench.page_and_state",
    "bench.feed_poller",
    "bench.final_day",
    "bench.fanout",
    "bench.join_storm",
    "bench.crowd",
    "bench.pick_storm",
    "bench.capacity",
    "bench.heartbeat",
    "bench.rolling_restart",
    "bench.db_outage",
]
OUTPUT = "BENCHMARKS.md"
WHAT_CHANGED = Path(__file__).with_name("WHAT_CHANGED.md")  # hand-kept: survives every re-run
TEST_SUITE = Path(__file__).with_name(
    "TEST_SUITE.md"
)  # hand-kept: `make test`'s own time (issue 29)


def main(names):
    sections = []
    for name in names or BENCHMARKS:
        print(f"running {name} …", flush=True)
        section = import_module(name).run()
        print(section, flush=True)
        sections.append(section)
    header = (
        "# Benchmarks\n\n"
        f"Measured {date.today().isoformat()} on {machine()} by `make bench` "
        "(or `.venv/bin/python -m bench [module …]`). Every figure stands beside a baseline "
        "measured in the same run: read the ratios, not the absolute times.\n"
    )
    with open(OUTPUT, "w") as out:
        out.write("\n".join([header, *sections, TEST_SUITE.read_text(), WHAT_CHANGED.read_text()]))
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
