"""The compiled request validators accept exactly what openapi-core accepted (issue 14).

openapi-core (openapi_core_oracle.py, test-only now) is the oracle: for generated
requests, valid and invalid, near the spec's patterns, lengths, enums, formats and types,
validate_request must answer the same documented code (or accept) as the oracle. The
allowed differences are all stricter: a date-time followed by a final newline, which
Python's `$` let through rfc3339-validator (and which the handlers refused a step later
anyway); a declared query parameter sent twice; an integer query value that is not ASCII
digits (` 7`, `+7`, `0_7`, `٣`, which openapi-core's `int()` took). Those must be refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_sandbox.compiled_validation import (
    ASCII_INTEGER,
    UnsupportedSpec,
    compiled,
    is_date_time,
)
from nestbank_sandbox.ecma import python_pattern, rust_pattern
from nestbank_sandbox.errors import ApiError
from nestbank_sandbox.spec import load_spec
from nestbank_sandbox.validation import IncomingRequest, validate_request

from .corpus import INSTANTS
from .openapi_core_oracle import validate_with_openapi_core
from .test_ecma_patterns import PATTERNS, strings_near
from .test_ecma_patterns import TRICKY as ECMA_TRICKY

SPEC = load_spec()
SCHEMAS = SPEC.document["components"]["schemas"]
EXAMPLES = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The pattern tests' characters, and ones that only matter to whole requests.
TRICKY = [*ECMA_TRICKY, "\ufeff", "\u0085", "/", "authorize", "\U0001f600"]


def pattern_of(name: str) -> str:
    return str(SCHEMAS[name]["pattern"])


def near(strings: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The strings, and the strings with a tricky character put in, added or cut."""
    return st.one_of(
        strings,
        st.tuples(strings, st.sampled_from(TRICKY), st.integers(0, 200)).map(
            lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
        ),
        st.tuples(strings, st.sampled_from(TRICKY)).map(lambda t: t[0] + t[1]),
        strings.map(lambda s: s[1:]),
        strings.map(lambda s: s * 3),
    )


def of_pattern(name: str) -> st.SearchStrategy[str]:
    return near(st.from_regex(pattern_of(name), fullmatch=True))


JSON_ANY = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def instants(draw: st.DrawFn) -> str:
    """RFC 3339 date-times, nearly-ones and the corpus's hostile spellings."""
    year = draw(st.sampled_from(["0000", "0001", "2030", "9999", "2024", "2100"]))
    month = draw(st.sampled_from(["01", "02", "12", "13", "00"]))
    day = draw(st.sampled_from(["01", "28", "29", "30", "31", "32"]))
    clock = draw(st.sampled_from(["00:00:00", "23:59:59", "24:00:00", "12:60:00", "23:59:60"]))
    fraction = draw(st.sampled_from(["", ".5", ".123456789", "."]))
    offset = draw(st.sampled_from(["Z", "z", "+01:00", "-23:59", "+24:00", "+0100", ""]))
    sep = draw(st.sampled_from(["T", "t", " "]))
    text = f"{year}-{month}-{day}{sep}{clock}{fraction}{offset}"
    return draw(st.one_of(st.just(text), near(st.just(text)), st.sampled_from(INSTANTS)))


def money() -> st.SearchStrategy[Any]:
    amount = st.one_of(
        of_pattern("PositiveAmount"),
        of_pattern("Amount"),
        JSON_ANY,
        st.sampled_from(["0.00", "-1.00", "1", "1.5", "01.00", "10000000000000.00"]),
    )
    codes = st.sampled_from(["PLN", "pln", "EUR", "PLNX", ""])
    currency = st.one_of(codes, of_pattern("CurrencyCode"), JSON_ANY)
    fields = {"amount": amount, "currency": currency}
    return st.one_of(objects(fields, {"amount", "currency"}), JSON_ANY)


