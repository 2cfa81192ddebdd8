"""A client library for accessing Nest Bank API"""

import logging

from ._resources import AsyncNestBank, NestBank
from ._root import NestBankError
from .api_errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthorizationFailedError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedResponseError,
)
from .client import AuthenticatedClient, Client, __version__

# A library never configures logging: without this, a warning (e.g. a failed retry)
# would reach stderr through logging's last-resort handler in an app that set none up.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = (
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncNestBank",
    "NestBank",
    "AuthenticatedClient",
    "AuthorizationFailedError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "NestBankError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "__version__",
)
