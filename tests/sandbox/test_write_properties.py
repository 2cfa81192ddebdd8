"""Property tests of the write operations: any body the spec accepts gets 2xx or a
documented business-rule error, and what the sandbox stores reads back equal.

Bodies are drawn from the spec's own patterns and lengths (read from spec/nestbank.yaml)
and each is checked against the spec with jsonschema-rs (ECMA-262 patterns, formats on)
before it is sent. Amounts lean towards what the limits allow so that successes, and so
the read-back checks, happen often.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.clock import format_time, parse_time
from nestbank_sandbox.spec import load_spec

from .support import SpecClient

DOCUMENT = load_spec().document
SCHEMAS = DOCUMENT["components"]["schemas"]
MAIN = "/account/acc-demo-main"
# What a valid request may still meet: the bank's rules about limits, balance, product,
# identifiers already used and where the customer's browser may return.
BUSINESS = {
    "app_limit_exceeded", "user_limit exceeded", "charges_limit exceeded",
    "request_reject_by_user_product_state", "authorization_required", "order_exist_error",
    "callback_uri_error",
}  # fmt: skip
REGISTERED_ORIGINS = ["http://127.0.0.1:8765"]  # the demo application's redirect URI
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def validator(name: str) -> Any:
    schema = {"$ref": f"#/components/schemas/{name}", "components": DOCUMENT["components"]}
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def string_of(name: str) -> st.SearchStrategy[str]:
    """Strings of the schema's pattern, short ones and ones up to its maxLength.

    Joined and cut matches may leave the pattern; the spec check before sending drops those.
    """
    schema = SCHEMAS[name]
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10_000)
    one = st.from_regex(schema["pattern"], fullmatch=True)
    long = st.lists(one, min_size=2, max_size=high).map(lambda parts: "".join(parts)[:high])
    longest = one.map(lambda part: (part * high)[:high])  # exactly maxLength
    return st.one_of(one, long, longest).filter(lambda s: low <= len(s) <= high)


AMOUNT = st.one_of(
    st.from_regex(SCHEMAS["PositiveAmount"]["pattern"], fullmatch=True),
    st.integers(1, 150_000).map(lambda cents: f"{cents // 100}.{cents % 100:02d}"),
)
CURRENCY = st.one_of(st.just("PLN"), st.just("PLN"), string_of("CurrencyCode"))
OFFSET = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@st.composite
def instants(draw: st.DrawFn) -> str:
    """RFC 3339 date-times with any offset, fraction and letter case."""
    moment = draw(st.datetimes(datetime(2000, 1, 2), datetime(9999, 12, 30), timezones=OFFSET))
    fraction = draw(st.sampled_from(["", ".5", ".123456", ".123456789"]))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + moment.strftime("%z")
    text = text[:-2] + ":" + text[-2:]
    if draw(st.booleans()):
        text = text.replace("T", "t")
    return text


def money() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"amount": AMOUNT, "currency": CURRENCY})


def title() -> st.SearchStrategy[str]:
    return string_of("Title")


def optional_expiry() -> st.SearchStrategy[dict[str, str]]:
    return st.one_of(st.just({}), instants().map(lambda t: {"expiresAt": t}))


def callback() -> st.SearchStrategy[str]:
    path = st.from_regex(r"[a-z0-9/]{0,20}", fullmatch=True)
    return st.builds(lambda o, p: f"{o}/{p}", st.sampled_from(REGISTERED_ORIGINS), path)


def authorize_fields() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "appType": st.sampled_from(SCHEMAS["AppType"]["enum"]),
            "os_type": st.sampled_from(SCHEMAS["OsType"]["enum"]),
            "callbackUri": callback(),
        }
    )


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SpecClient]:
    with SpecClient(create_app(":memory:", rate_limit_per_minute=0)) as client:
        yield client


def fresh_token(client: SpecClient) -> dict[str, str]:
    """Demo data again, so that each example meets the limits afresh."""
    assert client.control("/_sandbox/reset").status_code == 204
    return client.token()


def check_answer(client: SpecClient, op: str, response: Any, body: dict[str, Any]) -> bool:
    """True on success; else the error must be a documented business-rule refusal."""
    if response.status_code < 300:
        return True
    code = response.json()["error"]
    past = "expiresAt" in body and (parse_time(body["expiresAt"]) or 0) <= client_now(client)
    allowed = BUSINESS | ({"parameters_error"} if past else set())
    assert code in allowed, f"{op} refused a valid body with {code}: {body!r}"
    assert load_spec().by_id[op].allows(response.status_code, code)
    return False


def client_now(client: SpecClient) -> float:
    now = client.control("/_sandbox/clock", {"advanceSeconds": 0}).json()["now"]
    return parse_time(now) or 0.0


def stored(sent: dict[str, Any]) -> dict[str, Any]:
    """What the sandbox keeps of a sent body: amounts in PLN, instants in UTC seconds."""
    kept = {"amount": sent["amount"], "title": sent["title"]}
    if "expiresAt" in sent:
        kept["expiresAt"] = format_time(parse_time(sent["expiresAt"]) or 0)
    return kept


def same(resource: dict[str, Any], sent: dict[str, Any]) -> None:
    for key, value in stored(sent).items():
        assert resource[key] == value, (key, resource, sent)


BLOCKADE_CREATE = st.builds(
    lambda i, m, t, e: {"blockadeId": i, "amount": m, "title": t, **e},
    string_of("BlockadeId"), money(), title(), optional_expiry(),
)  # fmt: skip
BLOCKADE_UPDATE = st.builds(
    lambda m, t, e: {"amount": m, "title": t, **e}, money(), title(), optional_expiry()
)
PAYMENT_CREATE = st.builds(
    lambda i, m, t: {"orderId": i, "amount": m, "title": t}, string_of("OrderId"), money(), title()
)


def test_create_blockade(sandbox: SpecClient) -> None:
    valid = validator("BlockadeCreate")

    read_back: list[str] = []

    @EXAMPLES
    @given(BLOCKADE_CREATE)
    def prop(body: dict[str, Any]) -> None:
        assume(valid.is_valid(body))
        me = fresh_token(sandbox)
        made = sandbox.post(f"{MAIN}/blockade", json=body, headers=me)
        if check_answer(sandbox, "createBlockade", made, body):
            assert made.status_code == 201
            same(made.json(), body)
            read = sandbox.get(f"{MAIN}/blockade/{body['blockadeId']}", headers=me)
            assert read.json() == made.json()
            read_back.append(body["blockadeId"])

    prop()
    assert read_back, "no example succeeded: the read-back was never checked"


def test_update_blockade(sandbox: SpecClient) -> None:
    valid = validator("BlockadeUpdate")

    read_back: list[str] = []

    @EXAMPLES
    @given(BLOCKADE_UPDATE)
    def prop(body: dict[str, Any]) -> None:
        assume(valid.is_valid(body))
        me = fresh_token(sandbox)
        path = f"{MAIN}/blockade/demo-deposit-0001"
        changed = sandbox.put(path, json=body, headers=me)
        if check_answer(sandbox, "updateBlockade", changed, body):
            assert changed.status_code == 200
            same(changed.json(), body)
            assert sandbox.get(path, headers=me).json() == changed.json()
            read_back.append(body["title"])

    prop()
    assert read_back, "no example succeeded: the read-back was never checked"


def test_create_payment(sandbox: SpecClient) -> None:
    valid = validator("PaymentCreate")

    read_back: list[str] = []

    @EXAMPLES
    @given(PAYMENT_CREATE)
    def prop(body: dict[str, Any]) -> None:
        assume(valid.is_valid(body))
        me = fresh_token(sandbox)
        made = sandbox.post("/payment", json=body, headers=me)
        if check_answer(sandbox, "createPayment", made, body):
            assert made.status_code == 201
            same(made.json(), body)
            assert sandbox.get(f"/payment/{body['orderId']}", headers=me).json() == made.json()
            read_back.append(body["orderId"])

    prop()
    assert read_back, "no example succeeded: the read-back was never checked"


@pytest.mark.parametrize(
    ("operation", "path", "key", "schema", "read"),
    [
        (
            "authorizeBlockade",
            f"{MAIN}/blockade/authorize",
            "blockadeId",
            "AuthorizeBlockadeRequest",
            f"{MAIN}/blockade/",
        ),
        (
            "authorizePayment",
            "/payment/authorize",
            "orderId",
            "AuthorizePaymentRequest",
            "/payment/",
        ),
    ],
)
def test_authorize_then_approve(
    sandbox: SpecClient, operation: str, path: str, key: str, schema: str, read: str
) -> None:
    valid = validator(schema)
    identifier = string_of("BlockadeId" if key == "blockadeId" else "OrderId")
    expiry = optional_expiry() if key == "blockadeId" else st.just({})
    bodies = st.builds(
        lambda i, m, t, e, a: {key: i, "amount": m, "title": t, **e, **a},
        identifier, money(), title(), expiry, authorize_fields(),
    )  # fmt: skip

    read_back: list[str] = []

    @EXAMPLES
    @given(bodies)
    def prop(body: dict[str, Any]) -> None:
        assume(valid.is_valid(body))
        me = fresh_token(sandbox)
        started = sandbox.post(path, json=body, headers=me)
        if not check_answer(sandbox, operation, started, body):
            return
        authorization = started.json()["authorizationId"]
        decided = sandbox.control(f"/_sandbox/authorizations/{authorization}/approve").json()
        if decided["status"] == "AUTHORIZED":
            same(sandbox.get(f"{read}{body[key]}", headers=me).json(), body)
            read_back.append(body[key])
        else:  # the limits no longer allowed it at approval
            assert decided["status"] == "FAILED"

    prop()
    assert read_back, "no example succeeded: the read-back was never checked"


def test_instants_strategy_writes_rfc3339() -> None:
    """The generator itself: its instants pass the spec's date-time format."""
    check = jsonschema_rs.validator_for(
        {"type": "string", "format": "date-time"}, validate_formats=True
    )

    @settings(max_examples=50, deadline=None)
    @given(instants())
    def prop(text: str) -> None:
        assert check.is_valid(text), text
        assert parse_time(text) is not None or text.startswith("9999")

    prop()
