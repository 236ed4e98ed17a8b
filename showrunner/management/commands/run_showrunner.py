import asyncio
import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from rally.rooms import broadcast_sync
from showrunner import director


class Command(BaseCommand):
    help = "The director: writes the presenter's scripts and sends them to the fixtures' rooms."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one cycle and exit")
        parser.add_argument("--interval", type=float, help="seconds between cycles")

    def handle(self, *args, **options):
        if options["once"]:
            for script in director.run_cycle():
                broadcast_sync(script.fixture.slug, script.as_message())
                self.stdout.write(f"[{script.mode} · {script.backend}] {script.fixture.slug}: {script.text}")
            return
        asyncio.run(self.run(options["interval"] or settings.SHOWRUNNER_INTERVAL_S))

    async def run(self, interval):
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await director.run_forever(stop, interval)
