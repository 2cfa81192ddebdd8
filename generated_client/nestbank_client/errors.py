"""Compatibility: openapi-python-client's module name for `UnexpectedStatus`.

The class lives in `api_errors` with every other error of an API call.
"""

from .api_errors import UnexpectedStatus

__all__ = ["UnexpectedStatus"]
