from django.contrib import admin
from django.utils import timezone

from rally.loops import LoopState
from rally.models import BackgroundLoop
from rally.processes import loop_intervals


@admin.register(BackgroundLoop)
class BackgroundLoopAdmin(admin.ModelAdmin):
    """The background loops as an operator checks them: healthy or stale, who runs each. Read-only:
    the workers write these rows."""

    list_display = (
        "name",
        "health",
        "age",
        "running_on",
        "lease_until",
        "cycle_s",
        "cycles",
        "failures",
        "last_error",
    )
    fields = list_display

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _state(self, row):
        return LoopState.of(row, loop_intervals().get(row.name, 0))

    @admin.display(description="health")
    def health(self, row):
        return "stale" if self._state(row).stale(timezone.now()) else "ok"

    @admin.display(description="last cycle")
    def age(self, row):
        age = self._state(row).age_s(timezone.now())
        return "never" if age is None else f"{age:.0f} s ago"

    @admin.display(description="run by")
    def running_on(self, row):
        return (
            row.holder
            if self._state(row).held(timezone.now())
            else f"nobody (last: {row.holder or '—'})"
        )
