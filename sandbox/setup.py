"""Build step of the nestbank-sandbox wheel: put the spec documents inside the package.

The documents are copied from the checkout's spec/ at build time (an sdist carries them
in `spec/` beside this file), so the wheel works outside the checkout and no copy is ever
kept by hand.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
DOCUMENTS = ("nestbank.yaml", "sandbox-controls.yaml")


def _source_dir() -> Path:
    """spec/ of the checkout, or of an unpacked sdist."""
    for candidate in (HERE.parent / "spec", HERE / "spec"):
        if all((candidate / name).is_file() for name in DOCUMENTS):
            return candidate
    raise FileNotFoundError(f"spec documents {DOCUMENTS} not found beside {HERE}")


class BuildWithSpec(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's spec/ directly
            return
        target = Path(self.build_lib) / "nestbank_sandbox" / "specs"
        target.mkdir(parents=True, exist_ok=True)
        for name in DOCUMENTS:
            shutil.copyfile(_source_dir() / name, target / name)


class SdistWithSpec(sdist):
    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        target = Path(base_dir) / "spec"
        target.mkdir(exist_ok=True)
        for name in DOCUMENTS:
            shutil.copyfile(_source_dir() / name, target / name)


# A fresh build folder each time: setuptools never empties build/lib, so a module deleted
# from the sources would otherwise live on in the next wheel.
BUILD_BASE = tempfile.mkdtemp(prefix="nestbank-sandbox-build-")
atexit.register(shutil.rmtree, BUILD_BASE, ignore_errors=True)

setup(
    cmdclass={"build_py": BuildWithSpec, "sdist": SdistWithSpec},
    options={"build": {"build_base": BUILD_BASE}},
)
