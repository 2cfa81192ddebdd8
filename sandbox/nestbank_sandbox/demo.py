# ruff: noqa: E501  (fixture tables read best one per line)
"""Demo data loaded on a fresh database and by `POST /_sandbox/reset`.

Besides the contract's demo application and customer, a few fixtures make every
documented error code reachable (see docs/sandbox.md).
"""

from __future__ import annotations

import json
import sqlite3

DEMO_REDIRECT_URI = "http://127.0.0.1:8765/callback"
PARTNER_NAME = "Partner Sp. z o.o."
PARTNER_NUMBER = "27187010452078100000000001"
DAY = 86400.0
DEMO_TENANT = "demo"  # the demo applications' tenant, the default one
CLIENT_ID_PREFIX = "app-"  # a registered application is `app-<tag>`, its own tenant


def _perm(prefix: str, obj: str, action: str, limits: bool) -> str:
    amounts = "5000.00:10000.00:50000.00:1000.00" if limits else ":::"
    return f"{prefix}:ctx:{obj}:{action}:{amounts}:-1:-1:-1:PLN:::"


FULL_PERMISSIONS = [
    _perm("BUS", "BLOCKADES", "CREATE", True),
    _perm("BUS", "BLOCKADES", "READ_LIST", False),
    _perm("BUS", "BLOCKADES", "READ_DET", False),
    _perm("BUS", "BLOCKADES", "UPDATE", True),
    _perm("BUS", "BLOCKADES", "DELETE", False),
    _perm("BUS", "BLOCKADES", "AUTH", True),
    _perm("FIN", "PAYMENTS", "CREATE", True),
    _perm("FIN", "PAYMENTS", "READ_LIST", False),
    _perm("FIN", "PAYMENTS", "READ_DET", False),
    _perm("FIN", "PAYMENTS", "AUTH", True),
    _perm("INF", "TRANSACTIONS", "READ_LIST", False),
    _perm("INF", "TRANSACTIONS", "READ_DET", False),
    _perm("INF", "USER", "READ_DET", False),
]
LIMITED_PERMISSIONS = [
    _perm("INF", "USER", "READ_DET", False),
    _perm("INF", "TRANSACTIONS", "READ_LIST", False),
    _perm("BUS", "BLOCKADES", "READ_LIST", False),
]

# client_id, secret, status, permissions, staff (user ids allowed for a BETA app)
APPLICATIONS = [
    ("demo-app", "demo-secret", "SANDBOX", FULL_PERMISSIONS, []),
    ("limited-app", "limited-secret", "SANDBOX", LIMITED_PERMISSIONS, []),
    ("beta-app", "beta-secret", "BETA", FULL_PERMISSIONS, ["usr-anna-1"]),
    ("public-app", "public-secret", "PUBLIC", FULL_PERMISSIONS, []),
]

# user_id, login (= password), first, last, status, BIM rights
CUSTOMERS = [
    ("usr-demo-1", "demo", "Jan", "Kowalski", "ACTIVE", "FULL"),
    ("usr-anna-1", "anna", "Anna", "Nowak", "ACTIVE", "FULL"),
    ("usr-blocked-1", "blocked", "Piotr", "Zablokowany", "BLOCKED", "FULL"),
    ("usr-viewer-1", "viewer", "Ewa", "Przeglądająca", "ACTIVE", "READ_ONLY"),
    ("usr-frozen-1", "frozen", "Marek", "Zamrożony", "ACTIVE", "FULL"),
]

# account_id, user_id, number, name, balance (grosze), status
ACCOUNTS = [
    ("acc-demo-main", "usr-demo-1", "62187010452078107846560001", "Konto Osobiste", 1250000, "ACTIVE"),
    ("acc-demo-savings", "usr-demo-1", "62187010452078107846560002", "Konto Oszczędnościowe", 80000, "ACTIVE"),
    ("acc-anna-main", "usr-anna-1", "62187010452078107846560003", "Konto Osobiste", 500000, "ACTIVE"),
    ("acc-blocked-main", "usr-blocked-1", "62187010452078107846560004", "Konto Osobiste", 500000, "ACTIVE"),
    ("acc-viewer-main", "usr-viewer-1", "62187010452078107846560005", "Konto Osobiste", 500000, "ACTIVE"),
    ("acc-frozen-main", "usr-frozen-1", "62187010452078107846560006", "Konto Osobiste", 500000, "FROZEN"),
]  # fmt: skip
LIMITS = (500000, 100000, 1000000, 5000000)  # per transaction, no-authorization, daily, monthly

