"""The API's answer when the database cannot be reached."""

from django.db import InterfaceError, OperationalError
from django.utils.deprecation import MiddlewareMixin

from rally.http import is_api, json_error

UNREACHABLE = (OperationalError, InterfaceError)  # not IntegrityError and friends: those are bugs


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Under /api/, a database outage is a JSON 503 a client can act on (retry later), not the
    HTML 500 page; everywhere else Django's own handling stands."""

    def process_exception(self, request, exception):
        if is_api(request) and isinstance(exception, UNREACHABLE):
            return json_error(503, "database_unavailable", "The database cannot be reached; try again shortly.")
        return None
