"""Settings from the environment and the command line: bad values get a clear error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from nestbank_fuzz import cli as run
from nestbank_fuzz.auth import DEMO_CLIENT
from nestbank_fuzz.settings import PHASES, SettingsError, default_spec_path, settings_from

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_fuzz_the_sandbox_in_process_as_the_demo_app() -> None:
    settings = settings_from({})
    assert settings.base_url is None
    assert settings.client == DEMO_CLIENT
    assert settings.phases == PHASES
    assert settings.seconds is None and settings.seed is None


def test_environment_points_the_suite_at_a_live_server() -> None:
    settings = settings_from(
        {
            "BASE_URL": "https://bank.example/rest/v1/open/api/",
            "NESTBANK_CLIENT_ID": "partner",
            "NESTBANK_CLIENT_SECRET": "s3cret",
            "NESTBANK_REDIRECT_URI": "https://partner.example/cb",
            "NESTBANK_ACCESS_TOKEN": "tok",
            "FUZZ_SECONDS": "300",
            "FUZZ_SEED": "42",
        }
    )
    assert settings.base_url == "https://bank.example/rest/v1/open/api"
    assert settings.client.client_id == "partner"
    assert settings.client.redirect_uri == "https://partner.example/cb"
    assert settings.access_token == "tok"
    assert (settings.seconds, settings.seed) == (300, 42)
    # Secrets stay out of reprs (and so out of assertion messages and logs).
    assert "tok'" not in repr(settings)
    assert "s3cret" not in repr(settings)


def test_flags_win_over_the_environment() -> None:
    settings = settings_from({"FUZZ_SECONDS": "300"}, seconds=5, phases="coverage,stateful")
    assert settings.seconds == 5
    assert settings.phases == ("coverage", "stateful")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FUZZ_SECONDS": "soon"}, "FUZZ_SECONDS must be a whole number"),
        ({"FUZZ_SECONDS": "0"}, "FUZZ_SECONDS must be at least 1"),
        ({"FUZZ_SEED": "-1"}, "FUZZ_SEED must not be negative"),
        ({"FUZZ_MAX_EXAMPLES": "x"}, "FUZZ_MAX_EXAMPLES must be a whole number"),
        ({"BASE_URL": "bank.example"}, "BASE_URL must start with http:// or https://"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_from(env)


def test_unknown_phase_is_refused() -> None:
    with pytest.raises(SettingsError, match="subset of examples, coverage, fuzzing, stateful"):
        settings_from({}, phases="examples,smoke")


def test_cli_reports_bad_settings_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--seconds", "0"]) == 2
    assert "fuzz: --seconds must be at least 1" in capsys.readouterr().err


def test_spec_comes_from_the_flag_then_the_environment(tmp_path: Path) -> None:
    flag, env = tmp_path / "flag.yaml", tmp_path / "env.yaml"
    flag.write_text("openapi: 3.1.0\n")
    env.write_text("openapi: 3.1.0\n")
    assert settings_from({"NESTBANK_SPEC": str(env)}).spec_path == env
    assert settings_from({"NESTBANK_SPEC": str(env)}, spec_path=flag).spec_path == flag
    # Neither: the installed sandbox's spec, which is this checkout's.
    assert settings_from({}).spec_path is None
    assert default_spec_path() == ROOT / "spec" / "nestbank.yaml"


def test_cli_refuses_a_spec_that_is_not_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run.main(["--spec", str(tmp_path / "missing.yaml")]) == 2
    assert "is not a file" in capsys.readouterr().err


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "nestbank-fuzz"
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "--spec" in proc.stdout and "--base-url" in proc.stdout
