from django.core.management.base import BaseCommand

from showrunner.director import purge_expired


class Command(BaseCommand):
    help = "Delete the scripts whose 7 days are up."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} expired scripts deleted")
