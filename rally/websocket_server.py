"""Daphne's WebSocket protocol as `serve` runs it: a socket whose peer stops reading is dropped
before its backlog grows without end, and a close keeps its reason.

Daphne hands every outgoing frame to Twisted, which writes it to the kernel's send queue (on
Linux autotuned up to `net.ipv4.tcp_wmem`'s maximum, 4 MiB) and keeps what the kernel will not
take in its own buffer. A client that keeps sending (so it is never pinged) but never reads made
both grow for as long as the room had news. Here every frame written checks the backlog, both
parts, and aborts the connection past the node's bound: the buffers are freed at once, and
daphne hands the consumer its disconnect (1006) as for any lost connection, so the room sees the
leave.
"""

import fcntl
import logging
import struct
import termios

from daphne.ws_protocol import WebSocketProtocol
from twisted.internet.abstract import FileDescriptor
from twisted.protocols.policies import ProtocolWrapper

log = logging.getLogger(__name__)
# The backlog is read once per this many bytes written to a socket, not per frame: a fan-out to
# 10,000 sockets otherwise makes 10,000 ioctl calls, about 6 % of its time (py-spy). A socket may
# pass the bound by this much before it is dropped.
CHECK_EVERY_BYTES = 16 * 1024
MAX_REASON_BYTES = 123  # a close frame's payload is at most 125 bytes, the code's two included


def queued_bytes(transport):
    """Bytes written to `transport` that its peer has not taken yet: Twisted's buffer, and the
    kernel's send queue (sent but unacknowledged, or not sent: the peer's window is shut).

    TLS wraps the TCP transport and writes through to it, so the backlog lives at the bottom of
    the chain. Twisted has no public accessor: a FileDescriptor keeps what is left of the buffer
    being written (`dataBuffer` from `offset`) and the writes since (`_tempDataLen`)."""
    while isinstance(transport, ProtocolWrapper):
        transport = transport.transport
    if not isinstance(transport, FileDescriptor):
        return 0
    in_twisted = len(transport.dataBuffer) - transport.offset + transport._tempDataLen
    return in_twisted + kernel_send_queue(transport.getHandle())


def kernel_send_queue(sock):
    """The bytes in a socket's kernel send queue (Linux's SIOCOUTQ, alias TIOCOUTQ); 0 where the
    platform has no such call."""
    try:
        return struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]
    except (AttributeError, OSError):
        return 0


class RallyWebSocketProtocol(WebSocketProtocol):
    """Daphne's socket with a bound (`factory.max_outgoing_bytes`) on what waits for its peer."""

    unchecked_bytes = 0  # written since the backlog was last read

    def handle_reply(self, message):
        # Daphne drops an ASGI close's `reason`, and autobahn's sendClose() refuses the codes a
        # server means (1001 going away, 1011 unavailable: only 1000 and 3000–4999 pass): a close
        # is sent as its frame, code and reason as the application gave them.
        if message["type"] == "websocket.close" and self.state == self.STATE_OPEN:
            reason = message.get("reason")
            self.sendCloseFrame(
                code=message.get("code") or 1000,
                reasonUtf8=reason.encode("utf-8")[:MAX_REASON_BYTES] if reason else None,
                isReply=False,
            )
            return
        super().handle_reply(message)

    def serverSend(self, content, binary=False):
        # The consumer may still send between the drop and its disconnect; autobahn would raise
        # on a closing or closed socket, and daphne report that as a crash of the application.
        if self.state not in (self.STATE_CLOSING, self.STATE_CLOSED):
            super().serverSend(content, binary)

    def sendData(self, data, sync=False, chopsize=None):
        # Every frame (messages, pings, pongs, closes) goes out through here.
        super().sendData(data, sync, chopsize)
        self.unchecked_bytes += len(data)
        if self.state == self.STATE_CLOSED or self.unchecked_bytes < CHECK_EVERY_BYTES:
            return
        self.unchecked_bytes = 0
        backlog = queued_bytes(self.transport)
        if backlog > self.factory.max_outgoing_bytes:
            log.warning(
                "relay: dropping a socket from %s that does not read (%d bytes queued)",
                self.client_addr[0] if self.client_addr else "?",
                backlog,
            )
            # A close frame would wait behind the backlog the peer is not reading: abort instead.
            self.wasClean = False
            self.wasNotCleanReason = "outgoing backlog over the bound"
            self.dropConnection(abort=True)


def use_rally_sockets(ws_factory, max_outgoing_bytes):
    """Make daphne's WebSocket factory build Rally's sockets (before the reactor runs)."""
    ws_factory.protocol = RallyWebSocketProtocol
    ws_factory.max_outgoing_bytes = max_outgoing_bytes
    # A frame over the size limit (or any protocol violation) is answered with a close frame
    # (1009 "message too big") and the closing handshake, not a dropped connection: autobahn's
    # default drops it, and the client saw a reset instead of the documented 1009.
    ws_factory.setProtocolOptions(failByDrop=False)
