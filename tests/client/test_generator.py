"""The drift check and the hand-written module rule of nestbank_generator."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nestbank_generator import generate
from nestbank_generator.__main__ import main
from nestbank_generator.tree import differences, synchronise

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "nestbank.yaml"
COMMITTED = ROOT / "generated_client"


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "client"
    shutil.copytree(
        COMMITTED, copy, ignore=shutil.ignore_patterns(*generate.IGNORED_NAMES, "*.egg-info")
    )
    return copy


def test_check_passes_on_the_committed_tree_and_lists_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(tmp_path)
    assert main(["--spec", str(SPEC), "--check", str(copy)]) == 0
    (copy / "nestbank_client" / "client.py").write_text("# edited by hand\n")
    (copy / "nestbank_client" / "stale.py").write_text("")
    (copy / "README.md").unlink()
    (copy / "nestbank_client" / "__pycache__").mkdir(exist_ok=True)
    assert main(["--spec", str(SPEC), "--check", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "changed  nestbank_client/client.py" in err
    assert "extra    nestbank_client/stale.py" in err
    assert "missing  README.md" in err
    assert "__pycache__" not in err


def test_synchronise_keeps_ignored_entries(tmp_path: Path) -> None:
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    (fresh / "pkg").mkdir(parents=True)
    (fresh / "pkg" / "a.py").write_text("a = 1\n")
    (target / "pkg" / "old").mkdir(parents=True)
    (target / "pkg" / "old" / "b.py").write_text("")
    (target / "x.egg-info").mkdir()
    (target / "x.egg-info" / "PKG-INFO").write_text("kept")
    synchronise(fresh, target)
    assert differences(target, fresh) == []
    assert not (target / "pkg" / "old").exists()
    assert (target / "x.egg-info" / "PKG-INFO").read_text() == "kept"


def test_synchronise_removes_a_stale_build_folder(tmp_path: Path) -> None:
    """A module left in build/lib would ship with `pip install ./generated_client`."""
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    (fresh / "pkg").mkdir(parents=True)
    (fresh / "pkg" / "a.py").write_text("a = 1\n")
    stale = target / "build" / "lib" / "pkg" / "gone.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("removed from the spec long ago\n")
    (target / "dist").mkdir()
    synchronise(fresh, target)
    assert not (target / "build").exists()
    assert not (target / "dist").exists()
    assert (target / "pkg" / "a.py").is_file()


def test_handwritten_module_may_not_replace_generated_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handwritten = tmp_path / "handwritten" / generate.PACKAGE
    handwritten.mkdir(parents=True)
    (handwritten / "client.py").write_text("")
    package = tmp_path / "out"
    package.mkdir()
    (package / "client.py").write_text("generated")
    monkeypatch.setattr(generate, "HANDWRITTEN", tmp_path / "handwritten")
    with pytest.raises(generate.GenerationError, match="change generator/templates/"):
        generate.copy_handwritten(package)


def test_every_handwritten_module_ships_in_the_package() -> None:
    source = generate.HANDWRITTEN / generate.PACKAGE
    for module in source.glob("*.py"):
        shipped = COMMITTED / generate.PACKAGE / module.name
        assert shipped.is_file(), f"{module.name} missing: run make generate"
