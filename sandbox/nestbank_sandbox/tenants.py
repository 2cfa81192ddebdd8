"""Tenants: one partner application's world (issue 15).

A registered application (`POST /_sandbox/applications`) is its own tenant, named by its
client_id; the demo applications (demo-app, limited-app, beta-app, public-app) share
the tenant "demo". A tenant owns its customers (and through them accounts, transactions
and the limit totals), its applications' blockades, payments, authorizations, tokens,
codes and consent sessions, and its clock offset, injected faults and rate-limit windows
(all in the database, so every worker process sees one state), and its last use
(expiry.py). Controls act on the caller's tenant only; a registered tenant can be
deleted whole (`delete`), the demo tenant only reset.
"""

from __future__ import annotations

import sqlite3

from .clock import LATEST_NOW, Clock
from .demo import DEMO_TENANT, load_demo_applications, load_demo_data

# Rows of a tenant, as subqueries (portable: no engine-specific DELETE … USING).
_APPS = "SELECT client_id FROM applications WHERE tenant = ?"
_USERS = "SELECT user_id FROM customers WHERE tenant = ?"
_ACCOUNTS = f"SELECT account_id FROM accounts WHERE user_id IN ({_USERS})"
_OWNED_BY_APP = ("blockades", "payments", "authorizations", "tokens", "auth_codes",
                 "consent_sessions")  # fmt: skip
_OWNED_BY_TENANT = ("faults", "rate_windows", "tenant_clocks")

# Migration 6 (storage.MIGRATIONS): an index behind every DELETE of `wipe` that had none,
# so a tenant's deletion reads its own rows, not whole tables (a table of 1M tokens cost
# a sweep batch of 50 tenants about 5 s of the writer lock). The other tables are reached
# through a primary key or an existing index (tests/sandbox/test_tenant_deletion.py
# checks every statement's plan on both engines). The same text on both engines.
INDEXES = """
CREATE INDEX tokens_by_client ON tokens (client_id);
CREATE INDEX authorizations_by_client ON authorizations (client_id);
CREATE INDEX auth_codes_by_client ON auth_codes (client_id);
CREATE INDEX consent_sessions_by_client ON consent_sessions (client_id);
CREATE INDEX accounts_by_user ON accounts (user_id);
"""


def tenant_of_client(conn: sqlite3.Connection, client_id: str) -> str | None:
    row = conn.execute(
        "SELECT tenant FROM applications WHERE client_id = ?", (client_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def same_tenant(conn: sqlite3.Connection, client_id: str, other_client_id: str) -> bool:
    """Both applications exist and share a tenant (two unknown ones share nothing)."""
    tenant = tenant_of_client(conn, client_id)
    return tenant is not None and tenant == tenant_of_client(conn, other_client_id)


def clock_offset(conn: sqlite3.Connection, tenant: str) -> float:
    row = conn.execute(
        "SELECT offset_seconds FROM tenant_clocks WHERE tenant = ?", (tenant,)
    ).fetchone()
    return 0.0 if row is None else float(row[0])


def tenant_now(clock: Clock, conn: sqlite3.Connection, tenant: str) -> float:
    """The tenant's sandbox time: real time plus its offset (`/_sandbox/clock`)."""
    return clock.now() + clock_offset(conn, tenant)


def client_now(clock: Clock, conn: sqlite3.Connection, client_id: str) -> float:
    return tenant_now(clock, conn, tenant_of_client(conn, client_id) or DEMO_TENANT)


def advance_clock(conn: sqlite3.Connection, tenant: str, seconds: float) -> None:
    # Atomic increment: two concurrent moves (two workers) both count.
    conn.execute(
        "INSERT INTO tenant_clocks (tenant, offset_seconds) VALUES (?, ?)"
        " ON CONFLICT (tenant) DO UPDATE"
        " SET offset_seconds = tenant_clocks.offset_seconds + excluded.offset_seconds",
        (tenant, seconds),
    )


def clamp_clocks(conn: sqlite3.Connection, clock: Clock) -> None:
    """A file from before the year-9899 bound: such a tenant's clock goes back to real time."""
    now = clock.now()
    conn.execute(
        "UPDATE tenant_clocks SET offset_seconds = 0"
        " WHERE offset_seconds < ? OR offset_seconds > ?",
        (-now, LATEST_NOW - now),
    )


def wipe(conn: sqlite3.Connection, tenant: str) -> None:
    """Delete everything the tenant owns except its applications."""
    conn.execute(f"DELETE FROM transactions WHERE account_id IN ({_ACCOUNTS})", (tenant,))
    for table in _OWNED_BY_APP:
        conn.execute(f"DELETE FROM {table} WHERE client_id IN ({_APPS})", (tenant,))
    for totals in ("open_blockades", "usage_days"):
        conn.execute(f"DELETE FROM {totals} WHERE account_id IN ({_ACCOUNTS})", (tenant,))
    conn.execute(f"DELETE FROM accounts WHERE user_id IN ({_USERS})", (tenant,))
    conn.execute("DELETE FROM customers WHERE tenant = ?", (tenant,))
    for table in _OWNED_BY_TENANT:
        conn.execute(f"DELETE FROM {table} WHERE tenant = ?", (tenant,))


def delete(conn: sqlite3.Connection, tenant: str) -> None:
    """Every row of a registered tenant, its application included (in the caller's
    transaction: all or nothing). The demo tenant is everyone's and is never deleted."""
    if tenant == DEMO_TENANT:
        raise ValueError("the demo tenant cannot be deleted")
    wipe(conn, tenant)
    conn.execute("DELETE FROM tenant_activity WHERE tenant = ?", (tenant,))
    conn.execute("DELETE FROM applications WHERE tenant = ?", (tenant,))


def reset(conn: sqlite3.Connection, tenant: str, now: float) -> None:
    """The tenant's world back to the demo set, at real time, with no faults or windows.

    The demo tenant's applications are reloaded too; a registered application survives
    its own reset (its credentials stay valid).
    """
    wipe(conn, tenant)
    if tenant == DEMO_TENANT:
        conn.execute("DELETE FROM applications WHERE tenant = ?", (DEMO_TENANT,))
        load_demo_applications(conn)
    load_demo_data(conn, now, tenant)