def objects(fields: dict[str, st.SearchStrategy[Any]], usual: set[str]) -> st.SearchStrategy[Any]:
    """Objects with most of the usual fields, sometimes others, or another field's value."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, values in fields.items():
            keep = draw(st.integers(0, 9)) < (9 if name in usual else 3)
            if keep:
                body[name] = draw(values)
        if draw(st.integers(0, 9)) == 0:
            body[draw(st.sampled_from(["extra", "Amount", "blockadeid", ""]))] = draw(JSON_ANY)
        return body

    return build()


IDENTIFIER = st.one_of(
    of_pattern("BlockadeId"), st.sampled_from(["authorize", "", "a" * 64, "a" * 65])
)
TITLE = st.one_of(of_pattern("Title"), st.sampled_from(["", "a" * 140, "a" * 141, "a\x1fb"]))
URI = st.one_of(
    of_pattern("CallbackUri"),
    st.sampled_from(
        ["", "https://a b", "http://127.0.0.1:8765/cb", "https://x", "ftp://x", "https://[::1"]
    ),
)
BODY_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "blockadeId": IDENTIFIER,
    "orderId": IDENTIFIER,
    "amount": money(),
    "title": TITLE,
    "expiresAt": st.one_of(instants(), JSON_ANY),
    "appType": st.sampled_from(["mobile", "web", "Web", ""]),
    "os_type": st.sampled_from(["Android", "iOS", "ALL", "all", "Windows"]),
    "callbackUri": URI,
}
CONTENT_TYPES = st.one_of(
    st.just("application/json"),
    st.just("application/json"),
    st.sampled_from(
        [
            "application/json; charset=utf-8",
            "Application/JSON ",
            " application/json",
            "application/json;",
            "application/json; a=b=c",
            "application/json;charset",
            "text/plain",
            "",
            "application/x-www-form-urlencoded",
            "application/jsonx",
        ]
    ),
)


VALID_INSTANT = st.builds(
    lambda year, month, day, time, fraction, offset, t: (
        f"{year:04d}-{month:02d}-{day:02d}{t}{time}{fraction}{offset}"
    ),
    st.one_of(st.sampled_from([0, 1, 2024, 2100, 9999]), st.integers(0, 9999)),
    st.integers(1, 12),
    st.one_of(st.sampled_from([28, 29, 30, 31]), st.integers(1, 31)),
    st.sampled_from(["00:00:00", "23:59:59", "12:34:56"]),
    st.sampled_from(["", ".5", ".123456789"]),
    st.sampled_from(["Z", "z", "+01:00", "-23:59", "+23:59"]),
    st.sampled_from(["T", "t"]),
)  # year 0 and 31 February: valid by the grammar, refused by the calendar
VALID_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "blockadeId": st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
    "orderId": st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
    "amount": st.fixed_dictionaries(
        {
            "amount": st.from_regex(pattern_of("PositiveAmount"), fullmatch=True),
            "currency": st.one_of(st.just("PLN"), st.from_regex(r"[A-Z]{3}", fullmatch=True)),
        }
    ),
    "title": st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=140),
    "expiresAt": st.one_of(VALID_INSTANT, VALID_INSTANT.map(lambda t: t + "\n")),
    "appType": st.sampled_from(["mobile", "web"]),
    "os_type": st.sampled_from(["Android", "iOS", "ALL"]),
    "callbackUri": st.one_of(
        st.just("http://127.0.0.1:8765/cb"),
        st.from_regex(r"https://[a-z0-9./?#%:@-]{1,40}", fullmatch=True),
    ),
}


@st.composite
def mutated(draw: st.DrawFn, schema_name: str) -> Any:
    """A body valid in most fields: zero to two fields replaced, removed, or one added."""
    schema = SCHEMAS[schema_name]
    body = {name: draw(VALID_FIELDS[name]) for name in schema["properties"]}
    if "expiresAt" in body and draw(st.booleans()):
        del body["expiresAt"]
    if draw(st.integers(0, 19)) == 0:
        return draw(JSON_ANY)
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(sorted(schema["properties"])))
        change = draw(st.integers(0, 5))
        if change == 0:
            body.pop(name, None)
        elif change == 1:
            body[draw(st.sampled_from(["extra", "Amount", ""]))] = draw(JSON_ANY)
        else:
            body[name] = draw(BODY_FIELDS[name])
    return body


def body_strategy(schema_name: str) -> st.SearchStrategy[bytes]:
    return st.tuples(mutated(schema_name), st.booleans()).map(
        lambda t: json.dumps(t[0], ensure_ascii=t[1]).encode()
    )


def outcome(check: Callable[..., None], operation_id: str, request: IncomingRequest) -> str | None:
    try:
        check(SPEC, SPEC.by_id[operation_id], request)
    except ApiError as error:
        return error.code
    return None


def assert_same(
    operation_id: str, make: Callable[[], IncomingRequest], instants: list[Any]
) -> None:
    """Both validators answer alike (fresh requests: the parsed body is cached on one)."""
    old = outcome(validate_with_openapi_core, operation_id, make())
    new = outcome(validate_request, operation_id, make())
    if old == new:
        return
    if _strict_query(operation_id, make().query):
        assert new is not None, (old, new)  # refused, whichever documented code
        return
    stricter = any(
        isinstance(text, str) and text.endswith("\n") and is_date_time(text[:-1])
        for text in instants
    )
    assert (old, new, stricter) == (None, "parameters_error", True), (old, new)


def _strict_query(operation_id: str, query: list[tuple[str, str]]) -> bool:
    """A declared query parameter twice, or an integer one that is not ASCII digits."""
    for parameter in compiled(SPEC).operations[operation_id].parameters:
        if parameter.location != "query":
            continue
        values = [value for key, value in query if key == parameter.name]
        if len(values) > 1:
            return True
        if parameter.integer and values and not ASCII_INTEGER.fullmatch(values[0]):
            return True
    return False


def request(
    method: str,
    path_params: dict[str, str],
    query: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    content_type: str = "",
) -> Callable[[], IncomingRequest]:
    def make() -> IncomingRequest:
        headers = {"access_token": "t"}
        return IncomingRequest(
            method, "/", list(query or []), headers, body, content_type, dict(path_params)
        )

    return make


WRITES = [
    ("createBlockade", "POST", "BlockadeCreate", {"accountId": "acc-demo-main"}),
    ("updateBlockade", "PUT", "BlockadeUpdate", {"accountId": "acc-demo-main", "blockadeId": "b"}),
    ("authorizeBlockade", "POST", "AuthorizeBlockadeRequest", {"accountId": "acc-demo-main"}),
    ("createPayment", "POST", "PaymentCreate", {}),
    ("authorizePayment", "POST", "AuthorizePaymentRequest", {}),
]


@pytest.mark.parametrize(("operation_id", "method", "schema", "path"), WRITES)
def test_bodies_answer_as_openapi_core_did(
    operation_id: str, method: str, schema: str, path: dict[str, str]
) -> None:
    @EXAMPLES
    @given(body=body_strategy(schema), content_type=CONTENT_TYPES, path_value=IDENTIFIER)
    def same(body: bytes, content_type: str, path_value: str) -> None:
        params = {**path, **({"accountId": path_value} if path_value.startswith("z") else {})}
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = None
        instants = [decoded.get("expiresAt")] if isinstance(decoded, dict) else []
        assert_same(
            operation_id, request(method, params, body=body, content_type=content_type), instants
        )

    same()


QUERY_VALUES = st.one_of(
    st.sampled_from(
        [
            "1",
            "20",
            "100",
            "101",
            "0",
            "-1",
            " 7",
            "+7",
            "0_7",
            "\u0663",
            "1e3",
            "",
            "abc",
            "9" * 40,
            "100000",
            "100001",
            "7\n",
            "1.0",
        ]
    ),
    st.integers(-5, 200_000).map(str),
    instants(),
    VALID_INSTANT,
)


@pytest.mark.parametrize(
    ("operation_id", "path"),
    [
        ("listTransactions", {"accountId": "acc-demo-main"}),
        ("listBlockades", {"accountId": "acc-demo-main"}),
        ("listPayments", {}),
    ],
)
def test_list_queries_answer_as_openapi_core_did(operation_id: str, path: dict[str, str]) -> None:
    names = st.sampled_from(["page", "pageSize", "from", "to", "other", "Page"])

    @EXAMPLES
    @given(query=st.lists(st.tuples(names, QUERY_VALUES), max_size=5))
    def same(query: list[tuple[str, str]]) -> None:
        first: dict[str, str] = {}
        for key, value in query:
            first.setdefault(key, value)
        assert_same(operation_id, request("GET", path, query), [first.get("from"), first.get("to")])

    same()


STATE = "a" * 128
PAIRING = {
    "client_id": st.one_of(st.just("demo-app"), of_pattern("ClientId")),
    "response_type": st.sampled_from(["code", "token", "Code", "code\n"]),
    "state": st.one_of(st.just(STATE), of_pattern("OAuthState")),
    "redirect_uri": st.one_of(st.just("http://127.0.0.1:8765/callback"), URI),
    "scope": st.sampled_from(["open-api", "openapi", "open-api "]),
}


@EXAMPLES
@given(
    values=st.fixed_dictionaries(PAIRING),
    extra=st.lists(st.tuples(st.sampled_from(sorted(PAIRING)), st.sampled_from(["", "x", STATE]))),
)
def test_pairing_queries_answer_as_openapi_core_did(
    values: dict[str, str], extra: list[tuple[str, str]]
) -> None:
    """Including which code: invalid_request, request_out_of_scope or parameters_error."""
    query = [*values.items(), *extra]
    assert_same("authorizeApplication", request("GET", {}, query), [])


TOKEN_FIELDS = {
    "grant_type": st.sampled_from(["authorization_code", "refresh_token", "password", ""]),
    "code": st.sampled_from(["c0de", "", "x" * 513]),
    "redirect_uri": st.one_of(st.just("http://127.0.0.1:8765/callback"), URI),
    "state": st.one_of(st.just(STATE), of_pattern("OAuthState")),
    "refresh_token": st.sampled_from(["r", "", "y" * 513]),
    "client_id": st.one_of(st.just("demo-app"), of_pattern("ClientId")),
    "client_secret": st.sampled_from(["demo-secret", "", "s" * 257]),
    "scope": st.sampled_from(["", "open-api", "z" * 257]),
    "other": st.just("1"),
}


@EXAMPLES
@given(
    fields=st.lists(st.tuples(st.sampled_from(sorted(TOKEN_FIELDS)), st.data()), max_size=9),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded;",
            "application/json",
        ]
    ),
    raw=st.sampled_from([b"", b"%ff=1", b"\xff", b"&&=&"]),
)
def test_token_forms_answer_as_openapi_core_did(
    fields: list[tuple[str, st.DataObject]], content_type: str, raw: bytes
) -> None:
    pairs = [(name, data.draw(TOKEN_FIELDS[name])) for name, data in fields]
    body = urlencode(pairs).encode() + (b"&" + raw if raw else b"")
    assert_same("grantToken", request("POST", {}, body=body, content_type=content_type), [])


@pytest.mark.parametrize(
    ("operation_id", "name"),
    [
        ("getAccount", "accountId"),
        ("getPayment", "orderId"),
        ("getAuthorization", "authorizationId"),
    ],
)
def test_path_parameters_answer_as_openapi_core_did(operation_id: str, name: str) -> None:
    @EXAMPLES
    @given(value=IDENTIFIER)
    def same(value: str) -> None:
        assert_same(operation_id, request("GET", {name: value}), [])

    same()


def test_the_spec_examples_are_accepted() -> None:
    for operation_id, method, _, path in WRITES:
        content = SPEC.document["paths"]
        op = next(
            item[method.lower()]
            for item in content.values()
            if item.get(method.lower(), {}).get("operationId") == operation_id
        )
        for example in op["requestBody"]["content"]["application/json"]["examples"].values():
            body = json.dumps(example["value"]).encode()
            make = request(method, path, body=body, content_type="application/json")
            assert outcome(validate_request, operation_id, make()) is None, example


def test_a_final_newline_after_a_date_time_is_refused() -> None:
    """The one stricter answer: openapi-core's rfc3339 check let it through."""
    body = json.dumps(
        {
            "blockadeId": "b-1",
            "amount": {"amount": "1.00", "currency": "PLN"},
            "title": "t",
            "expiresAt": "2099-01-01T00:00:00Z\n",
        }
    ).encode()
    make = request("POST", {"accountId": "acc"}, body=body, content_type="application/json")
    assert outcome(validate_with_openapi_core, "createBlockade", make()) is None
    assert outcome(validate_request, "createBlockade", make()) == "parameters_error"


