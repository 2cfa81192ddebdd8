"""A client library for accessing Nest Bank API"""

from .client import AuthenticatedClient, Client
from .exceptions import (
    BadRequestError,
    ConflictError,
    NestBankError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedResponseError,
)

__all__ = (
    "AuthenticatedClient",
    "BadRequestError",
    "Client",
    "ConflictError",
    "NestBankError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "UnauthorizedError",
    "UnexpectedResponseError",
)
