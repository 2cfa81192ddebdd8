"""The sandbox and client wheels work outside the checkout, as a partner's CI uses them.

They and nestbank-spec (the sandbox's dependency, which carries the spec documents) are
built from this checkout, installed into a fresh virtual environment in a temporary
folder (nothing of the checkout on its path), and used there: the console script serves
the spec's documented errors, and a tiny partner project pairs, calls the API with the
client and passes through the `nestbank_sandbox` pytest fixture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from nestbank_sandbox.pytest_plugin import running_sandbox

ROOT = Path(__file__).resolve().parents[2]
# What a partner's environment has; the checkout must not leak in through these.
LEAKY_VARIABLES = ("PYTHONPATH", "VIRTUAL_ENV", "NESTBANK_SPEC", "PYTEST_ADDOPTS")

BUILD_LEFTOVERS = shutil.ignore_patterns("build", "*.egg-info", "__pycache__")

PARTNER_TEST = """
import httpx
from nestbank_client.api.user import get_user
from nestbank_client.oauth import ClientCredentials, OAuthClient
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import TokenHolder


def test_partner_reads_the_paired_customer(nestbank_sandbox):
    sandbox = nestbank_sandbox
    credentials = ClientCredentials(
        sandbox.client_id, sandbox.client_secret, sandbox.redirect_uri
    )
    oauth = OAuthClient(credentials, base_url=sandbox.base_url)
    pairing = oauth.start_pairing()
    consent = httpx.post(
        f"{sandbox.base_url}/_sandbox/pair",
        json={
            "client_id": sandbox.client_id,
            "redirect_uri": sandbox.redirect_uri,
            "state": pairing.state,
        },
        auth=(sandbox.client_id, sandbox.client_secret),  # the controls take HTTP Basic
    ).json()
    holder = TokenHolder(oauth, initial=oauth.exchange_code(consent["code"], pairing.state))
    user = get_user.sync(client=authenticated_client(sandbox.base_url, holder))
    assert user.first_name == "Jan"
    sandbox.reset()
"""


def partner_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in LEAKY_VARIABLES}


def run(command: list[str | Path], cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=partner_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def partner_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv outside the checkout with only our three wheels (and their deps)."""
    where = tmp_path_factory.mktemp("partner")
    dist = where / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    # The client is built from a clean copy: setuptools never empties build/lib, so an
    # in-tree build could ship a module deleted since (the sandbox's setup.py avoids it).
    client = where / "client-src"
    shutil.copytree(ROOT / "generated_client", client, ignore=BUILD_LEFTOVERS)
    sources = [ROOT / "spec", ROOT / "sandbox", client]
    run([*pip, "wheel", "-q", "--no-deps", "-w", dist, *sources], where)
    venv = where / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], where)
    wheels = sorted(dist.glob("*.whl"))
    names = [wheel.name.split("-")[0] for wheel in wheels]
    assert names == ["nestbank_client", "nestbank_sandbox", "nestbank_spec"]
    # Our pins keep the run reproducible; the wheels' own requirements decide what is installed.
    python = venv / "bin" / "python"
    run(
        [
            *pip,
            "--python",
            python,
            "install",
            "-q",
            "-c",
            ROOT / "constraints.txt",
            *wheels,
            "pytest",
        ],
        where,
    )
    yield venv


def test_the_spec_wheel_carries_the_documents_the_sandbox_reads(partner_venv: Path) -> None:
    code = (
        "import nestbank_sandbox; from nestbank_sandbox.spec import spec_document as d; "
        "print(d('nestbank.yaml')); print(nestbank_sandbox.__file__)"
    )
    output = run([partner_venv / "bin" / "python", "-c", code], partner_venv).split()
    found, sandbox = Path(output[0]), Path(output[1])
    assert found.is_relative_to(partner_venv)
    assert found.parent.parent.name == "nestbank_spec"
    assert found.read_bytes() == (ROOT / "spec" / "nestbank.yaml").read_bytes()
    controls = found.with_name("sandbox-controls.yaml")
    assert controls.read_bytes() == (ROOT / "spec" / "sandbox-controls.yaml").read_bytes()
    # Typed (PEP 561): a partner's fixture annotation passes mypy --strict.
    assert (sandbox.parent / "py.typed").is_file()
    assert (found.parent.parent / "py.typed").is_file()


def test_the_console_script_serves_the_documented_errors(
    partner_venv: Path, tmp_path: Path
) -> None:
    script = partner_venv / "bin" / "nestbank-sandbox"
    help_text = run([script, "--help"], tmp_path)
    assert all(option in help_text for option in ("--port", "--database", "--rate-limit"))
    with running_sandbox(tmp_path, program=[str(script)]) as base_url:
        request = urllib.request.Request(f"{base_url}/user", headers={"Accept": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 401
    assert json.loads(answer.value.read())["error"] == "access_token_required"


def test_a_partner_project_uses_the_pytest_fixture(partner_venv: Path, tmp_path: Path) -> None:
    project = tmp_path / "partner-project"
    project.mkdir()
    (project / "test_partner.py").write_text(textwrap.dedent(PARTNER_TEST), encoding="utf-8")
    output = run(
        [partner_venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider"], project
    )
    assert "1 passed" in output


@pytest.mark.parametrize("package", ["sandbox/nestbank_sandbox", "spec/nestbank_spec"])
def test_the_package_sources_keep_no_copy_of_the_spec(package: str) -> None:
    """The wheel's documents come from spec/ at build time; a hand-kept copy would drift."""
    assert sorted((ROOT / package).rglob("*.yaml")) == []
