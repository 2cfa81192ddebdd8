from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.app_type import AppType
from ..models.os_type import OsType

T = TypeVar("T", bound="AuthorizePaymentRequest")


@_attrs_define
class AuthorizePaymentRequest:
    """Documented (§08). The payment's fields (as `PaymentCreate`) plus `appType`, `os_type` and `callbackUri`.

    Attributes:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        amount (PositiveMoney): Inferred (a convention of this description). The amount of an operation; greater than
            zero.
        title (str): Inferred. Free text shown to the customer; 1 to 140 characters (an Elixir transfer title), no
            control characters.
        app_type (AppType): Documented (§08). `mobile` or `web`. Inferred: `web` means an SMS code on the
            bank's page at `redirectURI`, `mobile` the bank's mobile app (§05 names the
            two ways of authorizing; §08 does not say which value is which).
        os_type (OsType): Documented (§08). `Android` or `iOS` when `appType` is `mobile`, `ALL` otherwise.
        callback_uri (str): Documented (§08). Where the customer's browser returns after authorizing.
            Inferred: it is HTTPS (§11 says the API is HTTPS only; that partner URIs must
            be too is our reading), and plain `http` is accepted for loopback hosts only,
            for local development against the sandbox; an empty value answers
            `400 callback_uri_empty`, one the application may not use
            `401 callback_uri_error` (§10 gives the codes, not when they occur); the
            maximum length.
    """

    order_id: str
    amount: PositiveMoney
    title: str
    app_type: AppType
    os_type: OsType
    callback_uri: str

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        amount = self.amount.to_dict()

        title = self.title

        app_type = self.app_type.value

        os_type = self.os_type.value

        callback_uri = self.callback_uri

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "orderId": order_id,
                "amount": amount,
                "title": title,
                "appType": app_type,
                "os_type": os_type,
                "callbackUri": callback_uri,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        order_id = d["orderId"]

        amount = PositiveMoney.from_dict(d["amount"])

        title = d["title"]

        app_type = AppType(d["appType"])

        os_type = OsType(d["os_type"])

        callback_uri = d["callbackUri"]

        authorize_payment_request_instance = cls(
            order_id=order_id,
            amount=amount,
            title=title,
            app_type=app_type,
            os_type=os_type,
            callback_uri=callback_uri,
        )

        return authorize_payment_request_instance


# Imported after the class rather than in every call of to_dict/from_dict (what the stock
# template does, about 1 µs each time): models that refer to each other still load in any
# order, since each name is only used inside the methods.
from ..models.positive_money import PositiveMoney  # noqa: E402
