from django.contrib import admin
from django.urls import include, path

from rally import views

admin.site.site_header = "Rally · Prompt Studio and operations"
admin.site.site_title = "Rally admin"
admin.site.index_title = "Operations"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/loops", views.healthz_loops, name="healthz-loops"),
    path("metrics", views.metrics, name="metrics"),
    path("", include("matches.urls")),
    path("", include("predictions.urls")),
    path("", include("showrunner.urls")),
]

handler400 = "rally.views.bad_request"
handler403 = "rally.views.permission_denied"
handler404 = "rally.views.not_found"
handler500 = "rally.views.server_error"
