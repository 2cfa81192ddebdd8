"""`nestbank-fuzz` (`make fuzz`): a schemathesis run against the sandbox or any server.

    nestbank-fuzz [--spec PATH] [--base-url URL] [--seconds N] [--seed N]
                  [--max-examples N] [--phases examples,coverage,fuzzing,stateful]
                  [--junit PATH] [--reset]

Without BASE_URL (or --base-url) the sandbox runs in-process. Credentials come from the
environment (see nestbank_fuzz/settings.py and docs/fuzzing.md). Prints cases per phase, cases
per second, every failure with a curl reproduction and the seed; writes a JUnit report.
Exit status: 0 no failures, 1 failures, 2 bad settings or no access token.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nestbank_fuzz.auth import FuzzAuthError
from nestbank_fuzz.runner import execute
from nestbank_fuzz.session import FuzzSession, open_session
from nestbank_fuzz.settings import DEFAULT_JUNIT_PATH, SettingsError, settings_from
from nestbank_fuzz.target import reset_sandbox

# `make fuzz` goes deeper than the `make test` run unless told otherwise.
LONG_RUN_MAX_EXAMPLES = 100


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nestbank-fuzz", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=int, help="time budget (default: FUZZ_SECONDS, else no limit)"
    )
    parser.add_argument(
        "--seed", type=int, help="seed to reproduce a run (default: FUZZ_SEED, else random)"
    )
    parser.add_argument(
        "--max-examples", type=int, help="cases per operation and phase (default: 100)"
    )
    parser.add_argument(
        "--phases", help="comma-separated subset of examples,coverage,fuzzing,stateful"
    )
    parser.add_argument(
        "--base-url", help="server to fuzz (default: BASE_URL, else the in-process sandbox)"
    )
    parser.add_argument(
        "--spec",
        type=Path,
        help="OpenAPI document (default: NESTBANK_SPEC, else nestbank-spec's nestbank.yaml)",
    )
    parser.add_argument("--junit", type=Path, default=DEFAULT_JUNIT_PATH, help="JUnit report path")
    parser.add_argument(
        "--reset", action="store_true", help="POST /_sandbox/reset on a live sandbox first"
    )
    return parser


def check_token(session: FuzzSession) -> None:
    """The owner's token must open GET /user, or the whole run would only see 401s."""
    token = session.owner.access_token()
    reply = session.target.transport.send("GET", "/user", headers={"access_token": token})
    if reply.status_code == 401:
        body = reply.json_object()
        raise FuzzAuthError(f"the access token was refused: 401 {body.get('error', '?')}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.seconds is not None and args.seconds < 1:
            raise SettingsError("--seconds must be at least 1")
        if args.max_examples is not None and args.max_examples < 1:
            raise SettingsError("--max-examples must be at least 1")
        env = dict(os.environ)
        if args.max_examples is None and not env.get("FUZZ_MAX_EXAMPLES"):
            env["FUZZ_MAX_EXAMPLES"] = str(LONG_RUN_MAX_EXAMPLES)
        settings = settings_from(
            env,
            base_url=args.base_url,
            seconds=args.seconds,
            seed=args.seed,
            max_examples=args.max_examples,
            phases=args.phases,
            junit_path=args.junit,
            spec_path=args.spec,
        )
        session = open_session(settings)
        if args.reset:
            reset_sandbox(session.target, settings.client)
        # Fail early with a clear message rather than as a check failure on every case.
        check_token(session)
        schema = session.schema()
        where = settings.base_url or "the sandbox in-process"
        print(f"fuzzing {where}, seed {schema.config.seed}", flush=True)
        outcome = execute(schema, junit_path=settings.junit_path)
    except (SettingsError, FuzzAuthError, RuntimeError) as exc:
        print(f"fuzz: {exc}", file=sys.stderr)
        return 2
    print(outcome.summary())
    if settings.junit_path is not None:
        print(f"JUnit report: {settings.junit_path}")
    return 0 if outcome.passed else 1


if __name__ == "__main__":
    sys.exit(main())
