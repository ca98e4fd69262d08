"""Whole-process benchmark of opslint against markdownlint-cli2 and pymarkdown, in one session.

Machines here are noisy, so every figure is paired: in each round every tool runs once, in
alternating order (A B C, C B A, ...), and each tool's time is divided by each peer's time
from the same round. Report the median of those ratios; absolute times are for this
machine only.

    python3 bench/run.py                   # from a fresh clone: everything, in one command
    python bench/run.py --setup            # peers into bench/.work/ (pip venv, npm folder)
    python bench/run.py                    # all cases; prints Markdown tables, saves JSON
    python bench/run.py --stages           # parse / extract (semantic model) / check stages
    python bench/run.py --cases single --rounds 20
    python bench/run.py --startup          # import costs and start-up phases of one-file check
    python bench/run.py --profile docs100  # cProfile of opslint in process: where time goes
    python bench/run.py --scaling          # opslint on one doc of 0.25-2 MB: linear or not

opslint is timed in several set-ups, each its own row: ``--no-cache`` (a first run in a
project: nothing in ``.opslint_cache/``; the installation's bytecode, dataclass methods and
compiled patterns are warm, as a user's are after their first run, opslint/pycache_table.py;
``jobs`` is "auto", so a large run uses one process per CPU), ``--jobs 1`` (the
same in one process), ``rules cached`` (the rules come from .opslint_cache/, every file is linted: a
pre-commit run after an edit), ``unchanged`` (every file's findings come from the cache: a
re-run) and ``via daemon`` (single case: rules
cached, served by ``opslint daemon start``, docs/daemon.md; its CPU and RSS columns are the
client's alone, the forked child's are not counted). Peak RSS comes from ``/usr/bin/time -f
%M`` around each run: the largest process, worker processes included (else from
``os.wait4``, which over-reports: a forked child inherits this process's RSS as its
high-water mark). Every tool runs with bytecode caching on (see ``bench_env``); opslint runs
from a snapshot of ``opslint/`` and ``rules/`` (``--live`` to time the tree as it is).
Results, the corpora and the peers live in ``bench/.work/``; docs/performance.md reports
them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"  # ignored by bench/.gitignore; opslint skips dot-folders too
CORPUS = WORK / "corpus"
PEERS = WORK / "peers"  # a venv for the PyPI peers
NPM = WORK / "npm"  # an npm folder for markdownlint-cli2
PEER_PINS = ["pymarkdownlnt==0.9.41", "mdformat==1.0.0"]  # the versions perf_baseline.md used
NPM_PINS = ["markdownlint-cli2@0.22.1"]  # markdownlint 0.40.0, as in perf_baseline.md
OPSLINT_BIN = Path(sys.executable).parent / "opslint"
MARKDOWNLINT = "markdownlint-cli2"
PYMARKDOWN = "pymarkdown"
PEER_NAMES = (MARKDOWNLINT, PYMARKDOWN)  # the ratio columns, in this order
JOBS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Case:
    rounds: int
    warmup: int
    cap: float  # seconds; a run over the cap is killed and the tool leaves the case
    slow: frozenset[str]  # tools expected to take minutes here: at most slow_runs runs
    slow_runs: int
    slow_cap: float  # the cap for those tools
    budget: float  # seconds; no new round starts if the last one would not fit any more
    opslint: tuple[str, ...]  # the opslint set-ups timed (see opslint_setups)


CASES = {
    "single": Case(rounds=10, warmup=2, cap=60, slow=frozenset(), slow_runs=10, slow_cap=60,
                   budget=180, opslint=("--no-cache", "rules cached", "unchanged", "daemon")),
    "docs100": Case(rounds=3, warmup=1, cap=300, slow=frozenset({PYMARKDOWN}), slow_runs=1,
                    slow_cap=300, budget=600, opslint=("--no-cache", "--jobs 1", "unchanged")),
    # pymarkdown took 529 s here in perf_baseline.md: one run, capped (a bound if killed).
    # One round: a 1,000-doc round takes minutes on a loaded 2-core machine; the corpus is
    # read into the page cache first (warm_files) and bytecode is warm from the other cases.
    "docs1000": Case(rounds=1, warmup=0, cap=900, slow=frozenset({PYMARKDOWN}), slow_runs=1,
                     slow_cap=300, budget=1200, opslint=("--no-cache", "--jobs 1", "unchanged")),
    # Every peer took over 580 s on this document in perf_baseline.md: one capped run each
    # (the ratio is then a bound, "< x (peer killed)").
    "large": Case(rounds=1, warmup=0, cap=300, slow=frozenset({MARKDOWNLINT, PYMARKDOWN,
                                                                "mdformat"}),
                  slow_runs=1, slow_cap=120, budget=600, opslint=("--no-cache",)),
}
DEFAULT_PEERS = PEER_NAMES  # mdformat only with --tools mdformat


@dataclass
class Tool:
    """A command to time, its environment, and what to do before the case and each run
    (outside the timer)."""

    name: str
    cmd: list[str]
    env: dict[str, str]
    before_case: Callable[[], None] | None = None
    before_run: Callable[[], None] | None = None
    cwd: Path | None = None
    after_case: Callable[[], None] | None = None


def _opslint_cache(label: str) -> Path:
    return WORK / "opslint-cache" / re.sub(r"[^a-z0-9]+", "-", label).strip("-")


def opslint_setups(target: Path, setups: tuple[str, ...]) -> list[Tool]:
    """The opslint rows of a case: one Tool per set-up named in Case.opslint."""
    base = [str(OPSLINT_BIN), "check", str(target), "--format", "concise"]
    tools: list[Tool] = []
    for setup in setups:
        if setup == "--no-cache":
            tools.append(Tool("opslint --no-cache", [*base, "--no-cache"], OPSLINT_ENV))
        elif setup == "daemon":
            tools.append(_daemon_setup(base, f"{target.name} {setup}"))
        elif setup.startswith("--jobs"):
            count = setup.split()[1] if " " in setup else str(JOBS)
            tools.append(Tool(f"opslint --jobs {count} --no-cache",
                              [*base, "--jobs", count, "--no-cache"], OPSLINT_ENV))
        else:
            folder = _opslint_cache(f"{target.name} {setup}")
            env = {**OPSLINT_ENV, "OPSLINT_CACHE_DIR": str(folder)}

            def fill(cmd: list[str] = base, env: dict[str, str] = env,
                     folder: Path = folder) -> None:
                shutil.rmtree(folder, ignore_errors=True)
                subprocess.run(cmd, capture_output=True, env=env, check=False)

            def forget_files(folder: Path = folder) -> None:  # keep the rules only
                for section in ("results", "docs"):
                    for version in folder.glob("v*"):
                        shutil.rmtree(version / section, ignore_errors=True)

            tools.append(Tool(f"opslint, {setup}", base, env, before_case=fill,
                              before_run=forget_files if setup == "rules cached" else None))
    return tools


def _daemon_setup(base: list[str], label: str) -> Tool:
    """``opslint check`` served by a resident daemon (docs/daemon.md), rules cached and the
    file's results not: a pre-commit run after an edit, with ``opslint daemon start`` done
    once beforehand. The daemon is started from the same opslint (snapshot) and
    environment as the timed client, and stopped after the case."""
    folder = _opslint_cache(label)
    runtime = WORK / "daemon"  # the daemon's private runtime folder (0700)
    env = {**OPSLINT_ENV, "OPSLINT_CACHE_DIR": str(folder), "OPSLINT_DAEMON_DIR": str(runtime)}

    def start() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        runtime.mkdir(mode=0o700, exist_ok=True)
        runtime.chmod(0o700)
        subprocess.run([str(OPSLINT_BIN), "daemon", "stop"], capture_output=True, env=env,
                       check=False)
        started = subprocess.run([str(OPSLINT_BIN), "daemon", "start"], capture_output=True,
                                 text=True, env=env, check=False)
        if started.returncode != 0:
            print(f"  opslint daemon did not start: {started.stderr.strip()}",
                  file=sys.stderr, flush=True)
        subprocess.run(base, capture_output=True, env=env, check=False)  # fills the rules

    def forget_files() -> None:
        for section in ("results", "docs"):
            for version in folder.glob("v*"):
                shutil.rmtree(version / section, ignore_errors=True)

    def stop() -> None:
        subprocess.run([str(OPSLINT_BIN), "daemon", "stop"], capture_output=True, env=env,
                       check=False)

    return Tool("opslint via daemon, rules cached", base, env, before_case=start,
                before_run=forget_files, after_case=stop)


def peer_tools(target: Path) -> list[Tool]:
    """The peers, with default rules, from the scratch venv and npm folder."""
    peer = PEERS / "bin"
    # markdownlint-cli2 takes globs; it prints findings on stderr.
    glob = str(target) if target.is_file() else f"{target}/**/*.md"
    return [
        Tool(MARKDOWNLINT, [str(NPM / "node_modules" / ".bin" / MARKDOWNLINT), glob], ENV,
             cwd=WORK),
        Tool(PYMARKDOWN, [str(peer / "pymarkdown"), "--enable-extensions",
                          "front-matter,markdown-tables", "scan", "-r", str(target)], ENV),
        Tool("mdformat", [str(peer / "mdformat"), "--check", str(target)], ENV),
    ]


@dataclass
class Run:
    seconds: float
    rss_mib: float
    code: int
    out_lines: int  # stdout and stderr: markdownlint-cli2 reports on stderr
    timed_out: bool = False
    cpu_seconds: float = 0.0  # user + system, worker processes included


@dataclass
class Result:
    tool: str
    runs: list[Run] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rounds a slow tool sat out


def bench_env(ambient: bool = False) -> dict[str, str]:
    """The environment of every timed child.

    Unless ``ambient``, bytecode caching is on and goes to one scratch folder for every
    tool: this container sets PYTHONDONTWRITEBYTECODE=1, which would make an editable
    opslint recompile its own modules on every run while the pip-installed peers load .pyc
    files. A user's pip-installed opslint has .pyc files too.
    """
    env = dict(os.environ)
    env.pop("OPSLINT_CACHE_DIR", None)
    if not ambient:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return env


ENV = bench_env()
OPSLINT_ENV = dict(ENV)  # plus PYTHONPATH of the snapshot, unless --live


def snapshot(patience: float) -> Path:
    """Freeze a copy of opslint/ and rules/ to time, so edits made meanwhile cannot leak in.

    A copy taken mid-edit may not run; retry every 20 s for ``patience`` seconds.
    """
    root = HERE.parent
    dest = WORK / "snapshot"
    OPSLINT_ENV["PYTHONPATH"] = str(dest)
    deadline = time.monotonic() + patience
    while True:
        if dest.exists():
            shutil.rmtree(dest)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in ("opslint", "rules"):
            shutil.copytree(root / name, dest / name, ignore=ignore)
        probe = subprocess.run([str(OPSLINT_BIN), "check", str(CORPUS / "single"), "--format",
                                "concise", "--no-cache"], capture_output=True, text=True,
                               env=OPSLINT_ENV)
        if probe.returncode in (0, 1):
            return dest
        if time.monotonic() > deadline:
            sys.exit(f"opslint does not run on the snapshot (exit {probe.returncode}); is the "
                     f"tree mid-edit?\n{probe.stderr[-1500:]}")
        print(f"snapshot does not run yet (exit {probe.returncode}); retrying in 20 s",
              file=sys.stderr, flush=True)
        time.sleep(20)


# /usr/bin/time is a small C program: the max RSS it reports is the tool's own (or that of
# its largest reaped descendant). A child forked from this Python process would inherit
# this process's RSS as its high-water mark.
TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd: list[str], cap: float, env: dict[str, str] | None = None,
             cwd: Path | None = None) -> Run:
    """Run a command to completion; output goes to pipes that are read and discarded."""
    rss_file = WORK / f"rss-{os.getpid()}.txt"
    rss_file.unlink(missing_ok=True)
    if TIME_BIN:
        cmd = [TIME_BIN, "-f", "%M %U %S", "-o", str(rss_file), *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env or ENV, cwd=cwd)
    lines = [0]

    def drain(stream: object) -> None:
        for chunk in iter(lambda: stream.read(65536), b""):  # type: ignore[attr-defined]
            lines[0] += chunk.count(b"\n")

    readers = [threading.Thread(target=drain, args=(proc.stdout,), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr,), daemon=True)]
    for reader in readers:
        reader.start()
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        # Kill the tool under time(1) first so that time still reports its peak RSS; the
        # group kill then takes care of anything left (time itself, grandchildren).
        if TIME_BIN:
            with contextlib.suppress(OSError, ValueError):
                children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text()
                for child in children.split():
                    os.kill(int(child), signal.SIGKILL)
                time.sleep(1)
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(cap, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:  # Ctrl-C or SIGTERM: take the running tool down with us
        timer.cancel()
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        raise
    elapsed = time.perf_counter() - start
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    for reader in readers:
        reader.join()
    rss_kib, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if TIME_BIN:
        with contextlib.suppress(OSError, ValueError, IndexError):
            rss, user, system = rss_file.read_text().split()[-3:]
            rss_kib, cpu = int(rss), float(user) + float(system)
        rss_file.unlink(missing_ok=True)
    # time(1) exits with the command's own status.
    return Run(elapsed, rss_kib / 1024, proc.returncode, lines[0], timed_out.is_set(), cpu)


def warm_files(target: Path) -> None:
    """Read the corpus once so every tool meets it in the page cache."""
    files = [target] if target.is_file() else sorted(target.rglob("*.md"))
    for path in files:
        path.read_bytes()


def run_case(name: str, case: Case, rounds: int | None, peers: list[str]) -> list[Result]:
    target = CORPUS / name
    tools = [*opslint_setups(target, case.opslint),
             *[t for t in peer_tools(target) if t.name in peers]]
    tools = [t for t in tools if Path(t.cmd[0]).exists()]
    warm_files(target)
    try:
        return _rounds(name, case, rounds, tools)
    finally:
        for tool in tools:
            if tool.after_case:
                tool.after_case()


def _rounds(name: str, case: Case, rounds: int | None, tools: list[Tool]) -> list[Result]:
    results = {tool.name: Result(tool.name) for tool in tools}
    by_name = {tool.name: tool for tool in tools}
    for tool in tools:
        if tool.before_case:
            tool.before_case()
        for _ in range(0 if tool.name in case.slow else case.warmup):
            _time(tool, case)
    active = list(by_name)
    began = time.perf_counter()
    last = 0.0
    for index in range(rounds or case.rounds):
        spent = time.perf_counter() - began
        if index >= 1 and not rounds and spent + last > case.budget:
            print(f"  [{name}] stopping after {index} rounds: time budget {case.budget:.0f} s",
                  file=sys.stderr, flush=True)
            break
        last = 0.0  # this round's time of the tools that run again in the next round
        order = active if index % 2 == 0 else active[::-1]
        for tool_name in order:
            result = results[tool_name]
            if tool_name in case.slow and len(result.runs) >= case.slow_runs:
                result.skipped.append(index)
                continue
            run = _time(by_name[tool_name], case)
            result.runs.append(run)
            if tool_name not in case.slow or len(result.runs) < case.slow_runs:
                last += run.seconds
            cap = _cap(case, tool_name)
            shown = f"> {cap:.0f} s (killed)" if run.timed_out else f"{run.seconds:.3f} s"
            print(f"  [{name} round {index + 1}] {tool_name}: {shown}, {run.rss_mib:.1f} MiB, "
                  f"exit {run.code}, {run.out_lines} lines", file=sys.stderr, flush=True)
        active = [t for t in active if not any(r.timed_out for r in results[t].runs)]
    return list(results.values())


def _time(tool: Tool, case: Case) -> Run:
    if tool.before_run:
        tool.before_run()
    return run_once(tool.cmd, _cap(case, tool.name), tool.env, tool.cwd)


def _cap(case: Case, tool: str) -> float:
    return case.slow_cap if tool in case.slow else case.cap


def _med(values: list[float]) -> str:
    return f"{statistics.median(values):.3g} ({min(values):.3g}-{max(values):.3g})"


def _wall(runs: list[Run]) -> str:
    done = [r.seconds for r in runs if not r.timed_out]
    if not done:
        return f"> {runs[0].seconds:.0f} s (killed, {len(runs)} run)"
    if max(done) < 1:
        low, mid, high = (x * 1000 for x in (min(done), statistics.median(done), max(done)))
        return f"{mid:.0f} ms ({low:.0f}-{high:.0f})"
    return f"{statistics.median(done):.2f} s ({min(done):.2f}-{max(done):.2f})"


def _by_round(result: Result) -> dict[int, Run]:
    rounds = [i for i in range(len(result.runs) + len(result.skipped)) if i not in result.skipped]
    return dict(zip(rounds, result.runs, strict=False))


def paired_ratios(tool: Result, peer: Result) -> list[float]:
    """tool ÷ peer, one ratio per round in which both ran and finished."""
    mine, theirs = _by_round(tool), _by_round(peer)
    return [mine[i].seconds / theirs[i].seconds for i in sorted(mine.keys() & theirs.keys())
            if not mine[i].timed_out and not theirs[i].timed_out]


def _cpu_ratio(tool: Result, peer: Result | None) -> str:
    """tool's CPU seconds ÷ the peer's, paired by round: less sensitive than wall time to a
    loaded machine (but not immune: caches and memory bandwidth are shared too)."""
    if peer is None or not peer.runs or tool.tool == peer.tool:
        return "1" if peer is not None and tool.tool == peer.tool else "-"
    mine, theirs = _by_round(tool), _by_round(peer)
    pairs = [mine[i].cpu_seconds / theirs[i].cpu_seconds for i in sorted(mine.keys() &
             theirs.keys()) if not mine[i].timed_out and not theirs[i].timed_out
             and theirs[i].cpu_seconds > 0]
    return _med(pairs) if pairs else "-"


def _ratio(tool: Result, peer: Result | None) -> str:
    if peer is None or not peer.runs:
        return "-"
    if tool.tool == peer.tool:
        return "1"
    pairs = paired_ratios(tool, peer)
    if pairs:
        return _med(pairs)
    done = [r.seconds for r in tool.runs if not r.timed_out]
    if all(r.timed_out for r in peer.runs) and done:  # a bound: the peer ran out of time
        return f"< {max(done) / peer.runs[0].seconds:.3g} (peer killed)"
    return "-"


def table(name: str, results: list[Result]) -> str:
    by_tool = {r.tool: r for r in results}
    peers = [p for p in PEER_NAMES if p in by_tool]
    rows = [f"### {name}", "",
            "| tool | runs | wall, median (min-max) | "
            + " | ".join(f"÷ {p}, paired median (min-max)" for p in peers)
            + " | CPU s, median | CPU ÷ markdownlint-cli2 CPU, paired | CPU s ÷ wall s | "
            "peak RSS MiB, median (max) | exit | output lines |",
            "|---|---:|---:|" + "---:|" * len(peers) + "---:|---:|---:|---:|---:|---:|"]
    for result in results:
        runs = result.runs
        if not runs:
            continue
        ratios = " | ".join(_ratio(result, by_tool.get(p)) for p in peers)
        rss = [r.rss_mib for r in runs]
        codes = sorted({r.code for r in runs if not r.timed_out}) or ["killed"]
        peak = f"{statistics.median(rss):.1f} ({max(rss):.1f})"
        if all(r.timed_out for r in runs):
            peak = f">= {max(rss):.1f} when killed"
        done = [r for r in runs if not r.timed_out and r.seconds > 0]
        busy = f"{statistics.median(r.cpu_seconds / r.seconds for r in done):.2f}" if done \
            else "-"
        cpu = f"{statistics.median(r.cpu_seconds for r in done):.3g}" if done else "-"
        cpu_ratio = _cpu_ratio(result, by_tool.get(MARKDOWNLINT))
        rows.append(f"| {result.tool} | {len(runs)} | {_wall(runs)} | {ratios} | {cpu} | "
                    f"{cpu_ratio} | {busy} | "
                    f"{peak} | {','.join(map(str, codes))} | {runs[-1].out_lines} |")
    return "\n".join(rows) + "\n"


def linearity(cases: dict[str, list[Result]], corpus: dict[str, dict[str, int]]) -> str:
    """Seconds per MB and per doc of each tool across the cases: linear growth keeps them flat."""
    names = [n for n in ("docs100", "docs1000", "large") if n in cases]
    if len(names) < 2:
        return ""
    tools = [r.tool for r in cases[names[0]] if all(
        any(x.tool == r.tool for x in cases[n]) for n in names)]
    rows = ["### Growth: seconds per MB (median wall ÷ corpus MB)", "",
            "| tool | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for tool in tools:
        cells = []
        for n in names:
            runs = [r.seconds for r in next(x for x in cases[n] if x.tool == tool).runs
                    if not r.timed_out]
            cells.append(f"{statistics.median(runs) / (corpus[n]['bytes'] / 1e6):.2f}"
                         if runs else "killed")
        rows.append(f"| {tool} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def _version(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env or ENV,
                             cwd=WORK)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[0] if (
        out.stdout.strip() or out.stderr.strip()) else "?"


def machine() -> dict[str, str]:
    cpu = mem = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    info = {"cpu": f"{os.cpu_count()} x {cpu} ({JOBS} usable)", "memory": mem,
            "os": platform.platform(), "python": platform.python_version(),
            "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    info["opslint"] = _version([str(OPSLINT_BIN), "--version"], OPSLINT_ENV)
    info[MARKDOWNLINT] = _version([str(NPM / "node_modules" / ".bin" / MARKDOWNLINT)])
    info["node"] = _version(["node", "--version"])
    info[PYMARKDOWN] = _version([str(PEERS / "bin" / "pymarkdown"), "version"])
    info["mdformat"] = _version([str(PEERS / "bin" / "mdformat"), "--version"])
    rules = subprocess.run([str(OPSLINT_BIN), "rules", "--format", "json"], capture_output=True,
                           text=True, env={**OPSLINT_ENV, "OPSLINT_CACHE_DIR": str(
                               WORK / "opslint-cache" / "rules-list")})
    try:
        info["opslint rules loaded"] = str(len(json.loads(rules.stdout)))
    except ValueError:
        info["opslint rules loaded"] = "?"
    info["opslint code"] = OPSLINT_ENV.get("PYTHONPATH", str(HERE.parent)) + " (snapshot)" \
        if "PYTHONPATH" in OPSLINT_ENV else str(HERE.parent)
    return info


def setup() -> int:
    """Install the peers at pinned versions: pymarkdown (and mdformat) into a scratch venv
    through pip, markdownlint-cli2 into a scratch npm folder; then generate the corpora."""
    if not (PEERS / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, *PEER_PINS], check=True)
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: install Node.js (20 or later) for markdownlint-cli2",
              file=sys.stderr)
        return 1
    NPM.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(NPM), "--save-exact", "--no-audit",
                    "--no-fund", *NPM_PINS], check=True)
    ensure_corpus()
    # First runs compile bytecode and warm node's caches; do them now, untimed.
    for tool in peer_tools(CORPUS / "single"):
        subprocess.run(tool.cmd, capture_output=True, check=False, env=ENV, cwd=tool.cwd)
    subprocess.run([str(OPSLINT_BIN), "check", str(CORPUS / "single"), "--no-cache"],
                   capture_output=True, check=False, env=ENV)
    print(json.dumps(machine(), indent=2, ensure_ascii=False))
    return 0


def ensure_corpus() -> None:
    """Generate the corpora unless they exist and came from the current generate.py."""
    sys.path.insert(0, str(HERE))
    import generate

    marker = CORPUS / "corpus.json"
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]
    if marker.exists() and json.loads(marker.read_text("utf-8")).get("generator") == digest:
        return
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    stats = generate.standard(CORPUS)
    marker.write_text(json.dumps({"generator": digest, **stats}, indent=2), encoding="utf-8")


# --- start-up: import costs and phases of a one-file check ---------------------------------

IMPORTS = {
    "pass": "pass",
    "import opslint.cli": "import opslint.cli",
    "import click": "import click",
    "from pydantic import BaseModel": "from pydantic import BaseModel",
    "import opslint.config (a dataclass: no pydantic)": "import opslint.config",
    "import opslint.engine.registry (pydantic rule models)": "import opslint.engine.registry",
    "from markdown_it import MarkdownIt": "from markdown_it import MarkdownIt",
    "import opslint.facts.semantic (every fact reader)": "import opslint.facts.semantic",
    "import opslint.checks.kinds (parameter models)": "import opslint.checks.kinds",
}

# One file's check in a fresh interpreter, phase by phase. argv: file, mode, cache folder.
# mode "yaml": nothing cached; "rules": rules from the cache, the file linted; "hit": the
# file's findings from the cache too (the rules are then never loaded).
PHASES = r"""
import sys, time, json
t = [time.perf_counter()]
from pathlib import Path
import opslint.cli as cli
t.append(time.perf_counter())
from opslint.config import find_config, load_config
path, mode, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
config = load_config(find_config(path.parent))
t.append(time.perf_counter())
from opslint.cache import Cache
from opslint.docsets import check_paths
from opslint.lint import Bundle
cache = None if mode == "yaml" else Cache(folder)
bundle = Bundle.lazy([config.base / p for p in config.rule_paths], cache=cache)
if mode != "hit":
    bundle.rules
