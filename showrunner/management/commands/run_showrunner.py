from django.conf import settings
from django.core.management.base import BaseCommand

from rally.processes import run_until_signalled
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
                self.stdout.write(
                    f"[{script.mode} · {script.backend}] {script.fixture.slug}: {script.text}"
                )
            return
        interval = options["interval"] or settings.SHOWRUNNER_INTERVAL_S
        run_until_signalled(lambda stop: director.run_forever(stop, interval))
