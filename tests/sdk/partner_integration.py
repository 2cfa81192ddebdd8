"""A partner's whole integration with the resource-style client, as one short file.

Run against `make sandbox` (or NESTBANK_BASE_URL); tests/sdk/test_partner_integration.py
runs it against a sandbox of its own.
"""

import os

from nestbank_client.models import AppType, Currency, OsType, PositiveMoney
from nestbank_client.testing import Sandbox

BASE_URL = os.environ.get("NESTBANK_BASE_URL", "http://127.0.0.1:8000")
ACCOUNT = "acc-demo-main"

sandbox = Sandbox(BASE_URL)
with sandbox.paired_bank() as bank:
    user = bank.user.get()
    limits = bank.accounts.get(ACCOUNT).limits
    print(user.first_name, limits.no_authorization.amount)

    rent = PositiveMoney(amount="250.00", currency=Currency.PLN)
    bank.blockades.create(ACCOUNT, blockade_id="rent-0001", amount=rent, title="Kaucja")
    print([b.blockade_id for b in bank.blockades.list(ACCOUNT, page_size=1)])
    bank.blockades.update(
        ACCOUNT, "rent-0001", amount=rent, title="Kaucja za rower", expires_at=None
    )
    bank.blockades.delete(ACCOUNT, "rent-0001")

    fee = PositiveMoney(amount="49.99", currency=Currency.PLN)
    print(bank.payments.create(order_id="fee-0001", amount=fee, title="Abonament").status)

    started = bank.payments.authorize(
        order_id="fee-0002",
        amount=PositiveMoney(amount="2500.00", currency=Currency.PLN),
        title="Abonament roczny",
        app_type=AppType.WEB,
        os_type=OsType.ALL,
        callback_uri="http://127.0.0.1:8765/authorized",
    )
    sandbox.approve(started.authorization_id)  # in production: the customer, in the app
    print(bank.authorizations.wait(started.authorization_id, timeout=30).outcome.value)

    print(sum(1 for _ in bank.transactions.list(ACCOUNT, page_size=2)))
sandbox.close()