def test_patterns_keep_their_ecma_262_meaning() -> None:
    assert rust_pattern("^a.b$") == "^a[^\\n\\r\\u2028\\u2029]b$"
    for unsupported in ("^a\\b", "[]", "[^]x", "[\\S]"):
        with pytest.raises(ValueError):
            rust_pattern(unsupported)


def test_an_unsupported_parameter_style_fails_at_start_up() -> None:
    from nestbank_sandbox.compiled_validation import CompiledSpec
    from nestbank_sandbox.spec import ApiSpec

    document = json.loads(json.dumps(SPEC.document))
    document["components"]["parameters"]["PageQuery"]["style"] = "deepObject"
    with pytest.raises(UnsupportedSpec):
        CompiledSpec(ApiSpec(document))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_rust_and_python_rewrites_agree(pattern: str) -> None:
    """Every spec pattern, as the sandbox (jsonschema-rs) and the tests (`re`) apply it."""
    rust = jsonschema_rs.validator_for({"type": "string", "pattern": rust_pattern(pattern)})
    python = re.compile(python_pattern(pattern))

    @settings(max_examples=150, deadline=None)
    @given(strings_near(pattern))
    def agree(text: str) -> None:
        assert rust.is_valid(text) is (python.search(text) is not None), repr(text)

    agree()


