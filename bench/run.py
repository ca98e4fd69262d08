"""Whole-process benchmark of opslint against peers installed from PyPI, run in the same session.

Machines here are noisy, so every figure is paired: in each round every tool runs once, in
alternating order (A B C, C B A, ...), and opslint's time is divided by each peer's time from
the same round. Report the median of those ratios; absolute times are for this machine only.

    python bench/run.py --setup            # scratch venv with the peers (never the project's deps)
    python bench/run.py                    # all cases; prints Markdown tables, saves JSON
    python bench/run.py --cases single --rounds 20 --tools mdformat
    python bench/run.py --startup          # import costs and start-up phases of one-file check
    python bench/run.py --profile docs100  # cProfile of opslint in process: where time goes
    python bench/run.py --scaling          # opslint on one doc of 0.25-2 MB: linear or not

Peak RSS comes from ``/usr/bin/time -f %M`` around each run (else from ``os.wait4``, which
over-reports: a forked child inherits this process's RSS as its high-water mark). Every
tool runs with bytecode caching on (see ``bench_env``); opslint runs from a snapshot of
``opslint/`` and ``rules/`` (``--live`` to time the tree as it is). Results and the
scratch venv live in ``bench/.work/``; docs/performance.md reports them.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"  # ignored by bench/.gitignore; opslint skips dot-folders too
CORPUS = WORK / "corpus"
PEERS = WORK / "peers"
PEER_PINS = ["pymarkdownlnt==0.9.41", "mdformat==1.0.0"]  # the versions perf_baseline.md used
OPSLINT_BIN = Path(sys.executable).parent / "opslint"


@dataclass(frozen=True)
class Case:
    rounds: int
    warmup: int
    cap: float  # seconds; a run over the cap is killed and the tool leaves the case
    slow_runs: int  # at most this many runs for tools expected to take minutes (pymarkdown)
    slow_cap: float  # the cap for those tools
    budget: float  # seconds; no new round starts if the last one would not fit any more


CASES = {
    "single": Case(rounds=10, warmup=2, cap=60, slow_runs=10, slow_cap=60, budget=120),
    "docs100": Case(rounds=5, warmup=0, cap=300, slow_runs=3, slow_cap=240, budget=420),
    "large": Case(rounds=3, warmup=0, cap=300, slow_runs=1, slow_cap=90, budget=240),
}
SLOW = {"pymarkdown"}


def tools(target: Path) -> dict[str, list[str]]:
    """Commands per tool; the target is a file or a folder of the corpus."""
    peer = PEERS / "bin"
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "opslint": [str(OPSLINT_BIN), "check", str(target), "--format", "concise"],
        "pymarkdown": [str(peer / "pymarkdown"), "--enable-extensions",
                       "front-matter,markdown-tables", "scan", "-r", str(target)],
        "mdformat": [str(peer / "mdformat"), "--check", str(target)],
    }


@dataclass
class Run:
    seconds: float
    rss_mib: float
    code: int
    out_lines: int
    timed_out: bool = False


@dataclass
class Result:
    tool: str
    runs: list[Run] = field(default_factory=list)


def bench_env(ambient: bool = False) -> dict[str, str]:
    """The environment of every timed child.

    Unless ``ambient``, bytecode caching is on and goes to one scratch folder for every
    tool: this container sets PYTHONDONTWRITEBYTECODE=1, which would make an editable
    opslint recompile its own modules on every run while the pip-installed peers load .pyc
    files. A user's pip-installed opslint has .pyc files too.
    """
    env = dict(os.environ)
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
                                "concise"], capture_output=True, text=True, env=OPSLINT_ENV)
        if probe.returncode in (0, 1):
            return dest
        if time.monotonic() > deadline:
            sys.exit(f"opslint does not run on the snapshot (exit {probe.returncode}); is the "
                     f"tree mid-edit?\n{probe.stderr[-1500:]}")
        print(f"snapshot does not run yet (exit {probe.returncode}); retrying in 20 s",
              file=sys.stderr, flush=True)
        time.sleep(20)


# /usr/bin/time is a small C program: the max RSS it reports is the tool's own. A child
# forked from this Python process would inherit this process's RSS as its high-water mark.
TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd: list[str], cap: float, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; output goes to a pipe that is read and discarded."""
    rss_file = WORK / f"rss-{os.getpid()}.txt"
    rss_file.unlink(missing_ok=True)
    if TIME_BIN:
        cmd = [TIME_BIN, "-f", "%M", "-o", str(rss_file), *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env or ENV)
    lines = [0]

    def drain(stream: object, count: bool) -> None:
        for chunk in iter(lambda: stream.read(65536), b""):  # type: ignore[attr-defined]
            if count:
                lines[0] += chunk.count(b"\n")

    readers = [threading.Thread(target=drain, args=(proc.stdout, True), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr, False), daemon=True)]
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
    rss_kib = usage.ru_maxrss
    if TIME_BIN:
        with contextlib.suppress(OSError, ValueError, IndexError):
            rss_kib = int(rss_file.read_text().split()[-1])
        rss_file.unlink(missing_ok=True)
    # time(1) exits with the command's own status.
    return Run(elapsed, rss_kib / 1024, proc.returncode, lines[0], timed_out.is_set())