# transaction_id, account, type, grosze, title, counterparty, number, days ago
TRANSACTIONS = [
    ("trn-demo-0001", "acc-demo-main", "CREDIT", 320000, "Wynagrodzenie", "Pracodawca S.A.", "11102010260000000000000001", 10),
    ("trn-demo-0002", "acc-demo-main", "DEBIT", 4999, "Abonament", PARTNER_NAME, PARTNER_NUMBER, 5),
    ("trn-demo-0003", "acc-demo-main", "DEBIT", 12000, "Zakupy spożywcze", "Sklep Sp. j.", "10105000997603123456789123", 2),
    ("trn-demo-0004", "acc-demo-savings", "CREDIT", 80000, "Oszczędności", "Jan Kowalski", "62187010452078107846560001", 20),
    ("trn-anna-0001", "acc-anna-main", "CREDIT", 500000, "Wynagrodzenie", "Pracodawca S.A.", "11102010260000000000000001", 3),
]  # fmt: skip


def load_demo_applications(conn: sqlite3.Connection) -> None:
    """The demo tenant's applications (demo-app, limited-app, beta-app, public-app)."""
    for client_id, secret, status, permissions, staff in APPLICATIONS:
        insert_application(
            conn, client_id, secret, status, [DEMO_REDIRECT_URI], permissions, staff, DEMO_TENANT
        )


def insert_application(
    conn: sqlite3.Connection,
    client_id: str,
    secret: str,
    status: str,
    redirect_uris: list[str],
    permissions: list[str],
    staff: list[str],
    tenant: str,
) -> None:
    conn.execute(
        "INSERT INTO applications (client_id, client_secret, status, redirect_uris,"
        " permissions, staff, partner_name, partner_number, tenant)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            client_id, secret, status, json.dumps(redirect_uris), json.dumps(permissions),
            json.dumps(staff), PARTNER_NAME, PARTNER_NUMBER, tenant,
        ),
    )  # fmt: skip


def id_suffix(tenant: str) -> str:
    """The demo tenant keeps the documented ids; a registered one gets `-<its tag>`."""
    return "" if tenant == DEMO_TENANT else "-" + tenant.removeprefix(CLIENT_ID_PREFIX)


def load_demo_data(conn: sqlite3.Connection, now: float, tenant: str = DEMO_TENANT) -> None:
    """The demo customers, accounts, limits and transactions, as `tenant`'s own copy.

    Logins stay the same in every tenant (they are looked up within the tenant); the
    ids get the tenant's suffix, so no two tenants share a customer, account or
    transaction. The demo blockade belongs to demo-app, or to the registered application.
    """
    sfx = id_suffix(tenant)
    for user_id, login, first, last, status, rights in CUSTOMERS:
        conn.execute(
            "INSERT INTO customers (user_id, login, password, first_name, last_name, status,"
            " bim_rights, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id + sfx, login, login, first, last, status, rights, tenant),
        )
    for account_id, user_id, number, name, balance, status in ACCOUNTS:
        conn.execute(
            "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (account_id + sfx, user_id + sfx, number, name, balance, status, *LIMITS),
        )
    for trn_id, account_id, kind, amount, title, name, number, days in TRANSACTIONS:
        conn.execute(
            "INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
            (trn_id + sfx, account_id + sfx, kind, amount, title, name, number, now - days * DAY),
        )
    # One active blockade so the demo account shows some used limit.
    owner = "demo-app" if tenant == DEMO_TENANT else tenant
    conn.execute(
        "INSERT INTO blockades VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'ACTIVE')",
        (owner, "demo-deposit-0001", "acc-demo-main" + sfx, 25000, "Kaucja za wynajem roweru", now, now),
    )  # fmt: skip
