import asyncio
import logging
import signal
import sys

from daphne.access import AccessLogGenerator
from daphne.endpoints import build_endpoint_description_strings
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from django.conf import settings
from django.core.management.base import BaseCommand

from rally.asgi import application
from rally.http_server import use_rally_requests
from rally.processes import start_background_loops
from rally.websocket_server import use_rally_sockets
from relay.presence import on_this_loop
from relay.protocol import ABUSE_FRAME_BYTES, CLOSE_GOING_AWAY

log = logging.getLogger(__name__)

# Daphne's defaults are generous (a 1 MiB frame, 20 s to accept a socket, no limit on a slow
# request); these bound what one hostile client can hold.
DAPHNE_LIMITS = {
    "websocket_max_message_size": ABUSE_FRAME_BYTES,  # bigger frames are closed (1009) unread
    "websocket_max_frame_size": ABUSE_FRAME_BYTES,
    "websocket_connect_timeout": 10,  # the app must accept or refuse a socket within this
    "websocket_handshake_timeout": 10,  # the upgrade request must complete within this
    "ping_interval": 20,  # a socket silent this long is pinged…
    "ping_timeout": 30,  # …and closed when the pong does not come: dead peers free their slot
    "http_timeout": 30,  # a response that takes longer is a 503
}
# On SIGTERM the sockets get this long to leave their rooms before the process exits anyway.
SHUTDOWN_GRACE_S = 10


def going_away(protocol):
    """Close a socket with 1001 "going away". The client's answer ends it as any close does:
    daphne hands the consumer its disconnect, which leaves the room (the name is free, the others
    see the leave). Autobahn's sendClose() refuses 1001 from a server, hence the frame itself."""
    if protocol.state == protocol.STATE_OPEN:
        protocol.sendCloseFrame(code=CLOSE_GOING_AWAY, isReply=False)


class Command(BaseCommand):
    help = (
        "The site in one process: the web server (daphne) and every background loop; with --web-only, "
        "a web node of a scaled-out deployment (the worker runs the loops). SIGTERM stops it gracefully."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--web-only",
            action="store_true",
            help="no background loops: `manage.py worker` runs them",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="log every request and socket (off: quiet)"
        )

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        stop = asyncio.Event()
        loop_tasks = []

        def when_listening():
            # Twisted drops an HTTP connection idle this long (a slowloris' half-sent request
            # included); daphne does not expose it, and its factory exists only once listening.
            server.http_factory.timeOut = settings.HTTP_IDLE_TIMEOUT_S
            # A body over the cap is refused unread, and headers must arrive within the idle limit.
            use_rally_requests(
                server.http_factory, settings.HTTP_MAX_BODY_BYTES, settings.HTTP_IDLE_TIMEOUT_S
            )
            use_rally_sockets(server.ws_factory, settings.RELAY_MAX_OUTGOING_BYTES)
            if not options["web_only"]:
                loop_tasks.extend(start_background_loops(stop))
            event_loop = asyncio.get_event_loop()  # the reactor's, set by daphne before this
            for sig in (signal.SIGINT, signal.SIGTERM):
                event_loop.add_signal_handler(sig, lambda: asyncio.ensure_future(shut_down()))
            log.info(
                "Rally is up at http://%s:%s/", host, port
            )  # a JSON line under LOG_FORMAT=json

        async def shut_down():
            """Sockets leave their rooms and close with 1001, the loops stop and release their
            leases, then the server stops: a rolling restart costs a player nothing."""
            if stop.is_set():
                return
            stop.set()
            node = on_this_loop()
            node.stop_accepting()
            sockets = [
                protocol
                for protocol in server.connections
                if isinstance(protocol, WebSocketProtocol)
            ]
            log.info("stopping: closing %d sockets and stopping the loops", len(sockets))
            for protocol in sockets:
                going_away(protocol)
            if not await node.all_left(SHUTDOWN_GRACE_S):
                log.warning(
                    "stopping: sockets still open after %ss, closing anyway", SHUTDOWN_GRACE_S
                )
            if loop_tasks:
                await asyncio.wait(loop_tasks, timeout=SHUTDOWN_GRACE_S)
            await asyncio.sleep(0.2)  # the close frames reach the wire before the reactor stops
            server.stop()

        server = Server(
            application=application,
            endpoints=build_endpoint_description_strings(host=host, port=port),
            ready_callable=when_listening,
            signal_handlers=False,  # ours: a graceful stop instead of Twisted's immediate one
            action_logger=AccessLogGenerator(sys.stdout) if options["access_log"] else None,
            verbosity=0,
            **DAPHNE_LIMITS,
        )
        server.run()