t.append(time.perf_counter())
result = check_paths([path], config, bundle, cache=cache if mode == "hit" else None)
t.append(time.perf_counter())
from opslint.reporters import render
text = render(cli.Report(result.findings, [str(path)], False, "concise"))
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
"""
PHASE_NAMES = ["import opslint.cli (click)",
               "config: find (pydantic only to validate a config file)",
               "rules: load (YAML + pydantic, or unpickle from the cache)",
               "check one 10 KB file: read, parse, extract, check (or cached findings)",
               "render (concise)"]
PHASE_MODES = {"yaml": "nothing cached (`--no-cache`)",
               "rules": "rules cached, file linted (pre-commit after an edit)",
               "hit": "file's findings cached (re-run on an unchanged file)"}


def _importtime(args: list[str], env: dict[str, str] | None = None
                ) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs) from one ``-X importtime`` run."""
    err = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                         text=True, env=env or OPSLINT_ENV, cwd=WORK).stderr
    found = {}
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if m:
            found[m.group(4)] = (int(m.group(1)), int(m.group(2)))
    return found


def startup(repeats: int) -> int:
    ensure_corpus()
    single = CORPUS / "single" / next(p.name for p in (CORPUS / "single").glob("*.md"))
    print("### Whole-process import cost, paired with `python -c pass`\n")
    print("| statement | wall ms, median (min-max) | ÷ `python -c pass`, paired | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    base = [sys.executable, "-c", "pass"]
    for label, stmt in IMPORTS.items():
        cmd = [sys.executable, "-c", stmt]
        env = OPSLINT_ENV if "opslint" in stmt else ENV
        run_once(cmd, 60, env)
        pairs, walls, rss = [], [], []
        for _ in range(repeats):
            floor, run = run_once(base, 60), run_once(cmd, 60, env)
            pairs.append(run.seconds / floor.seconds)
            walls.append(run.seconds * 1000)
            rss.append(run.rss_mib)
        print(f"| `{label}` | {_med(walls)} | {_med(pairs)} | {statistics.median(rss):.1f} |")

    folder = WORK / "opslint-cache" / "startup"
    shutil.rmtree(folder, ignore_errors=True)
    for mode in ("rules", "hit"):  # fill the cache
        subprocess.run([sys.executable, "-c", PHASES, str(single), mode, str(folder)],
                       capture_output=True, env=OPSLINT_ENV, check=False)
    samples: dict[str, list[list[float]]] = {mode: [] for mode in PHASE_MODES}
    for _ in range(repeats):
        for mode in PHASE_MODES:
            out = subprocess.run([sys.executable, "-c", PHASES, str(single), mode, str(folder)],
                                 capture_output=True, text=True, env=OPSLINT_ENV)
            if out.returncode:
                print(f"phase script failed (internal API changed?):\n{out.stderr[-2000:]}")
                return 1
            samples[mode].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"\n### Phases of a one-file check in a fresh interpreter (ms, median of {repeats}; "
          "the modes alternate)\n")
    print("| phase | " + " | ".join(PHASE_MODES.values()) + " |")
    print("|---|" + "---:|" * len(PHASE_MODES))
    for i, name in enumerate(PHASE_NAMES):
        cells = [_med([s[i] * 1000 for s in samples[mode]]) for mode in PHASE_MODES]
        print(f"| {name} | " + " | ".join(cells) + " |")
    totals = [_med([sum(s) * 1000 for s in samples[mode]]) for mode in PHASE_MODES]
    print("| **total after interpreter start** | " + " | ".join(totals) + " |")

    check = ["-m", "opslint", "check", str(single), "--format", "concise"]
    warm_env = {**OPSLINT_ENV, "OPSLINT_CACHE_DIR": str(folder / "cli")}
    subprocess.run([sys.executable, *check], capture_output=True, env=warm_env, check=False)
    for title, args, env in [
            ("`python -X importtime -c 'import opslint.cli'`", ["-c", "import opslint.cli"],
             OPSLINT_ENV),
            (f"`python -X importtime -m opslint check {single.name} --format concise "
             "--no-cache`", [*check, "--no-cache"], OPSLINT_ENV),
            (f"`python -X importtime -m opslint check {single.name} --format concise`, "
             "the file's findings cached", check, warm_env)]:
        runs = [_importtime(args, env) for _ in range(repeats)]
        modules = set.intersection(*(set(r) for r in runs))
        cumulative = {m: statistics.median(r[m][1] for r in runs) for m in modules}
        own = {m: statistics.median(r[m][0] for r in runs) for m in modules}
        packages: dict[str, float] = {}
        for module, micro in own.items():
            key = ".".join(module.split(".")[:2]) if module.startswith("opslint.") else \
                module.split(".")[0]
            packages[key] = packages.get(key, 0) + micro
        print(f"\n### {title} (median of {repeats}; instrumented, rank only)\n")
        print(f"{len(modules)} modules, {sum(own.values()) / 1000:.0f} ms of import time in "
              "total. Top packages (opslint by subpackage) by summed self time:\n")
        print("| package | self ms | modules |\n|---|---:|---:|")
        for pkg, micro in sorted(packages.items(), key=lambda kv: -kv[1])[:12]:
            count = sum(1 for m in modules if m == pkg or m.startswith(pkg + "."))
            print(f"| {pkg} | {micro / 1000:.1f} | {count} |")
        print("\nTop modules by self time:\n")
        print("| module | self ms | cumulative ms |\n|---|---:|---:|")
        for module in sorted(own, key=lambda m: -own[m])[:10]:
            print(f"| {module} | {own[module] / 1000:.1f} | {cumulative[module] / 1000:.1f} |")
        loaded = sorted({m.split(".")[0] for m in modules} & {"rich", "mistune", "pydantic",
                                                                "markdown_it", "yaml", "click"})
        print(f"\nHeavy packages loaded: {', '.join(loaded) or 'none'}")
    return 0