@pytest.mark.parametrize("page", ["\u0663", "\U0001d7d3", "\uff15", "+7", "0_7", " 7", "7\n"])
def test_an_integer_query_value_is_ascii_digits(page: str) -> None:
    """Stricter than openapi-core: `int()` reads other scripts' digits, signs and `_`."""
    made = request("GET", {}, [("page", page)])()
    assert outcome(validate_request, "listPayments", made) == "parameters_error"
    assert outcome(validate_request, "listPayments", request("GET", {}, [("page", "7")])()) is None


@pytest.mark.parametrize("name", ["client_id", "state", "redirect_uri", "scope", "response_type"])
def test_a_pairing_parameter_sent_twice_is_refused(name: str) -> None:
    """Stricter than openapi-core, which read the first while the handler read the last."""
    values = {"client_id": "demo-app", "response_type": "code", "state": STATE,
              "redirect_uri": "http://127.0.0.1:8765/callback", "scope": "open-api"}  # fmt: skip
    once = list(values.items())
    assert outcome(validate_request, "authorizeApplication", request("GET", {}, once)()) is None
    twice = [*once, (name, values[name])]
    assert outcome(validate_request, "authorizeApplication", request("GET", {}, twice)()) in {
        "parameters_error", "invalid_request", "request_out_of_scope"
    }  # fmt: skip
