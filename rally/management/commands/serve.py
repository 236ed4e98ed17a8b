import asyncio

from daphne.endpoints import build_endpoint_description_strings
from daphne.server import Server
from django.conf import settings
from django.core.management.base import BaseCommand

from relay.protocol import ABUSE_FRAME_BYTES
from rally.asgi import application
from rally.processes import start_background_loops

# Daphne's defaults are generous (a 1 MiB frame, 20 s to accept a socket, no limit on a slow
# request); these bound what one hostile client can hold. Scaled-out nodes run the daphne CLI
# with the same values (README, "Deploying").
DAPHNE_LIMITS = {
    "websocket_max_message_size": ABUSE_FRAME_BYTES,  # bigger frames are closed (1009) unread
    "websocket_max_frame_size": ABUSE_FRAME_BYTES,
    "websocket_connect_timeout": 10,  # the app must accept or refuse a socket within this
    "websocket_handshake_timeout": 10,  # the upgrade request must complete within this
    "ping_interval": 20,  # a socket silent this long is pinged…
    "ping_timeout": 30,  # …and closed when the pong does not come: dead peers free their slot
    "http_timeout": 30,  # a response that takes longer is a 503
}


class Command(BaseCommand):
    help = "The whole site in one process: the web server (daphne) and every background loop."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        stop = asyncio.Event()

        def when_listening():
            # Twisted drops an HTTP connection idle this long (a slowloris' half-sent request
            # included); daphne does not expose it, and its factory exists only once listening.
            server.http_factory.timeOut = settings.HTTP_IDLE_TIMEOUT_S
            start_background_loops(stop)
            self.stdout.write(f"Rally is up at http://{host}:{port}/", ending="\n")
            self.stdout.flush()

        server = Server(
            application=application,
            endpoints=build_endpoint_description_strings(host=host, port=port),
            ready_callable=when_listening,
            verbosity=0,
            **DAPHNE_LIMITS,
        )
        server.run()
        stop.set()