def warm_files(target: Path) -> None:
    """Read the corpus once so every tool meets it in the page cache."""
    files = [target] if target.is_file() else sorted(target.rglob("*.md"))
    for path in files:
        path.read_bytes()


def run_case(name: str, case: Case, rounds: int | None, only: list[str] | None) -> list[Result]:
    target = CORPUS / name
    commands = tools(target)
    if only:
        commands = {k: v for k, v in commands.items() if k in only or k == "opslint"}
    commands = {k: v for k, v in commands.items() if Path(v[0]).exists()}
    warm_files(target)
    results = {tool: Result(tool) for tool in commands}
    active = list(commands)
    for tool in active:
        for _ in range(case.warmup):
            run_once(commands[tool], _cap(case, tool), _env(tool))
    began = time.perf_counter()
    last = 0.0
    for index in range(rounds or case.rounds):
        spent = time.perf_counter() - began
        if index >= 1 and not rounds and spent + last > case.budget:
            print(f"  [{name}] stopping after {index} rounds: time budget {case.budget:.0f} s",
                  file=sys.stderr, flush=True)
            break
        start_round = time.perf_counter()
        order = active if index % 2 == 0 else active[::-1]
        for tool in order:
            if tool in SLOW and len(results[tool].runs) >= case.slow_runs:
                continue
            run = run_once(commands[tool], _cap(case, tool), _env(tool))
            results[tool].runs.append(run)
            shown = f"> {_cap(case, tool):.0f} s (killed)" if run.timed_out else \
                f"{run.seconds:.3f} s"
            print(f"  [{name} round {index + 1}] {tool}: {shown}, {run.rss_mib:.1f} MiB, "
                  f"exit {run.code}, {run.out_lines} lines", file=sys.stderr, flush=True)
        active = [t for t in active if not any(r.timed_out for r in results[t].runs)]
        last = time.perf_counter() - start_round
    return list(results.values())


def _cap(case: Case, tool: str) -> float:
    return case.slow_cap if tool in SLOW else case.cap


def _env(tool: str) -> dict[str, str]:
    return OPSLINT_ENV if tool == "opslint" else ENV


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


def paired_ratios(opslint: Result, peer: Result) -> list[float]:
    """opslint ÷ peer, one ratio per round where both finished (runs align by round)."""
    return [a.seconds / b.seconds for a, b in zip(opslint.runs, peer.runs, strict=False)
            if not a.timed_out and not b.timed_out]


def table(name: str, results: list[Result]) -> str:
    by_tool = {r.tool: r for r in results}
    ops = by_tool.get("opslint")
    rows = [f"### {name}", "",
            "| tool | runs | wall, median (min-max) | opslint ÷ tool, paired median (min-max) "
            "| peak RSS MiB, median (max) | exit | stdout lines |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        runs = result.runs
        if not runs:
            continue
        ratio = "1" if result.tool == "opslint" else "-"
        if ops and result.tool != "opslint":
            pairs = paired_ratios(ops, result)
            ratio = _med(pairs) if pairs else "opslint finished; peer did not"
        rss = [r.rss_mib for r in runs]
        codes = sorted({r.code for r in runs if not r.timed_out}) or ["killed"]
        peak = f"{statistics.median(rss):.1f} ({max(rss):.1f})"
        if all(r.timed_out for r in runs):
            peak = f">= {max(rss):.1f} when killed"
        rows.append(f"| {result.tool} | {len(runs)} | {_wall(runs)} | {ratio} | {peak} | "
                    f"{','.join(map(str, codes))} | {runs[-1].out_lines} |")
    return "\n".join(rows) + "\n"


def machine() -> dict[str, str]:
    cpu = mem = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    info = {"cpu": f"{os.cpu_count()} x {cpu}", "memory": mem, "os": platform.platform(),
            "python": platform.python_version(),
            "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    for tool, cmd in [("opslint", [str(OPSLINT_BIN), "--version"]),
                      ("pymarkdown", [str(PEERS / "bin" / "pymarkdown"), "version"]),
                      ("mdformat", [str(PEERS / "bin" / "mdformat"), "--version"])]:
        try:
            info[tool] = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                                        env=_env(tool)).stdout.strip()
        except OSError:
            info[tool] = "not installed"
    rules = subprocess.run([str(OPSLINT_BIN), "rules", "--format", "json"], capture_output=True,
                           text=True, env=OPSLINT_ENV)
    try:
        info["opslint rules loaded"] = str(len(json.loads(rules.stdout)))
    except ValueError:
        info["opslint rules loaded"] = "?"
    info["opslint code"] = OPSLINT_ENV.get("PYTHONPATH", str(HERE.parent)) + " (snapshot)" \
        if "PYTHONPATH" in OPSLINT_ENV else str(HERE.parent)
    return info


