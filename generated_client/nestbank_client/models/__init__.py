"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_limits import AccountLimits
from .account_summary import AccountSummary
from .app_type import AppType
from .application_info import ApplicationInfo
from .application_status import ApplicationStatus
from .authorization import Authorization
from .authorization_operation_type import AuthorizationOperationType
from .authorization_start import AuthorizationStart
from .authorization_status import AuthorizationStatus
from .authorize_application_response_type import AuthorizeApplicationResponseType
from .authorize_application_scope import AuthorizeApplicationScope
from .authorize_blockade_request import AuthorizeBlockadeRequest
from .authorize_payment_request import AuthorizePaymentRequest
from .blockade import Blockade
from .blockade_create import BlockadeCreate
from .blockade_list import BlockadeList
from .blockade_update import BlockadeUpdate
from .counterparty import Counterparty
from .currency import Currency
from .error import Error
from .error_code import ErrorCode
from .limit_usage import LimitUsage
from .money import Money
from .os_type import OsType
from .payment import Payment
from .payment_create import PaymentCreate
from .payment_list import PaymentList
from .payment_status import PaymentStatus
from .positive_money import PositiveMoney
from .recipient import Recipient
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .transaction import Transaction
from .transaction_list import TransactionList
from .transaction_type import TransactionType
from .user import User

__all__ = (
    "Account",
    "AccountLimits",
    "AccountSummary",
    "ApplicationInfo",
    "ApplicationStatus",
    "AppType",
    "Authorization",
    "AuthorizationOperationType",
    "AuthorizationStart",
    "AuthorizationStatus",
    "AuthorizeApplicationResponseType",
    "AuthorizeApplicationScope",
    "AuthorizeBlockadeRequest",
    "AuthorizePaymentRequest",
    "Blockade",
    "BlockadeCreate",
    "BlockadeList",
    "BlockadeUpdate",
    "Counterparty",
    "Currency",
    "Error",
    "ErrorCode",
    "LimitUsage",
    "Money",
    "OsType",
    "Payment",
    "PaymentCreate",
    "PaymentList",
    "PaymentStatus",
    "PositiveMoney",
    "Recipient",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "Transaction",
    "TransactionList",
    "TransactionType",
    "User",
)
