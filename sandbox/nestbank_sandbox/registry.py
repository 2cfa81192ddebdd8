"""One record per operation: the spec's side (permission, error codes) and its handler.

Built once at start-up from the spec and the handler table, and checked there: an
operation of the spec without a handler, a handler for an operation the spec does not
have, or a secured operation without `x-nestbank-permission` stops the sandbox with a
message that says what to add. Adding an operation is therefore the spec plus one
handler; nothing else counts or lists the operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .context import Handler
from .spec import ApiSpec, Operation


class RegistryError(RuntimeError):
    """The spec and the sandbox's handlers disagree; the message lists every mismatch."""


@dataclass(frozen=True)
class OperationRecord:
    operation: Operation  # path, method, `errors` (x-nestbank-errors), `permissions`
    handler: Handler


def operation_records(spec: ApiSpec, handlers: Mapping[str, Handler]) -> dict[str, OperationRecord]:
    """operationId -> record, or RegistryError naming every mismatch at once."""
    problems = [
        f"{op.operation_id} ({op.method} {op.path}) is in the spec but has no handler: "
        "add one to HANDLERS in nestbank_sandbox/dispatch.py"
        for op in spec.operations
        if op.operation_id not in handlers
    ]
    problems += [
        f"{name} has a handler but the spec has no such operation: remove it from HANDLERS "
        "or add the operation to the spec"
        for name in sorted(set(handlers) - set(spec.by_id))
    ]
    problems += [
        f"{op.operation_id} ({op.method} {op.path}) needs the access token but its spec entry "
        "has no x-nestbank-permission"
        for op in spec.operations
        if op.secured and not op.permissions
    ]
    if problems:
        raise RegistryError("the spec and the sandbox disagree:\n- " + "\n- ".join(problems))
    return {
        op.operation_id: OperationRecord(op, handlers[op.operation_id]) for op in spec.operations
    }
