"""`nestbank-sandbox --port 8000` (or `python -m nestbank_sandbox`): serve on loopback."""

from __future__ import annotations

import argparse

import uvicorn

from .app import create_app
from .hosts import LOOPBACK_HOSTS
from .server import config, warn_if_exposed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="nestbank-sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database", default="sandbox.db", help="SQLite file, or :memory:")
    parser.add_argument(
        "--rate-limit", type=int, default=600, help="calls per minute per token (0: off)"
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a host name to answer on besides loopback (repeat; DNS rebinding guard)",
    )
    args = parser.parse_args(argv)
    hosts = (*LOOPBACK_HOSTS, *args.allowed_host)
    app = create_app(args.database, rate_limit_per_minute=args.rate_limit, allowed_hosts=hosts)
    warn_if_exposed(args.host, hosts)
    print(f"Nest Bank sandbox on http://{args.host}:{args.port} (state: {args.database})")
    uvicorn.Server(config(app, args.host, args.port, log_level="warning")).run()


if __name__ == "__main__":
    main()
