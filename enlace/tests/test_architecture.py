"""The apps' layers hold: every app has one, an import against them fails the build, and
docs/architecture.md draws what the code is (pyproject.toml's import-linter contract; scripts/draw-architecture)."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TOOL = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
CONTRACT = next(contract for contract in TOOL["importlinter"]["contracts"] if contract["id"] == "layers")
PACKAGES = {path.parent.name for path in ROOT.glob("*/__init__.py")}


def lint_imports(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache", "--no-logo"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_package_of_the_project_is_checked_and_has_one_layer():
    in_layers = [app.strip() for layer in CONTRACT["layers"] for app in layer.split("|")]
    assert sorted(in_layers) == sorted(TOOL["importlinter"]["root_packages"]) == sorted(PACKAGES)


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    """The project's Python code and its contract, in a place where a test may add an import."""

    def not_python(directory: str, names: list[str]) -> set[str]:
        return {name for name in names if not name.endswith(".py") and not (Path(directory) / name).is_dir()}

    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "added", "refusal"),
    [
        ("directory/choices.py", "import pings.models\n", "directory is not allowed to import pings"),
        (
            "communication_templates/models.py",
            "import repository.models\n",
            "communication_templates is not allowed to import repository",
        ),
        (
            "access/guards.py",
            "def later():\n    from accounts import models\n",
            "access is not allowed to import accounts",
        ),
    ],
    ids=["up a layer", "across a layer", "inside a function"],
)
def test_an_import_against_the_layers_fails_the_check(copy_of_the_code: Path, module: str, added: str, refusal: str):
    assert lint_imports(copy_of_the_code).returncode == 0
    with (copy_of_the_code / module).open("a", encoding="utf-8") as source:
        source.write("\n\n" + added)
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 1
    assert refusal in result.stdout


def test_the_drawing_of_the_layers_in_docs_architecture_is_up_to_date():
    result = subprocess.run(
        [ROOT / "scripts" / "draw-architecture", "--check"],
        env={**os.environ, "VENV": sys.prefix},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