# --- stages: the extract stage (semantic model) against the check stage --------------------

# In a fresh interpreter, on one case: read + parse every document, then either build the
# semantic model eagerly (every document's facts) and run the checks, or run the checks on a
# lazy model (facts extracted when a check first asks). argv: case folder, mode, repeats.
STAGES_SCRIPT = r"""
import gc, json, sys, time
from pathlib import Path
from opslint.config import Config
from opslint.lint import Bundle, _run, extract_model, read_documents
target, repeats = Path(sys.argv[1]), int(sys.argv[2])
config = Config()
bundle = Bundle.load()
out = {"parse": [], "extract": [], "check after extract": [], "lazy: extract + check": []}
for round in range(repeats + 1):  # round 0 warms up (imports, compiled patterns)
    for mode in ("eager", "lazy"):
        gc.collect()
        t0 = time.perf_counter()
        docs = read_documents([target], config, bundle)
        t1 = time.perf_counter()
        model = extract_model(docs.targets, docs.context, bundle)
        if mode == "eager":
            model.all_facts()
        t2 = time.perf_counter()
        _run(model, docs.targets, config, bundle, config.lang)
        t3 = time.perf_counter()
        del docs, model
        if round == 0:
            continue
        out["parse"].append(t1 - t0)
        if mode == "eager":
            out["extract"].append(t2 - t1)
            out["check after extract"].append(t3 - t2)
        else:
            out["lazy: extract + check"].append(t3 - t1)
print(json.dumps(out))
"""


