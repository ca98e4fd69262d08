"""Whole-process benchmark of opslint against peers installed from PyPI, run in the same session.

Machines here are noisy, so every figure is paired: in each round every tool runs once, in
alternating order (A B C, C B A, ...), and opslint's time is divided by each peer's time from
the same round. Report the median of those ratios; absolute times are for this machine only.

    python bench/run.py --setup            # scratch venv with the peers (never the project's deps)
    python bench/run.py                    # all cases; prints Markdown tables, saves JSON
    python bench/run.py --cases single --rounds 20
    python bench/run.py --startup          # import costs and start-up phases of one-file check
    python bench/run.py --profile docs100  # cProfile of opslint in process: where time goes

Peak RSS comes from ``os.wait4`` (the child's own rusage, ru_maxrss), per run.
"""

from __future__ import annotations

import argparse
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


CASES = {
    "single": Case(rounds=10, warmup=2, cap=60, slow_runs=10),
    "docs100": Case(rounds=5, warmup=0, cap=240, slow_runs=3),
    "large": Case(rounds=3, warmup=0, cap=90, slow_runs=1),
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


def run_once(cmd: list[str], cap: float) -> Run:
    """Run a command to completion; output goes to a pipe that is read and discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
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
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(cap, kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    for reader in readers:
        reader.join()
    return Run(elapsed, usage.ru_maxrss / 1024, proc.returncode, lines[0], timed_out.is_set())


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
            run_once(commands[tool], case.cap)
    for index in range(rounds or case.rounds):
        order = active if index % 2 == 0 else active[::-1]
        for tool in order:
            if tool in SLOW and len(results[tool].runs) >= case.slow_runs:
                continue
            run = run_once(commands[tool], case.cap)
            results[tool].runs.append(run)
            shown = f"> {case.cap:.0f} s (killed)" if run.timed_out else f"{run.seconds:.3f} s"
            print(f"  [{name} round {index + 1}] {tool}: {shown}, {run.rss_mib:.1f} MiB, "
                  f"exit {run.code}, {run.out_lines} lines", file=sys.stderr, flush=True)
        active = [t for t in active if not any(r.timed_out for r in results[t].runs)]
    return list(results.values())


def _med(values: list[float]) -> str:
    return f"{statistics.median(values):.3g} ({min(values):.3g}-{max(values):.3g})"


def _wall(runs: list[Run]) -> str:
    done = [r.seconds for r in runs if not r.timed_out]
    if not done:
        return f"> {runs[0].seconds:.0f} s (killed, {len(runs)} run)"
    if max(done) < 1:
        return f"{statistics.median(done) * 1000:.0f} ms ({min(done) * 1000:.0f}-{max(done) * 1000:.0f})"
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
        rows.append(f"| {result.tool} | {len(runs)} | {_wall(runs)} | {ratio} | "
                    f"{statistics.median(rss):.1f} ({max(rss):.1f}) | "
                    f"{','.join(map(str, codes))} | {runs[-1].out_lines} |")
    return "\n".join(rows) + "\n"


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "?"
    try:
        kib = int(open("/proc/meminfo").readline().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    info = {"cpu": f"{os.cpu_count()} x {cpu}", "memory": mem, "os": platform.platform(),
            "python": platform.python_version()}
    for tool, cmd in [("opslint", [str(OPSLINT_BIN), "--version"]),
                      ("pymarkdown", [str(PEERS / "bin" / "pymarkdown"), "version"]),
                      ("mdformat", [str(PEERS / "bin" / "mdformat"), "--version"])]:
        try:
            info[tool] = subprocess.run(cmd, capture_output=True, text=True,
                                        timeout=60).stdout.strip()
        except OSError:
            info[tool] = "not installed"
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
        subprocess.run(cmd, capture_output=True, check=False)
    print(json.dumps(machine(), indent=2, ensure_ascii=False))
    return 0


def ensure_corpus() -> None:
    sys.path.insert(0, str(HERE))
    import generate

    marker = CORPUS / "corpus.json"
    if marker.exists():
        return
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    stats = generate.standard(CORPUS)
    marker.write_text(json.dumps(stats, indent=2), encoding="utf-8")


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
bundle = Bundle.load([config.base / p for p in config.rule_paths])
t.append(time.perf_counter())
result = lint_paths([path], config, bundle)
t.append(time.perf_counter())
from opslint.reporters import render
text = render(cli.Report(result.findings, [str(path)], False, "concise"))
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
"""
PHASE_NAMES = ["import opslint.cli (click)", "config: import pydantic, find + validate",
               "import opslint.lint (markdown-it-py, yaml, rule engine)",
               "Bundle.load: read + validate rules/vocab/outlines",
               "lint_paths: load, parse, check one 10 KB file", "render (concise)"]


def _importtime(args: list[str]) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs) from one ``-X importtime`` run."""
    err = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                         text=True).stderr
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
        run_once(cmd, 60)
        pairs, walls, rss = [], [], []
        for _ in range(repeats):
            floor, run = run_once(base, 60), run_once(cmd, 60)
            pairs.append(run.seconds / floor.seconds)
            walls.append(run.seconds * 1000)
            rss.append(run.rss_mib)
        print(f"| `{label}` | {_med(walls)} | {_med(pairs)} | {statistics.median(rss):.1f} |")

    print("\n### Phases of a one-file check in a fresh interpreter (ms, median of "
          f"{repeats})\n")
    samples = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", PHASES, str(single)], capture_output=True,
                             text=True)
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
]


def profile(case: str, top: int) -> int:
    import contextlib
    import cProfile
    import io
    import pstats

    ensure_corpus()
    import opslint.cli

    target = CORPUS / case
    warm_files(target)
    profiler = cProfile.Profile()
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        profiler.enable()
        try:
            opslint.cli.main(["check", str(target), "--format", "concise"])
        except SystemExit:
            pass
        profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in raw.values())
    print(f"### In-process profile of `opslint check {case}` (cProfile)\n")
    print(f"Wall time under the profiler: {wall:.2f} s (profiled total {total:.2f} s); "
          "cProfile inflates Python-heavy code, so read shares, not seconds.\n")
    print("| stage | calls | cumulative s | share |\n|---|---:|---:|---:|")
    for suffix, func in STAGES:
        for (path, _, name), (_, calls, _, cum, _) in raw.items():
            if name == func and path.replace(os.sep, "/").endswith(suffix):
                print(f"| `{suffix}:{func}` | {calls} | {cum:.3f} | {cum / total:.0%} |")
                break
    for key, title in [("tottime", "own time"), ("cumulative", "cumulative time")]:
        print(f"\nTop {top} functions by {title}:\n")
        print("| function | calls | own s | cumulative s |\n|---|---:|---:|---:|")
        for (path, line, name), (_, calls, own, cum, _) in sorted(
                raw.items(), key=lambda kv: -kv[1][2 if key == "tottime" else 3])[:top]:
            where = _short(path)
            print(f"| `{where}:{line}({name})` | {calls} | {own:.3f} | {cum:.3f} |")
    return 0


def _short(path: str) -> str:
    for marker in ("site-packages/", "/opslint/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1] if marker != "/opslint/" else \
                "opslint/" + path.split(marker, 1)[1]
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="install the peers, then exit")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--tools", default=None,
                        help="comma-separated peers to include (opslint always runs)")
    parser.add_argument("--rounds", type=int, default=None, help="override rounds per case")
    parser.add_argument("--json", type=Path, default=None, help="write raw runs here")
    parser.add_argument("--startup", action="store_true",
                        help="import costs and start-up phases, then exit")
    parser.add_argument("--profile", nargs="?", const="docs100", default=None, metavar="CASE",
                        help="cProfile opslint in process on CASE (default docs100), then exit")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=9, help="repeats for --startup")
    args = parser.parse_args(argv)
    if args.setup:
        return setup()
    if args.startup:
        return startup(args.repeats)
    if args.profile:
        return profile(args.profile, args.top)
    ensure_corpus()
    if not (PEERS / "bin").exists():
        print("peers not installed; run `python bench/run.py --setup` first", file=sys.stderr)
    info = machine()
    print("## opslint benchmark\n")
    print("\n".join(f"- **{k}**: {v}" for k, v in info.items()))
    corpus = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
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
    print(f"_Total bench time {time.perf_counter() - began:.0f} s._")
    out = args.json or WORK / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nRaw runs: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
