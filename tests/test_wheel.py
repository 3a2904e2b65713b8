"""The built wheel carries the decks: installed into a fresh venv, lookup works anywhere."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_wheel_installs_and_looks_up_from_another_directory(tmp_path, subprocess_env):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("slangtutor-*.whl")

    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())
    # Install the wheel's files (no network): unpack it into the fresh venv's site-packages,
    # and let the venv see this environment's dependencies (typer, rich) through a .pth file.
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in subprocess_env.items() if k not in ("SLANGTUTOR_DATA", "PYTHONPATH")}
    result = subprocess.run(
        [python, "-c",
         "import slangtutor, sys; print(slangtutor.__file__, file=sys.stderr);"
         "from slangtutor.cli import main; main(['lookup', '--json', 'yyds'])"],
        cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stderr  # the installed copy, not the source tree
    assert '"id": "yyds"' in result.stdout
    assert os.path.exists(site / "slangtutor" / "data")

    # The wheel ships the CC-CEDICT index: a first annotate in a fresh home builds none.
    assert (site / "slangtutor" / "prebuilt" / "lexicon.sqlite").exists()
    home = tmp_path / "fresh-home"
    env = dict(env, SLANGTUTOR_HOME=str(home))
    env.pop("SLANGTUTOR_LEXICON_DIR", None)
    result = subprocess.run(
        [python, "-c", "from slangtutor.cli import main; main(['annotate', '--json', '你好'])"],
        cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"gloss": "hello; hi"' in result.stdout
    assert "Preparing" not in result.stderr
    assert list((home / "cache").glob("lexicon-*.sqlite")) == []
    assert len(list((home / "cache").glob("lexicon-*.json"))) == 1  # the verified shipped one
    with zipfile.ZipFile(wheel) as archive:
        licences = [name for name in archive.namelist() if name.endswith("/LICENSE")]
        assert licences, "LICENSE is in the wheel"
        assert "CC-CEDICT" in archive.read(licences[0]).decode()
