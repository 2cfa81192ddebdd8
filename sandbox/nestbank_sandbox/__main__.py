"""`nestbank-sandbox --port 8000` (or `python -m nestbank_sandbox`): serve on loopback."""

from __future__ import annotations

import argparse

import uvicorn

from .app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="nestbank-sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database", default="sandbox.db", help="SQLite file, or :memory:")
    parser.add_argument(
        "--rate-limit", type=int, default=600, help="calls per minute per token (0: off)"
    )
    args = parser.parse_args(argv)
    app = create_app(args.database, rate_limit_per_minute=args.rate_limit)
    print(f"Nest Bank sandbox on http://{args.host}:{args.port} (state: {args.database})")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
