"""A client library for accessing Nest Bank API"""

from ._resources import AsyncNestBank, NestBank
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
    "AsyncNestBank",
    "NestBank",
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
