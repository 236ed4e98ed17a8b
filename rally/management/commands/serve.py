import asyncio

from daphne.endpoints import build_endpoint_description_strings
from daphne.server import Server
from django.core.management.base import BaseCommand

from rally.asgi import application
from rally.processes import start_background_loops


class Command(BaseCommand):
    help = "The whole site in one process: the web server (daphne) and every background loop."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        stop = asyncio.Event()

        def when_listening():
            start_background_loops(stop)
            self.stdout.write(f"Rally is up at http://{host}:{port}/", ending="\n")
            self.stdout.flush()

        server = Server(
            application=application,
            endpoints=build_endpoint_description_strings(host=host, port=port),
            ready_callable=when_listening,
            verbosity=0,
        )
        server.run()
        stop.set()
