"""`nestbank-sandbox --port 8000` (or `python -m nestbank_sandbox`): serve on loopback."""

from __future__ import annotations

import argparse

import uvicorn

from .context import Settings
from .hosts import LOOPBACK_HOSTS
from .server import LOCAL_PROXIES, config, trusted_proxies, warn_if_exposed
from .workers import WorkerSettings, serve

MAX_BODY_TIMEOUT = 3600.0  # seconds; beyond, a slow body would hold a worker for hours
MAX_TTL_DAYS = 36500


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
    parser.add_argument(
        "--registrations-per-hour",
        type=int,
        default=Settings.registrations_per_hour,
        metavar="N",
        help="POST /_sandbox/applications per client address and hour (0: registration off;"
        " default %(default)s)",
    )
    parser.add_argument(
        "--tenant-ttl-days",
        type=float,
        default=0,
        metavar="N",
        help="delete registered applications (and all their data) unused for N days, at"
        " start-up and hourly (default 0: never; the demo tenant never expires)",
    )
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="take the client address (and scheme) from X-Forwarded-For (X-Forwarded-Proto)"
        " when the direct peer is a trusted proxy (--forwarded-allow-ips); default: never",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help=f"the trusted proxies: comma-separated addresses or networks (default with"
        f" --proxy-headers: {LOCAL_PROXIES})",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.registrations_per_hour < 0:
        parser.error("--registrations-per-hour must be 0 (off) or more")
    # A last use is written at most hourly (expiry.TOUCH_EVERY): under a day, a busy
    # tenant could expire between two writes.
    if not (args.tenant_ttl_days == 0 or 1 <= args.tenant_ttl_days <= MAX_TTL_DAYS):
        parser.error(f"--tenant-ttl-days must be 0 (never) or from 1 to {MAX_TTL_DAYS}")
    if args.forwarded_allow_ips is not None and not args.proxy_headers:
        parser.error("--forwarded-allow-ips needs --proxy-headers")
    trusted = None
    if args.proxy_headers:
        try:
            given = args.forwarded_allow_ips
            trusted = trusted_proxies(LOCAL_PROXIES if given is None else given)
        except ValueError as exc:
            parser.error(f"--forwarded-allow-ips: {exc}")
    if not 0 < args.body_timeout <= MAX_BODY_TIMEOUT:  # NaN and inf too
        parser.error(f"--body-timeout must be above 0 and at most {MAX_BODY_TIMEOUT} seconds")
    hosts = (*LOOPBACK_HOSTS, *args.allowed_host)
    warn_if_exposed(args.host, hosts)
    where = f"state: {shown(args.database)}, {args.workers} worker(s)"
    print(f"Nest Bank sandbox on http://{args.host}:{args.port} ({where})", flush=True)
    settings = WorkerSettings(
        database=args.database,
        settings=Settings(
            rate_limit_per_minute=args.rate_limit,
            registrations_per_hour=args.registrations_per_hour,
            allowed_hosts=hosts,
            tenant_ttl_days=args.tenant_ttl_days,
            body_timeout=args.body_timeout,
        ),
    )
    if args.workers > 1:
        serve(settings, args.host, args.port, args.workers, trusted)
        return
    app = settings.build()
    uvicorn.Server(config(app, args.host, args.port, trusted=trusted, log_level="warning")).run()


if __name__ == "__main__":
    main()
