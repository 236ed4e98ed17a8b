from django.conf import settings
from django.core.management.base import BaseCommand
from prometheus_client import start_http_server

from rally.processes import BACKGROUND_LOOPS, run_loops, run_until_signalled


class Command(BaseCommand):
    help = (
        "The background loops without the web server (scaled out). Each loop runs in one worker at a "
        "time; start a second worker as a hot standby."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", nargs="*", choices=sorted(BACKGROUND_LOOPS), help="run just these loops"
        )
        parser.add_argument(
            "--metrics-port",
            type=int,
            default=settings.WORKER_METRICS_PORT,
            help="serve this worker's Prometheus metrics on 127.0.0.1:PORT (0: none)",
        )

    def handle(self, *args, **options):
        if options["metrics_port"]:
            start_http_server(options["metrics_port"], addr=settings.WORKER_METRICS_ADDR)
        run_until_signalled(lambda stop: run_loops(stop, options["only"]))
