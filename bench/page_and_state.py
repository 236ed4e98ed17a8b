"""The replay's first paint and the state endpoint's throughput, each beside a bare baseline.

Run: .venv/bin/python -m bench.page_and_state
"""

import asyncio
import tempfile
import time
from pathlib import Path

from bench import bare_asgi
from bench.report import machine, median, section, table
from testsupport.site import Site

COMMAND = ".venv/bin/python -m bench.page_and_state"
SLUG = "fiba-2019-bronze"
PAGE_LOADS = 15
STATE_REQUESTS = 3000
CONCURRENCY = 20


async def _client(host, port, path, count, latencies):
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    for _ in range(count):
        started = time.perf_counter()
        writer.write(request)
        await writer.drain()
        length = await _read_response(reader)
        assert length > 0
        latencies.append(time.perf_counter() - started)
    writer.close()


async def _read_response(reader):
    headers = await reader.readuntil(b"\r\n\r\n")
    status = headers.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"HTTP {status.decode()}")
    length = next(
        int(line.split(b":", 1)[1])
        for line in headers.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    await reader.readexactly(length)
    return length


def requests_per_second(port, path):
    """Keep-alive clients hammer one path; returns (requests/s, median latency ms)."""
    latencies = []

    async def run():
        per_client = STATE_REQUESTS // CONCURRENCY
        await asyncio.gather(
            *(_client("127.0.0.1", port, path, per_client, latencies) for _ in range(CONCURRENCY))
        )

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, median(latencies) * 1000


def first_paints(url, ready_selector=None):
    """Median first-contentful-paint, and time until `ready_selector` appears, over fresh loads."""
    from playwright.sync_api import sync_playwright

    from testsupport.services import CHROMIUM, CHROMIUM_ARGS

    paints, readies = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(PAGE_LOADS):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            if ready_selector:
                page.wait_for_selector(ready_selector)
                readies.append(page.evaluate("performance.now()"))
            paints.append(
                page.evaluate(
                    """() => new Promise(resolve => new PerformanceObserver((list, observer) => {
                      const fcp = list.getEntriesByName('first-contentful-paint')[0];
                      if (fcp) { observer.disconnect(); resolve(fcp.startTime); }
                    }).observe({type: 'paint', buffered: true}))"""
                )
            )
            context.close()
        browser.close()
    return median(paints), (median(readies) if readies else None)


def run():
    site = Site(Path(tempfile.mkdtemp())).prepare()
    node = site.start("serve")
    bare_port, bare = bare_asgi.start()
    try:
        rally_rps, rally_ms = requests_per_second(node.port, f"/api/matches/{SLUG}/state")
        bare_rps, bare_ms = requests_per_second(bare_port, "/state")
        rally_fcp, rally_ready = first_paints(
            f"{node.url}/matches/{SLUG}/", "[data-live-page][data-ready=true]"
        )
        bare_fcp, _ = first_paints(f"http://127.0.0.1:{bare_port}/")
    finally:
        bare.terminate()
        site.stop()
    state = table(
        ["server", "requests/s", "median latency ms", "vs bare ASGI"],
        [
            [
                "Rally `GET /api/matches/<slug>/state` (serve, SQLite)",
                f"{rally_rps:.0f}",
                f"{rally_ms:.1f}",
                f"{rally_rps / bare_rps:.2f}×",
            ],
            ["bare ASGI app, same daphne", f"{bare_rps:.0f}", f"{bare_ms:.1f}", "1.00×"],
        ],
    )
    paint = table(
        ["page", "first contentful paint ms", "scoreboard live ms", "FCP vs bare page"],
        [
            [
                "Rally live replay page",
                f"{rally_fcp:.0f}",
                f"{rally_ready:.0f}",
                f"{rally_fcp / bare_fcp:.2f}×",
            ],
            ["bare HTML page, same daphne", f"{bare_fcp:.0f}", "–", "1.00×"],
        ],
    )
    notes = (
        f"{machine()}. {STATE_REQUESTS} requests over {CONCURRENCY} keep-alive connections; "
        f"median of {PAGE_LOADS} fresh page loads in headless Chromium (cold cache each)."
    )
    return section("Page paint and state endpoint", COMMAND, f"{notes}\n\n{state}\n\n{paint}")


if __name__ == "__main__":
    print(run())
