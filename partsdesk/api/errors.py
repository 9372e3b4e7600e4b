"""Every API error is JSON with a machine-readable `code` and a human `message`."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    def __init__(self, code: str, message: str, status: int = 400, retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


def install_error_handlers(api: NinjaAPI) -> None:
    def api_error(request, exc: ApiError):
        response = api.create_response(
            request, {"code": exc.code, "message": exc.message}, status=exc.status
        )
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response

    def validation_error(request, exc: ValidationError):
        return api.create_response(
            request,
            {
                "code": "invalid_input",
                "message": _("Some of the request's fields are missing or not valid."),
                "errors": [
                    {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
                    for e in exc.errors
                ],
            },
            status=422,
        )

    def not_found(request, exc: Http404):
        return api.create_response(
            request, {"code": "not_found", "message": _("Not found.")}, status=404
        )

    def unauthorized(request, exc: AuthenticationError):
        return api.create_response(
            request, {"code": "not_signed_in", "message": _("Sign in first.")}, status=401
        )

    def http_error(request, exc: HttpError):
        return api.create_response(
            request, {"code": "http_error", "message": str(exc)}, status=exc.status_code
        )

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthorized)
