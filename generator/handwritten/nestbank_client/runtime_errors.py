"""Exceptions raised by the hand-written runtime (OAuth, tokens, safe retries).

Errors answered by the bank itself are `nestbank_client.api_errors.APIStatusError`
subclasses; the classes here cover what the runtime decides on its own. All are
`NestBankError`s. None of
their messages ever contains a token, a code, a `state` or the client secret.
"""

from __future__ import annotations

from ._root import NestBankError


class NestBankRuntimeError(NestBankError):
    """Base class of every error the runtime raises on its own."""


class OAuthStateMismatchError(NestBankRuntimeError):
    """The `state` returned to the redirect URI is not the one this pairing sent.

    Either the callback was forged (CSRF) or it belongs to another pairing attempt:
    refuse it and start the pairing again.
    """

    def __init__(self) -> None:
        super().__init__(
            "the OAuth `state` returned to the redirect URI does not match the one sent; "
            "refusing the authorization code (possible CSRF or a stale pairing attempt)"
        )


class OAuthCallbackError(NestBankRuntimeError):
    """The redirect back from the bank carries no usable authorization code.

    `error` is the OAuth error the bank put in the redirect (e.g. `access_denied`)
    or `missing_code` when the redirect has neither a code nor an error.
    """

    def __init__(self, error: str, description: str = "") -> None:
        self.error = error
        self.description = description
        text = f"pairing did not return an authorization code: {error}"
        super().__init__(f"{text} ({description})" if description else text)


class NotPairedError(NestBankRuntimeError):
    """The token store holds no tokens: pair the customer first (OAuth code exchange)."""

    def __init__(self) -> None:
        super().__init__("no tokens in the token store: pair the customer first")


class ExistingResourceMismatchError(NestBankRuntimeError):
    """A retry met `409 order_exist_error`, but the existing resource is not ours.

    The identifier is taken by a blockade or payment with other fields than the
    ones this call sent, so the earlier attempt did not create it: a real conflict.
    """

    def __init__(self, kind: str, identifier: str, fields: list[str]) -> None:
        self.kind = kind
        self.identifier = identifier
        self.fields = fields
        super().__init__(
            f"{kind} {identifier!r} already exists with different {', '.join(fields)} "
            "(compared as the bank keeps them); it was not created by this call: check "
            "what it is before creating another one under a new identifier"
        )


class AuthorizationCallbackError(NestBankRuntimeError):
    """The browser's return to `callbackUri` is not a usable answer about this authorization."""
