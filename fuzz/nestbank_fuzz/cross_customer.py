"""Cross-customer access (BOLA / IDOR): another customer must not reach the owner's objects.

schemathesis's `object_level_authorization` attributes an object to its owner only through
identifiers the server assigned; Nest Bank's `blockadeId` and `orderId` are chosen by the
partner, so that check rarely has anything to probe. This check fills the gap: whenever the
owner (`demo`) has just created or authorized something, it replays the operations that read,
change or delete that object with the peer's (`anna`'s) token and requires a refusal:

- createBlockade 201: getBlockade, updateBlockade, deleteBlockade on the owner's path, and
  again on the peer's own account with the owner's `blockadeId`;
- createPayment 201: getPayment;
- authorizeBlockade / authorizePayment 200: getAuthorization.

A refusal is `401` with a code the replayed operation's `x-nestbank-errors` lists and that means
"not yours" (`NOT_YOURS_CODES`), or `404` with a documented code; a `429` proves nothing and is
skipped. Anything else fails, and so does an answer that carries the object's fields. A correct
server refuses the replayed change and delete, so the owner's state is untouched; a wrong one
changes or deletes the object, which is a failure anyway. Failure messages name the replayed
request but never a token.

The check acts only on schemas that `enable_for(schema, probe)` gave a peer; without a peer (a
live server with one pairing) it does nothing. Schemathesis may run a check again on the same
response (shrinking, replays), so what was probed is kept in sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import nestbank_spec
import schemathesis

from nestbank_fuzz.auth import TokenSource
from nestbank_fuzz.transport import HttpTransport, JsonObject, Reply

# The 401 codes of the catalogue that refuse an object of someone else (§10).
NOT_YOURS_CODES = frozenset(
    {
        "product_permissions_error",
        "blockade_permissions_error",
        "order_permissions_error",
        "order_id_permissions_error",
    }
)
# Fields of a Blockade, Payment or Authorization that an error answer never carries.
RESOURCE_FIELDS = frozenset(
    {"blockadeId", "orderId", "authorizationId", "accountId", "amount", "title", "status"}
)
PROBED_OPERATIONS = (
    "getBlockade",
    "updateBlockade",
    "deleteBlockade",
    "getPayment",
    "getAuthorization",
)


@dataclass(frozen=True)
class Replay:
    """One request of the peer against the owner's object."""

    # The operation replayed; its `x-nestbank-errors` decides which refusals are documented.
    operation_id: str
    method: str
    path: str
    body: JsonObject | None = None

    def describe(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class CrossCustomerProbe:
    """The peer's pairing and what the check has replayed with it."""

    transport: HttpTransport
    peer_name: str
    peer: TokenSource
    # The peer's own account, for the owner's blockadeId under it; None when unknown.
    peer_account_id: str | None
    # operationId -> the object identifiers replayed against it (sets: checks may run twice).
    probed: dict[str, set[str]] = field(default_factory=dict)

    def send(self, replay: Replay) -> Reply:
        headers = {"access_token": self.peer.access_token()}
        return self.transport.send(
            replay.method, replay.path, json_body=replay.body, headers=headers
        )


# Keyed by the loaded document, which filtered clones of the schema share. The document is kept
# with its probe, so its id cannot be reused by another schema while the entry exists.
_PROBES: dict[int, tuple[object, CrossCustomerProbe]] = {}


def enable_for(schema: Any, probe: CrossCustomerProbe) -> None:
    """Run the check on this schema (and its filtered clones) with this peer."""
    _PROBES[id(schema.raw_schema)] = (schema.raw_schema, probe)


def probe_for(schema: Any) -> CrossCustomerProbe | None:
    """The probe of this schema (None without a peer), e.g. to see what the check replayed."""
    entry = _PROBES.get(id(schema.raw_schema))
    return entry[1] if entry is not None and entry[0] is schema.raw_schema else None


def _json_object(text: str) -> JsonObject | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _segment(value: object) -> str:
    return quote(str(value), safe="")


def _blockade_replays(
    account_id: str, blockade: JsonObject, peer_account_id: str | None
) -> list[Replay]:
    blockade_id = _segment(blockade["blockadeId"])
    # The object's own amount and title, so a wrong server that accepts the change alters little.
    # No `expiresAt`: one that has passed meanwhile would be refused as invalid, proving nothing.
    update: JsonObject = {key: blockade[key] for key in ("amount", "title") if key in blockade}
    accounts = [account_id]
    if peer_account_id is not None and peer_account_id != account_id:
        # The owner's identifier under the peer's own account: the account check passes there,
        # so only the object check can refuse it.
        accounts.append(_segment(peer_account_id))
    paths = [f"/account/{account}/blockade/{blockade_id}" for account in accounts]
    # Reads first, the delete last, so every replay meets the object as the owner left it.
    return (
        [Replay("getBlockade", "GET", path) for path in paths]
        + [Replay("updateBlockade", "PUT", path, update) for path in paths]
        + [Replay("deleteBlockade", "DELETE", path) for path in paths]
    )


def replays_for(
    case: Any, status_code: int, body: JsonObject, probe: CrossCustomerProbe
) -> list[Replay]:
    """What to replay after the owner's answer, or nothing when it created nothing."""
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_id == "createBlockade" and status_code == 201:
        account_id = (case.path_parameters or {}).get("accountId", body.get("accountId"))
        if isinstance(body.get("blockadeId"), str) and account_id is not None:
            request = case.body if isinstance(case.body, dict) else {}
            blockade = {**request, **body}
            return _blockade_replays(_segment(account_id), blockade, probe.peer_account_id)
    if (
        operation_id == "createPayment"
        and status_code == 201
        and isinstance(body.get("orderId"), str)
    ):
        return [Replay("getPayment", "GET", f"/payment/{_segment(body['orderId'])}")]
    if (
        operation_id in ("authorizeBlockade", "authorizePayment")
        and status_code == 200
        and isinstance(body.get("authorizationId"), str)
    ):
        path = f"/authorization/{_segment(body['authorizationId'])}"
        return [Replay("getAuthorization", "GET", path)]
    return []


def _documented(schema: Any, operation_id: str) -> dict[str, list[str]]:
    operation = schema.find_operation_by_id(operation_id)
    table = nestbank_spec.error_codes(operation.definition.raw)
    return {str(status): list(codes) for status, codes in table.items()}


def refusal_problem(reply: Reply, documented: dict[str, list[str]]) -> str | None:
    """Why this answer is not a refusal of someone else's object, or None when it is one."""
    body = _json_object(reply.text) or {}
    code = body.get("error")
    leaked = sorted(RESOURCE_FIELDS & set(body))
    if 200 <= reply.status_code < 300:
        return f"answered {reply.status_code}: the other customer reached the object"
    if leaked:
        return f"answered {reply.status_code} with the object's fields {', '.join(leaked)}"
    not_yours = sorted(NOT_YOURS_CODES & set(documented.get("401", [])))
    if reply.status_code == 401 and code in not_yours:
        return None
    if reply.status_code == 404 and code in documented.get("404", []):
        return None
    expected = " / ".join(
        [f"401 {c}" for c in not_yours] + [f"404 {c}" for c in documented.get("404", [])]
    )
    answered = code if isinstance(code, str) else "(no error code)"
    return f"answered {reply.status_code} {answered}, expected {expected}"


def _applies(case: Any) -> CrossCustomerProbe | None:
    operation = case.operation
    if str(case.method).upper() != str(operation.method).upper():
        return None
    return probe_for(operation.schema)


@schemathesis.check
def nestbank_cross_customer_access(ctx: Any, response: Any, case: Any) -> bool | None:
    probe = _applies(case)
    if probe is None or not 200 <= response.status_code < 300:
        return None
    body = _json_object(response.text)
    if body is None:
        return None
    problems: list[str] = []
    for replay in replays_for(case, response.status_code, body, probe):
        reply = probe.send(replay)
        if reply.status_code == 429:
            # The call limit says nothing about ownership.
            continue
        key = replay.path.rsplit("/", 1)[-1]
        probe.probed.setdefault(replay.operation_id, set()).add(key)
        problem = refusal_problem(reply, _documented(case.operation.schema, replay.operation_id))
        if problem is not None:
            problems.append(f"{replay.operation_id} {replay.describe()} {problem}")
    if problems:
        raise AssertionError(
            f"Cross-customer access: replayed with {probe.peer_name}'s token (another customer "
            "of the same application):\n" + "\n".join(problems)
        )
    return None


def probed_operations(probe: CrossCustomerProbe) -> Iterable[str]:
    """The operations the check replayed at least once."""
    return sorted(name for name, ids in probe.probed.items() if ids)
