"""`python -m nestbank_fuzz`: the same as the `nestbank-fuzz` command."""

import sys

from nestbank_fuzz.cli import main

sys.exit(main())
