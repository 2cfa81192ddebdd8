"""`DELETE /_sandbox/applications/{clientId}`: a registered tenant deletes itself, on both
engines. No row of it remains in any table (the tables and their columns are read from
the database's own catalogue, so a new table cannot be forgotten), its credentials and
tokens answer the documented 401s, and every other row of the database is unchanged."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, cast

import httpx
import pytest
from nestbank_sandbox import bodies, tenants
from nestbank_sandbox.app import create_app
from nestbank_sandbox.context import Settings
from nestbank_sandbox.storage import Database
from starlette.applications import Starlette

from .conftest import ENGINES, fresh_app
from .support import DEMO_REDIRECT, SpecClient, authorize_body, blockade, payment
from .test_tenants import JSON, Tenant, demo_tenant, register

# The columns through which a row belongs to a tenant (tenants.wipe deletes by them).
OWNER_COLUMNS = ("tenant", "client_id", "user_id", "account_id")
# Tables that belong to nobody: the schema's bookkeeping.
SHARED_TABLES = {"meta", "schema_version"}
Row = tuple[Any, ...]


@pytest.fixture(params=ENGINES)
def app(request: pytest.FixtureRequest) -> Iterator[Starlette]:
    """A database of its own each, with the rate limit on so that the tenants have rate
    windows to delete."""
    settings = Settings(registrations_per_hour=1000)
    with fresh_app(request, request.param, rate_limit_per_minute=10_000, settings=settings) as app:
        yield app


@pytest.fixture
def client(app: Starlette) -> Iterator[SpecClient]:
    with SpecClient(app) as test_client:
        yield test_client


def schema(db: Database) -> dict[str, list[str]]:
    """Every table of the database and its columns, from the engine's catalogue."""
    with db.transaction() as conn:
        if db.dialect == "sqlite":
            names = [
                str(row[0])
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {name: [str(c[1]) for c in conn.execute(f"PRAGMA table_info({name})")]
                    for name in names}  # fmt: skip
        tables: dict[str, list[str]] = {}
        for row in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ):
            tables.setdefault(str(row[0]), []).append(str(row[1]))
        return tables


def owners(db: Database, tenant: str) -> dict[str, set[str]]:
    """The values of each owner column that are the tenant's."""
    with db.transaction() as conn:
        apps = {str(r[0]) for r in conn.execute(
            "SELECT client_id FROM applications WHERE tenant = ?", (tenant,))}  # fmt: skip
        users = {str(r[0]) for r in conn.execute(
            "SELECT user_id FROM customers WHERE tenant = ?", (tenant,))}  # fmt: skip
        accounts = {str(r[0]) for r in conn.execute("SELECT account_id, user_id FROM accounts")
                    if r[1] in users}  # fmt: skip
    return {"tenant": {tenant}, "client_id": apps, "user_id": users, "account_id": accounts}


def split_rows(db: Database, keys: dict[str, set[str]]) -> tuple[dict[str, list[Row]], list[Row]]:
    """(the tenant's rows per table, every other row of the database)."""
    mine: dict[str, list[Row]] = {}
    others: list[Row] = []
    tables = schema(db)
    with db.transaction() as conn:
        for table, columns in tables.items():
            owned_by = [c for c in columns if c in OWNER_COLUMNS]
            assert owned_by or table in SHARED_TABLES, (
                f"table {table} has no owner column {OWNER_COLUMNS}: say how a tenant owns"
                " its rows (tenants.wipe) or list it as shared"
            )
            mine[table] = []
            for row in conn.execute(f"SELECT * FROM {table}"):
                values = dict(zip(columns, row, strict=True))
                text = tuple(repr(value) for value in row)
                if any(values[c] in keys[c] for c in owned_by):
                    mine[table].append(text)
                else:
                    others.append((table, *text))
    return {table: sorted(rows) for table, rows in mine.items()}, sorted(others)


def delete(tenant: Tenant, client_id: str | None = None, **options: Any) -> httpx.Response:
    options.setdefault("json", {})
    options.setdefault("auth", (tenant.client_id, tenant.secret))
    path = f"/_sandbox/applications/{client_id or tenant.client_id}"
    return tenant.client.request("DELETE", path, **options)


