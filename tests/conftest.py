import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own SLANGTUTOR_HOME; none touches the real home or cache."""
    home = tmp_path / "home"
    monkeypatch.setenv("SLANGTUTOR_HOME", str(home))
    monkeypatch.delenv("SLANGTUTOR_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # A fixed width keeps rich's wrapping, and so the expected output, stable.
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    _clear_caches()
    yield home
    _clear_caches()


def _clear_caches():
    from slangtutor import dataset, search

    dataset.load_entries.cache_clear()
    dataset.entries_by_id.cache_clear()
    search.load_index.cache_clear()


@pytest.fixture
def mini_data(monkeypatch):
    """Point slangtutor at the small test deck instead of the shipped decks."""
    monkeypatch.setenv("SLANGTUTOR_DATA", str(FIXTURES))
    _clear_caches()
    return FIXTURES


@pytest.fixture
def subprocess_env(isolated_home):
    env = dict(os.environ)
    env["SLANGTUTOR_HOME"] = str(isolated_home)
    env["PYTHONIOENCODING"] = "utf-8"
    env["SLANGTUTOR_DATA"] = str(FIXTURES)
    return env


@pytest.fixture
def cli_env(subprocess_env, lexicon_dir):
    """The environment of a slangtutor child process run as a user would: the test home and
    deck, the session's dictionary index, 80 columns, no debug tracebacks."""
    environment = dict(subprocess_env, SLANGTUTOR_LEXICON_DIR=str(lexicon_dir), COLUMNS="80")
    environment.pop("SLANGTUTOR_DEBUG", None)
    return environment


@pytest.fixture(scope="session")
def lexicon_dir(tmp_path_factory):
    """One CC-CEDICT index for the whole session (building it takes a few seconds)."""
    from slangtutor import dictionary

    folder = tmp_path_factory.mktemp("lexicon")
    dictionary.open_lexicon(folder)
    return folder


def stack_of(pid: int) -> str:
    """The Python stack of a child that stopped answering (py-spy, when installed): for the
    message of a terminal test that timed out."""
    import shutil
    import subprocess

    spy = shutil.which("py-spy")
    if not spy:
        return "(py-spy not installed)"
    result = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True,
                            timeout=30)
    return result.stdout[-3000:] + result.stderr[-500:]


def keyboard_signals() -> None:
    """preexec_fn for a child in a pseudo-terminal: Ctrl-C and Ctrl-\\ as a person's terminal
    has them. A test run started in the background (`cmd &` in a script) has SIGINT and SIGQUIT
    ignored, and an ignored signal stays ignored across exec, so the child would never see
    Ctrl-C."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
