"""`python -m nestbank_generator`: generate the client, or check the committed one for drift.

    python -m nestbank_generator --spec spec/nestbank.yaml --out generated_client
    python -m nestbank_generator --spec spec/nestbank.yaml --check generated_client

--check exits 1 and lists every file that a fresh generation would add, remove or
change; 2 when generation itself fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .generate import GenerationError, generate_into
from .tree import differences, synchronise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nestbank_generator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--spec", type=Path, required=True, help="the OpenAPI document")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the client here")
    group.add_argument("--check", type=Path, help="fail if this committed client is stale")
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        parser.error(f"no such spec file: {args.spec}")
    with tempfile.TemporaryDirectory(prefix="nestbank-fresh-") as tmp:
        fresh = Path(tmp) / "fresh"
        try:
            generate_into(args.spec, fresh)
        except GenerationError as exc:
            print(f"generation failed: {exc}", file=sys.stderr)
            return 2
        if args.out:
            synchronise(fresh, args.out)
            print(f"generated {args.out} from {args.spec}")
            return 0
        stale = differences(args.check, fresh)
    if stale:
        print(
            f"{args.check} differs from a fresh generation from {args.spec} "
            "(run `make generate`; never edit it by hand):",
            file=sys.stderr,
        )
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{args.check} is up to date with {args.spec}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
