"""The one way the sandbox answers an error: the documented body, status and headers."""

from __future__ import annotations

from starlette.responses import JSONResponse

from .spec import ApiSpec


class ApiError(Exception):
    """A documented error code; the status and description come from the spec."""

    def __init__(
        self, code: str, *, retry_after: int | None = None, status: int | None = None
    ) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        self.status = status  # only for answers outside any operation (404/405)


def error_response(
    spec: ApiSpec,
    code: str,
    *,
    retry_after: int | None = None,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    description: str | None = None,
) -> JSONResponse:
    """`{"error": code, "error_description": text}` with `Cache-Control: no-cache` (§10)."""
    info = spec.error(code)
    all_headers = {"Cache-Control": "no-cache", **(headers or {})}
    if retry_after is not None:
        all_headers["Retry-After"] = str(max(0, retry_after))
    body = {"error": code, "error_description": description or info.description}
    return JSONResponse(body, status_code=status or info.status, headers=all_headers)


def api_error_response(spec: ApiSpec, error: ApiError) -> JSONResponse:
    return error_response(spec, error.code, retry_after=error.retry_after, status=error.status)
