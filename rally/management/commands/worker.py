from django.core.management.base import BaseCommand

from rally.processes import BACKGROUND_LOOPS, run_loops, run_until_signalled


class Command(BaseCommand):
    help = "The background loops without the web server (scaled out: one worker per deployment)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", choices=sorted(BACKGROUND_LOOPS), help="run just these loops")

    def handle(self, *args, **options):
        run_until_signalled(lambda stop: run_loops(stop, options["only"]))