def setup() -> int:
    """Create the scratch venv with the peers, from PyPI through pip."""
    if not (PEERS / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, *PEER_PINS], check=True)
    ensure_corpus()
    # First runs compile bytecode; do them now so no timed run pays for it.
    for cmd in tools(CORPUS / "single").values():
        subprocess.run(cmd, capture_output=True, check=False, env=ENV)
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
    "from rich.console import Console": "from rich.console import Console",
    "from pydantic import BaseModel": "from pydantic import BaseModel",
    "from markdown_it import MarkdownIt": "from markdown_it import MarkdownIt",
    "import yaml": "import yaml",
}

PHASES = r"""
import sys, time, json
t = [time.perf_counter()]
from pathlib import Path
import opslint.cli as cli
t.append(time.perf_counter())
from opslint.config import find_config, load_config
path = Path(sys.argv[1])
config = load_config(find_config(path.parent))
t.append(time.perf_counter())
from opslint.lint import Bundle, lint_paths
t.append(time.perf_counter())
try:
    import opslint.checks.kinds  # the kinds table and parameter models, not the checks
except ImportError:
    pass
t.append(time.perf_counter())
bundle = Bundle.load([config.base / p for p in config.rule_paths])
t.append(time.perf_counter())
result = lint_paths([path], config, bundle)
t.append(time.perf_counter())
from opslint.reporters import render
text = render(cli.Report(result.findings, [str(path)], False, "concise"))
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
"""
YAML_SPEED = r"""
import statistics, sys, time, yaml
from opslint.resources import rules_dir
files = sorted(rules_dir().rglob("*.yaml"))
texts = [f.read_text(encoding="utf-8") for f in files]
size = sum(len(t.encode()) for t in texts)
result = {}
for name in ("SafeLoader", "CSafeLoader"):
    loader = getattr(yaml, name, None)
    if loader is None:
        continue
    times = []
    for _ in range(int(sys.argv[1])):
        start = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=loader)
        times.append((time.perf_counter() - start) * 1000)
    result[name] = times
print(f"{len(files)} files, {size:,} bytes.\n")
print("| loader | ms, median (min-max) |\n|---|---:|")
for name, times in result.items():
    print(f"| yaml.{name} | {statistics.median(times):.1f} ({min(times):.1f}-{max(times):.1f}) |")
"""
PHASE_NAMES = ["import opslint.cli (click)", "config: import pydantic, find + validate",
               "import opslint.lint (markdown-it-py, yaml, rule engine)",
               "import opslint.checks.kinds (the kinds table, parameter models)",
               "Bundle.load: read + validate rules/vocab/outlines",
               "lint_paths: load, parse, check one 10 KB file", "render (concise)"]


