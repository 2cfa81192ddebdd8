"""Permission strings (§06), checked against the one each operation needs.

Which permission an operation needs is the spec's `x-nestbank-permission` (read into
`Operation.permissions` by `spec.py`): the sandbox keeps no table of its own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .errors import ApiError
from .money import parse_limit
from .spec import Operation


@dataclass(frozen=True)
class Permission:
    prefix: str
    obj: str
    action: str
    limit: int | None  # grosze; None = no limit
    limit_daily: int | None
    limit_monthly: int | None
    limit_no_authorization: int | None


@functools.lru_cache(maxsize=4096)
def parse_permission(text: str) -> Permission | None:
    # Cached: every call re-read the application's whole list (13 strings, Decimal maths),
    # an eighth of a createBlockade. Permission is frozen, so sharing one is safe.
    fields = text.split(":")
    if len(fields) != 15:
        return None
    return Permission(
        prefix=fields[0],
        obj=fields[2],
        action=fields[3],
        limit=parse_limit(fields[4]),
        limit_daily=parse_limit(fields[5]),
        limit_monthly=parse_limit(fields[6]),
        limit_no_authorization=parse_limit(fields[7]),
    )


def require_permission(granted: list[str], operation: Operation) -> Permission | None:
    """The granted permission that allows the operation (any of its alternatives).

    No permission at all for the operation's OBJECT(s): `request_out_of_scope`; the
    OBJECT but not the ACTION: `request_out_of_permissions`.
    """
    wanted = set(operation.permissions)
    if not wanted:
        raise RuntimeError(f"{operation.operation_id} has no x-nestbank-permission")
    objects = {obj for obj, _ in wanted}
    parsed = [p for p in (parse_permission(text) for text in granted) if p is not None]
    in_scope = [p for p in parsed if p.obj in objects]
    if not in_scope:
        raise ApiError("request_out_of_scope")
    for permission in in_scope:
        if (permission.obj, permission.action) in wanted:
            return permission
    raise ApiError("request_out_of_permissions")
