"""A token answer with only what RFC 6749 and the bank's pages require still works."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from nestbank_client.models import TokenResponse
from nestbank_client.oauth import (
    DEFAULT_ACCESS_LIFETIME,
    DEFAULT_REFRESH_LIFETIME,
    tokens_from_response,
)

REQUIRED = {"access_token": "acc-1", "token_type": "bearer", "refresh_token": "ref-1"}
PERMISSIONS = ["INF:ctx:TRANSACTIONS:READ_LIST:::::-1:-1:-1:PLN:::"]
OPTIONAL: dict[str, object] = {
    "expires_in": 600,
    "refresh_token_expires_in": 3600,
    "scope": "open-api",
    "permissions": PERMISSIONS,
}


def test_minimal_answer_falls_back_to_the_documented_lifetimes() -> None:
    tokens = tokens_from_response(TokenResponse.from_dict(REQUIRED), 1000.0)
    assert tokens.access_expires_at == 1000.0 + DEFAULT_ACCESS_LIFETIME == 1000.0 + 1200
    assert tokens.refresh_expires_at == 1000.0 + DEFAULT_REFRESH_LIFETIME == 1000.0 + 7776000
    assert (tokens.scope, tokens.permissions) == ("open-api", ())


@given(st.sets(st.sampled_from(sorted(OPTIONAL))), st.floats(0, 2e9))
def test_any_subset_of_optional_fields_is_used_when_present(present: set[str], now: float) -> None:
    answer = {**REQUIRED, **{k: OPTIONAL[k] for k in present}}
    tokens = tokens_from_response(TokenResponse.from_dict(answer), now)
    access = 600 if "expires_in" in present else DEFAULT_ACCESS_LIFETIME
    refresh = 3600 if "refresh_token_expires_in" in present else DEFAULT_REFRESH_LIFETIME
    assert tokens.access_expires_at == now + access
    assert tokens.refresh_expires_at == now + refresh
    assert tokens.permissions == (tuple(PERMISSIONS) if "permissions" in present else ())