def stages(cases: list[str], repeats: int) -> str:
    """A Markdown table: median seconds of each stage per case (issue 8: building the model
    costs no more than lazy extraction)."""
    rows = ["### Stages in process: parse, extract (the semantic model), check", "",
            f"Median of {repeats} after a warm-up round (eager and lazy alternate in one "
            "interpreter; rules loaded once, untimed). *extract* builds every document's facts "
            "(`extract_model(...).all_facts()`); *check* then runs the rules on that model; "
            "*lazy* runs the rules on a fresh model that extracts facts when a check first "
            "asks.", "",
            "| case | parse s | extract s | check after extract s | extract + check s | "
            "lazy: extract + check s | eager ÷ lazy |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for case in cases:
        out = subprocess.run([sys.executable, "-c", STAGES_SCRIPT, str(CORPUS / case),
                              str(repeats)], capture_output=True, text=True, env=OPSLINT_ENV)
        if out.returncode:
            rows.append(f"| {case} | failed: {out.stderr.strip().splitlines()[-1][:80]} |")
            continue
        got = json.loads(out.stdout.strip().splitlines()[-1])
        med = {k: statistics.median(v) for k, v in got.items()}
        eager = med["extract"] + med["check after extract"]
        rows.append(f"| {case} | {med['parse']:.3f} | {med['extract']:.3f} | "
                    f"{med['check after extract']:.3f} | {eager:.3f} | "
                    f"{med['lazy: extract + check']:.3f} | "
                    f"{eager / med['lazy: extract + check']:.2f} |")
    return "\n".join(rows) + "\n"

# --- scaling: is opslint's time linear in document size? ------------------------------------

SCALING_KB = (250, 500, 1000, 2000)


def scaling(cap: float) -> int:
    """One operation design per size, shaped like the large case; one run of opslint each."""
    sys.path.insert(0, str(HERE))
    import generate

    _, _, kind, seed = generate.STANDARD["large"]
    print("### Scaling: one operation design doc, growing (1 run each)\n")
    print("| size | lines | opslint wall | s per MB | peak RSS MiB | findings lines |")
    print("|---:|---:|---:|---:|---:|---:|")
    for kb in SCALING_KB:
        folder = WORK / "corpus-scaling" / f"{kb}kb"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "17_Operation_Design.md"
        if not path.exists():
            path.write_text(generate.make_doc(kind, f"{seed}:0", kb * 1000), encoding="utf-8",
                            newline="\n")
        size = path.stat().st_size
        cmd = [str(OPSLINT_BIN), "check", str(path), "--format", "concise", "--no-cache"]
        run = run_once(cmd, cap, OPSLINT_ENV)
        wall = f"> {cap:.0f} s (killed)" if run.timed_out else f"{run.seconds:.2f} s"
        per_mb = "-" if run.timed_out else f"{run.seconds / (size / 1e6):.2f}"
        lines = path.read_text(encoding="utf-8").count("\n")
        print(f"| {size / 1e6:.2f} MB | {lines:,} | {wall} | {per_mb} | {run.rss_mib:.0f} | "
              f"{run.out_lines} |", flush=True)
        if run.timed_out:
            break
    return 0


# --- in-process profile ---------------------------------------------------------------------

STAGES = [  # (file suffix, function): the pipeline stages worth a line of their own
    ("opslint/cli.py", "_load"), ("opslint/config.py", "load_config"),
    ("opslint/lint.py", "load"), ("opslint/engine/registry.py", "load_rules"),
    ("opslint/engine/vocab.py", "load_vocab"), ("opslint/engine/outlines.py", "load_outlines"),
    ("opslint/lint.py", "check_paths"), ("opslint/lint.py", "read"),
    ("opslint/lint.py", "lint"), ("opslint/document/load.py", "load_file"),
    ("opslint/document/parse.py", "parse_document"), ("markdown_it/main.py", "parse"),
    ("opslint/document/parse.py", "run"), ("opslint/document/kinds.py", "detect_kind"),
    ("opslint/lint.py", "_context_documents"), ("opslint/engine/run.py", "run_rules"),
    ("opslint/engine/suppress.py", "parse_directives"), ("opslint/reporters/__init__.py", "render"),
    ("opslint/document/parse.py", "_load_front_matter"), ("yaml/__init__.py", "load"),
]


def profile(case: str, top: int) -> int:
    import cProfile
    import io
    import pstats

    if "PYTHONPATH" in OPSLINT_ENV:
        sys.path.insert(0, OPSLINT_ENV["PYTHONPATH"])
    import opslint.cli

    print(f"(opslint from {Path(opslint.cli.__file__).parent})", file=sys.stderr)
    target = CORPUS / case
    warm_files(target)
    unprofiled = _unprofiled(target)
    profiler = cProfile.Profile()
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        profiler.enable()
        with contextlib.suppress(SystemExit):
            opslint.cli.main(["check", str(target), "--format", "concise", "--no-cache",
                              "--jobs", "1"])
        profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in raw.values())
    print(f"### In-process profile of `opslint check {case}` (cProfile)\n")
    print(f"Wall time under the profiler: {wall:.2f} s (profiled total {total:.2f} s); "
          "cProfile inflates Python-heavy code, so read shares, not seconds.\n")
    print("Without the profiler, in the same process: " + unprofiled + "\n")
    print("| stage | calls | cumulative s | share |\n|---|---:|---:|---:|")
    for suffix, func in STAGES:
        for (path, _, name), (_, calls, _, cum, _) in raw.items():
            if name == func and path.replace(os.sep, "/").endswith(suffix):
                print(f"| `{suffix}:{func}` | {calls} | {cum:.3f} | {cum / total:.0%} |")
                break
    packages: dict[str, float] = {}
    for (path, _, _), (_, _, own, _, _) in raw.items():
        name = _short(path).split("/")[0].removesuffix(".py")
        packages[name] = packages.get(name, 0.0) + own
    print("\nOwn time by package:\n")
    print("| package | own s | share |\n|---|---:|---:|")
    for name, own in sorted(packages.items(), key=lambda kv: -kv[1])[:10]:
        print(f"| {name} | {own:.3f} | {own / total:.0%} |")
    for key, title in [("tottime", "own time"), ("cumulative", "cumulative time")]:
        print(f"\nTop {top} functions by {title}:\n")
        print("| function | calls | own s | cumulative s |\n|---|---:|---:|---:|")
        for (path, line, name), (_, calls, own, cum, _) in sorted(
                raw.items(), key=lambda kv: -kv[1][2 if key == "tottime" else 3])[:top]:
            where = _short(path)
            print(f"| `{where}:{line}({name})` | {calls} | {own:.3f} | {cum:.3f} |")
    return 0


