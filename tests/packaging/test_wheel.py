"""The released artefacts work on their own: the sdist and the wheel built from it carry every
file rung reads at run time, and the wheel installed into a fresh virtual environment (not
editable, no checkout on the path) serves every page and renders every document format.

The rest of the suite runs on `pip install -e`, which reads templates straight from src/ and so
never notices a file left out of the wheel (issue 16: the dashboard answered 500 in production).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from rung import __version__
from rung.cli.documents import DOCUMENT_FORMATS
from rung.render.formats import FORMATS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/tactical-to-strategic.yaml"
# The first test pays for the build (its step may take 300 s) and the install (600 s): more
# than the suite's per-test limit, which would cut those steps short of their own.
pytestmark = pytest.mark.timeout(960)
# What the inner test run needs besides the wheel, at the versions this suite runs with.
TEST_TOOLS = ("pytest", "pytest-django", "pytest-timeout", "time-machine", "hypothesis")


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


def _run(args: list[str | Path], *, timeout: int = 300, **kwargs: object
         ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done  # type: ignore[no-any-return]


def _source_files() -> list[str]:
    """The package's files as the repository tracks them (relative to src/)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "src/rung"], cwd=ROOT, capture_output=True, text=True, check=True)
    files = [line.removeprefix("src/") for line in listed.stdout.splitlines()]
    return sorted(f for f in files if (ROOT / "src" / f).is_file())


def _clean_copy(target: Path) -> Path:
    """The files git knows, without what a development install leaves behind: a stale
    src/rung.egg-info lists every file and would hide one the package data leaves out."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """`python -m build` on a clean copy: the sdist first, then the wheel built from the
    unpacked sdist."""
    out = tmp_path_factory.mktemp("dist")
    source = _clean_copy(tmp_path_factory.mktemp("source"))
    _run([sys.executable, "-m", "build", "--outdir", out, source])
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1, list(out.iterdir())
    assert len(sdists) == 1, list(out.iterdir())
    return Dist(wheels[0], sdists[0])


def test_the_artefacts_carry_the_release_version(dist: Dist) -> None:
    assert dist.wheel.name == f"rung-{__version__}-py3-none-any.whl"
    assert dist.sdist.name == f"rung-{__version__}.tar.gz"


def test_the_wheel_holds_every_file_of_the_package(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as whl:
        shipped = set(whl.namelist())
    missing = [f for f in _source_files() if f not in shipped]
    assert not missing, f"left out of the wheel (add them to package-data): {missing}"
    # the files whose absence broke pages and documents in production
    assert "rung/web/templates/people/dashboard.html" in shipped  # one engine since issue 14
    assert "rung/render/templates/plan.html.j2" in shipped


def test_the_sdist_holds_the_package_the_deploy_files_and_the_release_notes(
        dist: Dist) -> None:
    top = f"rung-{__version__}/"
    with tarfile.open(dist.sdist) as tar:
        held = {name.removeprefix(top) for name in tar.getnames()}
    deploy = subprocess.run(["git", "ls-files", "deploy"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    wanted = [f"src/{f}" for f in _source_files()] + deploy + [
        "CHANGELOG.md", "README.md", "docs/deploy.md", "pyproject.toml"]
    missing = [f for f in wanted if f not in held]
    assert not missing, f"left out of the sdist (see MANIFEST.in): {missing}"


@pytest.fixture(scope="module")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel (and the test tools) installed; returns
    its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", venv])
    tools = [f"{name}=={version(name)}" for name in TEST_TOOLS]
    _run([venv / "bin" / "pip", "install", "--quiet", dist.wheel, *tools], timeout=600)
    return venv / "bin"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                        "RUNG_DATA_DIR", "VIRTUAL_ENV"}}
    return {**env, **extra}


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path) -> None:
    done = _run([installed / "python", "-c", "import json, rung; "
                 "print(json.dumps([rung.__file__, rung.__version__]))"],
                cwd="/", env=_clean_env())
    where, found = json.loads(done.stdout)
    assert where.startswith(str(installed.parent))
    assert found == __version__
    assert _run([installed / "rung", "--version"], env=_clean_env()).stdout.strip() == (
        f"rung, version {__version__}")


def test_the_installed_wheel_renders_every_document_format(installed: Path,
                                                           tmp_path: Path) -> None:
    example = ROOT / EXAMPLE
    runs = [("plan", fmt) for fmt in FORMATS] + [
        (command, fmt) for command in ("pack", "ladder") for fmt in DOCUMENT_FORMATS]
    for command, fmt in runs:
        out = tmp_path / f"{command}.{fmt}"
        _run([installed / "rung", command, example, "--start", "2026-11-30", "--format", fmt,
              "-o", out], cwd=tmp_path, env=_clean_env())
        data = out.read_bytes()
        if fmt == "pdf":
            assert data.startswith(b"%PDF-"), (command, fmt)
            assert len(data) > 10_000, (command, fmt)
        else:
            assert b"Pat" in data, (command, fmt, data[:200])


def test_the_installed_wheel_serves_every_page(installed: Path, tmp_path: Path) -> None:
    """The privacy table lists every URL of the app with the people who may open it; run it
    (and the plan downloads in every format) against the installed wheel, with a copy of the
    tests that has no src/ beside it."""
    for name in ("tests", "examples"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "packaging"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    done = subprocess.run(
        [installed / "python", "-m", "pytest", "-p", "no:cacheprovider", "-rs",
         "-W", "error::pytest.PytestConfigWarning",  # an option no installed plugin reads
         "tests/web/test_web_privacy.py", "tests/web/test_web_plans.py::test_downloads"],
        cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    assert " passed" in done.stdout, done.stdout[-2000:]
    assert "skipped" not in done.stdout, done.stdout[-2000:]