def populate(tenant: Tenant) -> dict[str, Any]:
    """A row of the tenant in every table that can hold one; its credentials to try later."""
    client, main = tenant.client, tenant.main
    token = tenant.token()
    assert client.post(f"/account/{main}/blockade", json=blockade("k-1", "10.00"),
                       headers=token).status_code == 201  # fmt: skip
    assert client.post("/payment", json=payment("o-1", "12.00"), headers=token).status_code == 201
    big = authorize_body("orderId", "o-2", "2000.00")
    started = client.post("/payment/authorize", json=big, headers=token)
    assert started.status_code == 200, started.text
    refresh = client.post("/grant", data={
        "grant_type": "authorization_code", "code": tenant.control("/_sandbox/pair", {
            "state": "b" * 128, "redirect_uri": DEMO_REDIRECT}).json()["code"],
        "redirect_uri": DEMO_REDIRECT, "state": "b" * 128,
        "client_id": tenant.client_id, "client_secret": tenant.secret,
    }).json()["refresh_token"]  # fmt: skip
    tenant.control("/_sandbox/pair", {"state": "c" * 128, "redirect_uri": DEMO_REDIRECT})
    consent = client.get("/request", params={
        "client_id": tenant.client_id, "response_type": "code", "scope": "open-api",
        "redirect_uri": DEMO_REDIRECT, "state": "d" * 128,
    })  # fmt: skip
    assert consent.status_code == 200  # the consent page: a session row
    assert tenant.control("/_sandbox/clock", {"advanceSeconds": 60}).status_code == 200
    fault = {"kind": "500", "count": 3, "operationId": "getTransaction"}
    assert tenant.control("/_sandbox/faults", fault).status_code == 200
    return {"token": token, "refresh": refresh}


def test_a_deleted_tenant_leaves_no_row_and_everyone_else_unchanged(client: SpecClient) -> None:
    db: Database = client.app.state.services.db  # type: ignore[attr-defined]
    doomed, kept, demo = register(client), register(client), demo_tenant(client)
    held = populate(doomed)
    populate(kept)
    demo_token = demo.token()
    keys = owners(db, doomed.client_id)
    before, others = split_rows(db, keys)
    empty = sorted(table for table, rows in before.items() if not rows)
    assert empty == sorted(SHARED_TABLES), f"populate() left {empty} without a tenant row"

    deleted = delete(doomed)
    assert deleted.status_code == 204, deleted.text
    after, others_after = split_rows(db, keys)
    assert after == {table: [] for table in before}
    assert others_after == others  # every other tenant's row (and shared row) as it was

    # Its credentials and tokens are gone: the documented 401s.
    for again in (delete(doomed), doomed.control("/_sandbox/reset")):
        assert (again.status_code, again.json()["error"]) == (401, "invalid_client")
    user = client.get("/user", headers=held["token"])
    assert (user.status_code, user.json()["error"]) == (401, "aceess_token_not_exist")
    refreshed = client.post("/grant", data={
        "grant_type": "refresh_token", "refresh_token": held["refresh"],
        "client_id": doomed.client_id, "client_secret": doomed.secret,
    })  # fmt: skip
    assert (refreshed.status_code, refreshed.json()["error"]) == (401, "oauth_parameters_error")
    # The others carry on.
    assert client.get("/user", headers=demo_token).status_code == 200
    assert client.get(f"/account/{kept.main}/blockade/k-1", headers=kept.me()).status_code == 200


@pytest.mark.parametrize("client_id", ["demo-app", "limited-app", "beta-app", "public-app"])
def test_the_demo_tenant_cannot_be_deleted(client: SpecClient, client_id: str) -> None:
    db: Database = client.app.state.services.db  # type: ignore[attr-defined]
    demo = Tenant(client, client_id, client_id.replace("-app", "-secret"), {})
    rows = split_rows(db, owners(db, "demo"))[0]
    refused = delete(demo)
    assert (refused.status_code, refused.json()["error"]) == (403, "demo_tenant_undeletable")
    assert refused.headers["cache-control"] == "no-cache"
    assert split_rows(db, owners(db, "demo"))[0] == rows


def test_an_application_deletes_only_itself(client: SpecClient) -> None:
    db: Database = client.app.state.services.db  # type: ignore[attr-defined]
    a, b = register(client), register(client)
    rows = split_rows(db, owners(db, b.client_id))[0]  # B's (A's last use may move)
    for target in (b.client_id, "demo-app", "app-0000000000000000"):
        refused = delete(a, target)
        assert (refused.status_code, refused.json()["error"]) == (403, "client_mismatch")
    assert split_rows(db, owners(db, b.client_id))[0] == rows
    assert b.control("/_sandbox/reset").status_code == 204


