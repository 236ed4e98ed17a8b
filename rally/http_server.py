"""Daphne's HTTP requests as `serve` runs them: a body over the cap is refused from its headers
(or as a chunked body passes it) and never held, and a request's headers must all arrive within
the idle limit.

Daphne hands a request to the application only once all of it has arrived: Twisted spools the
body to a temporary file, then daphne puts every chunk of it into the application's queue at
once, in memory, before the application could refuse it (a 256 MiB POST was 256 MiB of the
node's memory). Here the request refuses itself: a `Content-Length` over
`HTTP_MAX_BODY_BYTES` is answered 413 `body_too_large` as soon as the headers end, a body without
one (chunked) the moment it passes the cap, and in both cases the connection stops parsing:
the rest of the body is read and dropped (so the client reads the answer rather than a reset)
until the client closes or the idle limit ends it.

Twisted's idle timeout counts only silence: a client sending one header line every few seconds
kept a connection (and a daphne request) for as long as it liked. Here the request line and all
the headers must arrive within `HTTP_IDLE_TIMEOUT_S` of the first line, or the answer is 408 and
the connection closes.
"""

import json

from daphne.http_protocol import WebRequest

from rally.bodylimit import too_large_body


def _answer(status, reason, body):
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class RallyRequest(WebRequest):
    """Daphne's request with a body cap and a deadline for its headers (set by use_rally_requests)."""

    max_body_bytes = 1024 * 1024
    header_timeout_s = 20.0
    refused = False
    body_bytes = 0

    def __init__(self, *args, **kwargs):
        from twisted.internet import reactor  # daphne's (asyncio), installed before any request

        super().__init__(*args, **kwargs)  # made at the request's first line
        self.header_deadline = reactor.callLater(self.header_timeout_s, self._headers_too_slow)

    def gotLength(self, length):
        """All headers are in (Twisted calls this right after the last one)."""
        self._cancel_deadline()
        if length is not None and length > self.max_body_bytes:
            self.content = _Discard()
            self._refuse(413, "Content Too Large", too_large_body(self.max_body_bytes))
            return
        super().gotLength(length)

    def handleContentChunk(self, data):
        if self.refused:
            return
        self.body_bytes += len(data)
        if (
            self.body_bytes > self.max_body_bytes
        ):  # a chunked body (no Content-Length) passing the cap
            self.content = _Discard()
            self._refuse(413, "Content Too Large", too_large_body(self.max_body_bytes))
            return
        super().handleContentChunk(data)

    def requestReceived(self, command, path, version):
        if self.refused:
            return  # answered already: the application never sees it
        super().requestReceived(command, path, version)

    def connectionLost(self, reason):
        self._cancel_deadline()
        super().connectionLost(reason)

    def _headers_too_slow(self):
        self.header_deadline = None
        body = json.dumps(
            {"error": "request_timeout", "detail": "The request's headers took too long."}
        ).encode()
        self._refuse(408, "Request Timeout", body, linger=False)

    def _cancel_deadline(self):
        if self.header_deadline is not None and self.header_deadline.active():
            self.header_deadline.cancel()
        self.header_deadline = None

    def _refuse(self, status, reason, body, linger=True):
        """Answer, and stop parsing this connection: its further bytes are dropped unread. With
        `linger` only our side closes once the answer is written (a client still sending its
        body then reads the answer, not a reset); the client's side closes when it is done, or
        the idle limit closes the connection. Without, the connection closes at once."""
        if self.refused or self.channel is None or self.channel.transport is None:
            return
        self.refused = True
        channel = self.channel
        channel.transport.write(_answer(status, reason, body))
        channel.dataReceived = _drop  # nothing more is parsed or kept; the idle timeout still runs
        channel.setRawMode()
        if linger:
            channel.transport.loseWriteConnection()
        else:
            channel.transport.loseConnection()


def _drop(data):
    pass


class _Discard:
    """The body of a refused request: written to nowhere."""

    closed = False

    def write(self, data):
        pass

    def read(self, *args):
        return b""

    def seek(self, *args):
        return 0

    def close(self):
        self.closed = True


def use_rally_requests(http_factory, max_body_bytes, header_timeout_s):
    """Make daphne's HTTP factory build Rally's requests (once it is listening)."""
    RallyRequest.max_body_bytes = max_body_bytes
    RallyRequest.header_timeout_s = header_timeout_s
    build = http_factory.buildProtocol

    def build_protocol(addr):
        protocol = build(addr)
        if protocol is not None:
            protocol.requestFactory = RallyRequest
        return protocol

    http_factory.buildProtocol = build_protocol
