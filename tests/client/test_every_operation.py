"""Every operation of the spec raises the right class for every documented error code."""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any

import httpx
import nestbank_spec
import pytest
from nestbank_client import (
    AuthorizationFailedError,
    BadRequestError,
    ConflictError,
    NestBankError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)
from nestbank_client.models import ErrorCode

CLASSES: dict[str, type[NestBankError]] = {
    "400": BadRequestError,
    "401": UnauthorizedError,
    "404": NotFoundError,
    "409": ConflictError,
    "429": RateLimitedError,
    "500": ServerError,
}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (op.operation["tags"][0], str(op.operation_id), op.operation)
        for op in nestbank_spec.operations(nestbank_spec.load())
    ]


OPERATIONS = _operations()
CASES = [
    (tag, operation_id, str(status), code)
    for tag, operation_id, operation in OPERATIONS
    for status, codes in nestbank_spec.error_codes(operation).items()
    for code in codes
]


def _module(tag: str, operation_id: str) -> ModuleType:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    return importlib.import_module(f"nestbank_client.api.{tag}.{snake}")


def test_every_operation_has_a_generated_module() -> None:
    assert OPERATIONS
    for tag, operation_id, _ in OPERATIONS:
        assert callable(_module(tag, operation_id).sync)


@pytest.mark.parametrize(("tag", "operation_id", "status", "code"), CASES)
def test_documented_error_raises_its_class(
    tag: str, operation_id: str, status: str, code: str
) -> None:
    module = _module(tag, operation_id)
    request = httpx.Request("GET", "https://bank.test/x")
    answer = httpx.Response(
        int(status), json={"error": code, "error_description": "opis"}, request=request
    )
    with pytest.raises(CLASSES[status]) as caught:
        module._success(answer)
    # A customer's refusal is its own class (still a 401), never a token problem.
    expected = AuthorizationFailedError if code == "authorization_failed" else CLASSES[status]
    assert type(caught.value) is expected
    assert caught.value.code is ErrorCode(code)
    detailed = module._build_response(client=_NoRaise(), response=answer)
    assert detailed.parsed is not None


class _NoRaise:
    raise_on_unexpected_status = False


@pytest.mark.parametrize(("tag", "operation_id", "_operation"), OPERATIONS)
def test_every_operation_has_the_four_functions(
    tag: str, operation_id: str, _operation: dict[str, Any]
) -> None:
    module = _module(tag, operation_id)
    for name in ("sync", "asyncio", "sync_detailed", "asyncio_detailed"):
        assert callable(getattr(module, name))
    assert module.sync.__doc__ and "Raises:" in module.sync.__doc__
