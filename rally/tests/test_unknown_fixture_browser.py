"""Issue 16 in Chromium: a page's socket to a fixture that does not exist is closed with 4404
and the page does not reconnect (a refused handshake used to be retried for ever)."""

WATCH_MS = 5_000  # the backoff would have retried at 0.5, 1 and 2 s


def test_the_page_stops_reconnecting_after_4404(site, page):
    page.goto(f"{site.url}/matches/fiba-2019-bronze/")
    opened = []
    page.on(
        "websocket", lambda socket: "no-such-fixture" in socket.url and opened.append(socket.url)
    )
    closes = page.evaluate(
        """async (watchMs) => {
            const { connectRoom } = await import("/static/rally/socket.js");
            const closes = [];
            connectRoom("no-such-fixture", {}, { onClose: (event) => closes.push([event.code, event.reason]) });
            await new Promise((resolve) => setTimeout(resolve, watchMs));
            return closes;
        }""",
        WATCH_MS,
    )
    assert closes == [[4404, "unknown_fixture"]]
    assert len(opened) == 1
