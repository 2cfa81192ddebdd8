"""Build step of the nestbank-spec wheel: put the spec documents inside the package.

The documents are this folder's own files (`spec/nestbank.yaml`, the hand-written source
everything refers to), copied into `nestbank_spec/documents/` while the wheel is built, so
the wheel works outside the checkout and no copy is ever kept by hand. An editable install
reads them here (see `nestbank_spec.documents`).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DOCUMENTS = ("nestbank.yaml", "sandbox-controls.yaml")


class BuildWithDocuments(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads this folder directly
            return
        target = Path(self.build_lib) / "nestbank_spec" / "documents"
        target.mkdir(parents=True, exist_ok=True)
        for name in DOCUMENTS:
            shutil.copyfile(HERE / name, target / name)


# A fresh build folder each time: setuptools never empties build/lib, so a module deleted
# from the sources would otherwise live on in the next wheel.
BUILD_BASE = tempfile.mkdtemp(prefix="nestbank-spec-build-")
atexit.register(shutil.rmtree, BUILD_BASE, ignore_errors=True)

setup(
    cmdclass={"build_py": BuildWithDocuments},
    options={"build": {"build_base": BUILD_BASE}},
)
