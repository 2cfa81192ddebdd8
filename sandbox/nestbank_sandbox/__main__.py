"""`nestbank-sandbox --port 8000` (or `python -m nestbank_sandbox`): serve on loopback."""

from __future__ import annotations

import argparse

import uvicorn

from .app import create_app
from .context import Settings
from .hosts import LOOPBACK_HOSTS
from .server import config, warn_if_exposed
from .workers import serve


def shown(database: str) -> str:
    """The database without a password a URL may carry."""
    scheme, sep, rest = database.partition("://")
    if sep and "@" in rest:
        credentials, _, place = rest.rpartition("@")
        return f"{scheme}://{credentials.split(':')[0]}@{place}"
    return database


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="nestbank-sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--database",
        default="sandbox.db",
        help="SQLite file (or sqlite:///path, :memory:), or postgresql://user@host/db",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="processes serving one database (default 1)"
    )
    parser.add_argument(
        "--rate-limit", type=int, default=600, help="calls per minute per token (0: off)"
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=Settings.body_timeout,
        help="seconds for a whole request body to arrive before 400 (default %(default)s)",
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a host name to answer on besides loopback (repeat; DNS rebinding guard)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not args.body_timeout > 0:
        parser.error("--body-timeout must be above 0 seconds")
    hosts = (*LOOPBACK_HOSTS, *args.allowed_host)
    warn_if_exposed(args.host, hosts)
    where = f"state: {shown(args.database)}, {args.workers} worker(s)"
    print(f"Nest Bank sandbox on http://{args.host}:{args.port} ({where})", flush=True)
    if args.workers > 1:
        serve(
            args.database, args.host, args.port, args.workers, args.rate_limit, hosts,
            body_timeout=args.body_timeout,
        )  # fmt: skip
        return
    app = create_app(
        args.database,
        rate_limit_per_minute=args.rate_limit,
        allowed_hosts=hosts,
        settings=Settings(body_timeout=args.body_timeout),
    )
    uvicorn.Server(config(app, args.host, args.port, log_level="warning")).run()


if __name__ == "__main__":
    main()
