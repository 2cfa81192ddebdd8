"""Build step of the nestbank-sandbox wheel: a fresh build folder each time.

setuptools never empties build/lib, so a module deleted from the sources would otherwise
live on in the next wheel. (The spec documents come with nestbank-spec, ../spec.)
"""

from __future__ import annotations

import atexit
import shutil
import tempfile

from setuptools import setup

BUILD_BASE = tempfile.mkdtemp(prefix="nestbank-sandbox-build-")
atexit.register(shutil.rmtree, BUILD_BASE, ignore_errors=True)

setup(options={"build": {"build_base": BUILD_BASE}})
