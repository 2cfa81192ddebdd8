"""The previous release's client tests run against the newly generated client.

As openai-python does for its SDK: ``tests/client`` (and the spec folder it reads) are
exported from the base ref and run with the new client first on ``PYTHONPATH``. A test
that passed against the old client and fails now is code of a partner's that would
break. Left out: ``test_generator.py`` checks the committed client against a fresh
generation, which a spec change always changes, and ``test_template_guarantees.py``
checks the generator's templates of the checkout, not the client's behaviour.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from nestbank_review.errors import ReviewError

TESTS = "tests/client"
LEFT_OUT = ("test_generator.py", "test_template_guarantees.py")


@dataclass
class ClientTestsResult:
    ref: str
    passed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (test id, first line)


def _export(repo: Path, ref: str, paths: list[str], dest: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "--", *paths],
        cwd=repo,
        capture_output=True,
        check=False,
        timeout=120,
    )
    if archive.returncode != 0:
        detail = archive.stderr.decode(errors="replace").strip()
        raise ReviewError(f"{TESTS} not found at {ref} ({detail})")
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True, timeout=120)


def run_previous_client_tests(
    repo: Path, ref: str, spec_path: str, new_package: Path, work: Path
) -> ClientTestsResult:
    """Run ``tests/client`` as committed at ``ref`` against the client in ``new_package``."""
    tree = work / "previous"
    spec_folder = os.path.dirname(spec_path) or "."
    _export(repo, ref, ["tests/__init__.py", TESTS, spec_folder], tree)
    report = work / "previous-client-tests.xml"
    ignored = [f"--ignore={TESTS}/{name}" for name in LEFT_OUT]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ignored]
    command += [f"--junitxml={report}", TESTS]
    path = os.pathsep.join([str(new_package.parent), str(tree)])
    env = {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, check=False, timeout=900
        )
    except subprocess.TimeoutExpired as exc:
        raise ReviewError(f"the previous client tests ({ref}) timed out") from exc
    if not report.is_file():
        raise ReviewError(f"the previous client tests ({ref}) did not run")
    return _parse(report, ref)


def _parse(report: Path, ref: str) -> ClientTestsResult:
    result = ClientTestsResult(ref)
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if case.find("skipped") is not None:
            continue
        if problem is None:
            result.passed += 1
            continue
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        message = (problem.get("message") or problem.text or "").strip().splitlines()
        result.failed.append((name, message[0][:200] if message else "failed"))
    return result
