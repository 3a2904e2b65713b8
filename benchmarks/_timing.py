"""Side-by-side wall-time measurement shared by the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE_APP = '''
import typer
from rich.console import Console

app = typer.Typer()


@app.command()
def main(word: str) -> None:
    Console().print(f"[bold]{word}[/bold]")


app()
'''


def baseline_command(workdir: Path) -> list[str]:
    """A minimal Typer app that prints one rich line, in this same interpreter."""
    script = workdir / "baseline_app.py"
    script.write_text(BASELINE_APP)
    return [sys.executable, str(script), "yyds"]


def slangtutor_command(*args: str) -> list[str]:
    """The installed console script when there is one, else python -m slangtutor."""
    script = Path(sys.executable).with_name("slangtutor")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "slangtutor", *args]


def time_once(command: list[str], env: dict, stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, input=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def ensure_bytecode() -> None:
    """Compile slangtutor's modules, as pip does when it installs a wheel. An editable install
    under PYTHONDONTWRITEBYTECODE=1 (set on this project's machines) would otherwise compile
    every module from source on every run, which users never pay; typer and rich, the
    baseline's packages, are installed with their bytecode."""
    import compileall

    import slangtutor

    compileall.compile_dir(Path(slangtutor.__file__).parent, quiet=1)


def compare(named: dict[str, tuple[list[str], dict]], rounds: int) -> dict[str, float]:
    """Median wall time of each command, run interleaved so machine noise hits all alike.
    An environment may be a function returning one, called before each run (a fresh home)."""
    ensure_bytecode()
    times: dict[str, list[float]] = {name: [] for name in named}

    def env_of(env):
        return env() if callable(env) else env

    for name, (command, env) in named.items():
        time_once(command, env_of(env))  # warm the OS file cache and slangtutor's own cache
    for _ in range(rounds):
        for name, (command, env) in named.items():
            times[name].append(time_once(command, env_of(env)))
    return {name: statistics.median(values) for name, values in times.items()}


def report(medians: dict[str, float], baseline: str, budgets: dict[str, float]) -> bool:
    base = medians[baseline]
    ok = True
    print(f"{'command':<44} {'median s':>9} {'ratio':>7} {'budget':>7}")
    for name, value in medians.items():
        ratio = value / base
        budget = budgets.get(name)
        mark = ""
        if budget is not None:
            mark = "ok" if ratio <= budget else "OVER"
            ok &= ratio <= budget
        budget_text = f"{budget:.2f}x" if budget else ""
        print(f"{name:<44} {value:9.3f} {ratio:6.2f}x {budget_text:>7} {mark}")
    return ok


def scratch_env(home: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env["SLANGTUTOR_HOME"] = str(home)
    env.pop("SLANGTUTOR_DATA", None)
    env.update(extra)
    return env


def tempdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="slangtutor-bench-"))