def _unprofiled(target: Path) -> str:
    """Plain timings of the whole check and of markdown-it-py parsing alone, for scale."""
    import io

    import opslint.cli
    from opslint.document import parse

    files = [target] if target.is_file() else sorted(target.rglob("*.md"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    size = sum(len(t.encode()) for t in texts)
    md = parse._parser() if hasattr(parse, "_parser") else None
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        opslint.cli.main(["check", str(target), "--format", "concise", "--no-cache",
                          "--jobs", "1"])
    whole = time.perf_counter() - start
    if md is None:
        return f"whole check {whole:.2f} s."
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    alone = time.perf_counter() - start
    return (f"whole check {whole:.2f} s (first call; includes loading the rules); "
            f"markdown-it-py parse alone with opslint's parser set-up {alone:.2f} s "
            f"= {size / alone / 1e6:.2f} MB/s over {size:,} bytes, "
            f"{alone / whole:.0%} of the check.")


def _short(path: str) -> str:
    if path == "~":
        return "C built-ins"
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    if "/opslint/" in path:
        return "opslint/" + path.rsplit("/opslint/", 1)[1]
    m = re.search(r"/lib/python3\.\d+/(.*)", path)
    return f"stdlib/{m.group(1)}" if m else path


def report(path: Path) -> int:
    """The tables of a saved run (``--json``, or bench/.work/results-*.json)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    timed = {name: [Result(r["tool"], [Run(**run) for run in r["runs"]], r["skipped"])
                    for r in results] for name, results in raw["cases"].items()}
    print("\n".join(f"- **{k}**: {v}" for k, v in raw["machine"].items()) + "\n")
    for name, results in timed.items():
        print(table(name, results))
    print(linearity(timed, raw["corpus"]))
    return 0


def _ensure_opslint(argv: list[str]) -> None:
    """Run under an interpreter that has opslint: from a fresh clone, install this checkout
    (editable) into bench/.work/venv and start again there."""
    if OPSLINT_BIN.exists():
        return
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    script = venv / "bin" / "opslint"
    project = HERE.parent / "pyproject.toml"
    if not script.exists() or script.stat().st_mtime < project.stat().st_mtime:
        # (again when pyproject.toml changed: the console script names the entry point)
        print(f"opslint is not installed beside {sys.executable}: installing this checkout "
              f"into {venv}", file=sys.stderr, flush=True)
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                        "-q", "-e", str(HERE.parent)], check=True)
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *argv])


def main(argv: list[str] | None = None) -> int:
    _ensure_opslint(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="install the peers, then exit")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--tools", default=",".join(DEFAULT_PEERS),
                        help="comma-separated peers to time beside opslint (default: "
                        f"{','.join(DEFAULT_PEERS)}; also: mdformat)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds per case, ignoring the per-case time budget")
    parser.add_argument("--json", type=Path, default=None, help="write raw runs here")
    parser.add_argument("--startup", action="store_true",
                        help="import costs and start-up phases, then exit")
    parser.add_argument("--profile", nargs="?", const="docs100", default=None, metavar="CASE",
                        help="cProfile opslint in process on CASE (default docs100), then exit")
    parser.add_argument("--scaling", action="store_true",
                        help="time opslint on one growing doc (0.25-2 MB), then exit")
    parser.add_argument("--stages", nargs="?", const="single,docs100", default=None,
                        metavar="CASES", help="in process: parse, extract (the semantic "
                        "model) and check stages on CASES (default single,docs100), then exit")
    parser.add_argument("--live", action="store_true",
                        help="time the working tree as it is, not a frozen copy of it")
    parser.add_argument("--patience", type=float, default=600,
                        help="seconds to wait for a working tree that runs (default 600)")
    parser.add_argument("--report", type=Path, default=None, metavar="JSON",
                        help="print the tables again from a saved run, then exit")
    parser.add_argument("--no-stages", action="store_true",
                        help="skip the stage timings that end a full run")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=9, help="repeats for --startup")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run finally/except blocks
    if args.setup:
        return setup()
    if args.report:
        return report(args.report)
    ensure_corpus()
    if not args.live:
        snapshot(args.patience)
    if args.startup:
        return startup(args.repeats)
    if args.profile:
        return profile(args.profile, args.top)
    if args.scaling:
        return scaling(300)
    if args.stages:
        print(stages(args.stages.split(","), args.repeats))
        return 0
    missing = [str(p) for p in (PEERS / "bin" / "pymarkdown",
                                NPM / "node_modules" / ".bin" / MARKDOWNLINT) if not p.exists()]
    if missing:  # one command from a fresh clone: install the peers first
        print(f"peers not installed ({', '.join(missing)}): installing them", file=sys.stderr)
        if setup():
            return 2
    info = machine()
    print("## opslint benchmark\n")
    print("\n".join(f"- **{k}**: {v}" for k, v in info.items()))
    corpus = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    corpus.pop("generator", None)
    print("\n| case | docs | bytes | lines | headings | table rows | fences |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in corpus.items():
        print(f"| {name} | {s['docs']} | {s['bytes']:,} | {s['lines']:,} | {s['headings']:,} | "
              f"{s['table_rows']:,} | {s['fences']:,} |")
    print()
    raw: dict[str, object] = {"machine": info, "corpus": corpus, "cases": {}}
    peers = args.tools.split(",") if args.tools else []
    began = time.perf_counter()
    timed: dict[str, list[Result]] = {}
    for name in args.cases.split(","):
        timed[name] = run_case(name, CASES[name], args.rounds, peers)
        print(table(name, timed[name]), flush=True)
        raw["cases"][name] = [asdict(r) for r in timed[name]]  # type: ignore[index]
    print(linearity(timed, corpus))
    if not args.no_stages:
        print(stages([c for c in ("single", "docs100") if c in timed], 3), flush=True)
    print(f"_Total bench time {time.perf_counter() - began:.0f} s; load average at end "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}._")
    out = args.json or WORK / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nRaw runs: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
