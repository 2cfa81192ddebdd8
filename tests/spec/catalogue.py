"""What the bank documented (docs/sources.md), restated independently of the spec.

The rule engine (`nestbank_review.rules`) compares the document against these facts, so
a spec edit that drops or moves a documented fact fails the lint instead of silently
changing the "truth".
`tests/spec/test_sources.py` checks that these facts agree with docs/sources.md.
"""

from __future__ import annotations

from pathlib import Path

# The repository's restatement of the bank's pages: rules `sections` and `glosses` read it.
SOURCES_PATH = Path(__file__).resolve().parents[2] / "docs" / "sources.md"

# status -> documented error codes, wire values byte for byte (§10).
DOCUMENTED_ERRORS: dict[str, tuple[str, ...]] = {
    "400": (
        "parameters_error",
        "app_limit_exceeded",
        "user_limit exceeded",
        "activation_parameters_empty",
        "token_request_parameters_empty",
        "callback_uri_empty",
        "charges_limit exceeded",
        "request_reject_by_user_product_state",
    ),
    "401": (
        "invalid_request",
        "access_token_required",
        "aceess_token_not_exist",
        "access_token_invalid",
        "authorization_required",
        "oauth_parameters_error",
        "authorizationCode_expired",
        "refresh_token_expired",
        "token_request_parameters_error",
        "callback_uri_error",
        "request_out_of_scope",
        "request_out_of_permissions",
        "app_status_error",
        "user_status_error",
        "user_permissions_error",
        "product_permissions_error",
        "blockade_permissions_error",
        "order_permissions_error",
        "authorization_failed",
        "order_id_permissions_error",
    ),
    "404": ("blockade_not_exist", "order_not_exist", "authorization_id_not_exist"),
    "409": ("order_exist_error",),
    "429": ("requests_limit_exceeded",),
    "500": ("internal.server.error",),
}

STATUS_OF_CODE: dict[str, str] = {
    code: status for status, codes in DOCUMENTED_ERRORS.items() for code in codes
}

# (method, path, operationId, tag): the surface this project describes; ids and tags are fixed.
SURFACE: tuple[tuple[str, str, str, str], ...] = (
    ("get", "/request", "authorizeApplication", "oauth"),
    ("post", "/grant", "grantToken", "oauth"),
    ("get", "/user", "getUser", "user"),
    ("get", "/account/{accountId}", "getAccount", "accounts"),
    ("post", "/account/{accountId}/blockade", "createBlockade", "blockades"),
    ("get", "/account/{accountId}/blockade", "listBlockades", "blockades"),
    ("get", "/account/{accountId}/blockade/{blockadeId}", "getBlockade", "blockades"),
    ("put", "/account/{accountId}/blockade/{blockadeId}", "updateBlockade", "blockades"),
    ("delete", "/account/{accountId}/blockade/{blockadeId}", "deleteBlockade", "blockades"),
    ("post", "/account/{accountId}/blockade/authorize", "authorizeBlockade", "blockades"),
    ("post", "/payment", "createPayment", "payments"),
    ("get", "/payment", "listPayments", "payments"),
    ("get", "/payment/{orderId}", "getPayment", "payments"),
    ("post", "/payment/authorize", "authorizePayment", "payments"),
    ("get", "/authorization/{authorizationId}", "getAuthorization", "authorizations"),
    ("get", "/account/{accountId}/transactions", "listTransactions", "transactions"),
    (
        "get",
        "/account/{accountId}/transactions/{transactionId}",
        "getTransaction",
        "transactions",
    ),
)

# Operations called without the access_token header (§10: "except the token service";
# inferred: the authorization request is a browser redirect).
UNAUTHENTICATED = frozenset({"authorizeApplication", "grantToken"})

# Create operations -> the operations that read, change or delete what they create.
REQUIRED_LINKS: dict[str, frozenset[str]] = {
    "createBlockade": frozenset({"getBlockade", "updateBlockade", "deleteBlockade"}),
    "createPayment": frozenset({"getPayment"}),
    "authorizeBlockade": frozenset({"getAuthorization"}),
    "authorizePayment": frozenset({"getAuthorization"}),
}

SERVERS = (
    "https://login.nestbank.pl/rest/v1/open/api",
    "http://127.0.0.1:8000",
)

# §06 vocabulary of the permission strings.
PERMISSION_OBJECTS = ("PAYMENTS", "BLOCKADES", "TRANSACTIONS", "USER")
PERMISSION_ACTIONS = ("READ_LIST", "READ_DET", "CREATE", "DELETE", "UPDATE", "AUTH")

# Places the audit found labelled stronger than their source: each description must
# carry its inferred part (JSON pointer -> the word its description must start with or
# contain). The money shape is this project's convention, not the bank's.
MUST_START_INFERRED = (
    "/components/schemas/Money",
    "/components/schemas/PositiveMoney",
    "/components/schemas/Amount",
    "/components/schemas/PositiveAmount",
    "/components/schemas/Currency",
    "/components/schemas/TokenResponse/properties/permissions",
    "/components/schemas/User/properties/permissions",
)
MUST_SAY_INFERRED = (
    "/info/description",  # GET /request's header exemption
    "/paths/~1request/get/description",
    "/paths/~1grant/post/description",  # refresh-token rotation
    "/components/schemas/TokenResponse/properties/refresh_token/description",
    "/components/schemas/AppType/description",  # what mobile and web mean
    "/paths/~1account~1{accountId}~1blockade~1{blockadeId}/put/description",  # modification id
    "/components/schemas/CallbackUri/description",
)

# Partner-given URIs (§11: HTTPS only); plain http is for loopback development only.
PARTNER_URI_SCHEMAS = ("RedirectUri", "CallbackUri")