def test_deletion_is_guarded_like_the_other_controls(client: SpecClient) -> None:
    a = register(client)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"auth": None}, 401, "invalid_client"),
        ({"auth": (a.client_id, "wrong")}, 401, "invalid_client"),
        ({"json": None, "content": b"{}", "headers": {"Content-Type": "text/plain"}},
         415, "unsupported_media_type"),
        ({"headers": {"Origin": "http://evil.example"}}, 403, "cross_site_request"),
        ({"headers": {"Sec-Fetch-Site": "cross-site"}}, 403, "cross_site_request"),
        ({"json": {"really": True}}, 400, "parameters_error"),
        ({"json": None, "content": b"[", "headers": JSON}, 400, "parameters_error"),
    ]  # fmt: skip
    for options, status, code in cases:
        refused = delete(a, **options)
        assert (refused.status_code, refused.json()["error"]) == (status, code), options
    assert a.control("/_sandbox/reset").status_code == 204  # still there
    rebinding = delete(a, headers={"Host": "evil.example"})
    assert rebinding.status_code == 421
    assert delete(a, json=None, headers=JSON).status_code == 204  # an empty body is {}


def test_deletion_gives_no_registration_back() -> None:
    app = create_app(":memory:", rate_limit_per_minute=0,
                     settings=Settings(registrations_per_hour=1))  # fmt: skip
    with SpecClient(app) as client:
        assert delete(register(client)).status_code == 204
        again = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]})
        assert (again.status_code, again.json()["error"]) == (429, "requests_limit_exceeded")


class Recording:
    """A connection that keeps every statement run through it, with its parameters."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.statements.append((sql, tuple(params)))
        return self._conn.execute(sql, params)


def full_scans(
    dialect: str, tables: set[str], conn: sqlite3.Connection, sql: str, params: Sequence[Any]
) -> list[str]:
    """The `tables` the engine would read whole to run `sql`. PostgreSQL, with sequential
    scans priced out, still plans one only where no index can serve (a small table's plan
    would otherwise be a sequential scan whatever the indexes)."""
    if dialect == "sqlite":
        plan = [str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        found = (re.fullmatch(r"SCAN (\w+)(?: .*)?", line) for line in plan)
    else:
        conn.execute("SET LOCAL enable_seqscan = off")
        plan = [str(row[0]) for row in conn.execute(f"EXPLAIN {sql}", params)]
        found = (re.search(r"Seq Scan on (\w+)", line) for line in plan)
    return [match[1] for match in found if match is not None and match[1] in tables]


def test_a_tenants_deletion_reads_no_table_whole(client: SpecClient) -> None:
    """Every DELETE of tenants.delete (wipe's included), as it runs them, reaches the
    tenant's rows through an index: a deletion's cost grows with the tenant, not with the
    tables (a sweep of expired tenants holds the writer lock meanwhile)."""
    db: Database = client.app.state.services.db  # type: ignore[attr-defined]
    doomed = register(client)
    populate(doomed)
    tables = set(schema(db))
    with db.transaction() as conn:
        recording = Recording(conn)
        tenants.delete(cast(sqlite3.Connection, recording), doomed.client_id)
        deletes = [(sql, params) for sql, params in recording.statements
                   if sql.lstrip().upper().startswith("DELETE")]  # fmt: skip
        assert len(deletes) >= len(tables - SHARED_TABLES)  # one per owned table at least
        scans = {sql: full_scans(db.dialect, tables, conn, sql, params) for sql, params in deletes}
    assert {sql: tables for sql, tables in scans.items() if tables} == {}


CONTROLS_THAT_WRITE = [
    ("/_sandbox/reset", {}),
    ("/_sandbox/clock", {"advanceSeconds": 60}),
    ("/_sandbox/faults", {"kind": "500", "count": 2}),
    ("/_sandbox/pair", {"state": "e" * 128, "redirect_uri": DEMO_REDIRECT}),
]


@pytest.mark.parametrize(("path", "body"), CONTROLS_THAT_WRITE)
def test_a_control_racing_its_tenants_deletion_writes_nothing(
    client: SpecClient, monkeypatch: pytest.MonkeyPatch, path: str, body: dict[str, Any]
) -> None:
    """The deletion commits after the control checked the credentials and before it
    writes (here: while it reads the body): the control answers 401 and leaves no row."""
    db: Database = client.app.state.services.db  # type: ignore[attr-defined]
    doomed = register(client)
    populate(doomed)
    keys = owners(db, doomed.client_id)
    real_read = bodies.read_body

    async def deleted_meanwhile(*args: Any, **kwargs: Any) -> bytes:
        with db.transaction() as conn:
            tenants.delete(conn, doomed.client_id)
        return await real_read(*args, **kwargs)

    monkeypatch.setattr("nestbank_sandbox.controls.read_body", deleted_meanwhile)
    raced = doomed.control(path, body)
    assert (raced.status_code, raced.json()["error"]) == (401, "invalid_client"), raced.text
    left = {table: rows for table, rows in split_rows(db, keys)[0].items() if rows}
    assert left == {}, f"{path} wrote rows for a deleted tenant"
