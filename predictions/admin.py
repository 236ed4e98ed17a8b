from django.contrib import admin

from predictions.models import Prediction


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ("key", "fixture", "question", "on", "opens_at", "locks_at", "resolves_at", "points")
    list_filter = ("fixture", "on")
    search_fields = ("key", "question")
