"""Issue 15's "done when", over a real `python -m nestbank_sandbox` process: a second
application registered through the control pairs its own customer, creates blockades
and payments, resets and moves its clock, and the demo tenant sees none of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from nestbank_client import APIStatusError, NestBank
from nestbank_client.models import AppType, Currency, OsType, PositiveMoney
from nestbank_client.testing import Sandbox, SandboxControlError

from tests.sandbox.prism import sandbox_process

ACCOUNT = "acc-demo-main"
SMALL = PositiveMoney(amount=Decimal("25.00"), currency=Currency.PLN)
BIG = PositiveMoney(amount=Decimal("2500.00"), currency=Currency.PLN)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with sandbox_process() as url:
        yield url


def observe(bank: NestBank, account: str) -> dict[str, Any]:
    """What a tenant's customer sees of its world (not what moves with real time)."""
    details = bank.accounts.get(account)
    return {
        "user": bank.user.get().to_dict(),
        "balance": details.balance.to_dict(),
        "available": details.available_balance.to_dict(),
        "limits": details.limits.to_dict(),  # today's and this month's use: the clock's
        "blockades": sorted(
            (b.blockade_id, str(b.amount.amount)) for b in bank.blockades.list(account)
        ),
        "payments": sorted((p.order_id, str(p.amount.amount)) for p in bank.payments.list()),
        "transactions": sorted(t.transaction_id for t in bank.transactions.list(account)),
    }


def test_a_registered_application_lives_apart_from_the_demo_tenant(base_url: str) -> None:
    with Sandbox(base_url) as demo:
        demo.reset()
    with Sandbox(base_url) as demo, demo.paired_bank() as demo_bank:
        before = observe(demo_bank, ACCOUNT)
        with Sandbox.register_application(base_url) as partner:
            registration = partner.registration
            assert registration is not None and registration.client_id != "demo-app"
            account = registration.customers["demo"][0]
            assert account != ACCOUNT
            with partner.paired_bank() as bank:  # its own `demo` customer
                assert bank.user.get().accounts[0].account_id == account
                bank.blockades.create(account, blockade_id="shared-1", amount=SMALL, title="K")
                bank.payments.create(order_id="shared-o1", amount=SMALL, title="Abonament")
                started = bank.payments.authorize(
                    order_id="shared-o2", amount=BIG, title="Rok", app_type=AppType.MOBILE,
                    os_type=OsType.ANDROID, callback_uri="http://127.0.0.1:8765/authorized",
                )  # fmt: skip
                with pytest.raises(SandboxControlError) as foreign:
                    demo.approve(started.authorization_id)
                assert foreign.value.code == "authorization_id_not_exist"
                partner.approve(started.authorization_id)
                mine = observe(bank, account)
                # The demo blockade's identifier exists in both tenants: two resources.
                assert ("demo-deposit-0001", "250.00") in before["blockades"]
                assert mine["blockades"] == [("demo-deposit-0001", "250.00"), ("shared-1", "25.00")]
                assert {o for o, _ in mine["payments"]} == {"shared-o1", "shared-o2"}
                assert observe(demo_bank, ACCOUNT) == before
                # Its clock and faults: the demo tenant's calls neither expire nor fail.
                partner.advance_clock(86400 * 3)
                partner.inject_fault("500", count=3)
                assert observe(demo_bank, ACCOUNT) == before
                drift = demo.advance_clock(0) - datetime.now(UTC)
                assert abs(drift) < timedelta(minutes=1), drift
                partner.reset()  # also clears its faults
                with partner.paired_bank() as fresh:
                    assert observe(fresh, account)["payments"] == []
                    assert observe(fresh, account)["blockades"] == [("demo-deposit-0001", "250.00")]
                assert observe(demo_bank, ACCOUNT) == before
            # The demo tenant's reset leaves the registered application and its world.
            demo.reset()
            with partner.paired_bank() as again:
                assert again.user.get().application.client_id == registration.client_id


def test_a_refused_registration_is_a_sandbox_control_error(base_url: str) -> None:
    with pytest.raises(SandboxControlError) as refused:
        Sandbox.register_application(base_url, redirect_uri="http://partner.example.com/cb")
    assert (refused.value.status_code, refused.value.code) == (400, "parameters_error")
    with Sandbox.register_application(base_url, status="BETA") as beta:
        assert beta.registration is not None and beta.registration.status == "BETA"
        assert beta.registration.client_secret not in repr(beta.registration)


def test_a_ci_run_deletes_the_application_it_registered(base_url: str) -> None:
    """One application per CI run, deleted at the end: its credentials and tokens stop
    working, the demo tenant is untouched, and the demo applications cannot be deleted."""
    with Sandbox(base_url) as demo, demo.paired_bank() as demo_bank:
        before = observe(demo_bank, ACCOUNT)
        with Sandbox.register_application(base_url) as partner:
            assert partner.registration is not None
            account = partner.registration.customers["demo"][0]
            bank = partner.paired_bank(max_retries=0)
            bank.blockades.create(account, blockade_id="ci-1", amount=SMALL, title="K")
            partner.delete_application()
            with pytest.raises(APIStatusError) as gone:
                bank.user.get()  # the access token is gone, and so is the refresh
            assert gone.value.status_code == 401
            bank.close()
            with pytest.raises(SandboxControlError) as refused:
                partner.reset()
            assert (refused.value.status_code, refused.value.code) == (401, "invalid_client")
        with pytest.raises(SandboxControlError) as protected:
            demo.delete_application()
        assert (protected.value.status_code, protected.value.code) == (
            403,
            "demo_tenant_undeletable",
        )
        assert observe(demo_bank, ACCOUNT) == before