def _importtime(args: list[str]) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs) from one ``-X importtime`` run."""
    err = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                         text=True, env=OPSLINT_ENV).stderr
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

    print("\n### Bytecode cache: `opslint check` of the 10 KB doc, this container's environment "
          "(PYTHONDONTWRITEBYTECODE=1: no .pyc for the editable opslint) vs .pyc cached\n")
    check = [str(OPSLINT_BIN), "check", str(single), "--format", "concise"]
    ambient = bench_env(ambient=True)
    if "PYTHONPATH" in OPSLINT_ENV:
        ambient["PYTHONPATH"] = OPSLINT_ENV["PYTHONPATH"]
    run_once(check, 60, OPSLINT_ENV)
    pairs, cold, warm = [], [], []
    for _ in range(repeats):
        a, b = run_once(check, 60, ambient), run_once(check, 60, OPSLINT_ENV)
        cold.append(a.seconds * 1000)
        warm.append(b.seconds * 1000)
        pairs.append(a.seconds / b.seconds)
    print("| environment | wall ms, median (min-max) |\n|---|---:|")
    print(f"| as set here (no .pyc for opslint) | {_med(cold)} |")
    print(f"| .pyc cached (as after `pip install`) | {_med(warm)} |")
    print(f"| ratio, paired | {_med(pairs)} |")

    print("\n### Reading every rules/**/*.yaml file: PyYAML's pure-Python SafeLoader vs the "
          f"libyaml CSafeLoader (ms, median of {repeats}, in process)\n")
    out = subprocess.run([sys.executable, "-c", YAML_SPEED, str(repeats)], capture_output=True,
                         text=True, env=OPSLINT_ENV)
    print(out.stdout.strip() or f"failed: {out.stderr[-800:]}")

    print("\n### Phases of a one-file check in a fresh interpreter (ms, median of "
          f"{repeats})\n")
    samples = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", PHASES, str(single)], capture_output=True,
                             text=True, env=OPSLINT_ENV)
        if out.returncode:
            print(f"phase script failed (internal API changed?):\n{out.stderr[-2000:]}")
            return 1
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| phase | ms, median (min-max) |\n|---|---:|")
    for i, name in enumerate(PHASE_NAMES):
        print(f"| {name} | {_med([s[i] * 1000 for s in samples])} |")
    print(f"| total after interpreter start | {_med([sum(s) * 1000 for s in samples])} |")

    for title, args in [("`python -X importtime -c 'import opslint.cli'`",
                         ["-c", "import opslint.cli"]),
                        (f"`python -X importtime -m opslint check {single.name} --format "
                         "concise`", ["-m", "opslint", "check", str(single), "--format",
                                      "concise"])]:
        runs = [_importtime(args) for _ in range(repeats)]
        modules = set.intersection(*(set(r) for r in runs))
        cumulative = {m: statistics.median(r[m][1] for r in runs) for m in modules}
        own = {m: statistics.median(r[m][0] for r in runs) for m in modules}
        packages: dict[str, float] = {}
        for module, micro in own.items():
            packages[module.split(".")[0]] = packages.get(module.split(".")[0], 0) + micro
        print(f"\n### {title} (median of {repeats}; instrumented, rank only)\n")
        print("Top packages by summed self time:\n")
        print("| package | self ms | modules |\n|---|---:|---:|")
        for pkg, micro in sorted(packages.items(), key=lambda kv: -kv[1])[:12]:
            count = sum(1 for m in modules if m.split(".")[0] == pkg)
            print(f"| {pkg} | {micro / 1000:.1f} | {count} |")
        print("\nTop modules by self time:\n")
        print("| module | self ms | cumulative ms |\n|---|---:|---:|")
        for module in sorted(own, key=lambda m: -own[m])[:15]:
            print(f"| {module} | {own[module] / 1000:.1f} | {cumulative[module] / 1000:.1f} |")
        loaded = sorted({m.split(".")[0] for m in modules} & {"rich", "mistune", "pydantic",
                                                                "markdown_it", "yaml", "click"})
        print(f"\nHeavy packages loaded: {', '.join(loaded) or 'none'}")
    return 0


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
        cmd = [str(OPSLINT_BIN), "check", str(path), "--format", "concise"]
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
    ("opslint/lint.py", "lint_paths"), ("opslint/document/load.py", "load_file"),
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
            opslint.cli.main(["check", str(target), "--format", "concise"])
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
        opslint.cli.main(["check", str(target), "--format", "concise"])
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="install the peers, then exit")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--tools", default=None,
                        help="comma-separated peers to include (opslint always runs)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds per case, ignoring the per-case time budget")
    parser.add_argument("--json", type=Path, default=None, help="write raw runs here")
    parser.add_argument("--startup", action="store_true",
                        help="import costs and start-up phases, then exit")
    parser.add_argument("--profile", nargs="?", const="docs100", default=None, metavar="CASE",
                        help="cProfile opslint in process on CASE (default docs100), then exit")
    parser.add_argument("--scaling", action="store_true",
                        help="time opslint on one growing doc (0.25-2 MB), then exit")
    parser.add_argument("--live", action="store_true",
                        help="time the working tree as it is, not a frozen copy of it")
    parser.add_argument("--patience", type=float, default=600,
                        help="seconds to wait for a working tree that runs (default 600)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=9, help="repeats for --startup")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run finally/except blocks
    if args.setup:
        return setup()
    ensure_corpus()
    if not args.live:
        snapshot(args.patience)
    if args.startup:
        return startup(args.repeats)
    if args.profile:
        return profile(args.profile, args.top)
    if args.scaling:
        return scaling(300)
    ensure_corpus()
    if not (PEERS / "bin").exists():
        print("peers not installed; run `python bench/run.py --setup` first", file=sys.stderr)
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
    only = args.tools.split(",") if args.tools else None
    began = time.perf_counter()
    for name in args.cases.split(","):
        results = run_case(name, CASES[name], args.rounds, only)
        print(table(name, results), flush=True)
        raw["cases"][name] = [asdict(r) for r in results]  # type: ignore[index]
    print(f"_Total bench time {time.perf_counter() - began:.0f} s; load average at end "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}._")
    out = args.json or WORK / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nRaw runs: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
