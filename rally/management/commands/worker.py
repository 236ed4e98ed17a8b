import asyncio
import signal

from django.core.management.base import BaseCommand

from rally.processes import BACKGROUND_LOOPS, start_background_loops


class Command(BaseCommand):
    help = "The background loops without the web server (scaled out: one worker per deployment)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", choices=sorted(BACKGROUND_LOOPS), help="run just these loops")

    def handle(self, *args, **options):
        asyncio.run(self.run(options["only"]))

    async def run(self, names):
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await asyncio.gather(*start_background_loops(stop, names))
