"""The adversarial corpus, by class: hostile requests and what may answer them.

Each case is sent as exact bytes (raw_http.py) to a real sandbox process. `{T}` in a
header or path is the demo customer's access token (main account), `{S}` the same
customer's token linked to the savings account, `{A}` anna's, `{L}` limited-app's and
`{R}` a refresh token. Expectation: "ok" (2xx), "error" (a 4xx), or a wire code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAIN = "/account/acc-demo-main"
JSON = ("Content-Type", "application/json")
BASIC_DEMO = ("Authorization", "Basic ZGVtby1hcHA6ZGVtby1zZWNyZXQ=")  # demo-app:demo-secret


@dataclass(frozen=True)
class Case:
    kind: str  # the class
    name: str
    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    expect: str = "error"
    host: str = "127.0.0.1"
    content_length: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def js(value: Any) -> bytes:
    return json.dumps(value).encode()


def money(amount: Any, currency: Any = "PLN") -> dict[str, Any]:
    return {"amount": amount, "currency": currency}


def blockade(blockade_id: Any = "c-1", amount: Any = "10.00", **extra: Any) -> dict[str, Any]:
    return {"blockadeId": blockade_id, "amount": money(amount), "title": "Kaucja", **extra}


def payment(order_id: Any = "c-p1", amount: Any = "10.00", **extra: Any) -> dict[str, Any]:
    return {"orderId": order_id, "amount": money(amount), "title": "Abonament", **extra}


def authorize(key: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        key: value, "amount": money("1500.00"), "title": "Duża", "appType": "web",
        "os_type": "ALL", "callbackUri": "http://127.0.0.1:8765/authorized", **extra,
    }  # fmt: skip


TOKEN = (("access_token", "{T}"),)
WRITE = (*TOKEN, JSON)
WRITES = [
    ("POST", f"{MAIN}/blockade"),
    ("POST", "/payment"),
    ("POST", f"{MAIN}/blockade/authorize"),
    ("POST", "/payment/authorize"),
    ("PUT", f"{MAIN}/blockade/demo-deposit-0001"),
]


def _encodings() -> list[Case]:
    body = payment("enc-1")
    cases = [
        Case(
            "encodings",
            f"body in {codec}",
            "POST",
            "/payment",
            WRITE,
            js(body).decode().encode(codec),
        )
        for codec in ("utf-16", "utf-16-be", "utf-32", "utf-8-sig")
    ]
    cases += [
        Case(
            "encodings",
            "latin-1 byte in a string",
            "POST",
            "/payment",
            WRITE,
            b'{"orderId":"e\xe9","amount":{"amount":"1.00","currency":"PLN"},"title":"T"}',
        ),
        Case(
            "encodings",
            "overlong UTF-8",
            "POST",
            "/payment",
            WRITE,
            b'{"orderId":"\xc0\xaf","amount":{"amount":"1.00","currency":"PLN"},"title":"T"}',
        ),
        Case(
            "encodings",
            "NUL in the title",
            "POST",
            "/payment",
            WRITE,
            js(payment("enc-2", title="a\u0000b")),
        ),
        Case(
            "encodings",
            "non-ASCII title is fine",
            "POST",
            "/payment",
            WRITE,
            js(payment("enc-3", title="Zażółć gęślą jaźń")),
            "ok",
        ),
        Case("encodings", "invalid percent-encoding in the path", "GET", "/payment/%ff%fe", TOKEN),
        Case("encodings", "NUL in the path", "GET", "/payment/a%00b", TOKEN),
        Case("encodings", "invalid UTF-8 in the query", "GET", "/payment?page=%ff", TOKEN),
        Case(
            "encodings",
            "text/plain body",
            "POST",
            "/payment",
            (*TOKEN, ("Content-Type", "text/plain")),
            js(payment("enc-4")),
        ),
    ]
    for method, path in WRITES:
        for text in ("\\ud800", "a\\udfffb", "\\udc00\\ud800"):
            raw = js({**payment("enc-s"), "title": "PLACEHOLDER"}).replace(
                b"PLACEHOLDER", text.encode()
            )
            cases.append(
                Case(
                    "encodings", f"lone surrogate {text} {method} {path}", method, path, WRITE, raw
                )
            )
    return cases


def _nesting() -> list[Case]:
    cases = []
    for method, path in WRITES:
        for depth in (40, 5000, 200_000):
            cases.append(
                Case(
                    "nesting",
                    f"[ x{depth} {method} {path}",
                    method,
                    path,
                    WRITE,
                    b"[" * depth + b"]" * depth,
                )
            )
            cases.append(
                Case(
                    "nesting",
                    f"{{ x{depth} {method} {path}",
                    method,
                    path,
                    WRITE,
                    b'{"a":' * depth + b"1" + b"}" * depth,
                )
            )
        cases.append(
            Case(
                "nesting",
                f"deep amount {method} {path}",
                method,
                path,
                WRITE,
                js({**payment(), "amount": [[[[[[[[[[[]]]]]]]]]]]}),
            )
        )
    return cases


def _sizes() -> list[Case]:
    return [
        Case(
            "sizes",
            "2 MiB body",
            "POST",
            "/payment",
            WRITE,
            b'{"title":"' + b"a" * (2 << 20) + b'"}',
        ),
        Case(
            "sizes",
            "1 MiB title",
            "POST",
            "/payment",
            WRITE,
            js(payment("big-1", title="a" * (1 << 20))),
        ),
        Case("sizes", "10k identifier", "POST", "/payment", WRITE, js(payment("a" * 10_000))),
        Case("sizes", "long path", "GET", "/payment/" + "a" * 8000, TOKEN),
        Case(
            "sizes",
            "many query parameters",
            "GET",
            "/payment?" + "&".join(f"p{n}=1" for n in range(500)),
            TOKEN,
            expect="any",  # unknown query parameters are ignored
        ),
        Case("sizes", "empty JSON body", "POST", "/payment", WRITE, b""),
        Case("sizes", "whitespace body", "POST", "/payment", WRITE, b"   \n\t "),
        Case(
            "sizes",
            "Content-Length overstates the body",
            "POST",
            "/payment",
            WRITE,
            b'{"a":',
            content_length=500,
        ),
        Case(
            "sizes",
            "Content-Length of 10 GB",
            "POST",
            "/payment",
            WRITE,
            b"{}",
            content_length=10 << 30,
        ),
        Case("sizes", "huge page number", "GET", "/payment?page=" + "9" * 40, TOKEN),
        Case("sizes", "page size past the maximum", "GET", "/payment?pageSize=1000000", TOKEN),
        Case("sizes", "page 0", "GET", f"{MAIN}/blockade?page=0", TOKEN),
        Case("sizes", "page -1", "GET", f"{MAIN}/transactions?page=-1", TOKEN),
        Case("sizes", "page 1e3", "GET", f"{MAIN}/transactions?page=1e3", TOKEN),
        Case(
            "sizes",
            "last page is fine",
            "GET",
            f"{MAIN}/transactions?page=100000&pageSize=100",
            TOKEN,
            expect="ok",
        ),
    ]


AMOUNTS = [
    "1e3", "0.00", "-1.00", "1.000", " 1.00", "1.00 ", "1.00\n", "\uff11.00", "\u0661.00",
    "NaN", "Infinity", "99999999999999.99", "0.001", "01.00", "1,00", "", ".50", "1.",
    "0x10", "1_000.00",
]  # fmt: skip


def _amounts() -> list[Case]:
    cases = [
        Case(
            "amounts", f"amount {amount!r}", "POST", "/payment", WRITE, js(payment("am-1", amount))
        )
        for amount in AMOUNTS
    ]
    cases += [
        Case(
            "amounts",
            "amount as a JSON number",
            "POST",
            "/payment",
            WRITE,
            js(payment("am-2", 1.0)),
        ),
        Case(
            "amounts",
            "amount 1e999",
            "POST",
            "/payment",
            WRITE,
            b'{"orderId":"am-3","amount":{"amount":1e999,"currency":"PLN"},"title":"T"}',
        ),
        Case(
            "amounts",
            "NaN literal",
            "POST",
            "/payment",
            WRITE,
            b'{"orderId":"am-4","amount":{"amount":NaN,"currency":"PLN"},"title":"T"}',
        ),
        Case(
            "amounts",
            "unknown currency",
            "POST",
            "/payment",
            WRITE,
            js({**payment("am-5"), "amount": money("1.00", "EUR")}),
        ),
        Case(
            "amounts",
            "lower-case currency",
            "POST",
            "/payment",
            WRITE,
            js({**payment("am-6"), "amount": money("1.00", "pln")}),
        ),
        Case(
            "amounts",
            "currency null",
            "POST",
            "/payment",
            WRITE,
            js({**payment("am-7"), "amount": money("1.00", None)}),
        ),
        Case(
            "amounts",
            "smallest amount is fine",
            "POST",
            "/payment",
            WRITE,
            js(payment("am-8", "0.01")),
            "ok",
        ),
        Case(
            "amounts",
            "above the per-transaction limit",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade("am-9", "9999999999999.99")),
            "app_limit_exceeded",
        ),
        Case(
            "amounts",
            "duplicate keys",
            "POST",
            "/payment",
            WRITE,
            b'{"orderId":"am-10","orderId":"am-11","amount":{"amount":"1.00","currency":"PLN"},"title":"T"}',
            "parameters_error",
        ),
        Case(
            "amounts",
            "duplicate amount: the last one must not silently win",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            b'{"blockadeId":"am-12","amount":{"amount":"4999.00","currency":"PLN"},'
            b'"amount":{"amount":"1.00","currency":"PLN"},"title":"T"}',
            "parameters_error",
        ),
    ]
    return cases


INSTANTS = [
    "9999-12-31T23:59:59-00:01", "9999-12-31T20:00:00-05:00", "0001-01-01T00:00:00+00:01",
    "2030-01-01T00:00:00", "2030-01-01T00:00:60Z", "2030-02-30T00:00:00Z",
    "2030-01-01T00:00:00+24:00", "2030-01-01T24:00:00Z", "+12030-01-01T00:00:00Z",
    "2030-01-01 00:00:00Z", "2030-01-01T00:00:00Z\n", "20300101T000000Z", "yesterday",
    "2000-01-01T00:00:00Z", "2030-01-01T00:00:00+0100", "2030-01-01T00:00:00.Z",
    "\uff12\uff10\uff13\uff10-01-01T00:00:00Z", "2030-01-01T00:00:00Z\r",
]  # fmt: skip


def _instants() -> list[Case]:
    cases = [
        Case(
            "instants",
            f"expiresAt {text!r}",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade("in-1", expiresAt=text)),
        )
        for text in INSTANTS
    ]
    cases += [
        Case(
            "instants",
            f"authorize expiresAt {text!r}",
            "POST",
            f"{MAIN}/blockade/authorize",
            WRITE,
            js(authorize("blockadeId", "in-2", expiresAt=text)),
        )
        for text in INSTANTS[:3]
    ]
    cases += [
        Case(
            "instants",
            f"transactions from {text!r}",
            "GET",
            f"{MAIN}/transactions?from={text.replace('+', '%2B')}",
            TOKEN,
        )
        for text in INSTANTS[:4]
    ]
    cases += [
        Case(
            "instants",
            "last writable second is fine",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade("in-3", expiresAt="9999-12-31T23:59:59Z")),
            "ok",
        ),
        Case(
            "instants",
            "lower-case t and z are fine",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade("in-4", expiresAt="2099-01-01t00:00:00z")),
            "ok",
        ),
        Case(
            "instants",
            "nine fraction digits are fine",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade("in-5", expiresAt="2099-01-01T00:00:00.123456789+01:00")),
            "ok",
        ),
    ]
    return cases


IDENTIFIERS = ["nl\n", "a/b", "..", "a b", "a" * 129, "", "ą", "a\tb", "id?x=1", "a#b", "a%2Fb"]


def _identifiers() -> list[Case]:
    cases = [
        Case(
            "identifiers",
            f"blockadeId {value!r}",
            "POST",
            f"{MAIN}/blockade",
            WRITE,
            js(blockade(value)),
        )
        for value in IDENTIFIERS
    ]
    cases += [
        Case("identifiers", f"orderId {value!r}", "POST", "/payment", WRITE, js(payment(value)))
        for value in IDENTIFIERS
    ]
    paths = [
        "/account/%2e%2e/blockade", "/account/acc-demo-main%00", "/account/acc-demo-main%0A",
        f"{MAIN}/blockade/demo-deposit-0001%0A", f"{MAIN}/blockade/x/extra",
        "/account/acc-demo-main/../acc-demo-savings",
        "/payment/%20", "/authorization/%0A", f"{MAIN}/transactions/%2e", "/user/", "/USER",
        "/account//blockade", "/payment/authorize",
    ]  # fmt: skip
    cases += [Case("identifiers", f"path {path!r}", "GET", path, TOKEN) for path in paths]
    # Equivalent spellings of a valid target may succeed; they must not fail badly.
    for path in ("//user", "/user?", "/account/acc%2Ddemo%2Dmain", "http://127.0.0.1/user"):
        cases.append(Case("identifiers", f"spelling {path!r}", "GET", path, TOKEN, expect="any"))
    return cases


def _headers() -> list[Case]:
    return [
        Case(
            "headers",
            "NUL in a header",
            "POST",
            "/payment",
            (*WRITE, ("X-Note", "a\x00b")),
            js(payment("h-1")),
        ),
        Case(
            "headers",
            "NUL in the token",
            "POST",
            "/payment",
            (("access_token", "a\x00b"), JSON),
            js(payment("h-2")),
        ),
        Case(
            "headers",
            "two tokens, the valid one first",
            "GET",
            "/user",
            (*TOKEN, ("access_token", "other")),
            expect="aceess_token_not_exist",
        ),
        Case(
            "headers",
            "two tokens, the valid one last: the last must not silently win",
            "GET",
            "/user",
            (("access_token", "other"), *TOKEN),
            expect="aceess_token_not_exist",
        ),
        Case("headers", "10k token", "GET", "/user", (("access_token", "a" * 10_000),)),
        Case(
            "headers",
            "token with spaces",
            "GET",
            "/user",
            (("access_token", " {T} "),),
            expect="any",
        ),
        Case(
            "headers",
            "JSON as UTF-16 charset",
            "POST",
            "/payment",
            (*TOKEN, ("Content-Type", "application/json; charset=utf-16")),
            js(payment("h-3")),
            "any",
        ),
        Case("headers", "no Content-Type", "POST", "/payment", TOKEN, js(payment("h-4"))),
        Case(
            "headers",
            "upper-case media type",
            "POST",
            "/payment",
            (*TOKEN, ("Content-Type", "APPLICATION/JSON")),
            js(payment("h-5")),
            "any",
        ),
        Case(
            "headers",
            "multipart body",
            "POST",
            "/payment",
            (*TOKEN, ("Content-Type", "multipart/form-data; boundary=x")),
            b"--x\r\n\r\n--x--",
        ),
        Case("headers", "another Host", "GET", "/user", TOKEN, host="evil.example"),
        Case(
            "headers", "Host with a port", "GET", "/user", TOKEN, expect="ok", host="localhost:8000"
        ),
        Case("headers", "no Host", "GET", "/user", TOKEN, host=""),
        Case(
            "headers",
            "two Hosts",
            "GET",
            "/user",
            (*TOKEN, ("Host", "evil.example")),
        ),
        Case(
            "headers",
            "bad chunked body",
            "POST",
            "/payment",
            (*WRITE, ("Transfer-Encoding", "chunked")),
            b"zz\r\nabc\r\n0\r\n\r\n",
        ),
        Case(
            "headers",
            "Accept XML",
            "GET",
            "/user",
            (*TOKEN, ("Accept", "application/xml")),
            expect="any",
        ),
    ]


def _auth() -> list[Case]:
    return [
        Case("auth", "no token", "GET", "/user", expect="access_token_required"),
        Case(
            "auth",
            "made-up token",
            "GET",
            "/user",
            (("access_token", "made-up"),),
            expect="aceess_token_not_exist",
        ),
        Case(
            "auth",
            "refresh token as access token",
            "GET",
            "/user",
            (("access_token", "{R}"),),
            expect="aceess_token_not_exist",
        ),
        Case(
            "auth",
            "anna's blockade",
            "GET",
            f"{MAIN}/blockade/anna-b1",
            TOKEN,
            expect="blockade_permissions_error",
        ),
        Case(
            "auth",
            "anna's payment",
            "GET",
            "/payment/anna-p1",
            TOKEN,
            expect="order_permissions_error",
        ),
        Case(
            "auth",
            "anna's account",
            "GET",
            "/account/acc-anna-main",
            TOKEN,
            expect="product_permissions_error",
        ),
        Case(
            "auth",
            "anna's account blockades",
            "GET",
            "/account/acc-anna-main/blockade",
            TOKEN,
            expect="product_permissions_error",
        ),
        Case(
            "auth",
            "anna deletes demo's blockade",
            "DELETE",
            "/account/acc-anna-main/blockade/demo-deposit-0001",
            (("access_token", "{A}"),),
            expect="blockade_permissions_error",
        ),
        Case(
            "auth",
            "savings token reads a main payment",
            "GET",
            "/payment/main-p1",
            (("access_token", "{S}"),),
            expect="order_permissions_error",
        ),
        Case(
            "auth",
            "savings token writes the main account",
            "POST",
            f"{MAIN}/blockade",
            (("access_token", "{S}"), JSON),
            js(blockade("au-1")),
            "product_permissions_error",
        ),
        Case(
            "auth",
            "limited app creates a payment",
            "POST",
            "/payment",
            (("access_token", "{L}"), JSON),
            js(payment("au-2")),
            "request_out_of_scope",
        ),
        Case(
            "auth",
            "grant with a guessed secret",
            "POST",
            "/grant",
            (("Content-Type", "application/x-www-form-urlencoded"),),
            b"grant_type=refresh_token&refresh_token=x&client_id=demo-app&client_secret=guess",
            "oauth_parameters_error",
        ),
        Case(
            "auth",
            "grant with a repeated field",
            "POST",
            "/grant",
            (("Content-Type", "application/x-www-form-urlencoded"),),
            b"grant_type=refresh_token&grant_type=x&refresh_token=x&client_id=demo-app&client_secret=demo-secret",
        ),
        Case(
            "auth",
            "grant with invalid UTF-8",
            "POST",
            "/grant",
            (("Content-Type", "application/x-www-form-urlencoded"),),
            b"grant_type=refresh_token&refresh_token=\xff&client_id=demo-app&client_secret=demo-secret",
        ),
    ]


CONTROL_JSON = (BASIC_DEMO, JSON)


def _controls() -> list[Case]:
    clock = "/_sandbox/clock"
    return [
        Case(
            "controls",
            "no credentials",
            "POST",
            "/_sandbox/reset",
            (JSON,),
            b"{}",
            "invalid_client",
        ),
        Case(
            "controls",
            "wrong secret",
            "POST",
            "/_sandbox/reset",
            (("Authorization", "Basic ZGVtby1hcHA6eA=="), JSON),
            b"{}",
            "invalid_client",
        ),
        Case(
            "controls",
            "NUL in the credentials",
            "POST",
            "/_sandbox/reset",
            (("Authorization", "Basic ZGVtby1hcHAAOng="), JSON),
            b"{}",
            "invalid_client",
        ),
        Case(
            "controls",
            "text/plain from a form",
            "POST",
            clock,
            (BASIC_DEMO, ("Content-Type", "text/plain")),
            js({"advanceSeconds": 1}),
            "unsupported_media_type",
        ),
        Case(
            "controls",
            "cross-site Origin",
            "POST",
            clock,
            (*CONTROL_JSON, ("Origin", "http://evil.example")),
            js({"advanceSeconds": 1}),
            "cross_site_request",
        ),
        Case(
            "controls",
            "cross-site fetch",
            "POST",
            clock,
            (*CONTROL_JSON, ("Sec-Fetch-Site", "cross-site")),
            js({"advanceSeconds": 1}),
            "cross_site_request",
        ),
        Case(
            "controls",
            "rebound host name",
            "POST",
            clock,
            CONTROL_JSON,
            js({"advanceSeconds": 1}),
            host="evil.example",
        ),
        Case("controls", "body is a list", "POST", clock, CONTROL_JSON, b"[]"),
        Case(
            "controls", "advance 1e308", "POST", clock, CONTROL_JSON, js({"advanceSeconds": 1e308})
        ),
        Case(
            "controls",
            "advance as a string",
            "POST",
            clock,
            CONTROL_JSON,
            js({"advanceSeconds": "1"}),
        ),
        Case("controls", "advance NaN", "POST", clock, CONTROL_JSON, b'{"advanceSeconds": NaN}'),
        Case("controls", "advance true", "POST", clock, CONTROL_JSON, js({"advanceSeconds": True})),
        Case(
            "controls",
            "advance 0 is fine",
            "POST",
            clock,
            CONTROL_JSON,
            js({"advanceSeconds": 0}),
            "ok",
        ),
        Case(
            "controls",
            "fault kind as a list",
            "POST",
            "/_sandbox/faults",
            CONTROL_JSON,
            js({"kind": ["500"]}),
        ),
        Case(
            "controls",
            "fault operationId as a list",
            "POST",
            "/_sandbox/faults",
            CONTROL_JSON,
            js({"kind": "500", "operationId": ["getUser"]}),
        ),
        Case(
            "controls",
            "fault count 1e20",
            "POST",
            "/_sandbox/faults",
            CONTROL_JSON,
            js({"kind": "500", "count": 10**20}),
        ),
        Case(
            "controls",
            "pair with a list state",
            "POST",
            "/_sandbox/pair",
            CONTROL_JSON,
            js({"state": ["a"]}),
        ),
        Case(
            "controls",
            "pair another application",
            "POST",
            "/_sandbox/pair",
            CONTROL_JSON,
            js({"client_id": "limited-app", "state": "a" * 128}),
            "client_mismatch",
        ),
        Case(
            "controls",
            "pair an unknown user",
            "POST",
            "/_sandbox/pair",
            CONTROL_JSON,
            js({"state": "a" * 128, "user": "nobody"}),
        ),
        Case(
            "controls",
            "approve an odd id",
            "POST",
            "/_sandbox/authorizations/%00%0A/approve",
            CONTROL_JSON,
            b"{}",
        ),
        Case(
            "controls",
            "reject with a body",
            "POST",
            "/_sandbox/authorizations/auth-x/reject",
            CONTROL_JSON,
            js({"why": 1}),
        ),
        Case(
            "controls",
            "deep control body",
            "POST",
            clock,
            CONTROL_JSON,
            b"[" * 100_000 + b"]" * 100_000,
        ),
        Case(
            "controls",
            "UTF-16 control body",
            "POST",
            clock,
            CONTROL_JSON,
            '{"advanceSeconds": 1}'.encode("utf-16"),
        ),
        Case(
            "controls",
            "lone surrogate in a control",
            "POST",
            "/_sandbox/pair",
            CONTROL_JSON,
            b'{"state": "\\ud800"}',
        ),
        Case("controls", "GET a control", "GET", clock, CONTROL_JSON),
        *_registrations(),
    ]


def _registrations() -> list[Case]:
    """`POST /_sandbox/applications`: no credentials, so only the body and the guards."""
    path = "/_sandbox/applications"

    def uris(*values: Any) -> bytes:
        return js({"redirect_uris": list(values)})

    refused = [
        ("deep body", b"[" * 100_000 + b"]" * 100_000),
        ("UTF-16 body", uris("https://a.example/cb").decode().encode("utf-16")),
        ("lone surrogate in a URI", b'{"redirect_uris": ["https://a.example/\\ud800"]}'),
        ("NUL in a URI", uris("http://127.0.0.1/\u0000cb")),
        ("line feed in a URI", uris("https://a.example/cb\n")),
        ("userinfo past the loopback host", uris("http://127.0.0.1@evil.example/cb")),
        ("port 0", uris("http://127.0.0.1:0/cb")),
        ("javascript: URI", uris("javascript:alert(1)")),
        ("10,000 URIs", uris(*[f"https://a.example/{n}" for n in range(10_000)])),
        ("URI of 2049 characters", uris("https://a.example/" + "x" * 2031)),
        ("permissions as an object", js({"redirect_uris": ["https://a.example/cb"],
                                          "permissions": {"a": 1}})),
        ("status as a number", js({"redirect_uris": ["https://a.example/cb"], "status": 1})),
    ]  # fmt: skip
    return [
        *(Case("controls", f"register: {name}", "POST", path, (JSON,), body)
          for name, body in refused),
        Case("controls", "register: text/plain", "POST", path, (("Content-Type", "text/plain"),),
             uris("https://a.example/cb"), "unsupported_media_type"),
        Case("controls", "register: cross-site", "POST", path,
             (JSON, ("Origin", "http://evil.example")), uris("https://a.example/cb"),
             "cross_site_request"),
        Case("controls", "register: a valid one", "POST", path, (JSON,),
             uris("https://partner.example.com/cb", "http://[::1]:8765/cb"), "ok"),
    ]  # fmt: skip


def corpus() -> list[Case]:
    return [
        *_encodings(), *_nesting(), *_sizes(), *_amounts(), *_instants(), *_identifiers(),
        *_headers(), *_auth(), *_controls(),
    ]  # fmt: skip
