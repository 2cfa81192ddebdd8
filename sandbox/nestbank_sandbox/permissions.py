"""Permission strings (§06) and which one each operation needs."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ApiError
from .money import parse_limit

# operationId -> (OBJECT, ACTION). getAuthorization needs AUTH on any object.
REQUIRED: dict[str, tuple[str | None, str]] = {
    "getUser": ("USER", "READ_DET"),
    "getAccount": ("USER", "READ_DET"),
    "createBlockade": ("BLOCKADES", "CREATE"),
    "listBlockades": ("BLOCKADES", "READ_LIST"),
    "getBlockade": ("BLOCKADES", "READ_DET"),
    "updateBlockade": ("BLOCKADES", "UPDATE"),
    "deleteBlockade": ("BLOCKADES", "DELETE"),
    "authorizeBlockade": ("BLOCKADES", "AUTH"),
    "createPayment": ("PAYMENTS", "CREATE"),
    "listPayments": ("PAYMENTS", "READ_LIST"),
    "getPayment": ("PAYMENTS", "READ_DET"),
    "authorizePayment": ("PAYMENTS", "AUTH"),
    "getAuthorization": (None, "AUTH"),
    "listTransactions": ("TRANSACTIONS", "READ_LIST"),
    "getTransaction": ("TRANSACTIONS", "READ_DET"),
}
OPERATION_OBJECTS = ("BLOCKADES", "PAYMENTS")


@dataclass(frozen=True)
class Permission:
    prefix: str
    obj: str
    action: str
    limit: int | None  # grosze; None = no limit
    limit_daily: int | None
    limit_monthly: int | None
    limit_no_authorization: int | None


def parse_permission(text: str) -> Permission | None:
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


def require_permission(granted: list[str], operation_id: str) -> Permission | None:
    """The permission that allows the operation.

    No permission at all for the operation's OBJECT: `request_out_of_scope`; the OBJECT
    but not the ACTION: `request_out_of_permissions`.
    """
    wanted_obj, wanted_action = REQUIRED[operation_id]
    objects = (wanted_obj,) if wanted_obj else OPERATION_OBJECTS
    parsed = [p for p in (parse_permission(text) for text in granted) if p is not None]
    in_scope = [p for p in parsed if p.obj in objects]
    if not in_scope:
        raise ApiError("request_out_of_scope")
    for permission in in_scope:
        if permission.action == wanted_action:
            return permission
    raise ApiError("request_out_of_permissions")


def has_permission(granted: list[str], obj: str, action: str) -> bool:
    parsed = (parse_permission(text) for text in granted)
    return any(p is not None and p.obj == obj and p.action == action for p in parsed)
