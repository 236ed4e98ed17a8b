from django.db import models


class BackgroundLoop(models.Model):
    """One background loop of the deployment (rally/processes.py BACKGROUND_LOOPS): who runs it
    (a lease one worker holds and renews; a standby takes it over when it lapses) and how its
    cycles went. Shared through the database so every node's /healthz/loops sees the same."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(
        max_length=200, blank=True, help_text="host:pid of the process that runs it"
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="a standby takes over after this"
    )
    completed_at = models.DateTimeField(null=True, blank=True, help_text="end of the last cycle")
    cycle_s = models.FloatField(null=True, blank=True, help_text="how long the last cycle took")
    cycles = models.BigIntegerField(default=0)
    failures = models.BigIntegerField(default=0, help_text="cycles that raised")
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "background loop"

    def __str__(self):
        return self.name
